//! Finding the files under the paths given to `docent ingest`, with their content hashes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::mdx::Imports;
use crate::{content_hash, Error};

/// A file found under an ingested path.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute or as-given path, for reading.
    pub path: PathBuf,
    /// Path relative to the ingested root, `/`-separated: the key under which the index
    /// remembers the file, and the base of its document id.
    pub key: String,
    /// The root it was found under, `/`-separated as given.
    pub root: String,
    /// SHA-256 of the content.
    pub hash: String,
}

/// Extensions read from document folders (`.csv` files there are ticket exports).
pub const DOC_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdx", "html", "htm", "txt", "text", "jsonl", "ndjson", "csv",
];

/// Extensions read from ticket paths.
pub const TICKET_EXTENSIONS: &[&str] = &["csv", "json", "jsonl", "ndjson"];

/// Lists the readable files with one of `extensions` under `paths` (a file given by name is
/// its own root and is listed whatever its extension). Hidden files and folders are skipped.
/// Files that cannot be read are returned as errors; the others are listed.
pub fn scan(paths: &[PathBuf], extensions: &[&str]) -> (Vec<SourceFile>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        let root_key = root.to_string_lossy().replace('\\', "/");
        if !root.exists() {
            errors.push(Error::Io {
                path: root_key,
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
            continue;
        }
        if root.is_file() {
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            push(root, name, &root_key, &mut files, &mut errors);
            continue;
        }
        let real_root = root.canonicalize().ok();
        let first = files.len();
        let mut partials: Vec<(PathBuf, String)> = Vec::new();
        let mut imported: Vec<PathBuf> = Vec::new();
        // File stems of imports found nowhere in the folder (an alias Docent does not know).
        let mut unfound: HashSet<String> = HashSet::new();
        let walker = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| root_key.clone());
                    errors.push(Error::Io {
                        path,
                        source: std::io::Error::other(e.to_string()),
                    });
                    continue;
                }
            };
            let kind = entry.file_type();
            if kind.is_dir() || !has_extension(entry.path(), extensions) {
                continue;
            }
            // A link to a file inside the folder is read through (as the file named alone
            // is); a link that leads out of it (`docent.toml`, `/proc/self/environ`: an
            // outside probe, session 55, had them published with the default audience), a link
            // to a folder, a broken link, a pipe or a device is named, not read.
            if !kind.is_file() {
                let target = std::fs::metadata(entry.path());
                let inside = real_root.as_ref().is_some_and(|r| {
                    entry
                        .path()
                        .canonicalize()
                        .is_ok_and(|real| real.starts_with(r))
                });
                let file = target.as_ref().is_ok_and(|m| m.is_file());
                if !(kind.is_symlink() && file && inside) {
                    let why = match (&target, kind.is_symlink()) {
                        (Err(_), true) => "a link whose target is missing",
                        (Ok(m), true) if m.is_dir() => {
                            "a link to a folder (not followed: name the folder itself)"
                        }
                        (Ok(m), true) if m.is_file() => {
                            "a link to a file outside the folder (not read: copy the file in, or name it itself)"
                        }
                        _ => "not a regular file (a pipe, a device or a link to one)",
                    };
                    errors.push(Error::Io {
                        path: entry.path().display().to_string(),
                        source: std::io::Error::other(why),
                    });
                    continue;
                }
            }
            let key = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            // A snippet is shown inside the pages that import it, not as a page of its own.
            if crate::mdx::is_partial(entry.path().strip_prefix(root).unwrap_or(entry.path())) {
                partials.push((entry.path().to_path_buf(), key));
                continue;
            }
            let imports = push(entry.path(), key, &root_key, &mut files, &mut errors);
            for target in imports.missing_docs() {
                errors.push(Error::Io {
                    path: entry.path().display().to_string(),
                    source: std::io::Error::other(format!(
                        "imports {target:?}, which is not a file inside the ingested folder: the page is indexed without it"
                    )),
                });
            }
            unfound.extend(imports.missing_stems().map(|s| s.to_lowercase()));
            imported.extend(imports.found);
        }
        // A code sample no page imports (a site's generated API samples, which its API
        // reference shows) is content no page carries: it is a document of its own.
        let imported: HashSet<PathBuf> = imported
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        // A file some page shows is part of that page, not a page of its own, unless its
        // front matter names its own audience: alone it would take the default audience, not
        // the importing page's (session 55's probes: `partials/prose.md`, and a partial with
        // a title but no audience, shown by an internal page were published on their own).
        let mut kept = files[first..].to_vec();
        kept.retain(|f| {
            let shown = f
                .path
                .canonicalize()
                .is_ok_and(|real| imported.contains(&real));
            !shown || names_own_audience(&f.path)
        });
        // The file names the pages mention, for the snippets below: an include in a syntax
        // Docent does not read (`--8<-- "snippets/x.md"`, `{% include %}`, `require(...)`)
        // still names its file.
        let mentioned = if partials.is_empty() {
            HashSet::new()
        } else {
            words_of(kept.iter().map(|f| f.path.as_path()))
        };
        files.truncate(first);
        files.extend(kept);
        // But a snippet that a page may import under a path Docent could not resolve is never
        // published alone: it would take the default audience, whatever the importing page's
        // (an outside probe: an internal page's `@site/...` import published its snippet).
        for (path, key) in partials {
            let placed = path
                .canonicalize()
                .is_ok_and(|real| imported.contains(&real));
            if placed || !is_code_sample(&path) {
                continue;
            }
            let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase());
            if stem.is_some_and(|s| unfound.contains(&s) || mentioned.contains(&s)) {
                errors.push(Error::Io {
                    path: path.display().to_string(),
                    source: std::io::Error::other(
                        "a snippet some page may include (it names the file in a form Docent does not read): not published as a page of its own",
                    ),
                });
                continue;
            }
            push(&path, key, &root_key, &mut files, &mut errors);
        }
    }
    (files, errors)
}

