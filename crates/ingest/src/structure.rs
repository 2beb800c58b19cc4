//! Structure recovery for flat text: a manual extracted from PDF or HTML often arrives as one
//! run of words per section, its headings, list labels, call-outs, URLs and printed page
//! numbers run into the sentences ("Notification You can view a list of notifications...").
//! [`recover`] rebuilds the Markdown a person reads: run-in headings on lines of their own
//! (`## Notification`), bullets and numbered labels as list items, "NOTE"/"TIP" call-outs as
//! paragraphs of their own, URLs on their own lines, page numbers ("- 13 -") removed.
//!
//! Where a sentence starts is decided from the text itself, not from a list of examples:
//! closed-class words (pronouns, determiners, subordinators) never start a sentence in the
//! middle of another one when capitalised, and the words the document set itself starts
//! sentences with after a full stop ([`Starters`]: imperatives like "Select" or "Press") do the
//! same when they follow a run of capitalised words, or a run that opens with a gerund
//! ("Removing an app Select an app to delete."). A starter followed only by a label ("Select
//! View Details The app ...") is a step whose full stop is missing, not a heading.
//!
//! Proves (see tests): 1. run-in headings are split from the sentence that follows; 2. page
//! numbers disappear and URLs, call-outs and list labels get lines of their own; 3. text with
//! Markdown structure, or ordinary prose, is left as it is; 4. every word of the input
//! survives, in order (but page numbers).

use std::collections::HashMap;

/// Closed-class words that begin sentences; capitalised after a word without final
/// punctuation, they begin a new one.
const STRONG: &[&str] = &[
    "a",
    "after",
    "all",
    "also",
    "although",
    "an",
    "any",
    "as",
    "at",
    "because",
    "before",
    "both",
    "by",
    "depending",
    "during",
    "each",
    "every",
    "for",
    "from",
    "he",
    "her",
    "his",
    "how",
    "i",
    "if",
    "in",
    "it",
    "its",
    "many",
    "most",
    "no",
    "not",
    "on",
    "once",
    "only",
    "our",
    "she",
    "since",
    "some",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "unless",
    "until",
    "we",
    "what",
    "when",
    "whenever",
    "where",
    "whether",
    "which",
    "while",
    "with",
    "you",
    "your",
];

/// Function words that leave a phrase unfinished: a run ending on one is no heading. (Not the
/// particles "in", "on", "up", "out", "off": "Sign in" is a heading.)
const ENDS_NOTHING: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does", "for",
    "from", "if", "is", "its", "may", "might", "must", "of", "or", "should", "than", "that", "the",
    "their", "these", "this", "those", "to", "was", "were", "when", "will", "with", "would",
    "your",
];

/// Determiners and possessives: the capitalised word after one is a name.
const DETERMINERS: &[&str] = &[
    "a", "an", "any", "each", "every", "her", "his", "its", "my", "no", "our", "some", "that",
    "the", "their", "these", "this", "those", "your",
];

/// Words that mark a call-out when written in capitals.
const CALLOUTS: &[&str] = &[
    "NOTE",
    "NOTES",
    "TIP",
    "TIPS",
    "CAUTION",
    "WARNING",
    "IMPORTANT",
];

/// Sentence starters learnt from a document set: words seen capitalised after a full stop
/// much more often than capitalised in the middle of a sentence.
#[derive(Debug, Clone, Default)]
pub struct Starters {
    after_stop: HashMap<String, u32>,
    mid: HashMap<String, u32>,
    /// Lowercase words seen right before a capitalised word inside a sentence ("click",
    /// "select", "the"), with the capitalised words they were seen before: they introduce
    /// labels, so a capital after them starts no sentence.
    introduces: HashMap<String, HashMap<String, u32>>,
    /// How often each lowercase word occurs.
    lower: HashMap<String, u32>,
}

