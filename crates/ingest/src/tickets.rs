//! Ticket exports: CSV, JSON (an array, or an object holding a `tickets` array) and JSONL,
//! mapped to [`Ticket`] through a [`TicketMapping`] and redacted before they are returned.
//!
//! A malformed row (no id, an unreadable date, no text) is reported with its line and skipped;
//! the other rows load.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime};
use docent_core::{Audience, DocKind, Document, Ticket, TicketMapping};
use serde_json::Value;

use crate::{redact, Error, Result};

/// Tickets read from one export, and the rows that were skipped.
#[derive(Debug, Default)]
pub struct TicketLoad {
    /// Tickets, redacted.
    pub tickets: Vec<Ticket>,
    /// One entry per skipped row, naming its line.
    pub problems: Vec<Error>,
}

/// Reads a ticket export from disk; the format comes from the extension.
pub fn load_tickets(path: &Path, mapping: &TicketMapping) -> Result<TicketLoad> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: shown.clone(),
        source,
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    parse_tickets(&shown, &ext, &bytes, mapping)
}

/// Parses a ticket export held in memory. `format` is `csv`, `json` or `jsonl`.
pub fn parse_tickets(
    path: &str,
    format: &str,
    bytes: &[u8],
    mapping: &TicketMapping,
) -> Result<TicketLoad> {
    match format {
        "csv" => Ok(parse_csv(path, bytes, mapping)),
        "json" | "jsonl" | "ndjson" => {
            let text = std::str::from_utf8(bytes).map_err(|_| Error::NotText {
                path: path.to_string(),
            })?;
            if format == "json" {
                parse_json(path, text, mapping)
            } else {
                Ok(parse_jsonl(path, text, mapping))
            }
        }
        _ => Err(Error::Unsupported {
            path: path.to_string(),
        }),
    }
}

/// Column index for each field.
struct Columns {
    id: Option<usize>,
    created_at: Option<usize>,
    subject: Option<usize>,
    description: Option<usize>,
    tags: Option<usize>,
    status: Option<usize>,
    channel: Option<usize>,
}

fn find(headers: &[String], names: &[String]) -> Option<usize> {
    names.iter().find_map(|n| {
        let n = crate::loaders::field_key(n);
        headers
            .iter()
            .position(|h| crate::loaders::field_key(h) == n)
    })
}

fn parse_csv(path: &str, bytes: &[u8], mapping: &TicketMapping) -> TicketLoad {
    let mut load = TicketLoad::default();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            load.problems.push(Error::Malformed {
                path: path.to_string(),
                line: 1,
                message: format!("unreadable header row: {e}"),
            });
            return load;
        }
    };
    let cols = Columns {
        id: find(&headers, &mapping.id),
        created_at: find(&headers, &mapping.created_at),
        subject: find(&headers, &mapping.subject),
        description: find(&headers, &mapping.description),
        tags: find(&headers, &mapping.tags),
        status: find(&headers, &mapping.status),
        channel: find(&headers, &mapping.channel),
    };
    if cols.created_at.is_none() || (cols.subject.is_none() && cols.description.is_none()) {
        load.problems.push(Error::Malformed {
            path: path.to_string(),
            line: 1,
            message: format!(
                "no date or no text column among {headers:?}; set [tickets] created_at / description in docent.toml"
            ),
        });
        return load;
    }
    // Line numbers from byte offsets: the csv reader's own count is one short per line in
    // files with CRLF line ends (the sample's export among them).
    let mut lines = LineCounter::new(bytes);
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| lines.at(p.byte())).unwrap_or(0);
                load.problems.push(Error::Malformed {
                    path: path.to_string(),
                    line,
                    message: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map(|p| lines.at(p.byte())).unwrap_or(0);
        if let Some(k) = swallowed_row(&record, cols.created_at) {
            load.problems.push(Error::Malformed {
                path: path.to_string(),
                line,
                message: format!(
                    "a field of this row holds what reads as another ticket's row ({k} lines further down: a quote opened and never closed?); the row was read as it is, check the export"
                ),
            });
        }
        let get = |c: Option<usize>| c.and_then(|i| record.get(i)).map(str::to_string);
        let raw = RawTicket {
            id: get(cols.id),
            created_at: get(cols.created_at),
            subject: get(cols.subject),
            description: get(cols.description),
            tags: get(cols.tags).map(|t| split_tags(&t)).unwrap_or_default(),
            status: get(cols.status),
            channel: get(cols.channel),
        };
        match raw.finish(path, line) {
            Ok(t) => load.tickets.push(t),
            Err(e) => load.problems.push(e),
        }
    }
    load
}

