//! Task scenarios: a section whose heading names a task the reader wants to do ("Setting the
//! screen to black and white", "Require 2FA for everyone") and whose body says where it is
//! done (a menu path: "Settings > Security > Two-factor", or a flat-text manual's path heading
//! "Settings General Accessibility Grayscale Try Now") becomes "You want to set the screen to
//! black and white. Which of these menu paths do you open?", the other options paths of other
//! sections of the same documents.
//!
//! The learner maps a goal to where it is done, so the item is at apply level, and only when
//! the goal does not give the path away: a heading whose words are in the path's last element
//! ("Delete the workspace": "Settings > Workspace > Delete workspace") gives no item. A section
//! with two different paths gives none (either could be a route). Distractors are never in the
//! key's chunk, never a prefix or extension of the key, and never the path of a similar task.
//! [`crate::validate`] re-checks all of it ([`Basis::Task`]).

use docent_core::Chunk;
use regex::Regex;
use std::sync::OnceLock;

use crate::material::{item, keyed_choice, source, Candidate, Material};
use crate::salience::Corpus;
use crate::scope::{key_words, same_stem};
use crate::text::{contains, norm};

pub use crate::types::TaskPath;
use crate::types::{Basis, ItemKind};

/// A Markdown menu path in bold or code: "**Settings > Security > Two-factor**".
fn md_path_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:\*\*|`)([A-Z][^*`\n>]{0,40}(?: > [^*`\n>]{1,40})+)(?:\*\*|`)")
            .expect("regex")
    })
}

/// A flat-text menu path: three capitalised words or more ("Settings General Accessibility
/// Grayscale"), without the e-manual's "Try Now" link after it.
pub fn flat_path(h: &str) -> Option<String> {
    // What follows the e-manual's "Try Now" link is the next sentence's start.
    let h = h.split(" Try Now").next().unwrap_or(h).trim();
    let words: Vec<&str> = h.split_whitespace().collect();
    let capitalised = words.iter().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    });
    (words.len() >= 3 && words.len() <= 12 && capitalised && !h.contains(['.', ':', '?', '(']))
        .then(|| h.to_string())
}

/// The sections of a chunk: (heading, body), the first under the chunk's own last heading.
fn sections(c: &Chunk) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> =
        vec![(c.heading_path.last().cloned(), String::new())];
    for line in c.text.lines() {
        if let Some(h) = line.strip_prefix('#') {
            out.push((
                Some(h.trim_start_matches('#').trim().to_string()),
                String::new(),
            ));
        } else if let Some(last) = out.last_mut() {
            last.1.push_str(line);
            last.1.push('\n');
        }
    }
    out
}

/// The first sentence of a flat-text section body, plain, when it is a whole statement and
/// not a disclaimer ("This function may not be supported depending on the model").
fn first_sentence(body: &str) -> String {
    let text = crate::text::plain(body.trim());
    let Some((a, b)) = docent_tutor::text::sentences(&text).into_iter().next() else {
        return String::new();
    };
    let s = text[a..b].trim();
    let ok = s.ends_with('.')
        && (5..=40).contains(&crate::sentence::words(s))
        && crate::sentence::self_contained(s)
        && !crate::sentence::artefacts(s)
        && !crate::sentence::disclaimer(s);
    if ok {
        s.to_string()
    } else {
        String::new()
    }
}

