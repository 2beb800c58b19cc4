//! Topics a lead marked as "not a gap": the checks a mark passes before it is stored and the
//! marks as the gap report reads them. The server's `POST/GET /v1/gaps/dismissed` and
//! `docent gaps` both go through here; the rows themselves are [`crate::db::DismissedRow`].

use crate::db::{Db, DbError, OnIndex};

/// Longest label or reason kept, in characters.
pub const MAX_TEXT: usize = 300;

/// Checks a mark: a label and reason of bounded length, a key that decodes to a unit vector of
/// `dimension` (when known). The message names the field.
pub fn check(
    label: &str,
    key: &str,
    reason: Option<&str>,
    dimension: Option<usize>,
) -> Result<(), String> {
    if label.trim().is_empty() || label.chars().count() > MAX_TEXT {
        return Err(format!(
            "label: give the topic's label, 1 to {MAX_TEXT} characters"
        ));
    }
    if reason.is_some_and(|r| r.chars().count() > MAX_TEXT) {
        return Err(format!("reason: at most {MAX_TEXT} characters"));
    }
    let Some(v) = docent_gaps::decode_key(key) else {
        return Err("key: not a topic key (copy the `key` of a topic from the JSON report)".into());
    };
    if let Some(d) = dimension.filter(|d| *d != v.len()) {
        return Err(format!(
            "key: a topic of a {}-dimension model, but the index's model has {d} dimensions",
            v.len()
        ));
    }
    Ok(())
}

/// The stored marks of `index`'s report as it reads them (marks whose key no longer decodes
/// are skipped).
pub async fn load(db: &Db, index: OnIndex<'_>) -> Result<Vec<docent_gaps::Dismissed>, DbError> {
    Ok(db
        .dismissed(index)
        .await?
        .into_iter()
        .filter_map(|d| {
            docent_gaps::decode_key(&d.key).map(|centroid| docent_gaps::Dismissed {
                label: d.label,
                centroid,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::block_on;

    #[test]
    fn marks_are_checked_and_undecodable_keys_skipped_by_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::sqlite(&dir.path().join("s.sqlite")).unwrap();
        let key = "7f00".repeat(2);
        assert_eq!(check("WhatsApp questions", &key, None, Some(4)), Ok(()));
        assert!(check("", &key, None, None)
            .unwrap_err()
            .starts_with("label"));
        assert!(check("x", "zz", None, None).unwrap_err().starts_with("key"));
        assert!(check("x", &key, None, Some(384))
            .unwrap_err()
            .contains("384"));
        block_on(async {
            db.dismiss(
                "WhatsApp questions",
                &key,
                Some("wrong site"),
                "cfg-1",
                "default",
            )
            .await
            .unwrap();
            db.dismiss("Broken", "zz", None, "cfg-1", "default")
                .await
                .unwrap();
            assert_eq!(
                db.dismissed(crate::db::OnIndex::Any).await.unwrap().len(),
                2
            );
            // The undecodable key is skipped by the report, kept in the list.
            let marks = load(&db, crate::db::OnIndex::Any).await.unwrap();
            assert_eq!(marks.len(), 1);
            assert_eq!(marks[0].label, "WhatsApp questions");
            assert!((marks[0].centroid[0] - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        });
    }
}