/// A file's bytes, followed for an MDX page by the bytes of the snippets it imports (a changed
/// snippet changes the hash of every page that shows it), and the paths of every file it
/// imports in any form (components included: [`crate::mdx::imported_files`]).
fn with_imports(path: &Path, root: &Path, mut bytes: Vec<u8>) -> (Vec<u8>, Imports) {
    // Docs sites import into Markdown pages too (Docusaurus reads `.md` as MDX).
    let mdx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("mdx") || e.eq_ignore_ascii_case("md"));
    if !mdx {
        return (bytes, Imports::default());
    }
    let site = crate::source::site_folder(root);
    let used = match std::str::from_utf8(&bytes) {
        Ok(text) => crate::mdx::imported_files(path, &site, text),
        Err(_) => return (bytes, Imports::default()),
    };
    for p in &used.shown {
        if let Ok(more) = std::fs::read(p) {
            bytes.extend_from_slice(&more);
        }
    }
    (bytes, used)
}

/// Whether a file's front matter names its audience (an author's decision about it as a
/// page of its own).
fn names_own_audience(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| {
        crate::frontmatter::split(&t)
            .0
            .keys()
            .any(|k| k.trim().eq_ignore_ascii_case("audience"))
    })
}

/// The stems of the `.md`/`.mdx` file names the files at `paths` mention (`code-w1` of
/// `--8<-- "snippets/code-w1.md"`), lower case, percent-escapes decoded.
fn words_of<'a>(paths: impl Iterator<Item = &'a Path>) -> HashSet<String> {
    static NAME: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let name = NAME.get_or_init(|| {
        regex::Regex::new(r"(?i)([\w%-]+)\.(?:mdx|md|markdown)\b").expect("file name pattern")
    });
    let mut stems = HashSet::new();
    for p in paths {
        let Ok(text) = std::fs::read_to_string(p) else {
            continue;
        };
        for c in name.captures_iter(&text) {
            let stem = c[1]
                .replace("%2D", "-")
                .replace("%2d", "-")
                .replace("%5F", "_")
                .replace("%5f", "_");
            stems.insert(stem.to_lowercase());
        }
    }
    stems
}

/// True for a code sample: a file of fenced code blocks and component tags (`<CodeGroup>`)
/// and nothing else. Only such a snippet is published when no page imports it: a partial of
/// prose no page shows (a draft, a note kept aside) stays unpublished, and a file that defines
/// components (`export const Tag = ...`) is a module of the site, not content.
fn is_code_sample(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let blocks = crate::fence::fences(&text);
    // What stands outside the code blocks: blank lines and component tags only.
    let mut outside = String::new();
    let mut pos = 0;
    for f in &blocks {
        outside.push_str(&text[pos..f.start]);
        outside.push('\n');
        pos = f.end;
    }
    outside.push_str(&text[pos..]);
    !blocks.is_empty()
        && outside.lines().all(|l| {
            let t = l.trim();
            t.is_empty() || (t.starts_with('<') && t.ends_with('>'))
        })
}