/// The tasks of a chunk with their paths (see the module's documentation).
pub fn tasks_in(c: &Chunk) -> Vec<TaskPath> {
    let mut out = Vec::new();
    // The task a path heading does: the nearest heading above it that is not a path, or the
    // document's title.
    // The title names the task of the paths of a document's first chunk only: a later chunk
    // of a long page ("Testing the picture") is under headings the chunk does not hold.
    let mut task_above: String = c
        .heading_path
        .iter()
        .rev()
        .find(|h| flat_path(h).is_none())
        .cloned()
        .or_else(|| (c.ordinal == 0).then(|| c.title.clone()))
        .unwrap_or_default();
    for (heading, body) in sections(c) {
        let Some(h) = heading.clone() else {
            continue;
        };
        if let Some(path) = flat_path(&h) {
            if task_above.is_empty() {
                continue;
            }
            out.push(TaskPath {
                task: task_above.clone(),
                path,
                flat: true,
                heading: Some(h.clone()),
                quote: h,
                chunk_id: c.id.clone(),
                note: first_sentence(&body),
            });
            continue;
        }
        let head = crate::material::without_menu_path(&h);
        if head.len() < h.len() {
            if let Some(path) = flat_path(&h[head.len()..]) {
                out.push(TaskPath {
                    task: head.to_string(),
                    path,
                    flat: true,
                    heading: Some(h.clone()),
                    quote: h.clone(),
                    chunk_id: c.id.clone(),
                    note: first_sentence(&body),
                });
            }
            task_above = head.to_string();
            continue;
        }
        task_above = h.clone();
        let mut paths: Vec<(String, String)> = Vec::new();
        for line in body.lines() {
            for m in md_path_re().captures_iter(line) {
                let p = m[1].trim().to_string();
                if !paths.iter().any(|(x, _)| *x == p) {
                    paths.push((p, line.trim().to_string()));
                }
            }
        }
        // The route leads the section: a path only its later sentence names is where something
        // the task needs is found ("Compute the same HMAC ... Find the secret under ...").
        let body = body.trim();
        let first_step = crate::material::split_items(body)
            .first()
            .copied()
            .filter(|_| body.starts_with(|c: char| c.is_ascii_digit() || "-*+".contains(c)));
        let lead = first_step.unwrap_or_else(|| {
            docent_tutor::text::sentences(body)
                .first()
                .map_or("", |(a, b)| &body[*a..*b])
        });
        // Two paths in one section: either could be the route, or both are steps of it.
        if let [(path, line)] = paths.as_slice() {
            if !lead.contains(path.as_str()) {
                continue;
            }
            out.push(TaskPath {
                task: h.clone(),
                path: path.clone(),
                flat: false,
                heading: Some(h.clone()),
                quote: line.clone(),
                chunk_id: c.id.clone(),
                note: String::new(),
            });
        }
    }
    // The chunk's first heading is also its heading path's last.
    out.dedup_by(|a, b| a.task == b.task && a.path == b.path);
    out
}

/// The base form of a gerund the corpus uses as a verb ("Setting": "set"; "Updating":
/// "update"; "Connecting": "connect"), or, failing that, a word the corpus holds.
fn base_form(gerund: &str, corpus: &Corpus) -> Option<String> {
    let stem = gerund.to_lowercase().strip_suffix("ing")?.to_string();
    if stem.len() < 2 {
        return None;
    }
    let mut forms = vec![stem.clone()];
    let b = stem.as_bytes();
    if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
        forms.push(stem[..stem.len() - 1].to_string());
    }
    forms.push(format!("{stem}e"));
    forms
        .iter()
        .find(|f| corpus.verb(f))
        .or_else(|| forms.iter().find(|f| f.len() > 2 && corpus.word_df(f) > 0))
        .cloned()
}

/// Words after which a heading's first word reads as a verb: an article or possessive (its
/// object: "Create a key", "Cancel your subscription") or a particle ("Turn on ...", "Invite by
/// domain").
const AFTER_VERB: &[&str] = &[
    "the", "a", "an", "your", "my", "all", "on", "off", "up", "out", "by", "in", "down",
];

