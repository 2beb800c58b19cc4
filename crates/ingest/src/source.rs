//! The seam every input of an ingest comes through. A [`Source`] lists its items with content
//! hashes (so an ingest reloads only what changed) and loads one item into documents or
//! tickets. [`Files`] is the source for files and folders on disk; a website crawler or a
//! help-desk API is another implementation, one module, with no change to the ingest.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use docent_core::{Audience, Document, Ticket, TicketMapping};

use crate::{
    is_ticket_file, load_file, load_tickets, scan, LoadDefaults, Problem, DOC_EXTENSIONS,
    TICKET_EXTENSIONS,
};

/// What an item holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Documentation pages (one, or several in a JSONL file).
    Documents,
    /// A ticket export.
    Tickets,
}

/// Where a source finds an item again to load it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A file on disk.
    File(PathBuf),
    /// A page or record behind a URL (sources that are not files).
    Url(String),
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Url(u) => f.write_str(u),
        }
    }
}

/// One item a source offers now.
#[derive(Debug, Clone)]
pub struct Item {
    /// The root it was listed under (a folder, a site, an account), `/`-separated.
    pub root: String,
    /// Its key under the root (a relative path): the key under which the index remembers the
    /// item, and the base of its document id.
    pub key: String,
    /// Hash of the content: an item whose hash is unchanged costs nothing.
    pub hash: String,
    /// Where to load it from.
    pub location: Location,
    /// Documents or tickets.
    pub holds: Holds,
}

/// What loading one item gave.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Documents, ids set.
    pub documents: Vec<Document>,
    /// Tickets, redacted.
    pub tickets: Vec<Ticket>,
    /// Records of the item that were skipped, each naming where.
    pub problems: Vec<Problem>,
}

/// An input of an ingest.
pub trait Source: Send + Sync + std::fmt::Debug {
    /// The roots this source covers: an item remembered under one of them that is no longer
    /// listed leaves the index; items of other roots (other sources, earlier ingests) stay.
    fn roots(&self) -> Vec<String>;
    /// Every item available now, and a problem for each input that could not be listed.
    fn list(&self) -> (Vec<Item>, Vec<Problem>);
    /// Loads one listed item; `doc_id` names the document of a single-document item.
    fn load(&self, item: &Item, doc_id: &str) -> Result<Loaded, Problem>;
    /// This source with each of its roots that lies inside a root the index already holds
    /// replaced by that root, and what was replaced; `None` when none does. A subfolder or a
    /// file of an ingested folder, read as a root of its own, would be indexed a second time
    /// under other ids, and the first copy would stay (a page made internal kept its public
    /// copy).
    fn within(&self, _known: &[KnownRoot]) -> Option<(Arc<dyn Source>, Vec<Widened>)> {
        None
    }
}

/// A root the index holds from an earlier ingest, and what its files were read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownRoot {
    /// The root as it was given (`/`-separated).
    pub root: String,
    /// Documents when any of its files gave pages, else tickets.
    pub holds: Holds,
}

/// A path given to an ingest that lies inside a root the index already holds, so that root
/// was read instead.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Widened {
    /// The path as given.
    pub given: String,
    /// The root the index holds it under, read in its place.
    pub root: String,
}

/// Files and folders on disk: documents (Markdown, MDX, HTML, text, JSONL; `.csv` files found
/// there are ticket exports) and ticket exports (CSV, JSON, JSONL).
#[derive(Debug, Clone, Default)]
pub struct Files {
    /// Document files or folders.
    pub docs: Vec<PathBuf>,
    /// Ticket exports or folders of them.
    pub tickets: Vec<PathBuf>,
    /// Audience and product of documents that name none.
    pub defaults: LoadDefaults,
    /// Ticket column mapping.
    pub mapping: TicketMapping,
}

impl Files {
    /// Documents under `docs` and ticket exports under `tickets`, with no defaults and the
    /// default ticket mapping.
    pub fn new(docs: Vec<PathBuf>, tickets: Vec<PathBuf>) -> Self {
        Files {
            docs,
            tickets,
            ..Files::default()
        }
    }
}

/// The folder an ingested root's MDX imports may be read from: the root itself, or the folder
/// of a root that is a single file.
pub(crate) fn site_folder(root: &Path) -> PathBuf {
    if root.is_file() {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        root.to_path_buf()
    }
}

