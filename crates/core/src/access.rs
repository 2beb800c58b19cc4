//! What an API key may do: scopes (one capability each) and roles (a named set of scopes).
//! `[server] keys` lists either in `scopes`; an unknown name is a configuration error.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One capability of the API a key may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyScope {
    /// `POST /v1/ask`, `POST /v1/handoff`.
    Ask,
    /// `POST /v1/feedback`.
    Feedback,
    /// `GET /v1/search`.
    Search,
    /// Quizzes: draft, edit, export.
    Author,
    /// The gap report and the tutor's analytics.
    Lead,
    /// Key management and every other scope's routes.
    Admin,
}

impl KeyScope {
    /// Every scope.
    pub const ALL: [KeyScope; 6] = [
        KeyScope::Ask,
        KeyScope::Feedback,
        KeyScope::Search,
        KeyScope::Author,
        KeyScope::Lead,
        KeyScope::Admin,
    ];

    /// The scope's name.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyScope::Ask => "ask",
            KeyScope::Feedback => "feedback",
            KeyScope::Search => "search",
            KeyScope::Author => "author",
            KeyScope::Lead => "lead",
            KeyScope::Admin => "admin",
        }
    }
}

impl fmt::Display for KeyScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

static SCOPES: [KeyScope; 6] = KeyScope::ALL;

/// What a key is for: a role grants a fixed set of scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyRole {
    /// The chat widget: ask and feedback.
    Widget,
    /// Course authors: quizzes and search.
    Author,
    /// Education leads: the gap report and search.
    Lead,
    /// Everything, including key management.
    Admin,
}

impl KeyRole {
    /// Every role.
    pub const ALL: [KeyRole; 4] = [
        KeyRole::Widget,
        KeyRole::Author,
        KeyRole::Lead,
        KeyRole::Admin,
    ];

    /// The role's name.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyRole::Widget => "widget",
            KeyRole::Author => "author",
            KeyRole::Lead => "lead",
            KeyRole::Admin => "admin",
        }
    }

    /// The role named `s` (surrounding blanks ignored).
    pub fn parse(s: &str) -> Option<KeyRole> {
        KeyRole::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// The scopes the role grants.
    pub fn scopes(self) -> &'static [KeyScope] {
        use KeyScope::*;
        match self {
            KeyRole::Widget => &[Ask, Feedback],
            KeyRole::Author => &[Author, Search, Ask, Feedback],
            KeyRole::Lead => &[Lead, Search, Ask, Feedback],
            KeyRole::Admin => &[Ask, Feedback, Search, Author, Lead, Admin],
        }
    }
}

/// A name in a configured key's `scopes`: a role (`widget`, `author`, `lead`, `admin`), which
/// grants its scopes, or a single scope (`ask`, `feedback`, `search`). The names `author`,
/// `lead` and `admin` are read as the roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Grant {
    /// A role and every scope it grants.
    Role(KeyRole),
    /// One scope.
    Scope(KeyScope),
}

impl Grant {
    /// The scopes granted.
    pub fn scopes(self) -> &'static [KeyScope] {
        match self {
            Grant::Role(r) => r.scopes(),
            // `ALL` lists the scopes in declaration order, so a scope's discriminant is its place.
            Grant::Scope(s) => std::slice::from_ref(&SCOPES[s as usize]),
        }
    }

    /// Every scope `grants` give, each once, in the order first given.
    pub fn expand(grants: &[Grant]) -> Vec<KeyScope> {
        let mut out = Vec::new();
        for s in grants.iter().flat_map(|g| g.scopes()) {
            if !out.contains(s) {
                out.push(*s);
            }
        }
        out
    }
}

impl FromStr for Grant {
    type Err = String;

    fn from_str(s: &str) -> Result<Grant, String> {
        if let Some(r) = KeyRole::parse(s) {
            return Ok(Grant::Role(r));
        }
        KeyScope::ALL
            .into_iter()
            .find(|x| x.as_str() == s.trim())
            .map(Grant::Scope)
            .ok_or_else(|| {
                format!(
                    "unknown scope {s:?}: use ask, feedback, search, or a role (widget, author, lead, admin)"
                )
            })
    }
}

impl TryFrom<String> for Grant {
    type Error = String;

    fn try_from(s: String) -> Result<Grant, String> {
        s.parse()
    }
}

impl From<Grant> for String {
    fn from(g: Grant) -> String {
        match g {
            Grant::Role(r) => r.as_str().into(),
            Grant::Scope(s) => s.as_str().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_expand_into_their_scopes_once_each() {
        let grants: Vec<Grant> = ["widget", "search", "ask"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(
            Grant::expand(&grants),
            vec![KeyScope::Ask, KeyScope::Feedback, KeyScope::Search]
        );
        assert_eq!("lead".parse(), Ok(Grant::Role(KeyRole::Lead)));
    }

    #[test]
    fn an_unknown_scope_is_an_error_naming_it() {
        let e = "serach".parse::<Grant>().unwrap_err();
        assert!(e.contains("\"serach\""), "{e}");
    }
}
