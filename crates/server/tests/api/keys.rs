//! Stored API keys over HTTP. Proves: 1. an admin key makes a widget key whose secret works at
//! once and is kept only as a hash; 2. the widget key cannot manage keys or use author routes;
//! 3. rotation with no grace ends the old secret and the new one works; 4. revocation ends a key;
//! 5. a key given in docent.toml as `sha256` works without its secret in the configuration.

use serde_json::json;

use crate::{agent, block_on, have_model, post, server, ADMIN, WIDGET};

fn delete(s: &crate::Server, path: &str, key: &str) -> u16 {
    agent()
        .delete(format!("{}{path}", s.base))
        .header("X-Docent-Key", key)
        .call()
        .unwrap()
        .status()
        .as_u16()
}

fn ask_status(s: &crate::Server, key: &str) -> u16 {
    post(
        s,
        "/v1/ask",
        Some(key),
        &json!({"question": "How do I export a report?"}),
    )
    .0
}

#[test]
fn stored_keys_are_made_used_rotated_and_revoked() {
    if !have_model() {
        return;
    }
    let s = server(|_| {});
    let (status, made) = post(
        &s,
        "/v1/keys",
        Some(ADMIN),
        &json!({"name": "help centre", "role": "widget", "origins": ["https://help.example.com"]}),
    );
    assert_eq!(status, 201, "{made}");
    let secret = made["secret"].as_str().unwrap().to_string();
    let id = made["key"]["id"].as_str().unwrap().to_string();
    assert_eq!(made["key"]["audience"], "public");
    assert_eq!(ask_status(&s, &secret), 200);
    // Only the hash is stored.
    let listed = block_on(s.state.db.keys()).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!serde_json::to_string(&listed).unwrap().contains(&secret));

    // A widget key manages no keys and drafts no quizzes.
    let (status, v) = post(
        &s,
        "/v1/keys",
        Some(&secret),
        &json!({"name": "x", "role": "admin"}),
    );
    assert_eq!(status, 403, "{v}");
    let (status, _) = post(
        &s,
        "/v1/keys",
        Some(WIDGET),
        &json!({"name": "x", "role": "admin"}),
    );
    assert_eq!(status, 403);
    let (status, _) = post(
        &s,
        "/v1/quizzes",
        Some(&secret),
        &json!({"scope": "reports"}),
    );
    assert_eq!(status, 403);

    let (status, rotated) = post(
        &s,
        &format!("/v1/keys/{id}/rotate?grace_hours=0"),
        Some(ADMIN),
        &json!({}),
    );
    assert_eq!(status, 201, "{rotated}");
    let new_secret = rotated["secret"].as_str().unwrap().to_string();
    assert_eq!(
        ask_status(&s, &secret),
        401,
        "the old secret ends without grace"
    );
    assert_eq!(ask_status(&s, &new_secret), 200);

    let new_id = rotated["key"]["id"].as_str().unwrap();
    assert_eq!(delete(&s, &format!("/v1/keys/{new_id}"), ADMIN), 204);
    assert_eq!(ask_status(&s, &new_secret), 401);
    assert_eq!(delete(&s, &format!("/v1/keys/{new_id}"), ADMIN), 404);
}

#[test]
fn a_configured_key_may_be_given_as_its_hash() {
    if !have_model() {
        return;
    }
    let s = server(|cfg| {
        cfg.server.keys.push(docent_core::ApiKey {
            key: String::new(),
            sha256: docent_state::keys::hash("only-the-hash-is-configured"),
            audience: docent_core::Audience::Public,
            origins: vec![],
            scopes: vec!["widget".parse().unwrap()],
        });
    });
    assert_eq!(ask_status(&s, "only-the-hash-is-configured"), 200);
    assert_eq!(ask_status(&s, "something-else"), 401);
}