fn root_key(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// `path` in place of the first known root of `holds` that holds it (lies strictly inside
/// its folder), or `None`.
fn known_root_of(path: &Path, holds: Holds, known: &[(PathBuf, &KnownRoot)]) -> Option<String> {
    let place = path.canonicalize().ok()?;
    known
        .iter()
        .filter(|(_, k)| k.holds == holds)
        .find(|(folder, _)| place != *folder && place.starts_with(folder))
        .map(|(_, k)| k.root.clone())
}

/// `paths` with those inside a known root replaced by it (each root once), and the
/// replacements made.
fn widen(
    paths: &[PathBuf],
    holds: Holds,
    known: &[(PathBuf, &KnownRoot)],
    widened: &mut Vec<Widened>,
) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    let mut places: Vec<PathBuf> = Vec::new();
    for p in paths {
        let path = match known_root_of(p, holds, known) {
            Some(root) => {
                widened.push(Widened {
                    given: root_key(p),
                    root: root.clone(),
                });
                PathBuf::from(root)
            }
            None => p.clone(),
        };
        // `docs` and `./docs/guides` widened to `docs` are one folder, read once.
        let place = path.canonicalize().unwrap_or_else(|_| path.clone());
        if !places.contains(&place) {
            places.push(place);
            out.push(path);
        }
    }
    out
}

impl Source for Files {
    fn within(&self, known: &[KnownRoot]) -> Option<(Arc<dyn Source>, Vec<Widened>)> {
        // Only folders hold other roots; one no longer there holds nothing.
        let folders: Vec<(PathBuf, &KnownRoot)> = known
            .iter()
            .filter_map(|k| {
                let place = Path::new(&k.root).canonicalize().ok()?;
                place.is_dir().then_some((place, k))
            })
            .collect();
        let mut widened = Vec::new();
        let docs = widen(&self.docs, Holds::Documents, &folders, &mut widened);
        let tickets = widen(&self.tickets, Holds::Tickets, &folders, &mut widened);
        if widened.is_empty() {
            return None;
        }
        let files = Files {
            docs,
            tickets,
            ..self.clone()
        };
        Some((Arc::new(files), widened))
    }

    fn roots(&self) -> Vec<String> {
        self.docs
            .iter()
            .chain(&self.tickets)
            .map(|p| root_key(p))
            .collect()
    }

    fn list(&self) -> (Vec<Item>, Vec<Problem>) {
        let (docs, doc_errors) = scan(&self.docs, DOC_EXTENSIONS);
        let (tickets, ticket_errors) = scan(&self.tickets, TICKET_EXTENSIONS);
        let problems = doc_errors.iter().chain(&ticket_errors).map(Problem::from);
        // What a file reads as depends on the settings too: a document that names no audience
        // takes the default one, a ticket export is read by the column mapping. So a change of
        // either reads the files again, though their bytes are the same (with the defaults, a
        // page's hash is the bytes' alone, as indexes built before hold it).
        // No default audience reads as public.
        let audience = self.defaults.audience.filter(|a| *a != Audience::Public);
        let doc_settings = match (audience, &self.defaults.product) {
            (None, None) => String::new(),
            (a, p) => format!("audience={a:?};product={p:?}"),
        };
        // A ticket is read through the redactor too: a redactor that finds more (full-width
        // forms, other scripts' digits) reads every export again once.
        let ticket_settings = if self.mapping == TicketMapping::default() {
            format!("redactor={}", crate::redact::VERSION)
        } else {
            format!("redactor={};{:?}", crate::redact::VERSION, self.mapping)
        };
        // A JSONL file among documents may be a ticket export, read by the mapping (files
        // indexed before JSONL exports were told from pages are read again once).
        let jsonl_settings = format!("{doc_settings}{ticket_settings};jsonl-kinds=1");
        let item = |f: crate::SourceFile, holds: Holds| {
            let holds = if is_ticket_file(&f.path) {
                Holds::Tickets
            } else {
                holds
            };
            let settings = match holds {
                Holds::Tickets => &ticket_settings,
                Holds::Documents if is_jsonl(&f.path) => &jsonl_settings,
                Holds::Documents => &doc_settings,
            };
            Item {
                holds,
                root: f.root,
                key: f.key,
                hash: if settings.is_empty() {
                    f.hash
                } else {
                    crate::content_hash(format!("{}\n{settings}", f.hash).as_bytes())
                },
                location: Location::File(f.path),
            }
        };
        let items = docs
            .into_iter()
            .map(|f| item(f, Holds::Documents))
            .chain(tickets.into_iter().map(|f| item(f, Holds::Tickets)))
            .collect();
        (items, problems.collect())
    }