/// Line numbers of byte offsets met in increasing order (a CSV reader's records).
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            at: 0,
            line: 1,
        }
    }

    /// The line (from 1) of byte `offset`.
    fn at(&mut self, offset: u64) -> usize {
        let mut to = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        // After a CR the reader's record starts at the LF that ends the line before.
        while self
            .bytes
            .get(to)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            to += 1;
        }
        if to < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += self.bytes[self.at..to]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.at = to;
        self.line
    }
}

/// Where a field of `record` holds a line that reads as a row of its own (its date column
/// holds a date): how many lines into the field. A quote opened and never closed makes the
/// reader take the rows after it into one field, and a ticket goes missing without a word.
fn swallowed_row(record: &csv::StringRecord, date_col: Option<usize>) -> Option<usize> {
    let date_col = date_col?;
    record.iter().find_map(|field| {
        field.lines().enumerate().skip(1).find_map(|(k, line)| {
            let parts: Vec<&str> = line.split(',').collect();
            parts
                .get(date_col)
                .filter(|d| parse_date(d).is_some())
                .map(|_| k)
        })
    })
}

fn parse_json(path: &str, text: &str, mapping: &TicketMapping) -> Result<TicketLoad> {
    let value: Value = serde_json::from_str(text).map_err(|e| Error::Malformed {
        path: path.to_string(),
        line: e.line(),
        message: e.to_string(),
    })?;
    let items = match value {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove("tickets") {
            Some(Value::Array(a)) => a,
            _ => {
                return Err(Error::Malformed {
                    path: path.to_string(),
                    line: 0,
                    message: "expected an array of tickets or an object with a \"tickets\" array"
                        .into(),
                })
            }
        },
        _ => {
            return Err(Error::Malformed {
                path: path.to_string(),
                line: 0,
                message: "expected an array of tickets".into(),
            })
        }
    };
    let mut load = TicketLoad::default();
    for (i, item) in items.iter().enumerate() {
        // Records in a JSON array are numbered from 1, like lines.
        match from_object(item, mapping).finish(path, i + 1) {
            Ok(t) => load.tickets.push(t),
            Err(e) => load.problems.push(e),
        }
    }
    Ok(load)
}

/// Whether a JSONL file found among documents is a ticket export: every record that parses
/// names a creation time the ticket mapping reads (`created_at`, `created`, `date`, ...) and
/// none says it is a page (an `audience`, or `"kind": "doc"`). Such a file is read as tickets,
/// redacted and internal, as a CSV export next to it is: read as pages, a help desk's export
/// would publish what customers wrote, verbatim, to every visitor. A file that mixes both
/// stays pages, and the document loader refuses each record that reads as a ticket.
pub fn jsonl_holds_tickets(text: &str, mapping: &TicketMapping) -> bool {
    let mut any = false;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(record) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if crate::loaders::ticket_date(&record, &mapping.created_at).is_none() {
            return false;
        }
        any = true;
    }
    any
}

fn parse_jsonl(path: &str, text: &str, mapping: &TicketMapping) -> TicketLoad {
    let mut load = TicketLoad::default();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let result = serde_json::from_str::<Value>(line)
            .map_err(|e| Error::Malformed {
                path: path.to_string(),
                line: i + 1,
                message: e.to_string(),
            })
            .and_then(|v| from_object(&v, mapping).finish(path, i + 1));
        match result {
            Ok(t) => load.tickets.push(t),
            Err(e) => load.problems.push(e),
        }
    }
    load
}

struct RawTicket {
    id: Option<String>,
    created_at: Option<String>,
    subject: Option<String>,
    description: Option<String>,
    tags: Vec<String>,
    status: Option<String>,
    channel: Option<String>,
}

fn from_object(v: &Value, m: &TicketMapping) -> RawTicket {
    let fields: HashMap<String, &Value> = v
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (crate::loaders::field_key(k), v))
                .collect()
        })
        .unwrap_or_default();
    let get = |names: &[String]| -> Option<&Value> {
        names
            .iter()
            .find_map(|n| fields.get(&crate::loaders::field_key(n)).copied())
            .filter(|v| !v.is_null())
    };
    let text = |names: &[String]| -> Option<String> {
        get(names).map(|v| match v {
            Value::String(s) => s.clone(),
            // Zendesk: "via": {"channel": "email", ...}
            Value::Object(o) => o
                .get("channel")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string()),
            other => other.to_string(),
        })
    };
    let tags = match get(&m.tags) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|t| t.as_str().map(|s| s.to_ascii_lowercase()))
            .collect(),
        Some(Value::String(s)) => split_tags(s),
        _ => Vec::new(),
    };
    RawTicket {
        id: text(&m.id),
        created_at: text(&m.created_at),
        subject: text(&m.subject),
        description: text(&m.description),
        tags,
        status: text(&m.status),
        channel: text(&m.channel),
    }
}