fn has_extension(p: &Path, extensions: &[&str]) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
}

fn push(
    path: &Path,
    key: String,
    root: &str,
    files: &mut Vec<SourceFile>,
    errors: &mut Vec<Error>,
) -> Imports {
    match std::fs::read(path) {
        Ok(bytes) => {
            let (bytes, imported) = with_imports(path, Path::new(root), bytes);
            files.push(SourceFile {
                path: path.to_path_buf(),
                key,
                root: root.to_string(),
                hash: content_hash(&bytes),
            });
            imported
        }
        Err(source) => {
            errors.push(Error::Io {
                path: path.display().to_string(),
                source,
            });
            Imports::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skips_hidden_and_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("guides")).unwrap();
        std::fs::create_dir_all(p.join(".git")).unwrap();
        std::fs::write(p.join("guides/b.md"), "# B").unwrap();
        std::fs::write(p.join("a.html"), "<h1>A</h1>").unwrap();
        std::fs::write(p.join(".git/x.md"), "no").unwrap();
        std::fs::write(p.join("logo.png"), [0u8, 1, 2]).unwrap();
        let (files, errors) = scan(&[p.to_path_buf(), p.join("missing")], DOC_EXTENSIONS);
        let keys: Vec<_> = files.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, vec!["a.html", "guides/b.md"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("missing"));
    }

    // An outside probe of bad input (session 54): a linked page, a broken link and a pipe
    // in a docs folder were all dropped without a word.
    #[cfg(unix)]
    #[test]
    fn links_to_files_are_read_and_other_special_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("real.md"), "# Real").unwrap();
        std::fs::create_dir_all(outside.path().join("folder")).unwrap();
        std::fs::create_dir_all(p.join("shared")).unwrap();
        std::fs::write(p.join("shared/real.md"), "# Real").unwrap();
        std::os::unix::fs::symlink(p.join("shared/real.md"), p.join("linked.md")).unwrap();
        // A link out of the folder (session 55's probe: `docent.toml`, `/proc/self/environ`
        // were published) is named, never read.
        std::os::unix::fs::symlink(outside.path().join("real.md"), p.join("escape.md")).unwrap();
        std::os::unix::fs::symlink("/proc/self/environ", p.join("env.txt")).unwrap();
        std::os::unix::fs::symlink(p.join("gone.md"), p.join("broken.md")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("folder"), p.join("dir.md")).unwrap();
        std::fs::write(p.join("plain.md"), "# Plain").unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(p.join("pipe.md"))
            .status()
            .is_ok_and(|s| s.success());
        let (files, errors) = scan(&[p.to_path_buf()], DOC_EXTENSIONS);
        let keys: Vec<_> = files.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, vec!["linked.md", "plain.md", "shared/real.md"]);
        let said: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        for name in ["escape.md", "env.txt"] {
            assert!(
                said.iter()
                    .any(|e| e.contains(name) && e.contains("outside the folder")),
                "{name}: {said:?}"
            );
        }
        assert!(
            said.iter()
                .any(|e| e.contains("broken.md") && e.contains("target is missing")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|e| e.contains("dir.md") && e.contains("link to a folder")),
            "{said:?}"
        );
        if fifo {
            assert!(
                said.iter()
                    .any(|e| e.contains("pipe.md") && e.contains("not a regular file")),
                "{said:?}"
            );
        }
    }

    #[test]
    fn snippets_are_no_pages_and_their_changes_reach_the_pages_hash() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("snippets")).unwrap();
        std::fs::write(p.join("snippets/s.mdx"), "```bash\ncurl a\n```\n").unwrap();
        std::fs::write(
            p.join("page.mdx"),
            "import S from '/snippets/s.mdx';\n\n<S />\n",
        )
        .unwrap();
        let (files, _) = scan(&[p.to_path_buf()], DOC_EXTENSIONS);
        let keys: Vec<_> = files.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, vec!["page.mdx"]);
        std::fs::write(p.join("snippets/s.mdx"), "```bash\ncurl b\n```\n").unwrap();
        let (again, _) = scan(&[p.to_path_buf()], DOC_EXTENSIONS);
        assert_ne!(files[0].hash, again[0].hash);
    }

    // Outside probe (session 55): an internal page imported its snippet as
    // `@site/docs/_partials/purge-code.mdx` or `./_partials/rotate-code`, Docent resolved
    // neither, and each snippet was published alone with the default audience (public), a
    // staff-only command in it. Site aliases and bare names now resolve; an import of a doc
    // found nowhere is named, and a snippet it may stand for is never published alone.
    #[test]
    fn a_snippet_imported_under_an_alias_is_never_a_page_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("docs");
        std::fs::create_dir_all(p.join("ops/_partials")).unwrap();
        for name in ["purge-code", "rotate-code", "wipe-code"] {
            std::fs::write(
                p.join(format!("ops/_partials/{name}.mdx")),
                format!("```bash\ncurl -X POST https://ops.example/{name}\n```\n"),
            )
            .unwrap();
        }
        std::fs::write(
            p.join("ops/runbook.mdx"),
            "---\naudience: internal\n---\nimport Purge from '@site/docs/ops/_partials/purge-code.mdx'\nimport Rotate from './_partials/rotate-code'\nimport Wipe from '@ops/wipe-code.mdx'\nimport Tabs from '@theme/Tabs';\n\n# Runbook\n\n<Purge />\n\n<Rotate />\n\n<Wipe />\n\n```js\nimport Client from './client.mdx'\n```\n",
        )
        .unwrap();
        let (files, errors) = scan(std::slice::from_ref(&p), DOC_EXTENSIONS);
        let keys: Vec<_> = files.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, vec!["ops/runbook.mdx"], "{errors:?}");
        let said: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        // The alias Docent does not know is named on the page, and its snippet kept back;
        // a component import (`@theme/Tabs`) is no doc and not named.
        assert!(
            said.iter()
                .any(|e| e.contains("runbook.mdx") && e.contains("@ops/wipe-code.mdx")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|e| e.contains("wipe-code.mdx") && e.contains("not published")),
            "{said:?}"
        );
        assert_eq!(said.len(), 2, "{said:?}");
        // The two resolved snippets are shown on the (internal) page.
        let page = p.join("ops/runbook.mdx");
        let text = std::fs::read_to_string(&page).unwrap();
        let shown = crate::mdx::expand(&page, &p, &text).text;
        assert!(shown.contains("ops.example/purge-code"), "{shown}");
        assert!(shown.contains("ops.example/rotate-code"), "{shown}");
    }

    // Session 55's second probe: Markdown partials, partial folders other than `snippets`,
    // and import forms Docent did not read (spanning lines, `?raw`, a re-export, an import in
    // a `.md` page, Mintlify's `<Snippet file>`, another letter case) left snippets shown by
    // internal pages published alone. A page of its own (front matter) stays one.
    #[test]
    fn every_form_of_an_import_keeps_its_snippet_off_the_pages() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("docs");
        let code = |name: &str| format!("```bash\ncurl https://ops.example/{name}\n```\n");
        for (path, text) in [
            (
                "partials/_prose.md",
                "Run the klaxomorph procedure.\n".to_string(),
            ),
            (
                "partials/prose2.md",
                "Run the second procedure.\n".to_string(),
            ),
            (
                "components/shown.md",
                "Shown only inside the runbook.\n".to_string(),
            ),
            (
                "guides/own-page.md",
                "---\ntitle: Own page\naudience: public\n---\n# Own page\n\nA page.\n".to_string(),
            ),
            // The re-check: a partial with a title but no audience, a text file, and
            // snippets named by include syntaxes Docent does not read.
            (
                "guides/withfm.mdx",
                "---\ntitle: Partial with fm\n---\nIota partial.\n".to_string(),
            ),
            ("guides/t.txt", "Kappa text.\n".to_string()),
            ("snippets/code-w1.md", code("w1")),
            ("snippets/code-w4.md", code("w4")),
            ("snippets/code-v7.mdx", code("v7")),
            ("snippets/unused.mdx", code("unused")),
            ("snippets/code-i.mdx", code("i")),
            ("snippets/code-j.mdx", code("j")),
            ("snippets/code-n.mdx", code("n")),
            ("snippets/code-k.mdx", code("k")),
            ("snippets/code-l.mdx", code("l")),
            ("snippets/code-g.mdx", code("g")),
        ] {
            std::fs::create_dir_all(p.join(path).parent().unwrap()).unwrap();
            std::fs::write(p.join(path), text).unwrap();
        }
        std::fs::create_dir_all(p.join("ops")).unwrap();
        std::fs::write(
            p.join("ops/x.mdx"),
            "---\naudience: internal\n---\nimport Prose from './../partials/_prose.md'\nimport P2 from '@site/docs/partials/prose2.md'\nimport Shown from '../components/shown.md'\nimport Own from '../guides/own-page.md'\nimport I from '@site/docs/snippets/code-i.mdx?raw'\nimport {\n  J\n} from '@site/docs/snippets/code-j.mdx';\nexport { default as N } from '../snippets/code-n.mdx'\nimport G from '@site/Snippets/Code-G.mdx'\nimport W from '../guides/withfm.mdx'\nimport T from '../guides/t.txt'\nconst V7 = require('../snippets/code-v7.mdx')\n\n<Snippet file=\"code-l.mdx\" />\n\n# Runbook\n",
        )
        .unwrap();
        std::fs::write(
            p.join("ops/k.md"),
            "---\naudience: internal\n---\nimport K from '../snippets/code-k.mdx'\n\n# K\n\n<K />\n\n--8<-- \"snippets/code-w1.md\"\n\n{% include \"snippets/code-w4.md\" %}\n",
        )
        .unwrap();
        let (files, errors) = scan(std::slice::from_ref(&p), DOC_EXTENSIONS);
        let mut keys: Vec<_> = files.iter().map(|f| f.key.as_str()).collect();
        keys.sort();
        assert_eq!(
            keys,
            vec![
                "guides/own-page.md",
                "ops/k.md",
                "ops/x.mdx",
                "snippets/unused.mdx"
            ],
            "{errors:?}"
        );
    }

    #[test]
    fn a_code_sample_no_page_imports_is_a_document_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("snippets/samples")).unwrap();
        std::fs::write(
            p.join("snippets/samples/shown.mdx"),
            "```bash\ncurl a\n```\n",
        )
        .unwrap();
        std::fs::write(
            p.join("snippets/samples/compact_1.mdx"),
            "```bash\ncurl b\n```\n",
        )
        .unwrap();
        // A partial of prose no page shows (a draft) stays unpublished.
        std::fs::write(p.join("_partial.mdx"), "Shown nowhere.\n").unwrap();
        std::fs::write(
            p.join("snippets/samples/grouped_1.mdx"),
            "<CodeGroup>\n\n```bash cURL\ncurl c\n```\n\n```python Python\nclient.c()\n```\n</CodeGroup>\n",
        )
        .unwrap();
        // A component a page imports by name is used there, not a document; one used
        // without an import is a module of the site, not content either.
        std::fs::write(
            p.join("snippets/route.mdx"),
            "export const Route = ({path}) => (\n  <div>{ path }</div>\n);\n",
        )
        .unwrap();
        std::fs::write(
            p.join("snippets/tag.mdx"),
            "export const Tag = ({label}) => (\n  <span>{ label }</span>\n);\n",
        )
        .unwrap();
        std::fs::write(
            p.join("page.mdx"),
            "import S from '/snippets/samples/shown.mdx';\nimport { Tag } from '/snippets/tag.mdx';\n\n<S />\n",
        )
        .unwrap();
        let (files, errors) = scan(&[p.to_path_buf()], DOC_EXTENSIONS);
        assert!(errors.is_empty(), "{errors:?}");
        let mut keys: Vec<_> = files.iter().map(|f| f.key.as_str()).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            vec![
                "page.mdx",
                "snippets/samples/compact_1.mdx",
                "snippets/samples/grouped_1.mdx"
            ]
        );
        // Once a page imports it, it is shown there and no longer a document.
        std::fs::write(
            p.join("other.mdx"),
            "import C from './snippets/samples/compact_1.mdx';\n\n<C />\n",
        )
        .unwrap();
        let (files, _) = scan(&[p.to_path_buf()], DOC_EXTENSIONS);
        assert!(!files.iter().any(|f| f.key.contains("compact_1")));
    }
}