    fn load(&self, item: &Item, doc_id: &str) -> Result<Loaded, Problem> {
        let Location::File(path) = &item.location else {
            return Err(Problem {
                at: item.location.to_string(),
                message: "not a file".into(),
            });
        };
        match item.holds {
            Holds::Documents if is_jsonl(path) && self.jsonl_holds_tickets(path) => {
                self.load_tickets(path)
            }
            Holds::Documents => {
                let within = site_folder(Path::new(&item.root));
                // A record among the docs that reads as a ticket is refused, never published.
                let defaults = LoadDefaults {
                    ticket_dates: self.mapping.created_at.clone(),
                    ..self.defaults.clone()
                };
                let (documents, problems) =
                    load_file(path, doc_id, &defaults, &within).map_err(|e| Problem::from(&e))?;
                Ok(Loaded {
                    documents,
                    tickets: Vec::new(),
                    problems: problems.iter().map(Problem::from).collect(),
                })
            }
            Holds::Tickets => self.load_tickets(path),
        }
    }
}

fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

impl Files {
    fn load_tickets(&self, path: &Path) -> Result<Loaded, Problem> {
        let load = load_tickets(path, &self.mapping).map_err(|e| Problem::from(&e))?;
        Ok(Loaded {
            documents: Vec::new(),
            tickets: load.tickets,
            problems: load.problems.iter().map(Problem::from).collect(),
        })
    }