fn split_tags(s: &str) -> Vec<String> {
    let s = s.trim().trim_start_matches('[').trim_end_matches(']');
    s.split([',', ' ', ';'])
        .map(|t| t.trim().trim_matches('"').to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The most of a ticket's subject that is kept, in characters.
pub const MAX_SUBJECT_CHARS: usize = 1_000;

/// The most of a ticket's description that is kept, in characters: what a person wrote in a
/// ticket fits many times over, and the gap report reads its subject and first part. A longer
/// one (a pasted log, or a hostile upload) would be redacted, chunked and embedded whole (a
/// 50 MB line kept ingestion busy for minutes).
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;

/// The first `max` characters of `text`.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => text[..at].to_string(),
        None => text.to_string(),
    }
}

impl RawTicket {
    fn finish(self, path: &str, line: usize) -> Result<Ticket> {
        let bad = |message: String| Error::Malformed {
            path: path.to_string(),
            line,
            message,
        };
        let id = self
            .id
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("line-{line}"));
        let raw_date = self
            .created_at
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| bad(format!("ticket {id}: no creation date")))?;
        let created = parse_date(&raw_date)
            .ok_or_else(|| bad(format!("ticket {id}: unreadable date {raw_date:?}")))?;
        // A year no help desk wrote ("-2026-01-01", "0001-01-01") reads as a ticket from
        // another age: the gap report counted such rows as "without a date" (an outside
        // probe, session 54).
        if !docent_core::YEARS.contains(&created.year()) {
            return Err(bad(format!(
                "ticket {id}: date {raw_date:?} is in the year {}, outside 1900-9999",
                created.year()
            )));
        }
        // What a customer wrote, without the controls that would rewrite the terminal or
        // the page of whoever reads it (`docent search`, the gap report).
        let clean = |s: Option<String>, max: usize| {
            redact(&cut(
                docent_core::without_invisible_controls(&s.unwrap_or_default()).trim(),
                max,
            ))
        };
        let subject = clean(self.subject, MAX_SUBJECT_CHARS);
        let description = clean(self.description, MAX_DESCRIPTION_CHARS);
        if subject.is_empty() && description.is_empty() {
            return Err(bad(format!("ticket {id}: no subject and no description")));
        }
        let nonempty = |s: Option<String>| {
            s.map(|s| s.trim().to_ascii_lowercase())
                .filter(|s| !s.is_empty())
        };
        Ok(Ticket {
            id,
            created_at: created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            subject,
            description,
            tags: self.tags,
            status: nonempty(self.status),
            channel: nonempty(self.channel),
            source: format!("{path}#{line}"),
        })
    }
}

/// Reads the date formats help desks export: RFC 3339, `YYYY-MM-DD HH:MM[:SS]`,
/// `YYYY-MM-DD`, `MM/DD/YYYY[ HH:MM]` and Unix seconds. The offset written is kept (a
/// question asked on Sunday evening in the help desk's time zone was asked on Sunday, not on
/// Monday in UTC); a date without one is UTC.
fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    if let Ok(d) = DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S %z") {
        return Some(d);
    }
    let utc = |d: NaiveDateTime| d.and_utc().fixed_offset();
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y %H:%M:%S",
        "%d %b %Y %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(utc(d));
        }
    }
    for f in ["%Y-%m-%d", "%m/%d/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return d.and_hms_opt(0, 0, 0).map(utc);
        }
    }
    // Unix time in seconds, or in milliseconds as JavaScript writes it (13 digits: 1736000000000
    // read as seconds was the year 56981).
    s.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .and_then(|n| {
            if n >= 100_000_000_000 {
                DateTime::from_timestamp_millis(n)
            } else {
                DateTime::from_timestamp(n, 0)
            }
        })
        .map(|d| d.fixed_offset())
}

/// A ticket as an internal document, for lexical and dense search by staff and the gap report.
pub fn ticket_document(t: &Ticket) -> Document {
    let mut text = String::new();
    if !t.subject.is_empty() {
        text.push_str(&t.subject);
        text.push_str("\n\n");
    }
    text.push_str(&t.description);
    Document {
        id: format!("ticket:{}", t.id),
        source: t.source.clone(),
        title: if t.subject.is_empty() {
            format!("Ticket {}", t.id)
        } else {
            t.subject.clone()
        },
        url: None,
        audience: Audience::Internal,
        product: t.tags.first().cloned(),
        kind: DocKind::Ticket,
        text,
        summary: None,
    }
}