impl Starters {
    /// Counts the words of `text` (call once per document of the set).
    pub fn learn(&mut self, text: &str) {
        let words: Vec<&str> = text.split_whitespace().collect();
        for (i, w) in words.iter().enumerate().skip(1) {
            if is_lower(w) {
                *self.lower.entry(bare(w).to_string()).or_default() += 1;
            }
            if !is_cap(w) {
                continue;
            }
            let key = bare(w).to_lowercase();
            let prev = words[i - 1];
            if ends_sentence(prev) {
                *self.after_stop.entry(key).or_default() += 1;
            } else if is_lower(prev) {
                // After a determiner a capitalised word is a name ("the Select button"),
                // which says nothing about where sentences start.
                if !DETERMINERS.contains(&bare(prev)) {
                    *self.mid.entry(key).or_default() += 1;
                }
                *self
                    .introduces
                    .entry(bare(prev).to_string())
                    .or_default()
                    .entry(bare(w).to_lowercase())
                    .or_default() += 1;
            }
        }
    }

    /// Whether `w` is a sentence starter: seen after a full stop at least twice, and more than
    /// twice as often as inside a sentence, or, among frequent words, more often by over one
    /// standard deviation of the two counts ("Select": 47 after a stop, 30 inside a sentence,
    /// as a button's name after "press").
    fn learned(&self, w: &str) -> bool {
        let key = bare(w).to_lowercase();
        let s = self.after_stop.get(&key).copied().unwrap_or(0);
        let m = self.mid.get(&key).copied().unwrap_or(0);
        let clearly_more = s > m && u64::from(s - m).pow(2) > u64::from(s + m);
        s >= 2 && (s > 2 * m || clearly_more)
    }

    /// Whether `w` introduces labels ("click", "select", "the"): seen at least twice, and in
    /// a fifth of its uses or more, before a capitalised word that is not a sentence starter.
    /// A run-in heading's last word before a starter ("Removing an app Select an app to
    /// delete.") introduces nothing, nor does a word seen before a label now and then ("app").
    fn introduces_labels(&self, w: &str) -> bool {
        let w = bare(w);
        let n = self.introduces.get(w).map_or(0, |next| {
            next.iter()
                .filter(|(cap, _)| !self.learned(cap))
                .map(|(_, n)| n)
                .sum::<u32>()
        });
        n >= 2 && n * 5 >= self.lower.get(w).copied().unwrap_or(0)
    }

    /// Whether `run` is an instruction whose full stop is missing: a sentence starter that,
    /// in lower case, introduces labels ("and then select Reinstall"), followed only by a
    /// capitalised label ("Select View Details", "Select Add to
    /// Home").
    fn instruction(&self, run: &[String]) -> bool {
        run.len() >= 2
            && !gerund(&run[0])
            && self.learned(&run[0])
            && self.introduces_labels(&bare(&run[0]).to_lowercase())
            && run.last().is_some_and(|w| is_cap(w))
            && run[1..]
                .iter()
                .all(|w| is_cap(w) || NAME_JOINERS.contains(&w.as_str()))
    }
}

fn bare(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

fn is_cap(w: &str) -> bool {
    w.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
        && w.chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '"' || c == '(')
}

/// Two or more letters, all capitals ("IN", "HDMI", "AV").
fn is_upper(w: &str) -> bool {
    let letters = bare(w).chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 2 && letters.clone().all(char::is_uppercase)
}

fn is_lower(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
}

const ABBREVIATIONS: &[&str] = &["e.g.", "i.e.", "etc.", "vs.", "approx.", "cf.", "no."];

fn ends_sentence(w: &str) -> bool {
    let t = w.trim_end_matches(['"', '\'', ')', '”', '’']);
    (t.ends_with('.') || t.ends_with('!') || t.ends_with('?') || t.ends_with(':'))
        && !ABBREVIATIONS.contains(&t.to_lowercase().as_str())
        && !is_list_number(t)
}

fn is_list_number(w: &str) -> bool {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits) && w.len() == digits + 1 && (w.ends_with('.') || w.ends_with(')'))
}

fn is_bullet(w: &str) -> bool {
    matches!(w, "•" | "●" | "◦" | "▪" | "■" | "‣" | "○")
}

fn is_url(w: &str) -> bool {
    let t = w.trim_start_matches('(');
    t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www.")
}

fn is_callout(w: &str) -> bool {
    let t = w.trim_end_matches(':');
    CALLOUTS.contains(&t)
}

