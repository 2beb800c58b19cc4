//! A quiz and its items.

use serde::{Deserialize, Serialize};

/// What kind of question an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// One key among four options.
    MultipleChoice,
    /// Several keys among the options.
    MultipleSelect,
    /// A statement to judge.
    TrueFalse,
    /// A sentence with a blank.
    Cloze,
    /// Steps to put in order.
    Ordering,
    /// A free answer checked against reference answers.
    ShortAnswer,
}

impl ItemKind {
    /// Every kind.
    pub const ALL: [ItemKind; 6] = [
        ItemKind::MultipleChoice,
        ItemKind::MultipleSelect,
        ItemKind::TrueFalse,
        ItemKind::Cloze,
        ItemKind::Ordering,
        ItemKind::ShortAnswer,
    ];

    /// snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::MultipleChoice => "multiple_choice",
            ItemKind::MultipleSelect => "multiple_select",
            ItemKind::TrueFalse => "true_false",
            ItemKind::Cloze => "cloze",
            ItemKind::Ordering => "ordering",
            ItemKind::ShortAnswer => "short_answer",
        }
    }

    /// Parses a name (`mcq`, `tf` and `order` are accepted too).
    pub fn parse(s: &str) -> Option<ItemKind> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        match s.as_str() {
            "mcq" => Some(ItemKind::MultipleChoice),
            "tf" => Some(ItemKind::TrueFalse),
            "order" => Some(ItemKind::Ordering),
            _ => ItemKind::ALL.into_iter().find(|k| k.as_str() == s),
        }
    }
}

/// The thinking an item asks for, as a reviewer reads it: set by what the item asks, not by
/// its kind ([`Basis::level`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Remember a fact as the docs state it (a blank, a statement, steps in order, a rule's
    /// consequence, a table's cell, a task's menu path).
    Recall,
    /// Use a rule or limit on a case the docs do not state ("a query of 16 words", "a folder of
    /// 2,000 files").
    Apply,
    /// Compare or judge several statements (no rule-made item asks it).
    Analyse,
}

/// What an item's key rests on, so validation checks the right thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A statement of the source (blanked, judged or listed).
    #[default]
    Statement,
    /// A rule "if X, Y": the key is the consequence of the condition in the stem.
    Condition,
    /// A procedure: the key is the step right after the one quoted in the stem.
    NextStep,
    /// A table: the key is the cell of the quoted column in the quoted row.
    TableCell,
    /// A limit: the claim is the quoted sentence with its limit replaced by a case value, true
    /// when the value is within the limit.
    Limit,
    /// A purpose ("Use X to Y"): the key is the tool the quoted sentence names for the goal in
    /// the stem.
    Purpose,
    /// A labelled list: the key is the label of the quoted entry whose description the stem
    /// quotes.
    Label,
    /// A rule with a threshold ("if a query has more than 10 words, ..."): the stem gives a
    /// case past the threshold ("a query of 15 words"); the key is the rule's consequence.
    Threshold,
    /// A task ("Setting the screen to black and white"): the key is the menu path the quoted
    /// text of the task's section gives; the stem states the task as a goal.
    Task,
    /// A section named by a code span ("### `missing_document_id`"): the key is the name of
    /// the section whose first sentence the stem quotes or asks about.
    Heading,
}

impl Basis {
    /// The level an item on this basis asks for. Blind reviewers who named each item's level
    /// (2,582 verdicts, `evals/judged/`, rounds of 2026-11-30 to 2026-12-06) read a case
    /// compared with a threshold as apply 18 of 18 times and a case compared with a limit as
    /// apply or understand 18 of 37; a rule's consequence ("what happens if ...?") was recall
    /// 317 of 327 times, steps in order 104 of 108, a table's cell 118 of 118, a task's menu
    /// path 31 of 39. Those were labelled apply until the forty-ninth session.
    pub fn level(self) -> Level {
        match self {
            Basis::Limit | Basis::Threshold => Level::Apply,
            _ => Level::Recall,
        }
    }
}

/// Review state of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Generated, not reviewed.
    Draft,
    /// Approved by an author.
    Approved,
    /// Rejected by an author.
    Rejected,
}

