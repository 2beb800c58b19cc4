//! Text that people wrote, made safe to store and show to other people.

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

#[cfg(test)]
mod tests {
    //! Proves: overrides, isolates, zero-width spaces and byte-order marks go; the joiners a
    //! script needs and ordinary text stay.
    use super::*;

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
