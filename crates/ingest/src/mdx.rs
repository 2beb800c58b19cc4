//! MDX snippets: a page that imports another MDX file (`import Sample from
//! '/snippets/sample.mdx'`) and places it (`<Sample />`) shows that file's content there. Docs
//! sites keep their code examples this way, so a page read without its snippets loses every
//! example its text introduces ("The following example searches ...:" and nothing).
//!
//! - [`expand`] puts each placed snippet's body where its tag stands (one level deep; the
//!   snippet's own front matter and imports left out).
//! - [`first_tab_only`] keeps the first example of a code group (`<CodeGroup>` with one fenced
//!   block per language): the tab a reader sees first, not ten translations of it.
//! - [`is_partial`] tells a snippet file from a page: it lives in a `snippets` folder or its
//!   name starts with `_`, and is not a document of its own (but a code sample that no page
//!   imports, such as a generated API sample, is: see `scan`).
//! - [`import_paths`] lists the files a page imports, so that its content hash covers them and
//!   a changed snippet re-ingests the pages that show it.
//!
//! An import path starting with `/` is read from the site root: the nearest folder above the
//! page that holds it. Only `.md` and `.mdx` imports are read; a missing one leaves the tag (which
//! the loader then drops as markup). An import is read only from inside the ingested folder
//! (`within`), its links followed: a page that imports `../../etc/x.md`, or a snippet that is a
//! link to `docent.toml`, would otherwise publish that file on the docs pages. A placed file
//! that names an audience in its front matter makes the page at least that strict
//! ([`Expanded::audience`]): an internal page shown inside a public one stays internal.
//!
//! Proves (see tests): 1. a placed snippet's code lands where its tag stood, first tab only;
//! 2. absolute and relative imports resolve, missing ones change nothing; 3. partials are told
//! from pages; 4. nothing outside the ingested folder is read, through `..`, `/` or a link;
//! 5. a placed page's audience carries to the page.

use std::path::{Path, PathBuf};

use docent_core::Audience;

use crate::frontmatter;

/// True for a file that is a snippet, not a page (MDX or Markdown, which docs sites import
/// alike): under a `snippets`, `partials` or `includes` folder (with or without a leading
/// `_`, or `_shared`), or named with a leading `_`.
pub fn is_partial(path: &Path) -> bool {
    let doc = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("mdx") || e.eq_ignore_ascii_case("md"));
    if !doc {
        return false;
    }
    let named = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('_'));
    named
        || path.components().any(|c| {
            c.as_os_str().to_str().is_some_and(|c| {
                matches!(
                    c.trim_start_matches('_').to_ascii_lowercase().as_str(),
                    "snippets" | "partials" | "includes"
                ) || c == "_shared"
            })
        })
}

/// The `(component name, import path)` pairs of `text`'s MDX imports of `.md`/`.mdx` files.
fn imports(text: &str) -> Vec<(String, String)> {
    doc_imports(text)
        .into_iter()
        .filter(|(name, _)| placeable(name))
        .collect()
}

