//! Text that people wrote, made safe to store and show to other people, and to open in a
//! spreadsheet.

/// Whether `c` is an invisible formatting control that changes how the text around it is
/// shown without being shown itself: the bidirectional embeddings, overrides and isolates
/// (U+202A-U+202E, U+2066-U+2069), which can reverse the rest of a line on a lead's page, and
/// the zero-width space and byte-order mark (U+200B, U+FEFF), which make two different
/// texts look the same. The joiners and direction marks that some scripts need (U+200C,
/// U+200D, U+200E, U+200F) are kept. The control characters other than tab and line feed
/// (C0, DEL, C1) count as invisible controls too: an escape sequence in a stored question
/// clears or rewrites the terminal of whoever prints it (`docent analytics`), a carriage
/// return overwrites a line, and a NUL is refused by PostgreSQL.
pub fn is_invisible_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'
            | '\u{FEFF}'
            // Word joiner and invisible operators, soft hyphen, Mongolian vowel separator, tag
            // characters (which hide text in plain sight), line and paragraph separators.
            | '\u{2060}'..='\u{2064}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{2028}'
            | '\u{2029}'
            // The Hangul fillers, which render as nothing (a "blank" name or scope). The
            // bidi marks stay: right-to-left text needs them.
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
    ) || (c.is_control() && c != '\t' && c != '\n')
}

/// `text` without its invisible controls ([`is_invisible_control`]). Line breaks of other
/// systems read as line feeds, so no two words run together: a carriage return (alone, or
/// before a line feed, which then stands for both), a next-line character (U+0085), a
/// vertical tab or a form feed (a page break in text exported from a PDF).
pub fn without_invisible_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if is_invisible_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` as a terminal may print it: every control character but tab and line feed written
/// as an escape (`\u{1b}`), so text that people wrote (a file name, a question stored before
/// controls were dropped) never moves the cursor, clears the screen or sets the title.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\t' && c != '\n' {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` on one line that a terminal or a log reader shows as written: [`terminal_safe`],
/// and line breaks (and tabs) written as `\n` (`\t`). For what another server wrote (an
/// endpoint's error body) before it is quoted in a message: it can then neither start a
/// forged log line nor drive the terminal.
pub fn one_line(text: &str) -> String {
    terminal_safe(text)
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

/// The ASCII character a full-width form (U+FF01 to U+FF5E, what Japanese and Chinese input
/// methods type for Latin letters, digits and punctuation) stands for.
pub fn full_width_ascii(c: char) -> Option<char> {
    let u = c as u32;
    (0xFF01..=0xFF5E)
        .contains(&u)
        .then(|| char::from_u32(u - 0xFEE0))
        .flatten()
}

/// Markdown `text` (already escaped) in which no bare web address becomes a link: most
/// previewers link `https://...` and `www....` on their own (GitHub's autolinks), so a
/// rendered report or quiz would carry a live link that no reviewer wrote. Backslashes before
/// the `/` of `://` and the `.` of `www.` show as the characters.
pub fn markdown_without_autolinks(text: &str) -> String {
    text.replace("://", ":\\/\\/").replace("www.", "www\\.")
}

/// A CSV cell a spreadsheet shows as text: one that starts like a formula (`= + - @`, their
/// full-width forms, a tab or a carriage return) gets a leading `'`, so text from docs,
/// tickets or an author's edit never runs as a formula in whoever opens the export.
pub fn spreadsheet_text(s: &str) -> String {
    const STARTS_FORMULA: &[char] = &[
        '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ];
    if s.starts_with(STARTS_FORMULA) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The value of attribute `name` in an HTML or JSX start tag (`href="..."` or `href='...'`):
/// the tutor reads a link's target with it, the MDX loader a card's title and link.
pub fn tag_attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}="))? + name.len() + 2;
    let quote = tag[at..]
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')?;
    let value = &tag[at + 1..];
    value.find(quote).map(|end| &value[..end])
}

#[cfg(test)]
mod tests {
    //! Proves: overrides, isolates, zero-width spaces and byte-order marks go; the joiners a
    //! script needs and ordinary text stay.
    use super::*;

    #[test]
    fn another_servers_text_is_quoted_on_one_line() {
        // The code review of the tenth probe's fixes: an embeddings endpoint's error body
        // reached the CLI's error line and the server's log raw.
        let body = "\u{1b}[2J oops\n{\"level\":\"info\",\"msg\":\"forged\"}\r\n";
        let line = one_line(body);
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert_eq!(
            line,
            "\\u{1b}[2J oops\\n{\"level\":\"info\",\"msg\":\"forged\"}\\u{d}\\n"
        );
    }

    #[test]
    fn a_cell_that_starts_like_a_formula_is_text() {
        assert_eq!(spreadsheet_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_text("\u{ff1d}1+1"), "'\u{ff1d}1+1");
        assert_eq!(spreadsheet_text("-1"), "'-1");
        assert_eq!(spreadsheet_text("Fix sync errors"), "Fix sync errors");
    }

    #[test]
    fn overrides_and_zero_width_spaces_go_and_script_joiners_stay() {
        assert_eq!(
            without_invisible_controls(
                "pad \u{202E}gnp.exe\u{202C} jams\u{200B}\u{FEFF} \u{2067}x\u{2069}"
            ),
            "pad gnp.exe jams x"
        );
        // Persian needs the zero-width non-joiner; emoji sequences the joiner.
        let kept = "می\u{200C}خواهم 👩\u{200D}💻 \u{200F}ok";
        assert_eq!(without_invisible_controls(kept), kept);
        // Hangul fillers render as nothing: a scope of them looked filled.
        assert_eq!(
            without_invisible_controls("\u{3164}\u{115F}\u{1160}\u{FFA0}한국어"),
            "한국어"
        );
    }

    // Sixth probe, findings 5 and 6: escape sequences in a chat question reached the
    // operator's terminal through `docent analytics`, and a NUL made PostgreSQL refuse the turn.
    #[test]
    fn terminal_escapes_carriage_returns_and_nul_go_tabs_and_lines_stay() {
        assert_eq!(
            without_invisible_controls("a\u{1b}[2J\u{1b}]0;pwned\u{7}b\r\nc\u{0}d\u{9b}1m\u{7f}"),
            "a[2J]0;pwnedb\ncd1m"
        );
        // Seventh probe, finding 10: other invisible characters survived.
        assert_eq!(
            without_invisible_controls("a\u{2060}b\u{ad}c\u{180e}d\u{e0041}\u{e007f}e\u{2028}f"),
            "abcde\nf"
        );
        // Other systems' line breaks keep words apart.
        assert_eq!(
            without_invisible_controls("one\rtwo\u{85}three\r\n"),
            "one\ntwo\nthree\n"
        );
        assert_eq!(without_invisible_controls("x\ty\nz\u{c}w"), "x\ty\nz\nw");
        assert_eq!(terminal_safe("a\u{1b}[2J\tb\n"), "a\\u{1b}[2J\tb\n");
    }
}