/// Whether `text` looks flat: long lines of prose and no Markdown structure.
pub fn is_flat(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return false;
    }
    let markdown = lines.iter().any(|l| {
        let t = l.trim_start();
        t.starts_with("# ")
            || t.starts_with("## ")
            || t.starts_with("- ")
            || t.starts_with("* ")
            || t.starts_with("```")
            || t.starts_with('|')
    });
    let words = text.split_whitespace().count();
    // One line per 40 words or fewer: paragraphs run together, not a formatted page.
    !markdown && words >= 12 && lines.len() * 40 <= words.max(40)
}

/// A recovered block.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Heading(Vec<String>),
    Para(Vec<String>),
    Bullet(Vec<String>),
    Numbered(u32, Vec<String>),
    Line(Vec<String>),
}

impl Block {
    fn words(&mut self) -> &mut Vec<String> {
        match self {
            Block::Heading(w) | Block::Para(w) | Block::Bullet(w) | Block::Line(w) => w,
            Block::Numbered(_, w) => w,
        }
    }
}

/// Page numbers as printed: `- 13 -`.
fn page_number(words: &[&str], i: usize) -> bool {
    matches!(words.get(i), Some(&"-") | Some(&"–"))
        && words
            .get(i + 1)
            .is_some_and(|n| !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()))
        && matches!(words.get(i + 2), Some(&"-") | Some(&"–"))
}

/// The run of words since the last boundary reads as a heading or label: short, no final
/// punctuation, mostly capitalised or a short phrase.
fn heading_like(run: &[String]) -> bool {
    if run.is_empty() || run.len() > 12 {
        return false;
    }
    let last = run.last().map(String::as_str).unwrap_or("");
    if last.ends_with(',') || last.ends_with(';') || !is_cap(&run[0]) {
        return false;
    }
    // A heading does not end on a word that needs more after it ("How can", "refer to a"),
    // nor is it one closed-class word ("Before Using the Internet" is not "Before").
    let last_lower = bare(last).to_lowercase();
    if run.len() > 1 && ENDS_NOTHING.contains(&last_lower.as_str())
        || run.len() == 1 && STRONG.contains(&last_lower.as_str())
    {
        return false;
    }
    let alpha: Vec<&String> = run
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let caps = alpha.iter().filter(|w| is_cap(w)).count();
    run.len() <= 8 || caps * 10 >= alpha.len() * 6
}

/// Small words a title-case name keeps in lower case ("Power On with Mobile").
const NAME_JOINERS: &[&str] = &[
    "with", "of", "and", "to", "for", "by", "in", "on", "the", "a",
];

/// Whether the capitalised closed-class word at `words[i]` goes on a title-case name that a
/// new sentence follows: "Settings ... Power On with Mobile You can turn on ..." names the
/// setting "Power On with Mobile"; "Screen On the Guide screen, select ..." starts a sentence
/// ("screen," is neither capitalised nor followed by a sentence's start).
fn inside_name(words: &[&str], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| words.get(p)) else {
        return false;
    };
    if !is_cap(prev) || ends_sentence(prev) {
        return false;
    }
    // The name's remaining words: lower-case joiners and capitalised words, at most three,
    // none ending in punctuation, then a capitalised sentence opener.
    for (k, x) in words[i + 1..].iter().take(4).enumerate() {
        let b = bare(x).to_lowercase();
        if k > 0 && is_cap(x) && STRONG.contains(&b.as_str()) && !ends_sentence(x) {
            return is_cap(words[i + k]);
        }
        let joiner = NAME_JOINERS.contains(&b.as_str()) && is_lower(x);
        if !(joiner || is_cap(x)) || x.ends_with([',', ';', ':', '.']) {
            return false;
        }
    }
    false
}

