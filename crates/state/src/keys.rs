//! API keys: roles, secrets, hashes, rotation.
//!
//! A key has one role, which fixes what it may do:
//!
//! | role | scopes | for |
//! |---|---|---|
//! | `widget` | ask, feedback | the chat widget in a page (the key is visible there) |
//! | `author` | author, search, ask, feedback | course authors' tools and the author page |
//! | `lead` | lead, search, ask, feedback | the gap report and the lead page |
//! | `admin` | every scope, and key management | operators |
//!
//! Keys made with `docent keys create` (or `POST /v1/keys`) are stored in the state database
//! as the SHA-256 of the secret, never the secret itself; the secret (`dk_` and 64 hex
//! characters from the operating system's random source) is shown once. Rotation issues a new
//! secret with the same role, audience and origins and keeps the old one valid for a grace
//! period, so widgets can be redeployed without an outage; revocation ends a key at once.
//! Keys in `[server] keys` of docent.toml may give `sha256` instead of `key`; the server keeps
//! only hashes in memory either way, except a widget key given in clear, which the demo page
//! embeds.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, Utc};
use docent_core::{ApiKey, Audience, Grant, KeyScope, ServerConfig};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::DbError;

/// What a key is for (the roles and their scopes are defined in `docent_core`).
pub use docent_core::KeyRole as Role;

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Lower-case hex SHA-256 of a secret.
pub fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn random_hex(bytes: usize) -> std::io::Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(hex(&buf))
}

/// Constant-time equality of two hashes (no early exit on the first differing byte).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A key the server accepts, as it holds it: no secret, only its hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Principal {
    /// `cfg-` and 12 hex digits of the key's hash for keys from docent.toml, `key_...` for
    /// stored keys.
    pub id: String,
    /// A name for people.
    pub name: String,
    /// SHA-256 of the secret.
    #[serde(skip)]
    pub hash: String,
    /// The audience its questions are answered for.
    pub audience: Audience,
    /// Allowed browser origins.
    pub origins: Vec<String>,
    /// What it may do.
    pub scopes: Vec<KeyScope>,
    /// The secret, only for a widget key given in clear in docent.toml (the demo page embeds
    /// it; such a key is public by nature).
    #[serde(skip)]
    pub widget_secret: Option<String>,
}

impl Principal {
    /// The principal of a configured key.
    pub fn from_config(i: usize, k: &ApiKey) -> Principal {
        let scopes = Grant::expand(&k.scopes);
        let hash = if k.key.is_empty() {
            k.sha256.trim().to_ascii_lowercase()
        } else {
            hash(&k.key)
        };
        let widget = !k.key.is_empty() && asks_only(&scopes);
        // The id follows the key, not its place in the file: reordering `[server] keys` never
        // hands one key's quizzes to another (12 hex digits of a hash reveal nothing).
        Principal {
            id: format!("cfg-{}", hash.get(..12).unwrap_or(&hash)),
            name: format!("docent.toml key {i}"),
            hash,
            audience: k.audience,
            origins: k.origins.clone(),
            scopes,
            widget_secret: widget.then(|| k.key.clone()),
        }
    }

    /// True when the key may use `scope`. The lead scope (the gap report and analytics read
    /// every ticket and every audience's conversations) needs an internal key, whatever grants
    /// it: an admin key confined to an audience has no lead scope.
    pub fn may(&self, scope: KeyScope) -> bool {
        self.scopes.contains(&scope)
            && (scope != KeyScope::Lead || self.audience == Audience::Internal)
    }

    /// True when `secret` is this key's.
    pub fn matches(&self, secret_hash: &str) -> bool {
        same(&self.hash, secret_hash)
    }
}

/// A stored key as listed (never with its secret or hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredKey {
    /// Key id.
    pub id: String,
    /// A name for people.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The audience its questions are answered for.
    pub audience: Audience,
    /// Allowed browser origins.
    pub origins: Vec<String>,
    /// When it was made.
    pub created_at: String,
    /// When it stops working, if ever.
    pub expires_at: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<String>,
    /// The key that replaced it in a rotation.
    pub replaced_by: Option<String>,
}

impl StoredKey {
    /// True when the key works at `at`.
    pub fn active_at(&self, at: DateTime<Utc>) -> bool {
        self.revoked_at.is_none()
            && self
                .expires_at
                .as_deref()
                .and_then(|e| DateTime::parse_from_rfc3339(e).ok())
                .is_none_or(|e| e > at)
    }