/// Whether an import's name is one a page can place as a tag (`Sample`, not `{ Tag }`).
fn placeable(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Whether an import target names a doc file: `.md`/`.mdx`, or no extension at all (a
/// bundler resolves `./_partials/code` to `code.mdx`; `@theme/Tabs` resolves to no doc).
fn doc_target(target: &str) -> bool {
    let last = target.rsplit('/').next().unwrap_or(target);
    match last.rsplit_once('.') {
        None => true,
        Some((_, ext)) => matches!(
            ext.to_ascii_lowercase().as_str(),
            "md" | "mdx" | "markdown" | "txt" | "text" | "html" | "htm"
        ),
    }
}

/// An import's target as a path: quotes, a trailing `;`, a loader's `?raw` query and a
/// webpack loader prefix (`!!raw-loader!`) removed.
fn clean_target(from: &str) -> &str {
    let t = from
        .trim()
        .trim_end_matches(';')
        .trim()
        .trim_matches(['\'', '"']);
    let t = t.rsplit('!').next().unwrap_or(t);
    t.split(['?', '#']).next().unwrap_or(t)
}

/// Every import of a `.md`/`.mdx` file in `text` (or of a path without an extension, which
/// may be one), as `(what is imported as written, target)`: a default import's name
/// (`Sample`) or a component's braces (`{ NoticeTag }`). An import may span lines (`import
/// {\n  J\n} from '...'`), re-export (`export { default as N } from '...'`), or be
/// Mintlify's `<Snippet file="x.mdx" />` (a file of `/snippets/`). Lines inside code blocks
/// are code examples (`import OpenAI from 'openai'`), not imports.
fn doc_imports(text: &str) -> Vec<(String, String)> {
    let blocks = crate::fence::fences(text);
    let mut out = Vec::new();
    let mut offset = 0;
    let mut open: Option<String> = None;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        if blocks.iter().any(|b| b.start <= at && at < b.end) {
            open = None;
            continue;
        }
        let t = line.trim();
        if let Some(file) = snippet_file(t) {
            out.push(("Snippet".to_string(), format!("/snippets/{file}")));
            continue;
        }
        let statement = match open.take() {
            Some(mut so_far) => {
                so_far.push(' ');
                so_far.push_str(t);
                so_far
            }
            None if t.starts_with("import ")
                || t.starts_with("export {")
                || t.starts_with("export * ") =>
            {
                t.to_string()
            }
            None => continue,
        };
        let Some((head, from)) = statement.split_once(" from ") else {
            // An import still open after ten lines is not one.
            if statement.lines().count() < 10 && statement.len() < 2000 {
                open = Some(statement);
            }
            continue;
        };
        let name = head
            .strip_prefix("import ")
            .or_else(|| head.strip_prefix("export "))
            .unwrap_or(head)
            .trim();
        let target = clean_target(from);
        if !target.is_empty() && !target.contains(char::is_whitespace) && doc_target(target) {
            out.push((name.to_string(), target.to_string()));
        }
    }
    out
}

/// The file of a Mintlify snippet tag on its own line (`<Snippet file="x.mdx" />`).
fn snippet_file(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("<Snippet")?;
    let at = rest.find("file=")? + 5;
    let v = rest[at..].trim_start();
    let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let v = &v[1..];
    let end = v.find(q)?;
    let file = v[..end].trim_start_matches('/');
    let file = file.strip_prefix("snippets/").unwrap_or(file);
    (!file.is_empty()).then_some(file)
}

/// The part of a site-rooted import target below the site root: `/x`, and the aliases docs
/// sites set for it, `@site/x` (Docusaurus), `~/x` and `@/x`; `None` for a relative target.
fn site_rooted(target: &str) -> Option<&str> {
    ["/", "@site/", "~/", "@/"]
        .iter()
        .find_map(|p| target.strip_prefix(p))
}

/// The file names an import target may stand for: itself when it names an extension, else
/// the target with `.mdx` or `.md`, or its folder's `index`.
fn spellings(target: &str) -> Vec<String> {
    let last = target.rsplit('/').next().unwrap_or(target);
    if last.contains('.') {
        return vec![target.to_string()];
    }
    [".mdx", ".md", "/index.mdx", "/index.md"]
        .iter()
        .map(|e| format!("{target}{e}"))
        .collect()
}

/// Where the import `target` of the page at `page` lies: relative to the page's folder, or
/// (site-rooted: [`site_rooted`]) under the nearest folder above the page that holds it;
/// only a file whose real path (links followed) is inside `within`, the ingested folder.
fn resolve(page: &Path, within: &Path, target: &str) -> Option<PathBuf> {
    let dir = page.parent()?;
    let inside = within.canonicalize().ok()?;
    let allowed =
        |p: &Path| p.is_file() && p.canonicalize().is_ok_and(|real| real.starts_with(&inside));
    if let Some(rel) = site_rooted(target) {
        return spellings(rel)
            .iter()
            .find_map(|rel| dir.ancestors().map(|a| a.join(rel)).find(|p| allowed(p)));
    }
    spellings(target)
        .into_iter()
        .map(|t| dir.join(t))
        .find(|p| allowed(p))
}

/// The files `text` (the page at `page`, ingested from the folder `within`) imports and that
/// exist inside that folder, in import order.
pub fn import_paths(page: &Path, within: &Path, text: &str) -> Vec<PathBuf> {
    imported_files(page, within, text).shown
}

/// What a page's imports resolve to: the `.md`/`.mdx` files found inside `within` (in any
/// form of import, a component's named import `import { NoticeTag } from
/// '/snippets/notice_tag.mdx'` included: the snippets some page uses, which are therefore no
/// documents of their own), and the targets found nowhere there.
#[derive(Debug, Default)]
pub struct Imports {
    /// Files found.
    pub found: Vec<PathBuf>,
    /// Targets not found: written with `.md`/`.mdx` (named at ingestion), or without an
    /// extension (a component, or a doc under an alias Docent does not know).
    pub missing: Vec<String>,
    /// Of the files found, those imported by a name a page can place (`import Sample from
    /// ...`), in import order: what [`expand`] may show, so what the page's hash covers.
    pub shown: Vec<PathBuf>,
}

impl Imports {
    /// The `.md`/`.mdx` targets not found, which the page is indexed without.
    pub fn missing_docs(&self) -> impl Iterator<Item = &str> {
        self.missing
            .iter()
            .map(String::as_str)
            .filter(|t| t.ends_with(".md") || t.ends_with(".mdx"))
    }

    /// The file stems of the targets not found (`purge-code` of `@x/_partials/purge-code.mdx`):
    /// a snippet of that name may be what the page shows, so it is never published alone.
    pub fn missing_stems(&self) -> impl Iterator<Item = String> + '_ {
        self.missing.iter().filter_map(|t| {
            let last = t.rsplit(['/', '\\']).next()?;
            let stem = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
            (!stem.is_empty()).then(|| stem.to_string())
        })
    }
}