/// A heading that reads as an instruction though the corpus has too few sentences to say its
/// first word is a verb: the first word, lowercase, is never a noun of the corpus ("the
/// cancel"), is no plural ("Steps for ..."), and an object or particle follows it.
fn imperative_heading(words: &[&str], corpus: &Corpus) -> bool {
    let first = words[0].to_lowercase();
    let plural = first.ends_with('s') && !first.ends_with("ss");
    words.len() >= 2
        && AFTER_VERB.contains(&words[1])
        && first.chars().all(|c| c.is_ascii_lowercase())
        && first.len() >= 3
        && !plural
        && !corpus.noun(&first)
        && !docent_tutor::text::is_stopword(&first)
        && !matches!(
            first.as_str(),
            "what" | "how" | "when" | "why" | "which" | "where" | "who" | "about"
        )
}

/// A task heading as a goal after "You want to": a gerund ("Setting the screen to black and
/// white": "set the screen to black and white") or an imperative ("Require 2FA for everyone":
/// "require 2FA for everyone"); None for a heading that names no task ("Lost phone").
pub fn goal(task: &str, corpus: &Corpus) -> Option<String> {
    let task = task.trim().trim_end_matches('.');
    let words: Vec<&str> = task.split_whitespace().collect();
    if !(2..=14).contains(&words.len())
        || task.contains(['(', ':', '?', '/', '"', '“', '*', '`'])
        || flat_path(task).is_some()
    {
        return None;
    }
    let first = words[0];
    if !first.starts_with(char::is_uppercase) {
        return None;
    }
    let gerund = |w: &str| w.len() >= 5 && w.ends_with("ing");
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    if gerund(first) {
        out.push(base_form(first, corpus)?);
    } else if corpus.imperative(task) || imperative_heading(&words, corpus) {
        out.push(first.to_lowercase());
    } else {
        return None;
    }
    // "Viewing and selecting channels": both gerunds become verbs.
    for (i, w) in words.iter().enumerate().skip(1) {
        let after_and = matches!(words[i - 1], "and" | "or");
        if after_and && gerund(w) && w.starts_with(char::is_lowercase) {
            out.push(base_form(w, corpus)?);
        } else {
            out.push(w.to_string());
        }
    }
    // A heading cut short ("Setting up the", "... Remote -") names no whole task.
    let last = words[words.len() - 1].to_lowercase();
    if !last.ends_with(|c: char| c.is_alphanumeric())
        || matches!(
            last.as_str(),
            "the" | "a" | "an" | "to" | "of" | "and" | "or" | "for" | "with" | "is" | "are"
        )
    {
        return None;
    }
    Some(out.join(" "))
}

/// The last element of a path, whose words would give the key away ("Settings > Security >
/// Two-factor": "Two-factor"). A flat path has no separators: every word after its root.
fn last_element(path: &str, flat: bool) -> String {
    if flat {
        // Root and category ("Settings General") are shared by most paths; what follows
        // holds the element.
        let words: Vec<&str> = path.split_whitespace().collect();
        let skip = if words.len() >= 4 { 2 } else { 1 };
        words[skip.min(words.len())..].join(" ")
    } else {
        path.rsplit(" > ").next().unwrap_or(path).to_string()
    }
}

/// Whether the goal names a word of the path's last element (see [`last_element`]).
pub fn gives_away(goal: &str, path: &str) -> bool {
    let flat = !path.contains(" > ");
    let element = last_element(path, flat);
    let last = key_words(&element);
    // An acronym and its expansion ("set up SSO": "Single sign-on") give it away as well.
    crate::giveaway::spelled_out(&element, goal)
        || key_words(goal)
            .iter()
            .any(|g| last.iter().any(|l| same_word(g, l)))
}

/// Whether another task names two of the goal's words ("White text on black background" beside
/// "set the screen to black and white"): its path could be read as a second route.
fn near_goal(goal: &str, task: &str) -> bool {
    let have = key_words(task);
    let mut g = key_words(goal);
    g.dedup();
    g.iter()
        .filter(|w| have.iter().any(|h| same_word(w, h)))
        .count()
        >= 2
}