    /// Whether a JSONL file among documents is a ticket export
    /// ([`crate::tickets::jsonl_holds_tickets`]), judged on every record. A file that cannot
    /// be read is left to the document loader, which names the error.
    fn jsonl_holds_tickets(&self, path: &Path) -> bool {
        std::fs::read(path).is_ok_and(|bytes| {
            crate::tickets::jsonl_holds_tickets(&String::from_utf8_lossy(&bytes), &self.mapping)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_list_documents_and_tickets_with_hashes_and_load_them() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("a.md"), "# Alpha\n\nAlpha text.\n").unwrap();
        std::fs::write(
            docs.join("export.csv"),
            "id,created_at,subject,description\n1,2026-03-02,Hi,Help me\n",
        )
        .unwrap();
        let tickets = dir.path().join("t.jsonl");
        std::fs::write(
            &tickets,
            "{\"id\":\"7\",\"created_at\":\"2026-03-02\",\"subject\":\"S\",\"description\":\"B\"}\n",
        )
        .unwrap();
        let src = Files::new(vec![docs.clone(), dir.path().join("gone")], vec![tickets]);
        let (mut items, problems) = src.list();
        items.sort_by(|a, b| a.key.cmp(&b.key));
        assert_eq!(
            problems.len(),
            1,
            "the missing folder is a problem: {problems:?}"
        );
        assert!(problems[0].at.ends_with("gone"));
        let holds: Vec<(&str, Holds)> = items.iter().map(|i| (i.key.as_str(), i.holds)).collect();
        assert_eq!(
            holds,
            vec![
                ("a.md", Holds::Documents),
                ("export.csv", Holds::Tickets),
                ("t.jsonl", Holds::Tickets)
            ]
        );
        assert!(items.iter().all(|i| i.hash.len() == 64));
        let loaded = src.load(&items[0], "a").unwrap();
        assert_eq!(loaded.documents.len(), 1);
        assert_eq!(loaded.documents[0].id, "a");
        let loaded = src.load(&items[2], "t").unwrap();
        assert_eq!(loaded.tickets.len(), 1);
        assert_eq!(src.roots().len(), 3);
    }

    /// A help desk's JSONL export dropped among the docs is read as tickets, as a CSV export
    /// is; a JSONL file of pages (no creation time, or one that says it is a page) stays pages.
    #[test]
    fn a_jsonl_ticket_export_among_docs_is_read_as_tickets() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(
            docs.join("zendesk.jsonl"),
            "{\"id\":\"90001\",\"created_at\":\"2026-11-30T10:00:00Z\",\"title\":\"Refund\",\"text\":\"My card is 4111 1111 1111 1111\"}\n\
             {\"id\":\"90002\",\"Created\":\"2026-11-30T11:00:00Z\",\"title\":\"Reset\",\"text\":\"mail jane@example.com\"}\n",
        )
        .unwrap();
        std::fs::write(
            docs.join("pages.jsonl"),
            "{\"id\":\"p1\",\"title\":\"Export\",\"text\":\"Open Reports.\"}\n",
        )
        .unwrap();
        std::fs::write(
            docs.join("dated-pages.jsonl"),
            "{\"id\":\"p2\",\"date\":\"2026-01-01\",\"audience\":\"customer\",\"text\":\"Open Reports.\"}\n",
        )
        .unwrap();
        std::fs::write(
            docs.join("kind-pages.ndjson"),
            "{\"id\":\"p3\",\"created\":\"2026-01-01\",\"kind\":\"doc\",\"text\":\"Open Reports.\"}\n",
        )
        .unwrap();
        // The code review of the fix: a page file with tickets appended, and a ticket whose
        // first record is longer than a head read, are not published.
        std::fs::write(
            docs.join("mixed.jsonl"),
            format!(
                "{{\"id\":\"p4\",\"title\":\"Export\",\"text\":\"Open Reports.\"}}\n\
                 {{\"id\":\"90003\",\"created_at\":\"2026-11-30\",\"title\":\"Help\",\"text\":\"{}\"}}\n",
                "log line ".repeat(10_000)
            ),
        )
        .unwrap();
        let src = Files::new(vec![docs], Vec::new());
        let (items, problems) = src.list();
        assert!(problems.is_empty(), "{problems:?}");
        let load = |key: &str| {
            let item = items.iter().find(|i| i.key == key).expect(key);
            src.load(item, key).unwrap()
        };
        let mixed = load("mixed.jsonl");
        let ids: Vec<&str> = mixed.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec!["p4"], "the ticket is no page");
        assert_eq!(
            mixed.problems.len(),
            1,
            "and it is said: {:?}",
            mixed.problems
        );
        assert!(
            mixed.problems[0].message.contains("ticket"),
            "{:?}",
            mixed.problems
        );
        let export = load("zendesk.jsonl");
        assert!(
            export.documents.is_empty(),
            "no page: {:?}",
            export.documents
        );
        assert_eq!(export.tickets.len(), 2, "{:?}", export.problems);
        for (key, id) in [
            ("pages.jsonl", "p1"),
            ("dated-pages.jsonl", "p2"),
            ("kind-pages.ndjson", "p3"),
        ] {
            let pages = load(key);
            assert!(pages.tickets.is_empty(), "{key}");
            assert_eq!(pages.documents.len(), 1, "{key}");
            assert_eq!(pages.documents[0].id, id);
        }
    }

    // Session 55's probe: an export keyed `createdAt` (or `created_time`, `date_created`,
    // ...) or with no date but a requester was published as pages, a card number in clear.
    #[test]
    fn a_ticket_export_with_other_field_names_is_never_published() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        let card = "my card 4111 1111 1111 1111 failed";
        let mut rows = String::new();
        for (i, field) in [
            "createdAt",
            "created_time",
            "date_created",
            "creation_date",
            "submitted_at",
            "Opened At",
        ]
        .iter()
        .enumerate()
        {
            rows.push_str(&format!(
                "{{\"id\":\"c-{i}\",\"subject\":\"Cannot log in\",\"text\":\"Hi, {card}\",\"{field}\":\"2026-01-05T07:30:21Z\"}}\n"
            ));
        }
        std::fs::write(docs.join("tix.jsonl"), rows).unwrap();
        // Undated, naming who asked in one of several ways (one record a file, as the
        // re-check wrote them).
        let who = [
            "\"requester\":\"jane@example.com\"",
            "\"reporter\":\"alice\",\"status\":\"open\"",
            "\"customer_email\":\"a@b.com\",\"status\":\"open\"",
            "\"email\":\"a@b.com\",\"channel\":\"email\"",
            "\"ts\":\"2024-03-01T10:00:00Z\"",
            "\"requester-name\":\"bob\"",
        ];
        for (i, field) in who.iter().enumerate() {
            std::fs::write(
                docs.join(format!("undated-{i}.jsonl")),
                format!("{{\"id\":\"u-{i}\",\"title\":\"Ticket\",\"text\":\"{card}\",{field}}}\n"),
            )
            .unwrap();
        }
        let src = Files::new(vec![docs], Vec::new());
        let (items, _) = src.list();
        let load = |key: &str| {
            let item = items.iter().find(|i| i.key == key).expect(key);
            src.load(item, key).unwrap()
        };
        let tix = load("tix.jsonl");
        assert!(tix.documents.is_empty(), "{:?}", tix.documents);
        assert_eq!(tix.tickets.len(), 6, "{:?}", tix.problems);
        for t in &tix.tickets {
            assert!(!t.description.contains("4111 1111"), "redacted: {t:?}");
        }
        for (i, field) in who.iter().enumerate() {
            let undated = load(&format!("undated-{i}.jsonl"));
            assert!(
                undated.documents.is_empty(),
                "{field}: {:?}",
                undated.documents
            );
            assert!(
                !undated.problems.is_empty() || !undated.tickets.is_empty(),
                "{field}"
            );
        }
    }

    #[test]
    fn an_unreadable_item_is_a_problem_naming_it() {
        let src = Files::default();
        let item = Item {
            root: "x".into(),
            key: "missing.md".into(),
            hash: String::new(),
            location: Location::File(PathBuf::from("/nonexistent/missing.md")),
            holds: Holds::Documents,
        };
        let p = src.load(&item, "missing").unwrap_err();
        assert!(p.at.contains("missing.md"), "{p}");
        let url = Item {
            location: Location::Url("https://example.com/x".into()),
            ..item
        };
        assert_eq!(src.load(&url, "x").unwrap_err().at, "https://example.com/x");
    }
}
