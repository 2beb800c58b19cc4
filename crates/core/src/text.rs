//! Text that people wrote, made safe to store and show to other people, and to open in a
//! spreadsheet.

/// Whether `c` is an invisible formatting control that changes how the text around it is
/// shown without being shown itself: the bidirectional embeddings, overrides and isolates
/// (U+202A-U+202E, U+2066-U+2069), which can reverse the rest of a line on a lead's page, and
/// the zero-width space and byte-order mark (U+200B, U+FEFF), which make two different
/// texts look the same. The joiners and direction marks that some scripts need (U+200C,
/// U+200D, U+200E, U+200F) are kept.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{FEFF}')
}

/// `text` without its invisible formatting controls ([`is_invisible_control`]).
pub fn without_invisible_controls(text: &str) -> String {
    text.chars().filter(|c| !is_invisible_control(*c)).collect()
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

#[cfg(test)]
mod tests {
    //! Proves: overrides, isolates, zero-width spaces and byte-order marks go; the joiners a
    //! script needs and ordinary text stay.
    use super::*;

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
    }
}