/// Two forms of one word: equal once a plural or verb ending is dropped, or one a prefix of
/// the other of at least five letters ("invert", "inversion"; not "list", "listen").
fn same_word(a: &str, b: &str) -> bool {
    let base = |w: &str| -> String {
        let w = w.to_lowercase();
        for suf in ["ing", "ed", "es", "s"] {
            if let Some(x) = w.strip_suffix(suf) {
                if x.len() >= 3 {
                    return x.to_string();
                }
            }
        }
        w
    };
    let (x, y) = (base(a), base(b));
    if x == y {
        return true;
    }
    let (s, l) = if x.len() <= y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    s.len() >= 5 && same_stem(s, l)
}

/// The path's words, lowercase (prefixes are compared by word).
fn path_words(path: &str) -> Vec<String> {
    norm(path).split_whitespace().map(str::to_string).collect()
}

/// Whether one path is the other or extends it ("Settings > Billing" and "Settings > Billing >
/// Invoices"): a prefix is a second route to the key.
pub fn nested(a: &str, b: &str) -> bool {
    let (x, y) = (path_words(a), path_words(b));
    let n = x.len().min(y.len());
    n > 0 && x[..n] == y[..n]
}

/// The root of a path ("Settings").
fn root(path: &str) -> String {
    path.split([' ', '>']).next().unwrap_or("").to_string()
}