/// Whether a new sentence starts at `words[i]` although `words[i - 1]` ends none.
fn starts_here(words: &[&str], i: usize, run: &[String], starters: &Starters) -> bool {
    let w = words[i];
    if !is_cap(w) || run.is_empty() || (run.len() == 1 && is_callout(&run[0])) {
        return false;
    }
    // A word in capitals is a label or a name ("connect AV IN on the TV", "HDMI"), not a
    // sentence's first word: sentences start in title case.
    if is_upper(w) {
        return false;
    }
    let prev = words[i - 1];
    if prev.ends_with(',') || prev.ends_with(';') || prev.ends_with('(') {
        return false;
    }
    // A word labelled by a colon ("Continue Recording After : You can ...") is a setting's
    // value in a definition, not a sentence's first word: the run stays with it.
    if w.ends_with(':') || words.get(i + 1).is_some_and(|x| *x == ":") {
        return false;
    }
    // A sentence goes on in lower case within a few words.
    let continues = words[i + 1..]
        .iter()
        .take(3)
        .any(|x| is_lower(x) && x.chars().any(char::is_alphabetic));
    if !continues {
        return false;
    }
    // A heading repeated as the subject of its first sentence ("Embedding Embedding is ...").
    let n = run.len();
    if words.len() >= i + n
        && words[i..i + n]
            .iter()
            .zip(run)
            .all(|(a, b)| bare(a).eq_ignore_ascii_case(bare(b)))
        && heading_like(run)
    {
        return true;
    }
    let key = bare(w).to_lowercase();
    if STRONG.contains(&key.as_str()) {
        return !inside_name(words, i)
            && !starters.instruction(run)
            && (heading_like(run) || run.len() >= 4);
    }
    // A learnt starter (an imperative: "Open", "View") after a heading-like run, unless the
    // run itself starts like a sentence ("Click Export", "Tap Add Device on ...": a label
    // inside an instruction; a gerund is a heading's, "Removing an app Select an app") or
    // the word before introduces labels ("click Save").
    // One capitalised word, then the starter and another capitalised word, is a name
    // ("Dolby Digital Plus is supported").
    let name = run.len() == 1 && words.get(i + 1).is_some_and(|x| is_cap(x));
    starters.learned(w)
        && !name
        && heading_like(run)
        && (!starters.learned(&run[0]) || gerund(&run[0]))
        && (is_cap(prev) || !starters.introduces_labels(prev))
}

/// A word ending in "-ing" after two letters or more ("Using", "Removing"): a heading's
/// first word, never an imperative's.
fn gerund(w: &str) -> bool {
    let b = bare(w);
    b.len() >= 5 && b.ends_with("ing") && b.chars().all(char::is_alphabetic)
}

/// Rebuilds Markdown from flat `text` (see the module docs). `title` is the document's title:
/// lowercase words at the very start that finish a cut title are kept with it and not
/// repeated. Returns the text unchanged when it is not flat.
pub fn recover(text: &str, starters: &Starters) -> String {
    recover_titled(text, None, starters)
}