#[cfg(test)]
mod tests {
    //! Proves: 1. Zendesk and Freshdesk column names map without configuration; 2. a bad row is
    //! reported with its line and the others load; 3. PII is gone before tickets are returned.
    use super::*;

    #[test]
    fn zendesk_csv_with_a_bad_row() {
        let csv = "Id,Created at,Subject,Description,Tags,Status,Via\n\
                   101,2026-03-02 10:00:00,Export fails,\"Hi Anna, export to CSV fails. Mail me: a@b.co\",\"export csv\",open,email\n\
                   102,yesterday,Login,Cannot log in,sso,open,web\n\
                   103,2026-03-03,SSO,\"Okta loop\",sso,solved,chat\n";
        let load =
            parse_tickets("t.csv", "csv", csv.as_bytes(), &TicketMapping::default()).unwrap();
        assert_eq!(load.tickets.len(), 2);
        assert_eq!(load.problems.len(), 1);
        assert!(
            load.problems[0].to_string().starts_with("t.csv:3:"),
            "{}",
            load.problems[0]
        );
        let t = &load.tickets[0];
        assert_eq!(t.id, "101");
        assert_eq!(t.created_at, "2026-03-02T10:00:00Z");
        assert_eq!(t.tags, vec!["export", "csv"]);
        assert_eq!(t.channel.as_deref(), Some("email"));
        assert!(!t.description.contains("a@b.co") && !t.description.contains("Anna"));
    }

    // Second security probe, finding 3: one ticket of a 50 MB line kept ingestion busy.
    #[test]
    fn a_huge_ticket_is_cut_to_its_first_part() {
        let long = "call me at 415 555 0100 or mail a@b.co ".repeat(10_000);
        let csv = format!(
            "id,created_at,subject,description\n1,2026-03-02,{},{long}\n",
            "S".repeat(5_000)
        );
        let load =
            parse_tickets("t.csv", "csv", csv.as_bytes(), &TicketMapping::default()).unwrap();
        let t = &load.tickets[0];
        assert!(
            t.description.chars().count() <= MAX_DESCRIPTION_CHARS,
            "{}",
            t.description.len()
        );
        assert!(t.subject.chars().count() <= MAX_SUBJECT_CHARS);
        assert!(
            t.description.starts_with("call me at [PHONE]"),
            "{}",
            &t.description[..60]
        );
        assert!(!t.description.contains("a@b.co"));
    }

    #[test]
    fn freshdesk_csv_columns() {
        let csv = "Ticket ID,Subject,Description,Status,Created time,Source,Tags\n\
                   7,Refund,Please refund,Closed,03/04/2026 09:30,Portal,billing\n";
        let load =
            parse_tickets("f.csv", "csv", csv.as_bytes(), &TicketMapping::default()).unwrap();
        assert!(load.problems.is_empty(), "{:?}", load.problems);
        assert_eq!(load.tickets[0].id, "7");
        assert_eq!(load.tickets[0].created_at, "2026-03-04T09:30:00Z");
        assert_eq!(load.tickets[0].channel.as_deref(), Some("portal"));
    }

    /// `text` read as a JSONL export `t.jsonl` with the default columns.
    fn parse_jsonl(text: &str) -> TicketLoad {
        parse_tickets(
            "t.jsonl",
            "jsonl",
            text.as_bytes(),
            &TicketMapping::default(),
        )
        .unwrap()
    }

    #[test]
    fn a_date_keeps_the_offset_it_was_written_with() {
        let jsonl = "{\"id\":\"a\",\"created\":\"2025-06-29T19:43:25-07:00\",\"title\":\"T\",\"text\":\"x\"}\n\
                     {\"id\":\"b\",\"created\":\"2025-06-29 19:43:25 +0530\",\"title\":\"T\",\"text\":\"y\"}\n\
                     {\"id\":\"c\",\"created\":\"2025-06-29T19:43:25+00:00\",\"title\":\"T\",\"text\":\"z\"}\n";
        let load = parse_jsonl(jsonl);
        let dates: Vec<&str> = load.tickets.iter().map(|t| t.created_at.as_str()).collect();
        // Sunday evening in California is still Sunday, not Monday 02:43 in UTC.
        assert_eq!(
            dates,
            [
                "2025-06-29T19:43:25-07:00",
                "2025-06-29T19:43:25+05:30",
                "2025-06-29T19:43:25Z"
            ]
        );
    }