/// What `text` (the page at `page`, ingested from `within`) imports: see [`Imports`].
pub fn imported_files(page: &Path, within: &Path, text: &str) -> Imports {
    let mut out = Imports::default();
    for (name, target) in doc_imports(text) {
        match resolve(page, within, &target) {
            Some(p) => {
                if placeable(&name) {
                    out.shown.push(p.clone());
                }
                out.found.push(p);
            }
            None => out.missing.push(target),
        }
    }
    out
}

/// A page with its placed snippets.
#[derive(Debug, Clone, PartialEq)]
pub struct Expanded {
    /// The page's text with each placed snippet's body where its tag stood.
    pub text: String,
    /// The strictest audience a placed file names in its front matter (an unreadable one
    /// counts as internal), if any names one.
    pub audience: Option<Audience>,
}

/// The name of the component a line places on its own (`<Sample />`, `<Sample/>`), if any.
fn placed(line: &str) -> Option<&str> {
    let t = line.trim();
    let inner = t.strip_prefix('<')?.strip_suffix("/>")?.trim();
    let name = inner.split_whitespace().next()?;
    name.chars()
        .all(|c| c.is_alphanumeric() || c == '_')
        .then_some(name)
}

/// `text` (the page at `page`, ingested from the folder `within`) with each placed snippet's
/// body where its tag stands, and the strictest audience the placed files name.
pub fn expand(page: &Path, within: &Path, text: &str) -> Expanded {
    let found: Vec<(String, String, Option<Audience>)> = imports(text)
        .into_iter()
        .filter_map(|(name, target)| {
            let path = resolve(page, within, &target)?;
            let raw = std::fs::read_to_string(path).ok()?;
            let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
            let (meta, body) = frontmatter::split(&raw);
            // A snippet whose audience is written so that it goes unread (a near-miss key,
            // a value below its key, a form only a YAML or TOML reader reads) counts as
            // internal, as an unreadable value does.
            let unread = frontmatter::near_miss(&meta, "audience").is_some()
                || frontmatter::unread_audience(&raw, body)
                || frontmatter::audience_outside_plain_lines(&raw);
            let audience = meta
                .get("audience")
                .filter(|a| !a.trim().is_empty())
                .map(|a| Audience::parse(a).unwrap_or(Audience::Internal))
                .or(unread.then_some(Audience::Internal));
            let body: String = body
                .lines()
                .filter(|l| !l.trim_start().starts_with("import "))
                .map(|l| format!("{l}\n"))
                .collect();
            Some((name, body.trim().to_string(), audience))
        })
        .collect();
    let mut audience = None;
    let mut out = String::with_capacity(text.len());
    let mut fence = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        let body = (!fence)
            .then(|| placed(line))
            .flatten()
            .and_then(|name| found.iter().find(|(n, _, _)| n == name));
        match body {
            Some((_, body, named)) => {
                audience = audience.max(*named);
                out.push('\n');
                out.push_str(body);
                out.push_str("\n\n");
            }
            None => out.push_str(line),
        }
    }
    Expanded {
        text: out,
        audience,
    }
}

