//! The lexical side: a tantivy index with BM25 over one field holding a chunk's title, heading
//! path and body (English stemming), and raw fields for filters. Each tantivy document stores the chunk's row number,
//! a fast field, so hits map straight back to the chunk list.

use std::path::Path;

use docent_core::{Audience, Chunk};
use tantivy::collector::TopDocs;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::{doc, Index as TantivyIndex, IndexReader, ReloadPolicy, Term};

use crate::store::Filter;
use crate::Result;

#[derive(Clone, Copy)]
struct Fields {
    row: Field,
    text: Field,
    audience: Field,
    kind: Field,
    product: Field,
    doc_id: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        row: b.add_u64_field("row", FAST | STORED | INDEXED),
        text: b.add_text_field("text", text),
        audience: b.add_text_field("audience", STRING),
        kind: b.add_text_field("kind", STRING),
        product: b.add_text_field("product", STRING),
        doc_id: b.add_text_field("doc_id", STRING),
    };
    (b.build(), fields)
}

/// A BM25 index over chunks.
pub(crate) struct Lexical {
    reader: IndexReader,
    parser: QueryParser,
    fields: Fields,
}

impl Lexical {
    /// Builds a new index in `dir` (which must be empty) from `chunks`; row = position.
    pub(crate) fn build(dir: &Path, chunks: &[Chunk]) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(crate::Error::io(dir))?;
        let (schema, f) = schema();
        let index = TantivyIndex::create_in_dir(dir, schema)?;
        let mut writer =
            index.writer_with_num_threads::<tantivy::TantivyDocument>(1, 64_000_000)?;
        for (row, c) in chunks.iter().enumerate() {
            writer.add_document(doc!(
                f.row => row as u64,
                f.text => crate::sparse::chunk_text(c),
                f.audience => c.audience.as_str(),
                f.kind => c.kind.as_str(),
                f.product => c.product.as_deref().unwrap_or(""),
                f.doc_id => c.doc_id.as_str(),
            ))?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        Ok(())
    }

    /// Opens an index built by [`build`](Self::build), read only: it takes no lock file, so
    /// servers may read an index folder mounted read only.
    pub(crate) fn open(dir: &Path) -> Result<Self> {
        let mmap = MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        let index = TantivyIndex::open(ReadOnly(mmap))?;
        let (_, fields) = schema();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let parser = QueryParser::for_index(&index, vec![fields.text]);
        // One field, not title, headings and body scored apart and summed: with three fields
        // BM25 nDCG@10 was 0.726 on the e-manual set and 0.880 on the sample set, with one
        // (measured first as the Qdrant formulation, `bm25-sparse`) higher; field boosts
        // (title x2, headings x1.5) had cost 0.07 more. Every chunk of a section carries the
        // section's title, so a title field of its own over-rewards it.
        Ok(Lexical {
            reader,
            parser,
            fields,
        })
    }

    /// The `k` best rows for `query` by BM25 under `filter`, best first.
    pub(crate) fn search(&self, query: &str, k: usize, filter: &Filter) -> Result<Vec<(u64, f32)>> {
        let cleaned = sanitize(query);
        if cleaned.trim().is_empty() || k == 0 {
            return Ok(Vec::new());
        }
        let (user, _errors) = self.parser.parse_query_lenient(&cleaned);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, user)];
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let any_of = |qs: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            let inner = BooleanQuery::new(qs.into_iter().map(|q| (Occur::Should, q)).collect());
            Box::new(ConstScoreQuery::new(Box::new(inner), 0.0))
        };
        if filter.audience != Audience::Internal {
            let qs = filter
                .audience
                .visible()
                .map(|a| term(self.fields.audience, a.as_str()))
                .collect();
            clauses.push((Occur::Must, any_of(qs)));
        }
        if !filter.kinds.is_empty() {
            let qs = filter
                .kinds
                .iter()
                .map(|kd| term(self.fields.kind, kd.as_str()))
                .collect();
            clauses.push((Occur::Must, any_of(qs)));
        }
        if let Some(p) = &filter.product {
            clauses.push((Occur::Must, any_of(vec![term(self.fields.product, p)])));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(k).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let column = searcher
                .segment_reader(addr.segment_ord)
                .fast_fields()
                .u64("row")?;
            if let Some(row) = column.first(addr.doc_id) {
                out.push((row, score));
            }
        }
        Ok(out)
    }
}

/// Questions are not query syntax: keep letters, digits and a few joiners so that `C++`,
/// `can't` or a stray `:` never become operators or parse errors.
fn sanitize(q: &str) -> String {
    q.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// A generation's tantivy folder as the server reads it. A generation never changes once its
/// ingest has committed it (the next ingest writes another), so a reader needs none of the lock
/// files tantivy's readers take: they made `docent serve` fail on an index folder mounted read
/// only ("Failed to acquire Lockfile", an outside probe), the deployment the README describes.
#[derive(Clone, Debug)]
struct ReadOnly(MmapDirectory);

impl Directory for ReadOnly {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> std::result::Result<std::sync::Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> std::result::Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> std::result::Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> std::result::Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> std::result::Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, _lock: &Lock) -> std::result::Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docent_core::DocKind;

    // An outside probe: `docent serve` on an index folder mounted read only failed to take
    // tantivy's lock file. Opening and searching a built index writes no file.
    #[test]
    fn a_built_index_is_read_without_writing_a_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let chunks = vec![chunk(
            "export",
            "Exporting reports",
            "Export a report to CSV from the Reports page.",
            Audience::Public,
        )];
        Lexical::build(dir.path(), &chunks).unwrap();
        let locks = || -> Vec<String> {
            std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .filter(|n| n.ends_with(".lock"))
                .collect()
        };
        for name in locks() {
            std::fs::remove_file(dir.path().join(name)).unwrap();
        }
        let lex = Lexical::open(dir.path()).unwrap();
        let hits = lex.search("export", 5, &Filter::default()).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(locks(), Vec::<String>::new());
    }

    fn chunk(doc: &str, title: &str, text: &str, audience: Audience) -> Chunk {
        Chunk {
            id: format!("{doc}#0"),
            doc_id: doc.into(),
            ordinal: 0,
            title: title.into(),
            heading_path: vec![],
            text: text.into(),
            offset: 0,
            audience,
            product: None,
            kind: DocKind::Doc,
            source: doc.into(),
            url: None,
            summary_end: 0,
        }
    }

    #[test]
    fn bm25_with_audience_filter_and_syntax_safe_queries() {
        let dir = tempfile::tempdir().unwrap();
        let chunks = vec![
            chunk(
                "export",
                "Exporting reports",
                "Export a report to CSV from the Reports page.",
                Audience::Public,
            ),
            chunk(
                "sso",
                "Single sign-on",
                "Configure SAML single sign-on for your workspace.",
                Audience::Customer,
            ),
            chunk(
                "runbook",
                "Export outage runbook",
                "Restart the exporting workers.",
                Audience::Internal,
            ),
        ];
        Lexical::build(dir.path(), &chunks).unwrap();
        let lex = Lexical::open(dir.path()).unwrap();
        let all = lex
            .search("how do I export reports?", 10, &Filter::default())
            .unwrap();
        assert_eq!(all[0].0, 0);
        assert!(
            all.iter().any(|(r, _)| *r == 2),
            "stemming matches 'exporting'"
        );
        let public = lex
            .search("export", 10, &Filter::docs_for(Audience::Public))
            .unwrap();
        assert!(public.iter().all(|(r, _)| *r == 0));
        assert!(lex
            .search("AND OR :: \"(", 10, &Filter::default())
            .unwrap()
            .is_empty());
    }
}
