//! Key storage on a [`Db`]: making a key (only the hash of its secret is stored), finding the
//! active key of a secret's hash, and rotating a key. The keys themselves (roles, secrets,
//! hashes, the rotation plan) are [`crate::keys`].

use chrono::Utc;

use super::{Cause, Db, DbError};
use crate::keys::{expiry, hash, stamp, Fresh, Issued, KeyError, NewKey, Principal};

fn random_failed(db: &Db, e: std::io::Error) -> KeyError {
    KeyError::Db(DbError::new(
        db.name(),
        Cause::Task(format!("no random secret: {e}")),
    ))
}

impl Db {
    /// Makes a key; the secret is returned once and only its hash is stored.
    pub async fn create_key(&self, new: &NewKey) -> Result<Issued, KeyError> {
        self.create_key_until(new, None).await
    }

    /// [`Db::create_key`] for a key made by a key that stops working at `maker_expires` (an
    /// RFC 3339 time): the new key stops then too if it would outlive its maker (a one-day
    /// admin key made keys that never expired, the ninth probe's second finding).
    pub async fn create_key_until(
        &self,
        new: &NewKey,
        maker_expires: Option<&str>,
    ) -> Result<Issued, KeyError> {
        new.check()?;
        let asked = match new.expires_days {
            Some(d) => Some(expiry(Utc::now(), d)?),
            None => None,
        };
        let limit = maker_expires
            .and_then(|e| chrono::DateTime::parse_from_rfc3339(e).ok())
            .map(|e| e.with_timezone(&Utc));
        let expires_at = match (asked, limit) {
            (Some(a), Some(l)) => Some(stamp(a.min(l))),
            (a, l) => a.or(l).map(stamp),
        };
        let issued = Fresh::new()
            .map_err(|e| random_failed(self, e))?
            .issue(new, expires_at);
        self.insert_key(&issued.key, &hash(&issued.secret)).await?;
        Ok(issued)
    }

    /// The active stored key whose secret hashes to `secret_hash`.
    pub async fn key_by_hash(&self, secret_hash: &str) -> Result<Option<Principal>, DbError> {
        let found = self.key_with_hash(secret_hash).await?;
        Ok(found
            .filter(|k| k.active_at(Utc::now()))
            .map(|k| k.principal(secret_hash.to_string())))
    }

    /// Issues a new secret with the key's role, audience, origins and expiry; the old key
    /// keeps working for `grace_hours` (zero: it stops now), never past its own expiry. The
    /// new key and the old key's new end are written in one transaction: a rotation either
    /// happens whole or not at all. `None` when there is no active key `id`.
    pub async fn rotate_key(&self, id: &str, grace_hours: u32) -> Result<Option<Issued>, KeyError> {
        let fresh = Fresh::new().map_err(|e| random_failed(self, e))?;
        self.rotate_key_to(id, grace_hours, fresh).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::Role;

    // Key storage is proven against both databases in `db::contract`; this is SQLite's file.
    #[test]
    fn the_secret_is_nowhere_in_the_sqlite_file() {
        let t = tempfile::tempdir().unwrap();
        let db = Db::sqlite(&t.path().join("s.sqlite")).unwrap();
        let issued = crate::db::block_on(db.create_key(&NewKey {
            name: "site".into(),
            role: Role::Widget,
            audience: None,
            origins: vec!["https://help.example.com".into()],
            expires_days: None,
        }))
        .unwrap();
        assert!(issued.secret.starts_with("dk_") && issued.secret.len() == 67);
        drop(db);
        let bytes = std::fs::read(t.path().join("s.sqlite")).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains(&hash(&issued.secret)), "the hash is stored");
        assert!(!text.contains(&issued.secret[3..]));
    }
}
