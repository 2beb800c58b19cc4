//! Near-duplicates within a topic: a copy-paste campaign varies a name or a number in one
//! template, which exact comparison misses, while customers asking about the same thing write
//! their own words. Posts are compared by the Jaccard similarity of their three-word shingles.
//!
//! Proves (see tests): a template with the names changed is all near-duplicates; different
//! people's questions on one subject are none; short questions never count.

/// Jaccard similarity of word shingles at which two posts are near-duplicates.
pub const NEAR_DUPLICATE: f64 = 0.5;

/// Words a post needs before it can count as a near-duplicate: short questions ("remove AI",
/// "update firefox") are alike by nature, not by copy and paste.
pub const NEAR_DUPLICATE_WORDS: usize = 12;

/// Members compared for near-duplicates (the most central first): bounds the pairwise work.
pub const NEAR_DUPLICATE_SAMPLE: usize = 300;

/// Hashed three-word shingles of a text's words (letters only, lowercased), sorted and
/// deduplicated; `None` when it has fewer than [`NEAR_DUPLICATE_WORDS`] words.
fn shingles(text: &str) -> Option<Vec<u64>> {
    use std::hash::{Hash, Hasher};
    let ws: Vec<String> = words(text).collect();
    if ws.len() < NEAR_DUPLICATE_WORDS {
        return None;
    }
    let mut out: Vec<u64> = ws
        .windows(3)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// Jaccard similarity of two sorted, deduplicated sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter).max(1) as f64
}

/// Share of texts that nearly repeat another text of the topic (shingle Jaccard at least
/// [`NEAR_DUPLICATE`]): a copy-paste campaign varies a name or a number in one template,
/// which exact comparison misses. Texts too short to judge count as not repeated; at most
/// [`NEAR_DUPLICATE_SAMPLE`] texts are read, and pairs whose sizes alone rule out the
/// threshold are not compared.
pub fn near_duplicates<'a>(texts: impl Iterator<Item = &'a str>) -> f64 {
    let sets: Vec<Option<Vec<u64>>> = texts.take(NEAR_DUPLICATE_SAMPLE).map(shingles).collect();
    let mut repeated = vec![false; sets.len()];
    for i in 0..sets.len() {
        let Some(a) = &sets[i] else { continue };
        for j in i + 1..sets.len() {
            if repeated[i] && repeated[j] {
                continue;
            }
            let Some(b) = &sets[j] else { continue };
            let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
            if (small as f64) < NEAR_DUPLICATE * large as f64 {
                continue;
            }
            if jaccard(a, b) >= NEAR_DUPLICATE {
                repeated[i] = true;
                repeated[j] = true;
            }
        }
    }
    repeated.iter().filter(|r| **r).count() as f64 / sets.len().max(1) as f64
}

/// Lowercased words of letters (Unicode), at least two characters: the words triage counts
/// and the shingles are made of. Here, below triage, so that neither module imports the other.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_duplicates_catch_a_template_with_names_changed() {
        let template = |who: &str| {
            format!("Ways to reach {who} customer service by phone, chat and email: call the live team any time of day for account and payment help")
        };
        let campaign: Vec<String> = ["Delta", "Expedia", "Kraken", "Uphold"]
            .iter()
            .map(|w| template(w))
            .collect();
        assert_eq!(near_duplicates(campaign.iter().map(String::as_str)), 1.0);
        let real = [
            "Since the update my bookmarks toolbar is gone and I cannot find where to turn it back on",
            "All of my extensions were disabled overnight and say they could not be verified for use",
            "The new tab page shows a weather widget that I never asked for, how do I remove it please",
            "Sync stopped working after I signed in again on my laptop and the passwords are missing",
        ];
        assert_eq!(near_duplicates(real.iter().copied()), 0.0);
        // One copy among strangers: half the texts repeat.
        let mixed = [campaign[0].as_str(), campaign[1].as_str(), real[0], real[1]];
        assert_eq!(near_duplicates(mixed.iter().copied()), 0.5);
        // Short questions are alike by nature and never count.
        let short = ["remove AI please", "remove AI please", "how to remove AI"];
        assert_eq!(near_duplicates(short.iter().copied()), 0.0);
    }
}