/// [`recover`] for a document titled `title`: a text that starts with its title (as
/// extractions of a printed section do) gets it as its first heading.
pub fn recover_titled(text: &str, title: Option<&str>, starters: &Starters) -> String {
    if !is_flat(text) {
        return text.to_string();
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let lead = title
        .map(|t| t.split_whitespace().collect::<Vec<_>>())
        .filter(|t| {
            !t.is_empty()
                && words.len() > t.len()
                && words.iter().zip(t).all(|(a, b)| a.eq_ignore_ascii_case(b))
        })
        .map_or(0, |t| t.len());
    let mut blocks = blocks(&words[lead..], starters);
    if lead > 0 {
        let heading = words[..lead].iter().map(|w| w.to_string()).collect();
        blocks.insert(0, Block::Heading(heading));
    }
    render(&blocks)
}

fn blocks(words: &[&str], starters: &Starters) -> Vec<Block> {
    let mut out: Vec<Block> = vec![Block::Para(Vec::new())];
    let mut next_number = 1u32;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if page_number(words, i) {
            i += 3;
            // A page break before a capitalised word ends the run before it.
            if words.get(i).is_some_and(|w| is_cap(w)) && cur_len_of(&out) > 0 {
                out.push(Block::Para(Vec::new()));
            }
            continue;
        }
        let cur_len = out.last_mut().map_or(0, |b| b.words().len());
        let after_stop = i == 0 || ends_sentence(words[i - 1]);
        if is_url(w) {
            out.push(Block::Line(vec![w.to_string()]));
            out.push(Block::Para(Vec::new()));
            i += 1;
            continue;
        }
        if is_callout(w) && words.get(i + 1).is_some_and(|n| is_cap(n) || *n == ":") {
            out.push(Block::Para(vec![w.to_string()]));
            i += 1;
            continue;
        }
        if is_bullet(w) {
            out.push(Block::Bullet(Vec::new()));
            i += 1;
            continue;
        }
        if is_list_number(w) && words.get(i + 1).is_some_and(|n| is_cap(n)) {
            let n: u32 = w[..w.len() - 1].parse().unwrap_or(0);
            let in_list = matches!(out.last(), Some(Block::Numbered(..)));
            if (n == 1 && (after_stop || cur_len == 0 || heading_like(current_run(&out))))
                || (n == next_number && in_list && after_stop)
            {
                if n == 1 && !after_stop && cur_len > 0 {
                    // "Change a role 1. Open ...": the words before the list are its heading.
                    let n = current_run(&out).len();
                    split_run(&mut out, n);
                }
                next_number = n + 1;
                out.push(Block::Numbered(n, Vec::new()));
                i += 1;
                continue;
            }
        }
        // A numbered list ends after its last item's sentence when no next number follows.
        if after_stop && cur_len > 0 && matches!(out.last(), Some(Block::Numbered(..))) {
            let label = format!("{next_number}.");
            if !words[i..].iter().take(60).any(|x| *x == label) {
                out.push(Block::Para(Vec::new()));
            }
        }
        // Only a capitalised word starts a sentence here ([`starts_here`]).
        if !after_stop && i > 0 && is_cap(w) {
            let run = current_run(&out);
            if starts_here(words, i, run, starters) {
                let n = run.len() - label_values(words, i, run);
                split_run(&mut out, n);
            }
        }
        if let Some(b) = out.last_mut() {
            b.words().push(w.to_string());
        }
        i += 1;
    }
    out.retain_mut(|b| !b.words().is_empty());
    out
}

/// How many words at the start of `run` (the words before `words[i]` since the last sentence
/// end) are a label's values and stay with it, out of any heading: after a label's colon, a
/// value in capitals ("Auto Update : ON Locking and unlocking apps Select ...") or a list of
/// capitalised values ("Encryption Types: WEP, TKIP, AES In compliance with ...", where "TKIP,
/// AES" is no heading).
fn label_values(words: &[&str], i: usize, run: &[String]) -> usize {
    let labelled = i > run.len() && words[i - run.len() - 1].ends_with(':');
    if !labelled {
        return 0;
    }
    let listed = run
        .iter()
        .take_while(|w| w.ends_with(',') && is_cap(w))
        .count();
    if listed > 0 {
        (listed + 1).min(run.len())
    } else {
        usize::from(run.len() > 1 && is_upper(&run[0]))
    }
}

fn cur_len_of(out: &[Block]) -> usize {
    out.last().map_or(0, |b| match b {
        Block::Heading(w) | Block::Para(w) | Block::Bullet(w) | Block::Line(w) => w.len(),
        Block::Numbered(_, w) => w.len(),
    })
}

/// The longest run of words without a sentence end that is read whole: a text with no full
/// stop for 100,000 words (a transcript, a log) would otherwise be read back to its start at
/// every word. Runs this long are no heading and no sentence a person wrote.
const LONGEST_RUN: usize = 1_000;

/// Words of the last block since its last sentence end (at most [`LONGEST_RUN`]).
fn current_run(out: &[Block]) -> &[String] {
    let Some(last) = out.last() else {
        return &[];
    };
    let words = match last {
        Block::Heading(w) | Block::Para(w) | Block::Bullet(w) | Block::Line(w) => w,
        Block::Numbered(_, w) => w,
    };
    let floor = words.len().saturating_sub(LONGEST_RUN);
    let start = words[floor..]
        .iter()
        .rposition(|w| ends_sentence(w))
        .map_or(floor, |p| floor + p + 1);
    &words[start..]
}