/// Words two paths share from their start ("Settings General Accessibility ..." and
/// "Settings General Accessibility Caption Settings": 3).
fn shared_start(a: &str, b: &str) -> usize {
    path_words(a)
        .iter()
        .zip(path_words(b).iter())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Paths of other tasks of the corpus, as options beside `key`'s: of the same kind (a flat
/// path of the same root), those sharing most of the key's start first, then those of the
/// scope and the most similar chunks. Never a prefix or extension of the key, never in the
/// key's chunk, never the path of a similar task or one whose last element names the goal (a
/// second route).
fn distractors(m: &Material, key: &TaskPath, goal: &str) -> Vec<String> {
    let near: Vec<&str> = m
        .neighbours
        .iter()
        .chain(m.scope.iter())
        .map(|c| c.id.as_str())
        .collect();
    let mut pool: Vec<(usize, usize, usize, &TaskPath)> = m
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            d.flat == key.flat
                && (!d.flat || root(&d.path) == root(&key.path))
                && !nested(&d.path, &key.path)
                && !contains(&m.chunk.text, &d.path)
                && !crate::apply::similar_text(&d.task, &key.task)
                && !gives_away(goal, &d.path)
                && !near_goal(goal, &d.task)
        })
        .map(|(i, d)| {
            let rank = near
                .iter()
                .position(|x| *x == d.chunk_id)
                .unwrap_or(near.len());
            (shared_start(&d.path, &key.path), rank, i, d)
        })
        .collect();
    pool.sort_by_key(|(shared, rank, i, _)| (std::cmp::Reverse(*shared), *rank, *i));
    let mut out: Vec<String> = Vec::new();
    for (_, _, _, d) in pool {
        if out.iter().any(|x| nested(x, &d.path)) {
            continue;
        }
        out.push(d.path.clone());
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// The stem of a task item.
fn stem(goal: &str) -> String {
    format!("You want to {goal}. Which of these menu paths do you open?")
}

/// The goal of a task item's stem.
pub(crate) fn stem_goal(stem: &str) -> Option<&str> {
    stem.strip_prefix("You want to ")?
        .strip_suffix(". Which of these menu paths do you open?")
}

/// Task scenario items of one chunk.
pub fn candidates(m: &Material) -> Vec<Candidate> {
    let mut out = Vec::new();
    let tasks = tasks_in(m.chunk);
    for t in &tasks {
        // A task with two paths under it (a troubleshooting page's many settings under one
        // title): either could be the route.
        if tasks.iter().any(|o| o.task == t.task && o.path != t.path) {
            continue;
        }
        let Some(g) = goal(&t.task, m.corpus) else {
            continue;
        };
        if gives_away(&g, &t.path) {
            continue;
        }
        let ds = distractors(m, t, &g);
        if ds.len() < 2 {
            continue;
        }
        let options: Vec<String> = std::iter::once(t.path.clone()).chain(ds).collect();
        // Three options are a lookup among few; four ask for more discrimination, and four
        // siblings of one menu ("Settings General Accessibility ...") for the most.
        let siblings = options
            .iter()
            .all(|o| shared_start(o, &t.path) >= if t.flat { 3 } else { 2 });
        let difficulty = match (options.len() >= 4, siblings) {
            (true, true) => 3,
            (true, false) => 2,
            _ => 1,
        };
        let explanation = format!("From “{}”: open {}. {}", t.task, t.path, t.note);
        let it = item(
            ItemKind::MultipleChoice,
            stem(&g),
            source(m.chunk, t.heading.as_deref(), &t.quote),
            explanation.trim_end().to_string(),
            difficulty,
            Basis::Task.level(),
        );
        out.push(keyed_choice(
            it,
            options,
            &t.path,
            &format!("{g}|{}", t.path),
            Basis::Task,
            0.7,
            crate::material::fact_key(&format!("{g} {}", t.path)),
        ));
    }
    out
}

/// `m` with the tasks of its scope's chunks (tests build a corpus of a few chunks).
#[cfg(test)]
pub(crate) fn with_tasks<R>(m: &Material, f: impl FnOnce(&Material) -> R) -> R {
    let tasks: Vec<TaskPath> = m.scope.iter().flat_map(|c| tasks_in(c)).collect();
    let with = Material {
        neighbours: m.neighbours.clone(),
        tasks: &tasks,
        ..*m
    };
    f(&with)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::material::with_material;
    use crate::types::Level;

    pub(super) const GRAYSCALE: &str = "# Setting the screen to black and white\n\n## Settings General Accessibility Grayscale Try Now\n\nYou can change the color of the TV screen to black and white to sharpen blurred edges.";

    /// Sections of other tasks with paths of the same root, and a sentence that makes "set",
    /// "turn" and "change" verbs of the corpus.
    fn others() -> Vec<&'static str> {
        vec![
            "# Turning on captions\n\n## Settings General Accessibility Caption Settings Try Now\n\nYou can use captions to set the text on screen.",
            "# Changing the sound output\n\n## Settings Sound Sound Output Try Now\n\nYou can use it to turn the speakers off or to change the output.",
            "# Resetting the picture\n\n## Settings Picture Expert Settings Reset Picture Try Now\n\nYou can reset the picture.",
        ]
    }

    pub(super) fn items(first: &str, rest: &[&str]) -> Vec<crate::types::Item> {
        let texts: Vec<&str> = std::iter::once(first).chain(rest.iter().copied()).collect();
        with_material(&texts, "", |m| {
            with_tasks(m, |m| candidates(m).into_iter().map(|c| c.item).collect())
        })
    }

    #[test]
    fn a_task_heading_over_a_path_asks_where_the_task_is_done() {
        let got = items(GRAYSCALE, &others());
        assert_eq!(got.len(), 1, "{got:#?}");
        let it = &got[0];
        assert_eq!(
            it.stem,
            "You want to set the screen to black and white. Which of these menu paths do you open?"
        );
        assert_eq!(
            it.options[it.key[0]],
            "Settings General Accessibility Grayscale"
        );
        assert_eq!(it.options.len(), 4);
        // Options in other menus: a lookup among four, not among siblings.
        assert_eq!(it.difficulty, 2);
        assert_eq!(
            it.explanation,
            "From “Setting the screen to black and white”: open Settings General Accessibility Grayscale. You can change the color of the TV screen to black and white to sharpen blurred edges."
        );
        assert_eq!(it.level, Level::Recall);
        assert_eq!(it.basis, Basis::Task);
        assert_eq!(crate::validate::item(it, GRAYSCALE), Ok(()));
    }

    #[test]
    fn a_goal_that_names_the_paths_last_element_gives_no_item() {
        let given = GRAYSCALE.replace("black and white", "grayscale");
        assert!(items(&given, &others()).is_empty());
        assert!(gives_away(
            "set the screen to grayscale",
            "Settings General Grayscale"
        ));
        assert!(gives_away(
            "delete the workspace",
            "Settings > Workspace > Delete workspace"
        ));
        assert!(gives_away(
            "set up SSO for the team",
            "Settings > Security > Single sign-on"
        ));
        // Only the last element counts in a Markdown path.
        assert!(!gives_away(
            "require 2FA for the workspace",
            "Settings > Workspace > Two-factor"
        ));
    }

    #[test]
    fn a_prefix_or_extension_of_the_key_is_no_distractor() {
        let mut rest = others();
        rest.insert(
            0,
            "# Using accessibility shortcuts\n\n## Settings General Accessibility Grayscale Shortcut Try Now\n\nYou can open the menu.",
        );
        let got = items(GRAYSCALE, &rest);
        assert_eq!(got.len(), 1);
        assert!(!got[0]
            .options
            .contains(&"Settings General Accessibility Grayscale Shortcut".to_string()));
        assert!(nested(
            "Settings > Billing",
            "Settings > Billing > Invoices"
        ));
        assert!(!nested(
            "Settings > Billing > Details",
            "Settings > Billing > Invoices"
        ));
    }

    #[test]
    fn a_path_of_a_similar_task_or_in_the_key_chunk_is_no_distractor() {
        let mut rest = others();
        // The same task elsewhere: its path is a second route.
        rest.insert(
            0,
            "# Setting the screen to black and white\n\n## Settings Picture Color Tone Try Now\n\nYou can do it here too.",
        );
        let got = items(GRAYSCALE, &rest);
        assert_eq!(got.len(), 1);
        assert!(!got[0]
            .options
            .contains(&"Settings Picture Color Tone".to_string()));
        // A path the key's own chunk names is no distractor, nor one whose last element
        // names the goal (it reads as a second route).
        let mut rest = others();
        rest.insert(
            0,
            "# Choosing a picture tone\n\n## Settings Picture Black Tone Try Now\n\nYou can pick one.",
        );
        let named = format!("{GRAYSCALE} Or use Settings Sound Sound Output Try Now.");
        let got = items(&named, &rest);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(!got[0].options.iter().any(|o| o.contains("Sound Output")));
        assert!(!got[0].options.iter().any(|o| o.contains("Black Tone")));
        // A task that names two of the goal's words could be read as a second route.
        let mut rest = others();
        rest.insert(
            0,
            "# White text on black background\n\n## Settings General Accessibility High Contrast Try Now\n\nYou can set it.",
        );
        let got = items(GRAYSCALE, &rest);
        assert_eq!(got.len(), 1);
        assert!(!got[0].options.iter().any(|o| o.contains("High Contrast")));
        // Fewer than two real distractors: no item.
        assert!(items(GRAYSCALE, &others()[..1]).is_empty());
    }

    #[test]
    fn a_section_with_two_paths_gives_no_item() {
        let md = |body: &str| {
            format!("## Require 2FA for everyone\n\n{body} Admins use it to require a code.")
        };
        let rest = [
            "## Download past invoices\n\nOpen **Settings > Billing > Invoices** to set it.",
            "## Add your VAT number\n\nOpen **Settings > Billing > Billing details**.",
            "## Invite teammates\n\nOpen **Settings > Users**.",
        ];
        let one = md("Admins require it under **Settings > Security > Two-factor**.");
        let got = items(&one, &rest);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(
            got[0].options[got[0].key[0]],
            "Settings > Security > Two-factor"
        );
        assert_eq!(crate::validate::item(&got[0], &one), Ok(()));
        let two = md("Open **Settings > Security > Two-factor** or **Profile > Security**.");
        assert!(items(&two, &rest).is_empty());
        // A path the section names only after its first sentence is not the route.
        let later = md("Compute the code first. Then find the secret under **Settings > Security > Two-factor**.");
        assert!(items(&later, &rest).is_empty());
        // A first step leads a procedure.
        let steps = md("1. Open **Settings > Security > Two-factor**.\n2. Click **Require**.");
        assert_eq!(items(&steps, &rest).len(), 1);
    }

    #[test]
    fn headings_become_goals_only_when_they_name_a_task() {
        let corpus = Corpus::build(&[]);
        let texts = ["You can use it to set, to update and to connect things. Require a code. Require it. Require more."];
        let chunks: Vec<Chunk> = with_material(&texts, "", |m| vec![m.chunk.clone()]);
        let corpus_with = Corpus::build(&chunks);
        assert_eq!(
            goal("Setting the screen to black and white", &corpus_with).as_deref(),
            Some("set the screen to black and white")
        );
        assert_eq!(
            goal("Updating the TV's software", &corpus_with).as_deref(),
            Some("update the TV's software")
        );
        // No verb the corpus knows.
        assert_eq!(goal("Setting the screen to black and white", &corpus), None);
        assert_eq!(goal("Lost phone", &corpus_with), None);
        assert_eq!(goal("Setting up the", &corpus_with), None);
    }

    #[test]
    fn validation_rechecks_key_and_distractors_against_the_source() {
        let got = items(GRAYSCALE, &others());
        let it = &got[0];
        let k = it.key[0];
        let d = (k + 1) % it.options.len();
        // A distractor the source states.
        let mut bad = it.clone();
        bad.options[d] = "Settings General Accessibility Grayscale Try Now".into();
        let source = format!("{GRAYSCALE}\n\nSettings General Accessibility Grayscale Try Now");
        assert!(crate::validate::item(&bad, &source).is_err());
        let mut stated = it.clone();
        stated.options[d] = "Settings Sound Sound Output".into();
        let with_sound = format!("{GRAYSCALE}\n\n## Settings Sound Sound Output Try Now");
        assert_eq!(
            crate::validate::item(&stated, &with_sound),
            Err("distractor_supported")
        );
        // A key the quote does not hold.
        let mut wrong = it.clone();
        wrong.options.swap(k, d);
        assert_eq!(
            crate::validate::item(&wrong, GRAYSCALE),
            Err("key_unsupported")
        );
        // An extension of the key (a prefix stands in the source with the key).
        let mut prefix = it.clone();
        prefix.options[d] = "Settings General Accessibility Grayscale Mode".into();
        assert_eq!(crate::validate::item(&prefix, GRAYSCALE), Err("second_key"));
        // A stem that names the key's last element.
        let mut away = it.clone();
        away.stem = stem("set the screen to grayscale");
        assert_eq!(
            crate::validate::item(&away, GRAYSCALE),
            Err("answer_in_stem")
        );
    }
}