/// Where an item comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Chunk id.
    pub chunk_id: String,
    /// Document id.
    pub doc_id: String,
    /// Document title.
    pub title: String,
    /// Headings above the quoted span.
    pub heading_path: Vec<String>,
    /// The quoted span (as in the chunk).
    pub quote: String,
    /// Hash of the chunk's text when the item was made (a change marks the item stale).
    pub chunk_hash: String,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Id inside the quiz (`q1`, `q2`, ...).
    pub id: String,
    /// Kind.
    pub kind: ItemKind,
    /// The question as shown.
    pub stem: String,
    /// Options (choice kinds, true/false, and ordering, where they are shuffled).
    pub options: Vec<String>,
    /// Keys: indexes of correct options; for ordering, the option indexes in the right order.
    pub key: Vec<usize>,
    /// Accepted answers (cloze, short answer).
    pub answers: Vec<String>,
    /// Why the key is right, from the source.
    pub explanation: String,
    /// 1 (easy) to 3 (hard).
    pub difficulty: u8,
    /// Cognitive level.
    pub level: Level,
    /// The source the key is checked against.
    pub source: Source,
    /// Review state.
    pub status: Status,
    /// True when the source changed since the item was made.
    #[serde(default)]
    pub stale: bool,
    /// What the key rests on.
    #[serde(default)]
    pub basis: Basis,
}

/// Why candidates were rejected, counted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rejections {
    /// Candidates considered.
    pub candidates: usize,
    /// Candidates that passed validation.
    pub passed: usize,
    /// Rejection reasons and counts.
    pub reasons: std::collections::BTreeMap<String, usize>,
    /// How the scope resolved and how much of it the quiz covers.
    #[serde(default)]
    pub coverage: Coverage,
}

/// Scope coverage: what the scope resolved to and what the quiz uses of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Chunks the scope resolved to.
    pub chunks: usize,
    /// Documents they belong to.
    pub documents: usize,
    /// Chunks that gave at least one candidate item.
    pub chunks_with_candidates: usize,
    /// Chunks the kept items come from.
    pub chunks_used: usize,
    /// Candidates left out as off the scope's topic (far below the most central statement).
    pub off_topic: usize,
}

impl Rejections {
    /// Counts one rejection.
    pub fn reject(&mut self, reason: &str) {
        *self.reasons.entry(reason.to_string()).or_default() += 1;
    }
}

/// A draft quiz.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quiz {
    /// Quiz id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The scope it was built from, as given.
    pub scope: String,
    /// Which generator made it.
    pub generator: String,
    /// Items.
    pub items: Vec<Item>,
    /// Validation counts of the generation run.
    pub validation: Rejections,
}

impl Quiz {
    /// What an author should read when the quiz holds fewer items than `asked`, and why: the
    /// scope's sections state nothing the rules can ask about (instructions, sentences without
    /// a label, setting, name or number), or, where no item is left, how many of their
    /// candidate items were about another topic than the scope's words (for a `heading:`
    /// scope: came from the sections beside the heading); `None` when the quiz is full.
    pub fn shortfall(&self, asked: usize) -> Option<String> {
        let n = self.items.len();
        if n >= asked {
            return None;
        }
        let v = &self.validation;
        let c = &v.coverage;
        let head = format!("the scope gave {n} of the {asked} items asked for");
        let (sections, state) = match c.chunks {
            1 => ("its one section".to_string(), "states"),
            k => (format!("its {k} sections"), "state"),
        };
        Some(if n == 0 && v.candidates == 0 {
            format!(
                "{head}: {sections} {state} nothing the rules can ask about (instructions, or \
                 sentences without a label, setting, name or number); name another section \
                 with `heading:` or `docs:`"
            )
        } else if n == 0
            && c.off_topic > 0
            && matches!(
                crate::scope::Scope::parse(&self.scope),
                crate::scope::Scope::Heading(_)
            )
        {
            // The author named the section already: what was left out came from the sections
            // beside it in the same chunks, not from another topic.
            let found = match c.off_topic {
                1 => "the one candidate item found comes".to_string(),
                k => format!("the {k} candidate items found come"),
            };
            format!(
                "{head}: the sentences under that heading state nothing the rules can ask about \
                 (instructions, or sentences without a label, setting, name or number); {found} \
                 from the sections beside it on the same page; name another section with \
                 `heading:` or `docs:`"
            )
        } else if n == 0 && c.off_topic > 0 {
            format!(
                "{head}: {} of the {} candidate items from {sections} are about something \
                 other than the scope's words; name the section you mean with `heading:` or \
                 `docs:`",
                c.off_topic, v.passed
            )
        } else if c.off_topic > 0 {
            // Said with its reason, as the empty quiz's note is (an outside review got "allow
            // more kinds" with every kind allowed and 21 items left out as off the topic).
            format!(
                "{head}: {sections} gave {} candidate items that passed validation, {} of them \
                 about something other than the scope's words (left out); widen the scope, or \
                 name the sections you mean with `heading:` or `docs:`",
                v.passed, c.off_topic
            )
        } else {
            format!(
                "{head}: {sections} {state} no more that the rules can ask about; widen the \
                 scope or name more sections with `docs:`"
            )
        })
    }
}