    /// The key as the server holds it, with the hash of its secret.
    pub fn principal(&self, hash: String) -> Principal {
        Principal {
            id: self.id.clone(),
            name: self.name.clone(),
            hash,
            audience: self.audience,
            origins: self.origins.clone(),
            scopes: self.role.scopes().to_vec(),
            widget_secret: None,
        }
    }
}

/// The longest name a key is given.
pub const MAX_KEY_NAME_CHARS: usize = 100;

/// What a new key is made with.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NewKey {
    /// A name for people ("help centre widget").
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The audience its questions are answered for (default: public for widgets, internal
    /// otherwise).
    #[serde(default)]
    pub audience: Option<Audience>,
    /// Allowed browser origins.
    #[serde(default)]
    pub origins: Vec<String>,
    /// Days until it expires (none: never).
    #[serde(default)]
    pub expires_days: Option<u32>,
}

impl NewKey {
    /// The audience the key gets: the one asked for, else public for widgets and internal
    /// for the other roles.
    pub fn resolved_audience(&self) -> Audience {
        self.audience.unwrap_or(match self.role {
            Role::Widget => Audience::Public,
            _ => Audience::Internal,
        })
    }

    /// Refuses what would make a key other than it reads: a name that is not one line of text
    /// (a line break in it forged a key's row in `docent keys list`, the tenth probe's third
    /// finding), an origin that is neither `*` (any,
    /// as documented) nor a `scheme://host[:port]` (`null`, which every sandboxed frame and
    /// `file:` page sends; a path, a space or a line break, which never match), and a lead key
    /// below the internal audience (the report reads every ticket and conversation, whatever
    /// a key's audience).
    pub fn check(&self) -> Result<(), KeyError> {
        let name_len = self.name.chars().count();
        if self.name.trim().is_empty()
            || name_len > MAX_KEY_NAME_CHARS
            || self
                .name
                .chars()
                .any(|c| c == '\n' || c == '\t' || docent_core::is_invisible_control(c))
        {
            return Err(KeyError::Invalid {
                field: KeyField::Name,
                message: format!(
                    "a key's name is one line of 1 to {MAX_KEY_NAME_CHARS} characters without line breaks, tabs or control characters (it is printed in `docent keys list`, one key a line): got {:?}",
                    self.name.chars().take(80).collect::<String>()
                ),
            });
        }
        if let Some(bad) = self.origins.iter().find(|o| *o != "*" && !is_origin(o)) {
            return Err(KeyError::Invalid {
                field: KeyField::Origins,
                message: format!(
                    "{bad:?} is no browser origin: give scheme, host and port only, in lowercase, as \"https://help.example.com\" (no path; \"null\" is refused), or \"*\" for any"
                ),
            });
        }
        if self.role == Role::Lead && self.resolved_audience() != Audience::Internal {
            return Err(KeyError::Invalid {
                field: KeyField::Audience,
                message: "a lead key reads the gap report and analytics over every ticket and conversation: its audience is internal".into(),
            });
        }
        Ok(())
    }
}

/// Whether `o` is a browser origin as a browser sends it (and a key's origin is compared
/// with, exactly): `http` or `https`, `://`, a host of lowercase letters, digits, dots and
/// hyphens (or a bracketed IPv6 address), an optional port, and nothing after.
pub fn is_origin(o: &str) -> bool {
    if o.chars().any(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let Some((scheme, rest)) = o.split_once("://") else {
        return false;
    };
    if !matches!(scheme, "http" | "https") || rest.is_empty() {
        return false;
    }
    let (host, port) = match rest.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((addr, after)) if addr.chars().all(|c| c.is_ascii_hexdigit() || c == ':') => {
                (addr, after.strip_prefix(':'))
            }
            _ => return false,
        },
        None => match rest.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        },
    };
    let bracketed = rest.starts_with('[');
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || (bracketed && c == ':'))
        && (bracketed || host_labels_ok(host));
    // A browser writes a port in digits without a leading zero and leaves out its scheme's
    // default one: "https://help.example:443", ":08080" or ":+443" never match what it sends
    // (the ninth probe), so such a key would only break its widget.
    let default_port = if scheme == "https" { "443" } else { "80" };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && !p.starts_with('0')
            && p.parse::<u16>().is_ok()
            && p != default_port
    });
    host_ok && port_ok && !rest.ends_with(':')
}