#[cfg(test)]
mod more_tests {
    use super::tests::{items, GRAYSCALE};
    use super::*;
    use crate::material::with_material;

    #[test]
    fn a_task_with_two_path_headings_gives_no_item() {
        let page = "# Testing the picture\n\n## Settings Support Self Diagnosis Start Picture Test Try Now\n\nIt runs a test.\n\n## Settings General Eco Solution Power Saving Mode Try Now\n\nIt saves power.";
        let rest = [
            "# Turning on captions\n\n## Settings General Accessibility Caption Settings Try Now\n\nUse it to set captions and to test them.",
            "# Changing the sound output\n\n## Settings Sound Sound Output Try Now\n\nUse it to change the output.",
            "# Resetting the picture\n\n## Settings Picture Expert Settings Reset Picture Try Now\n\nYou can reset the picture.",
        ];
        let texts: Vec<&str> = std::iter::once(page).chain(rest).collect();
        let n = with_material(&texts, "", |m| with_tasks(m, |m| candidates(m).len()));
        assert_eq!(n, 0);
        let one = "# Testing the picture\n\n## Settings Support Self Diagnosis Start Picture Test Try Now\n\nIt runs a test.";
        let texts: Vec<&str> = std::iter::once(one).chain(rest).collect();
        // The same page with one path still gives none: "Picture Test" names the task's words.
        assert_eq!(
            with_material(&texts, "", |m| with_tasks(m, |m| candidates(m).len())),
            0
        );
        let scan = "# Scanning for available channels\n\n## Settings Broadcasting Auto Program Try Now\n\nUse it to scan for channels.";
        let texts: Vec<&str> = std::iter::once(scan).chain(rest).collect();
        assert_eq!(
            with_material(&texts, "", |m| with_tasks(m, |m| candidates(m).len())),
            1
        );
    }