/// A task of a section and the menu path that does it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskPath {
    /// The task as the docs name it ("Setting the screen to black and white").
    pub task: String,
    /// The path, as plain text ("Settings > Security > Two-factor"; flat text as written, without
    /// its "Try Now" link).
    pub path: String,
    /// Whether the path is a flat-text run of words (no separators).
    pub flat: bool,
    /// The heading the path stands under (the item's source).
    pub heading: Option<String>,
    /// The text of the chunk that holds the path.
    pub quote: String,
    /// The chunk it comes from.
    pub chunk_id: String,
    /// What the section's first sentence says of the task, plain (the explanation's second
    /// sentence); empty when it says nothing usable.
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_is_what_the_item_asks_not_its_kind() {
        // A case compared with a threshold or limit is applied; a rule's consequence, a
        // table's cell, the next step and a task's menu path are recalled as stated.
        assert_eq!(Basis::Threshold.level(), Level::Apply);
        assert_eq!(Basis::Limit.level(), Level::Apply);
        for b in [
            Basis::Statement,
            Basis::Condition,
            Basis::NextStep,
            Basis::TableCell,
            Basis::Purpose,
            Basis::Label,
            Basis::Task,
            Basis::Heading,
        ] {
            assert_eq!(b.level(), Level::Recall, "{b:?}");
        }
    }

    fn quiz(items: usize, candidates: usize, passed: usize, off_topic: usize) -> Quiz {
        let chunk = docent_core::Chunk::public_doc("c", "Doc", &[], "");
        let it = crate::material::item(
            ItemKind::Cloze,
            "Fill in the blank: _____.".into(),
            crate::material::source(&chunk, None, ""),
            String::new(),
            1,
            Level::Recall,
        );
        Quiz {
            id: String::new(),
            title: String::new(),
            scope: "instant recording".into(),
            generator: "rules".into(),
            items: vec![it; items],
            validation: Rejections {
                candidates,
                passed,
                reasons: Default::default(),
                coverage: Coverage {
                    chunks: 3,
                    off_topic,
                    ..Default::default()
                },
            },
        }
    }

    #[test]
    fn a_short_quiz_says_why() {
        assert_eq!(quiz(8, 30, 30, 0).shortfall(8), None);
        let none = quiz(0, 0, 0, 0).shortfall(8).expect("a note");
        assert!(
            none.starts_with(
                "the scope gave 0 of the 8 items asked for: its 3 sections state nothing"
            ),
            "{none}"
        );
        let mut one = quiz(0, 0, 0, 0);
        one.validation.coverage.chunks = 1;
        let one = one.shortfall(8).expect("a note");
        assert!(one.contains(": its one section states nothing"), "{one}");
        let off = quiz(0, 27, 27, 25).shortfall(8).expect("a note");
        assert!(
            off.contains(
                "25 of the 27 candidate items from its 3 sections are about something other"
            ),
            "{off}"
        );
        // A named heading whose chunks' other sections gave every candidate: the note says so
        // instead of asking for the section the author already named.
        let mut beside = quiz(0, 4, 4, 4);
        beside.scope = "heading:Retention settings".into();
        let beside = beside.shortfall(8).expect("a note");
        assert!(
            beside.contains("the sentences under that heading state nothing")
                && beside.contains("the 4 candidate items found come from the sections beside it")
                && !beside.contains("name the section you mean"),
            "{beside}"
        );
        let mut lone = quiz(0, 2, 1, 1);
        lone.scope = "heading:Check time zones".into();
        let lone = lone.shortfall(8).expect("a note");
        assert!(
            lone.contains("the one candidate item found comes from the sections beside it"),
            "{lone}"
        );
        let short = quiz(3, 25, 20, 10).shortfall(8).expect("a note");
        assert!(
            short.starts_with("the scope gave 3 of the 8 items asked for: its 3 sections gave 20 candidate items that passed validation, 10 of them about something other")
                && short.contains("`heading:`"),
            "{short}"
        );
        let short = quiz(3, 25, 20, 0).shortfall(8).expect("a note");
        assert_eq!(
            short,
            "the scope gave 3 of the 8 items asked for: its 3 sections state no more that the rules can ask about; widen the scope or name more sections with `docs:`"
        );
    }
}