/// Whether a host name's labels are what a browser sends: none empty ("a..example") or
/// starting or ending with a hyphen, and a name of numbers only an IPv4 address of four parts
/// up to 255 ("1.2.3.4.5" is none).
fn host_labels_ok(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let shaped = labels
        .iter()
        .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    let numeric = labels.iter().all(|l| l.bytes().all(|b| b.is_ascii_digit()));
    shaped && (!numeric || (labels.len() == 4 && labels.iter().all(|l| l.parse::<u8>().is_ok())))
}

/// A key just made: its record and the secret, shown once.
#[derive(Debug, Clone, Serialize)]
pub struct Issued {
    /// The stored record.
    pub key: StoredKey,
    /// The secret to send as `X-Docent-Key`; it cannot be recovered later.
    pub secret: String,
}

/// A field of a new key that [`NewKey::check`] refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyField {
    /// `name`.
    Name,
    /// `origins`.
    Origins,
    /// `audience`.
    Audience,
}

/// Why a key could not be made or rotated.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// A lifetime too long to represent.
    #[error("{0}")]
    BadLifetime(String),
    /// A field that would make the key other than it reads ([`NewKey::check`]).
    #[error("{message}")]
    Invalid {
        /// The field at fault.
        field: KeyField,
        /// What is wrong and what to give instead.
        message: String,
    },
    /// The key was rotated already: its successor holds the role now, and a second rotation
    /// would give the new secret the old one's grace end as its expiry and take the
    /// successor's quizzes from it.
    #[error("key {key} was rotated already: key {successor} replaces it (its old secret works only until the grace period ends); rotate {successor} instead")]
    AlreadyRotated {
        /// The key asked for.
        key: String,
        /// The key that replaced it.
        successor: String,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Longest lifetime and grace period a key may be given: 100 years.
pub const MAX_DAYS: u32 = 36_500;

pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `now + days`, refused beyond [`MAX_DAYS`] (no arithmetic that can overflow).
pub(crate) fn expiry(now: DateTime<Utc>, days: u32) -> Result<DateTime<Utc>, KeyError> {
    if days > MAX_DAYS {
        return Err(KeyError::BadLifetime(format!(
            "expires_days {days} is more than {MAX_DAYS} (100 years); omit it for a key that never expires"
        )));
    }
    now.checked_add_signed(Duration::days(i64::from(days)))
        .ok_or_else(|| KeyError::BadLifetime(format!("expires_days {days} is out of range")))
}

/// The random parts of a new key: its id and its secret.
#[derive(Debug, Clone)]
pub struct Fresh {
    id: String,
    secret: String,
}

impl Fresh {
    /// A new id (`key_` and 12 hex digits) and secret (`dk_` and 64 hex digits) from the
    /// operating system's random source.
    pub fn new() -> std::io::Result<Fresh> {
        Ok(Fresh {
            id: format!("key_{}", random_hex(6)?),
            secret: format!("dk_{}", random_hex(32)?),
        })
    }

    /// The key made of these parts for `new`, expiring at `expires_at`.
    pub(crate) fn issue(self, new: &NewKey, expires_at: Option<String>) -> Issued {
        let audience = new.resolved_audience();
        Issued {
            key: StoredKey {
                id: self.id,
                name: docent_core::without_invisible_controls(&new.name),
                role: new.role,
                audience,
                origins: new.origins.clone(),
                created_at: stamp(Utc::now()),
                expires_at,
                revoked_at: None,
                replaced_by: None,
            },
            secret: self.secret,
        }
    }
}

/// A rotation of `old` to `fresh`, planned: the new key (same role, audience, origins and
/// expiry) and the old key's new end (`grace_hours` from now, never past its own expiry).
/// `None` when `old` is not active; an error for a grace period past [`MAX_DAYS`], or for a key
/// rotated already whose `successor` (the key its `replaced_by` names) is active: that one is
/// the key to rotate.
pub fn rotation(
    old: &StoredKey,
    successor: Option<&StoredKey>,
    grace_hours: u32,
    fresh: Fresh,
) -> Result<Option<(Issued, String)>, KeyError> {
    let at = Utc::now();
    if !old.active_at(at) {
        return Ok(None);
    }
    // A key rotated already is rotated again only when its successor no longer works (it
    // was revoked, say, because its new secret leaked); the new key then takes the
    // successor's expiry, which was the key's own before the first rotation cut it.
    let mut expires_at = old.expires_at.clone();
    if let Some(id) = &old.replaced_by {
        match successor.filter(|s| &s.id == id) {
            Some(s) if !s.active_at(at) => expires_at = s.expires_at.clone(),
            _ => {
                return Err(KeyError::AlreadyRotated {
                    key: old.id.clone(),
                    successor: id.clone(),
                })
            }
        }
    }
    if grace_hours > MAX_DAYS.saturating_mul(24) {
        return Err(KeyError::BadLifetime(format!(
            "grace_hours {grace_hours} is more than {} (100 years)",
            MAX_DAYS * 24
        )));
    }
    let old_end = old
        .expires_at
        .as_deref()
        .and_then(|e| DateTime::parse_from_rfc3339(e).ok())
        .map(|e| e.with_timezone(&Utc));
    let grace_end = at
        .checked_add_signed(Duration::hours(i64::from(grace_hours)))
        .ok_or_else(|| {
            KeyError::BadLifetime(format!("grace_hours {grace_hours} is out of range"))
        })?;
    let until = old_end.map_or(grace_end, |e| e.min(grace_end));
    let issued = fresh.issue(
        &NewKey {
            name: old.name.clone(),
            role: old.role,
            audience: Some(old.audience),
            origins: old.origins.clone(),
            expires_days: None,
        },
        expires_at,
    );
    Ok(Some((issued, stamp(until))))
}

/// Whether `scopes` only ask and give feedback: a widget's key, public by nature (every page
/// that embeds the widget shows it).
pub fn asks_only(scopes: &[KeyScope]) -> bool {
    scopes
        .iter()
        .all(|s| matches!(s, KeyScope::Ask | KeyScope::Feedback))
}

/// Checks the keys of `[server] keys` by the rules keys made with the API or `docent keys`
/// follow ([`NewKey::check`]): browser origins only, and a key granted the lead scope by name
/// (`"lead"`) is internal. The error names the entry (from 0, in file order).
pub fn check_configured(cfg: &ServerConfig) -> Result<(), String> {
    for (i, k) in cfg.keys.iter().enumerate() {
        if let Some(bad) = k.origins.iter().find(|o| *o != "*" && !is_origin(o)) {
            return Err(format!(
                "[server] keys entry {i}: {bad:?} is no browser origin: give scheme, host and port only, in lowercase, as \"https://help.example.com\" (no path; \"null\" is refused), or \"*\" for any"
            ));
        }
        let names_lead = k.scopes.iter().any(|g| {
            matches!(
                g,
                Grant::Scope(KeyScope::Lead) | Grant::Role(docent_core::KeyRole::Lead)
            )
        });
        if names_lead && k.audience != Audience::Internal {
            return Err(format!(
                "[server] keys entry {i}: the lead scope reads the gap report and analytics over every ticket and conversation: set audience = \"internal\""
            ));
        }
    }
    Ok(())
}

/// The configured keys the server accepts: `[server] keys` plus the admin key, if set.
pub fn configured(cfg: &ServerConfig) -> Vec<Principal> {
    let mut keys: Vec<Principal> = cfg
        .keys
        .iter()
        .enumerate()
        .map(|(i, k)| Principal::from_config(i, k))
        .collect();
    if !cfg.admin_key.is_empty() {
        let mut admin = Principal::from_config(
            keys.len(),
            &ApiKey {
                key: cfg.admin_key.clone(),
                sha256: String::new(),
                audience: Audience::Internal,
                origins: vec![],
                scopes: vec![Grant::Role(Role::Admin)],
            },
        );
        admin.id = "cfg-admin".into();
        admin.name = "DOCENT_SERVER_ADMIN_KEY".into();
        keys.push(admin);
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_key(role: Role, audience: Option<Audience>, origins: &[&str]) -> NewKey {
        NewKey {
            name: "k".into(),
            role,
            audience,
            origins: origins.iter().map(|o| o.to_string()).collect(),
            expires_days: None,
        }
    }

    // Sixth probe, findings 3 and 10: `[server] keys` skipped the rules API keys follow,
    // and an admin key of any audience had the lead scope.
    #[test]
    fn configured_keys_follow_the_rules_and_lead_needs_an_internal_key() {
        let key = |audience: Audience, origins: &[&str], scope: &str| ApiKey {
            key: "k".into(),
            sha256: String::new(),
            audience,
            origins: origins.iter().map(|o| o.to_string()).collect(),
            scopes: vec![scope.parse().unwrap()],
        };
        let cfg = |k: ApiKey| ServerConfig {
            keys: vec![k],
            ..ServerConfig::default()
        };
        assert!(check_configured(&cfg(key(
            Audience::Internal,
            &["https://a.example"],
            "lead"
        )))
        .is_ok());
        let e = check_configured(&cfg(key(Audience::Public, &[], "lead"))).unwrap_err();
        assert!(e.contains("entry 0") && e.contains("internal"), "{e}");
        let e = check_configured(&cfg(key(Audience::Internal, &["null"], "widget"))).unwrap_err();
        assert!(e.contains("\"null\""), "{e}");
        assert!(check_configured(&cfg(key(Audience::Public, &["*"], "admin"))).is_ok());
        let admin = Principal::from_config(0, &key(Audience::Public, &[], "admin"));
        assert!(admin.may(KeyScope::Admin) && !admin.may(KeyScope::Lead));
        let admin = Principal::from_config(0, &key(Audience::Internal, &[], "admin"));
        assert!(admin.may(KeyScope::Lead));
    }

    #[test]
    fn only_browser_origins_and_internal_lead_keys_are_made() {
        let ok = |k: NewKey| k.check().is_ok();
        for o in [
            "https://help.example.com",
            "http://localhost:8080",
            "https://[::1]:8443",
            "http://127.0.0.1:8080",
            "*",
        ] {
            assert!(ok(new_key(Role::Widget, None, &[o])), "{o}");
        }
        for o in [
            "null",
            "https://x.example/path",
            " https://x.example",
            "https://x.example\r\n",
            "ftp://x.example",
            "https://",
            "https://x.example:",
            "https://x.example:99999",
            "https://::1",
            "https://Help.Example.com",
            "x.example",
            // Ninth probe: forms no browser sends.
            "https://help.example:443",
            "http://help.example:80",
            "https://help.example:08080",
            "https://help.example:+443",
            "https://help.example:0",
            "https://a..example",
            "https://.example",
            "https://1.2.3.4.5",
            "https://300.1.1.1",
        ] {
            assert!(!ok(new_key(Role::Widget, None, &[o])), "{o:?}");
        }
        assert!(ok(new_key(Role::Lead, None, &[])));
        assert!(ok(new_key(Role::Lead, Some(Audience::Internal), &[])));
        assert!(!ok(new_key(Role::Lead, Some(Audience::Public), &[])));
        assert!(ok(new_key(Role::Author, Some(Audience::Public), &[])));
        let named = |name: &str| NewKey {
            name: name.into(),
            ..new_key(Role::Widget, None, &[])
        };
        assert!(ok(named("help centre widget (Dépôt)")));
        assert!(ok(named(&"x".repeat(MAX_KEY_NAME_CHARS))));
        for bad in [
            "evil\r\nkey_fake  admin internal",
            "two\nlines",
            "tab\there",
            "esc\u{1b}[2J",
            "bidi\u{202e}",
            "",
            "   ",
        ] {
            let e = named(bad).check().unwrap_err();
            assert!(
                matches!(
                    e,
                    KeyError::Invalid {
                        field: KeyField::Name,
                        ..
                    }
                ),
                "{bad:?}: {e}"
            );
        }
        assert!(!ok(named(&"x".repeat(MAX_KEY_NAME_CHARS + 1))));
    }

    #[test]
    fn roles_expand_in_configured_scopes() {
        let cfg = ApiKey {
            key: String::new(),
            sha256: hash("s3cret").to_uppercase(),
            audience: Audience::Internal,
            origins: vec![],
            scopes: vec!["lead".parse().unwrap()],
        };
        let p = Principal::from_config(0, &cfg);
        assert!(p.matches(&hash("s3cret")) && !p.matches(&hash("other")));
        assert!(p.may(KeyScope::Lead) && p.may(KeyScope::Search) && !p.may(KeyScope::Author));
        assert!(p.widget_secret.is_none());
        // The id follows the key, not its position in the file.
        assert_eq!(p.id, Principal::from_config(5, &cfg).id);
        assert_eq!(p.id, format!("cfg-{}", &hash("s3cret")[..12]));
    }
}