    #[test]
    fn gerunds_and_word_forms() {
        let texts = ["Use it to set, to scan and to select things; a list shows them."];
        with_material(&texts, "", |m| {
            assert_eq!(
                goal("Viewing and selecting channels", m.corpus).as_deref(),
                None,
                "no form of view in the corpus"
            );
            assert_eq!(
                goal("Scanning for available channels", m.corpus).as_deref(),
                Some("scan for available channels")
            );
            assert_eq!(goal("Controlling External Devices -", m.corpus), None);
        });
        assert!(same_word("inverting", "inversion"));
        assert!(!same_word("listen", "list"));
        assert!(same_word("devices", "device"));
    }

    #[test]
    fn the_title_names_the_task_of_a_documents_first_chunk_only() {
        let texts =
            ["## Settings General Accessibility Grayscale Try Now\n\nYou can change the color."];
        let mut c = with_material(&texts, "", |m| m.chunk.clone());
        c.title = "Setting the screen to black and white".into();
        let got = tasks_in(&c);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].task, c.title);
        assert_eq!(got[0].path, "Settings General Accessibility Grayscale");
        c.ordinal = 1;
        assert!(tasks_in(&c).is_empty());
        // What follows "Try Now" is no part of the path.
        assert_eq!(
            flat_path("Settings General HDMI Black Level Try Now Use HDMI").as_deref(),
            Some("Settings General HDMI Black Level")
        );
    }

    #[test]
    fn four_siblings_of_one_menu_are_the_hardest_and_a_disclaimer_explains_nothing() {
        let siblings = [
            "# Turning on captions\n\n## Settings General Accessibility Caption Settings Try Now\n\nUse it to set captions.",
            "# Enlarging the menus\n\n## Settings General Accessibility Zoom Menu Try Now\n\nYou can zoom.",
            "# Hearing the menus\n\n## Settings General Accessibility Voice Guide Try Now\n\nIt reads menus.",
        ];
        let hedged = GRAYSCALE.replace(
            "You can change the color of the TV screen to black and white to sharpen blurred edges.",
            "Screen colors may vary depending on the model of your TV.",
        );
        let got = items(&hedged, &siblings);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].difficulty, 3);
        assert_eq!(
            got[0].explanation,
            "From “Setting the screen to black and white”: open Settings General Accessibility Grayscale."
        );
    }

    #[test]
    fn an_instruction_heading_is_a_task_though_the_corpus_is_small() {
        let texts = ["Lumio keeps the subscription until the period ends. The key works once. Steps are short."];
        with_material(&texts, "", |m| {
            assert_eq!(
                goal("Cancel your subscription", m.corpus).as_deref(),
                Some("cancel your subscription")
            );
            assert_eq!(
                goal("Turn on 2FA for your account", m.corpus).as_deref(),
                Some("turn on 2FA for your account")
            );
            // Nouns of the corpus, plurals and question words name no task.
            assert_eq!(goal("Subscription on a plan", m.corpus), None);
            assert_eq!(goal("Steps for the export", m.corpus), None);
            assert_eq!(goal("What happens next", m.corpus), None);
            assert_eq!(goal("Account locked", m.corpus), None);
        });
    }
}