/// The last `n` words of the last block become a heading (a short run) or the end of a
/// sentence (a long one, whose full stop is missing); a new paragraph follows.
fn split_run(out: &mut Vec<Block>, n: usize) {
    let Some(last) = out.last_mut() else {
        return;
    };
    let words = last.words();
    let run: Vec<String> = words.split_off(words.len() - n);
    if heading_like(&run) {
        if words.is_empty() && matches!(last, Block::Bullet(_) | Block::Numbered(..)) {
            // A list item's label: keep it in the item.
            *last.words() = run;
            return;
        }
        out.push(Block::Heading(run));
    } else {
        last.words().extend(run);
    }
    out.push(Block::Para(Vec::new()));
}

fn render(blocks: &[Block]) -> String {
    let mut s = String::new();
    let mut prev_list = false;
    for b in blocks {
        let list = matches!(b, Block::Bullet(_) | Block::Numbered(..));
        if !s.is_empty() {
            s.push_str(if list && prev_list { "\n" } else { "\n\n" });
        }
        match b {
            Block::Heading(w) => s.push_str(&format!("## {}", w.join(" "))),
            Block::Para(w) | Block::Line(w) => s.push_str(&w.join(" ")),
            Block::Bullet(w) => s.push_str(&format!("- {}", w.join(" "))),
            Block::Numbered(n, w) => s.push_str(&format!("{n}. {}", w.join(" "))),
        }
        prev_list = list;
    }
    s
}

/// Recovers the structure of the flat documents among `docs` (sentence starters learnt from
/// all of them), finishing cut titles first.
pub fn recover_docs(docs: &mut [docent_core::Document]) {
    let mut starters = Starters::default();
    for d in docs.iter() {
        starters.learn(&d.text);
    }
    for d in docs.iter_mut() {
        if !is_flat(&d.text) {
            continue;
        }
        if let Some((title, text)) = finish_title(&d.title, &d.text) {
            d.title = title;
            d.text = text;
        }
        d.text = recover_titled(&d.text, Some(&d.title), &starters);
    }
}

