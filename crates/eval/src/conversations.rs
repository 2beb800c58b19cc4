//! The conversation eval: multi-turn conversations asked through `/v1/ask` with one
//! conversation id, scored per turn by kind.
//!
//! A set's `conversations.jsonl` holds `{"id", "turns": [{"question", "relevant_ids", "kind"}]}`
//! lines; `kind` is `first`, `follow_up` (pronouns, ellipsis), `topic_switch`, `correction`
//! (the turn corrects the previous one) or `off_topic` (no relevant ids: it should be declined).
//! Each off-topic turn is also asked alone, in a fresh conversation, so that declining after a
//! conversation can be compared with declining alone.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context as _, Result};
use serde::{Deserialize, Serialize};

use crate::answers::Asker;

/// What a turn does in its conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnKind {
    /// The opening question.
    First,
    /// Leans on the previous turn (a pronoun, an ellipsis).
    FollowUp,
    /// A new in-scope topic.
    TopicSwitch,
    /// Corrects the previous turn ("sorry, I meant ...").
    Correction,
    /// Nothing the docs answer: should be declined.
    OffTopic,
}

/// One turn.
#[derive(Debug, Clone, Deserialize)]
pub struct Turn {
    /// The question as typed.
    pub question: String,
    /// Relevant document or chunk ids (empty for off-topic turns).
    #[serde(default)]
    pub relevant_ids: Vec<String>,
    /// What the turn does.
    pub kind: TurnKind,
}

/// One conversation.
#[derive(Debug, Clone, Deserialize)]
pub struct Conversation {
    /// Conversation id.
    pub id: String,
    /// Its turns, in order.
    pub turns: Vec<Turn>,
}

/// Reads `conversations.jsonl`; a bad line is an error naming it.
pub fn read(path: &Path) -> Result<Vec<Conversation>> {
    let mut out = Vec::new();
    for (line, c) in crate::read_jsonl::<Conversation>(path, "a conversation line")? {
        for t in &c.turns {
            if (t.kind == TurnKind::OffTopic) != t.relevant_ids.is_empty() {
                bail!(
                    "{}:{}: {:?}: off-topic turns, and only they, have no relevant ids",
                    path.display(),
                    line,
                    t.question
                );
            }
        }
        out.push(c);
    }
    Ok(out)
}

/// What one turn produced.
#[derive(Debug, Clone, Serialize)]
pub struct TurnResult {
    /// Conversation id.
    pub conversation: String,
    /// Turn number (from 1).
    pub turn: usize,
    /// Kind of turn.
    pub kind: TurnKind,
    /// The question.
    pub question: String,
    /// What the tutor searched.
    pub resolved: String,
    /// Whether it answered.
    pub answered: bool,
    /// Its confidence.
    pub confidence: f32,
    /// Whether the first citation is relevant.
    pub first_relevant: bool,
    /// For off-topic turns: whether the same question asked alone was answered.
    pub answered_alone: Option<bool>,
}

/// Asks every conversation turn by turn in one conversation (off-topic turns also alone).
pub fn run(asker: &dyn Asker, conversations: &[Conversation]) -> Result<Vec<TurnResult>> {
    let mut turns = Vec::new();
    for c in conversations {
        let mut conv_id: Option<String> = None;
        for (i, t) in c.turns.iter().enumerate() {
            let reply = asker
                .ask(&t.question, conv_id.as_deref())
                .with_context(|| format!("conversation {}", c.id))?;
            conv_id = Some(reply.conversation_id);
            let a = reply.answer;
            let first = a.citations.first();
            let answered_alone = if t.kind == TurnKind::OffTopic {
                Some(asker.ask(&t.question, None)?.answer.answered)
            } else {
                None
            };
            turns.push(TurnResult {
                conversation: c.id.clone(),
                turn: i + 1,
                kind: t.kind,
                question: t.question.clone(),
                resolved: a.resolved_question,
                answered: a.answered,
                confidence: a.confidence,
                first_relevant: first.is_some_and(|f| {
                    t.relevant_ids
                        .iter()
                        .any(|r| *r == f.doc_id || *r == f.chunk_id)
                }),
                answered_alone,
            });
        }
    }
    Ok(turns)
}

/// Per-kind numbers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindReport {
    /// Turns of this kind.
    pub turns: usize,
    /// Answered.
    pub answered: usize,
    /// Answered with a relevant first citation.
    pub answered_right_section: usize,
    /// Off-topic only: answered when asked alone.
    pub answered_alone: usize,
}

/// The conversation eval's report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Set name.
    pub set: String,
    /// Conversations asked.
    pub conversations: usize,
    /// Per kind of turn.
    pub kinds: BTreeMap<String, KindReport>,
    /// Every turn.
    pub turns: Vec<TurnResult>,
}

/// Builds the report.
pub fn report(set: &str, conversations: usize, turns: Vec<TurnResult>) -> Report {
    let mut kinds: BTreeMap<String, KindReport> = BTreeMap::new();
    for t in &turns {
        let name = serde_json::to_value(t.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let k = kinds.entry(name).or_default();
        k.turns += 1;
        k.answered += usize::from(t.answered);
        k.answered_right_section += usize::from(t.answered && t.first_relevant);
        k.answered_alone += usize::from(t.answered_alone == Some(true));
    }
    Report {
        set: set.to_string(),
        conversations,
        kinds,
        turns,
    }
}

impl Report {
    /// A table for people.
    pub fn table(&self) -> String {
        let mut s = format!(
            "conversation eval: {} ({} conversations)\n  kind          turns  answered  right section\n",
            self.set, self.conversations
        );
        for (name, k) in &self.kinds {
            if name == "off_topic" {
                s.push_str(&format!(
                    "  {name:<12} {:>6}  declined {} of {} in conversation, {} of {} asked alone\n",
                    k.turns,
                    k.turns - k.answered,
                    k.turns,
                    k.turns - k.answered_alone,
                    k.turns
                ));
            } else {
                s.push_str(&format!(
                    "  {name:<12} {:>6}  {:>8}  {:>6} ({:.3})\n",
                    k.turns,
                    k.answered,
                    k.answered_right_section,
                    k.answered_right_section as f64 / k.turns.max(1) as f64
                ));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    //! Proves: turns are counted per kind, and off-topic turns count declines in and out of
    //! conversation.
    use super::*;

    fn turn(kind: TurnKind, answered: bool, relevant: bool, alone: Option<bool>) -> TurnResult {
        TurnResult {
            conversation: "c".into(),
            turn: 1,
            kind,
            question: "q".into(),
            resolved: "q".into(),
            answered,
            confidence: 0.5,
            first_relevant: relevant,
            answered_alone: alone,
        }
    }

    #[test]
    fn counts_per_kind() {
        let r = report(
            "s",
            1,
            vec![
                turn(TurnKind::FollowUp, true, true, None),
                turn(TurnKind::FollowUp, true, false, None),
                turn(TurnKind::OffTopic, true, false, Some(false)),
            ],
        );
        let f = &r.kinds["follow_up"];
        assert_eq!((f.turns, f.answered, f.answered_right_section), (2, 2, 1));
        let o = &r.kinds["off_topic"];
        assert_eq!((o.answered, o.answered_alone), (1, 0));
        assert!(r
            .table()
            .contains("declined 0 of 1 in conversation, 1 of 1 asked alone"));
    }
}