    // An outside probe of bad input (session 54): milliseconds were read as seconds (the year
    // 56981), and years such as -2026 or 1 were taken.
    #[test]
    fn milliseconds_are_read_and_years_no_help_desk_wrote_are_refused() {
        let jsonl =
            "{\"id\":\"ms\",\"created\":\"1736000000000\",\"title\":\"T\",\"text\":\"x\"}\n\
                     {\"id\":\"s\",\"created\":\"1736000000\",\"title\":\"T\",\"text\":\"x\"}\n\
                     {\"id\":\"neg\",\"created\":\"-2026-01-01\",\"title\":\"T\",\"text\":\"x\"}\n\
                     {\"id\":\"one\",\"created\":\"0001-01-01\",\"title\":\"T\",\"text\":\"x\"}\n";
        let load = parse_jsonl(jsonl);
        let dates: Vec<&str> = load.tickets.iter().map(|t| t.created_at.as_str()).collect();
        assert_eq!(dates, ["2025-01-04T14:13:20Z", "2025-01-04T14:13:20Z"]);
        assert_eq!(load.problems.len(), 2, "{:?}", load.problems);
        assert!(load
            .problems
            .iter()
            .all(|p| p.to_string().contains("outside 1900-9999")));
    }

    // An outside probe of bad input (session 54): with CRLF line ends the lines named were
    // one short; a quote never closed took the next ticket into a field without a word.
    #[test]
    fn crlf_lines_are_counted_and_an_unclosed_quote_is_named() {
        let crlf = "id,created_at,subject,description\r\n1,2026-01-05T10:00:00Z,Alpha,alpha body\r\n2,,No date,two\r\n3,2026-01-05T10:00:00Z,Gamma,gamma\r\n4,bad-date,Delta,delta\r\n";
        let load = parse_csv("t.csv", crlf.as_bytes(), &TicketMapping::default());
        let said: Vec<String> = load.problems.iter().map(|p| p.to_string()).collect();
        assert!(said[0].starts_with("t.csv:3"), "{said:?}");
        assert!(said[1].starts_with("t.csv:5"), "{said:?}");
        let open = "id,created_at,subject,description\n1,2026-01-05T10:00:00Z,Alpha,alpha\n2,2026-01-05T10:00:00Z,\"Never closed,two\n3,2026-01-06T10:00:00Z,Gamma,gamma\n";
        let load = parse_csv("t.csv", open.as_bytes(), &TicketMapping::default());
        let said: Vec<String> = load.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            said.iter()
                .any(|p| p.starts_with("t.csv:3") && p.contains("never closed")),
            "{said:?}"
        );
        // A description of several lines is no other row.
        let multi = "id,created_at,subject,description\n1,2026-01-05T10:00:00Z,Alpha,\"first line\nsecond, with a comma\"\n";
        let load = parse_csv("t.csv", multi.as_bytes(), &TicketMapping::default());
        assert!(load.problems.is_empty(), "{:?}", load.problems);
    }

    #[test]
    fn json_and_jsonl() {
        let json = r#"{"tickets":[{"id":1,"created_at":"2026-01-05T08:00:00Z","subject":"A","description":"b","tags":["x"],"via":{"channel":"web"}},{"id":2}]}"#;
        let load =
            parse_tickets("t.json", "json", json.as_bytes(), &TicketMapping::default()).unwrap();
        assert_eq!(load.tickets.len(), 1);
        assert_eq!(load.tickets[0].channel.as_deref(), Some("web"));
        assert_eq!(load.problems.len(), 1);
        let jsonl =
            "{\"id\":\"a\",\"created\":\"2026-01-05\",\"title\":\"T\",\"text\":\"x\"}\nnot json\n";
        let load = parse_jsonl(jsonl);
        assert_eq!(load.tickets.len(), 1);
        assert!(load.problems[0].to_string().starts_with("t.jsonl:2:"));
    }

    #[test]
    fn custom_mapping() {
        let mapping = TicketMapping {
            id: vec!["Key".into()],
            created_at: vec!["Opened".into()],
            description: vec!["Body Text".into()],
            ..TicketMapping::default()
        };
        let csv = "Key,Opened,Body Text\nK-1,2026-02-01,Help\n";
        let load = parse_tickets("c.csv", "csv", csv.as_bytes(), &mapping).unwrap();
        assert_eq!(load.tickets[0].id, "K-1");
    }
}