/// Finishes a cut title: a flat section whose text starts with lowercase words continues its
/// title ("... using the SmartThings" + "app Bidirectional mirroring ..."). Returns the title
/// and the text without those words when that is the case.
pub fn finish_title(title: &str, text: &str) -> Option<(String, String)> {
    let t = title.trim_end();
    if t.is_empty() || t.ends_with(['.', '?', '!', ':', ')']) {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let n = words.iter().take_while(|w| is_lower(w)).count();
    // One to three words, then a capitalised word that starts the body.
    if !(1..=3).contains(&n) || !words.get(n).is_some_and(|w| is_cap(w)) {
        return None;
    }
    if words[..n]
        .iter()
        .any(|w| ends_sentence(w) || w.ends_with(','))
    {
        return None;
    }
    Some((
        format!("{t} {}", words[..n].join(" ")),
        words[n..].join(" "),
    ))
}

#[cfg(test)]
mod tests {
    /// A text without a full stop for thousands of words was read back to its start at every
    /// word (a 500 KB transcript: 140 s): the run read is the last sentence's words, at most
    /// `LONGEST_RUN` of them.
    #[test]
    fn the_current_run_is_the_words_since_the_last_sentence_end_at_most_the_longest() {
        let words = |t: &str| t.split(' ').map(str::to_string).collect::<Vec<_>>();
        let out = vec![Block::Para(words("One ends. Two three"))];
        assert_eq!(current_run(&out), &words("Two three")[..]);
        let out = vec![Block::Para(vec!["word".to_string(); 5 * LONGEST_RUN])];
        assert_eq!(current_run(&out).len(), LONGEST_RUN);
        let mut long = words("Start ends.");
        long.extend(vec!["word".to_string(); LONGEST_RUN - 1]);
        let out = vec![Block::Para(long)];
        assert_eq!(current_run(&out).len(), LONGEST_RUN - 1);
    }

    use super::*;

    fn rec(text: &str) -> String {
        let mut s = Starters::default();
        s.learn(text);
        recover(text, &s)
    }

    #[test]
    fn run_in_headings_split_from_their_sentences() {
        let t = "Connect to Smart Hub for apps, games, movies, and more. Notification You can view a list of notifications for all events. Search You can search data for channels and apps. To use this feature, the TV must be connected to the Internet.";
        let r = rec(t);
        assert!(
            r.contains("\n\n## Notification\n\nYou can view a list"),
            "{r}"
        );
        assert!(r.contains("## Search\n\nYou can search data"), "{r}");
        assert!(r.contains("apps. To use this feature"), "{r}");
    }

    #[test]
    fn a_title_case_name_holding_a_closed_class_word_stays_whole() {
        let t = "Turning on the TV with a mobile device. Settings General Network Expert Settings Power On with Mobile You can turn on the TV with your mobile device when both of them are connected to the same network.";
        let r = rec(t);
        assert!(r.contains("Power On with Mobile"), "{r}");
        assert!(!r.contains("## On with Mobile"), "{r}");
        assert!(r.contains("\n\nYou can turn on the TV"), "{r}");
        // A sentence that starts with "On" after a label still starts there.
        let t = "Scheduling from the guide. The Guide Screen On the Guide screen, select a program you would like to view, and then press the Select button.";
        let r = rec(t);
        assert!(r.contains("\n\nOn the Guide screen, select"), "{r}");
    }

    #[test]
    fn a_setting_labelled_by_a_colon_stays_with_its_name() {
        let t = "Setting up a schedule recording start You can change the start time. Continue Recording After : You can set the time to end the recording later than the broadcast end time.";
        let r = rec(t);
        assert!(r.contains("Continue Recording After : You can set"), "{r}");
    }

    #[test]
    fn labels_inside_instructions_stay_in_their_sentence() {
        // "Device" and "Tap" start sentences elsewhere in the set; "IN" is a port's label.
        let t = "Turn on the TV. Tap the icon twice. Device names are listed. Device Care checks the TV. Tap Add Device on the dashboard of the app. Review the illustration below, and then connect AV IN on the TV to AV OUT on the device.";
        let r = rec(t);
        assert!(r.contains("Tap Add Device on the dashboard"), "{r}");
        assert!(r.contains("connect AV IN on the TV"), "{r}");
        assert!(!r.contains("##"), "{r}");
        // A run ending on a function word is no heading: "How can | I change ...".
        let t = "Apps need a network. The problem I launched an app, but it is in English. How can I change the language? Check with the provider.";
        let r = rec(t);
        assert!(!r.contains("## How can"), "{r}");
    }

    #[test]
    fn sentence_case_headings_before_pronouns_split() {
        let t = "Export a report You can export any report as CSV. Large exports run in the background and arrive by email. Limits The export holds at most a million rows.";
        let r = rec(t);
        assert!(r.starts_with("## Export a report\n\nYou can export"), "{r}");
        assert!(r.contains("## Limits\n\nThe export holds"), "{r}");
    }

    /// A manual where "Select" starts sentences and also names a button ("press the Select
    /// button", "press Select").
    const APPS: &str = "You can manage installed apps. Press the Select button to open it. Select Settings to start. Press the Select button again. Select the item you want. Press the Select button to confirm. Select a source. Press the Select button. Select an option. Select a mode. Select a channel. Select a picture. Select a sound. Select the time. To finish, select Done. Then select Close. You can press Select twice. Removing dust keeps it clean. Checking it weekly helps. Removing an app Select an app to delete. Select Delete The selected app is deleted. Auto Update : ON Locking and unlocking apps Select an app to lock or unlock. Checking the app information details Select the app to check. Select View Details The app information screen appears.";

    #[test]
    fn gerund_headings_split_before_an_instruction_word_that_also_names_a_button() {
        let r = rec(APPS);
        assert!(
            r.contains("## Removing an app\n\nSelect an app to delete."),
            "{r}"
        );
        assert!(
            r.contains("## Checking the app information details\n\nSelect the app"),
            "{r}"
        );
        // A capitalised value after a label's colon stays with its label.
        assert!(
            r.contains("Auto Update : ON\n\n## Locking and unlocking apps"),
            "{r}"
        );
    }

    // Issue 14 (fresh4 f4tv-003): the e-manual's "Encryption Types: WEP, TKIP, AES In
    // compliance with ..." became "Encryption Types: WEP," and a heading "TKIP, AES", so an
    // answer ended on "WEP," without the caveat that follows.
    #[test]
    fn a_list_of_values_after_a_labels_colon_is_no_heading() {
        let text = "The TV only supports the following wireless network security protocols. The TV cannot connect to non-certified wireless routers. Authentication Modes: WEP, WPAPSK, WPA2PSK Encryption Types: WEP, TKIP, AES In compliance with the newest Wi-Fi certification specifications, Samsung TVs do not support WEP or TKIP security encryption in networks running in the 802.11n mode.";
        let r = rec(text);
        assert!(
            r.contains("Encryption Types: WEP, TKIP, AES\n\nIn compliance with"),
            "{r}"
        );
        assert!(!r.contains("## "), "{r}");
        // A heading after the list still is one.
        let r = rec("Supported modes are listed below. Encryption Types: WEP, TKIP, AES Checking the network status You can view the current network status.");
        assert!(
            r.contains("Encryption Types: WEP, TKIP, AES\n\n## Checking the network status\n\nYou can view"),
            "{r}"
        );
    }

    #[test]
    fn an_instruction_missing_its_full_stop_is_no_heading() {
        let r = rec(APPS);
        assert!(
            r.contains("Select Delete The selected app is deleted."),
            "{r}"
        );
        assert!(r.contains("Select View Details The app information"), "{r}");
        assert!(!r.contains("## Select"), "{r}");
    }

    #[test]
    fn a_closed_class_word_or_the_first_word_of_a_name_is_no_heading() {
        let t = "Browse the web on the TV. Using the browser is easy. Using the keyboard helps. You can scroll with the remote. Before Using the Internet Read the terms first. Digital audio is decoded. Digital output is on. Dolby Digital Plus is supported for up to 5.1 channels.";
        let r = rec(t);
        assert!(!r.contains("## Before\n"), "{r}");
        assert!(!r.contains("## Dolby"), "{r}");
        assert!(r.contains("Dolby Digital Plus is supported"), "{r}");
    }

    #[test]
    fn page_numbers_urls_callouts_and_lists() {
        let t = "Create an account at the website. Visit https://account.example.com for details. NOTE The account is free of charge for everyone. You need a phone. - 13 - To set it up: 1. Open Settings on the phone. 2. Tap Accounts and then the plus sign. 3. Enter the code you received. • First bullet item here • Second bullet item here";
        let r = rec(t);
        assert!(!r.contains("13 -"), "{r}");
        assert!(r.contains("\n\nhttps://account.example.com\n\n"), "{r}");
        assert!(r.contains("\n\nNOTE The account is free"), "{r}");
        assert!(
            r.contains("\n\n1. Open Settings on the phone.\n2. Tap Accounts"),
            "{r}"
        );
        assert!(
            r.contains("\n- First bullet item here\n- Second bullet item here"),
            "{r}"
        );
    }

    #[test]
    fn markdown_and_ordinary_prose_are_left_alone() {
        let md = "# Title\n\nSome text here that is long enough to count as prose.\n\n- item\n";
        assert_eq!(rec(md), md);
        let prose = "Use the SmartThings app to connect. The Samsung Smart Remote pairs to the TV automatically when you turn it on.";
        let r = rec(prose);
        assert!(!r.contains('#'), "{r}");
        assert_eq!(r, prose);
    }

    #[test]
    fn words_survive_in_order() {
        let t = "Device List View, edit, or remove a list of mobile devices registered to the TV. Access Notification Set whether to display a notification when a device connects. Sources Connection HDMI 1 HDMI 2 USB 1 Source - 8 - Universal Remote Guide You can select an external device.";
        let r = rec(t);
        let strip = |s: &str| {
            s.split_whitespace()
                .filter(|w| !matches!(*w, "##" | "-" | "8"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(strip(&r), strip(t));
        assert!(
            r.contains("## Universal Remote Guide\n\nYou can select"),
            "{r}"
        );
    }

    #[test]
    fn a_cut_title_is_finished() {
        let (t, body) = finish_title(
            "Bidirectionally mirroring your TV using the SmartThings",
            "app Bidirectional mirroring refers to outputting the screen.",
        )
        .unwrap();
        assert_eq!(
            t,
            "Bidirectionally mirroring your TV using the SmartThings app"
        );
        assert!(body.starts_with("Bidirectional mirroring"));
        assert!(finish_title("Using Smart Hub", "Connect to Smart Hub.").is_none());
    }
}