/// `text` with only the first fenced block of each `<CodeGroup>` (the other tabs are the same
/// example in other languages).
pub fn first_tab_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut group = false;
    let mut blocks = 0;
    let mut fence = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        let is_fence = t.starts_with("```") || t.starts_with("~~~");
        if !fence && t.starts_with("<CodeGroup") {
            group = true;
            blocks = 0;
        } else if !fence && t.starts_with("</CodeGroup") {
            group = false;
        }
        // The other tabs, and the blank lines between them.
        let inside_later_block = group && blocks >= 1 && (fence || is_fence || t.is_empty());
        if is_fence {
            if fence {
                blocks += 1;
            }
            fence = !fence;
        }
        if !inside_later_block {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SNIPPET: &str = "<CodeGroup>\n\n```bash cURL\ncurl -X POST 'URL/indexes/restaurants/search' \\\n  --data-binary '{ \"filter\": \"_geoRadius(45.47, 9.18, 2000)\" }'\n```\n\n```javascript JS\nclient.index('restaurants').search('')\n```\n\n</CodeGroup>\n";

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("snippets/samples")).unwrap();
        std::fs::create_dir_all(p.join("guides/geo")).unwrap();
        std::fs::write(p.join("snippets/samples/geo_1.mdx"), SNIPPET).unwrap();
        std::fs::write(p.join("guides/geo/_local.mdx"), "Local **note**.\n").unwrap();
        dir
    }

    #[test]
    fn a_placed_snippet_brings_its_first_tab_where_its_tag_stood() {
        let dir = site();
        let page = dir.path().join("guides/geo/radius.mdx");
        let text = "import Geo1 from '/snippets/samples/geo_1.mdx';\nimport Note from './_local.mdx'\n\n## Filter by radius\n\nThe following example searches for restaurants within 2 km:\n\n<Geo1 />\n\nResults come sorted.\n\n<Note/>\n";
        std::fs::write(&page, text).unwrap();
        let out = first_tab_only(&expand(&page, dir.path(), text).text);
        let lead = out.find("within 2 km:").unwrap();
        let code = out.find("```bash cURL").expect("the example is inlined");
        assert!(lead < code && code < out.find("Results come sorted.").unwrap());
        assert!(out.contains("_geoRadius(45.47, 9.18, 2000)"));
        assert!(!out.contains("client.index"), "only the first tab: {out}");
        assert!(!out.contains("<Geo1"), "{out}");
        assert!(out.contains("Local **note**."), "{out}");
        assert_eq!(import_paths(&page, dir.path(), text).len(), 2);
    }

    #[test]
    fn missing_imports_and_fenced_tags_change_nothing() {
        let dir = site();
        let page = dir.path().join("guides/geo/radius.mdx");
        let text = "import Gone from '/snippets/none.mdx';\n\n<Gone />\n\n```jsx\n<Gone />\n```\n";
        assert_eq!(expand(&page, dir.path(), text).text, text);
        assert!(import_paths(&page, dir.path(), text).is_empty());
    }

    #[test]
    fn nothing_outside_the_ingested_folder_is_read() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "SECRET-TOKEN-1\n").unwrap();
        let dir = site();
        let docs = dir.path().join("guides");
        let page = docs.join("geo/radius.mdx");
        let up = format!(
            "../../../{}/secret.md",
            outside.path().file_name().unwrap().to_string_lossy()
        );
        let abs = format!("/{}/secret.md", outside.path().display());
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path().join("secret.md"), docs.join("geo/_link.mdx"))
            .unwrap();
        for target in [
            up.as_str(),
            abs.as_str(),
            "./_link.mdx",
            "../../snippets/samples/geo_1.mdx",
        ] {
            let text = format!("import Leak from '{target}';\n\n<Leak />\n");
            let out = expand(&page, &docs, &text);
            assert!(!out.text.contains("SECRET-TOKEN"), "{target}: {}", out.text);
            assert!(out.text.contains("<Leak />"), "{target}: nothing placed");
            assert!(import_paths(&page, &docs, &text).is_empty(), "{target}");
        }
        // Inside the folder it still reads, from the site root as given.
        let text = "import Geo1 from '/snippets/samples/geo_1.mdx';\n\n<Geo1 />\n";
        assert!(expand(&page, dir.path(), text).text.contains("_geoRadius"));
    }

    #[test]
    fn a_placed_pages_audience_carries_to_the_page() {
        let dir = site();
        let page = dir.path().join("guides/geo/radius.mdx");
        std::fs::write(
            dir.path().join("guides/geo/_ops.mdx"),
            "---\naudience: internal\n---\nThe ops token lives in the vault.\n",
        )
        .unwrap();
        let placed = "import Ops from './_ops.mdx';\n\n<Ops />\n";
        let out = expand(&page, dir.path(), placed);
        assert!(out.text.contains("ops token"));
        assert_eq!(out.audience, Some(Audience::Internal));
        // Imported but not placed: nothing shown, no audience.
        let unplaced = "import Ops from './_ops.mdx';\n\nText.\n";
        assert_eq!(expand(&page, dir.path(), unplaced).audience, None);
        let note = "import Note from './_local.mdx';\n\n<Note />\n";
        assert_eq!(expand(&page, dir.path(), note).audience, None);
    }

    #[test]
    fn partials_are_not_pages() {
        assert!(is_partial(Path::new("docs/snippets/samples/geo_1.mdx")));
        assert!(is_partial(Path::new("docs/guides/_local.mdx")));
        assert!(!is_partial(Path::new("docs/guides/radius.mdx")));
        // Session 55's probe: Markdown partials and other partial folders were pages.
        for p in [
            "docs/snippets/readme.md",
            "docs/partials/_prose.md",
            "docs/partials/p.mdx",
            "docs/_includes/p.mdx",
            "docs/Includes/p.md",
            "docs/_shared/p.mdx",
        ] {
            assert!(is_partial(Path::new(p)), "{p}");
        }
        for p in [
            "docs/guides/radius.md",
            "docs/_posts/2026-01-01-news.md",
            "docs/x.txt",
        ] {
            assert!(!is_partial(Path::new(p)), "{p}");
        }
    }
}
