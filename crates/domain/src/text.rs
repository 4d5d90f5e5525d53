//! Which characters a text in the catalogue may hold.
//!
//! Every text an editor, an API client or a dataset file gives ends up in
//! HTML, XML (the Atom feed, the sitemap, DCAT), iCalendar, CSV and logs.
//! Control characters are invalid in XML 1.0 (U+0000, U+000B) or let a text
//! write its own lines into line-based formats (CR, LF); bidirectional
//! overrides make a text display in another order than it is stored (a name
//! that reads as something it is not). None of them belongs in a name, a
//! title or a description, so they are refused where data comes in, with a
//! message that names the character and where it is.

/// Why a text cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("contains the control character U+{code:04X} at character {position}; remove it{hint}")]
    Control {
        code: u32,
        position: usize,
        hint: &'static str,
    },
    #[error(
        "contains the bidirectional formatting character U+{code:04X} at character {position}, which can make a text display as something it is not; remove it"
    )]
    Bidi { code: u32, position: usize },
    #[error(
        "contains the invisible character U+{code:04X} at character {position}, which cannot be seen where it is shown; remove it"
    )]
    Invisible { code: u32, position: usize },
}

/// Whether a text may be stored. Long texts (`multiline`) may hold line
/// breaks (LF); no text may hold other C0 or C1 control characters, DEL,
/// the bidirectional embedding, override, isolate and mark characters
/// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), or the invisible
/// U+200B, U+2028, U+2029 and U+FEFF.
pub fn check_text(text: &str, multiline: bool) -> Result<(), TextError> {
    for (i, c) in text.chars().enumerate() {
        let position = i + 1;
        let code = u32::from(c);
        if c == '\n' && multiline {
            continue;
        }
        if c.is_control() {
            let hint = match c {
                '\n' | '\r' => " (a line break is not allowed here)",
                '\t' => " (use a space)",
                _ => "",
            };
            return Err(TextError::Control { code, position, hint });
        }
        if matches!(code, 0x202A..=0x202E | 0x2066..=0x2069 | 0x200E | 0x200F | 0x061C) {
            return Err(TextError::Bidi { code, position });
        }
        // Zero width space, line and paragraph separators, byte order mark.
        // (Zero width joiners stay: some scripts and emoji need them.)
        if matches!(code, 0x200B | 0x2028 | 0x2029 | 0xFEFF) {
            return Err(TextError::Invisible { code, position });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_passes_and_line_breaks_only_where_long() {
        assert_eq!(check_text("Stöd till föreningar – 2027, «nytt»", false), Ok(()));
        assert_eq!(check_text("Första stycket.\n\nAndra.", true), Ok(()));
        assert!(check_text("Första\nAndra", false).is_err());
        // Right-to-left text itself is fine; only the formatting marks are not.
        assert_eq!(check_text("مرحبا", false), Ok(()));
    }

    #[test]
    fn control_and_bidi_characters_are_refused_with_where() {
        for (text, code, position) in [
            ("a\u{0}b", 0x0, 2),
            ("ab\u{b}", 0xB, 3),
            ("\r", 0xD, 1),
            ("a\tb", 0x9, 2),
            ("a\u{7f}", 0x7F, 2),
            ("a\u{85}", 0x85, 2),
            ("a\u{9f}", 0x9F, 2),
        ] {
            match check_text(text, true) {
                Err(TextError::Control {
                    code: c, position: p, ..
                }) => {
                    assert_eq!((c, p), (code, position), "{text:?}")
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        for code in [
            0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
        ] {
            let text = format!("ok{}", char::from_u32(code).unwrap());
            assert_eq!(
                check_text(&text, true),
                Err(TextError::Bidi { code, position: 3 })
            );
        }
        for code in [0x200B, 0x2028, 0x2029, 0xFEFF] {
            let text = format!("ok{}", char::from_u32(code).unwrap());
            assert_eq!(
                check_text(&text, true),
                Err(TextError::Invisible { code, position: 3 })
            );
        }
        assert_eq!(
            check_text("a\u{200d}b", false),
            Ok(()),
            "a zero width joiner is allowed"
        );
        let message = check_text("x\u{202e}y", false).unwrap_err().to_string();
        assert!(
            message.contains("U+202E") && message.contains("character 2"),
            "{message}"
        );
    }
}
