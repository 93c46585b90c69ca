//! The page's stylesheet made to work inside a widget's shadow root.

/// Rewrites the page's stylesheet for a shadow root.
pub fn shadow_css(css: &str) -> String {
    let css = css.replace("@media (max-width: 900px)", "@container (max-width: 900px)");
    let mut out = String::with_capacity(css.len() + css.len() / 4);
    let bytes = css.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A number (digits and one point) right before `rem`, not inside a word.
        let starts_number = (bytes[i].is_ascii_digit() || bytes[i] == b'.')
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric()
                    || bytes[i - 1] == b'-'
                    || bytes[i - 1] == b'_'));
        if starts_number {
            let mut j = i;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') {
                j += 1;
            }
            let unit_end = j + 3;
            let is_rem = css.get(j..unit_end) == Some("rem")
                && !bytes
                    .get(unit_end)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-');
            if is_rem && j > i {
                out.push_str("calc(");
                out.push_str(&css[i..j]);
                out.push_str(" * var(--jx-rem))");
                i = unit_end;
                continue;
            }
            out.push_str(&css[i..j]);
            i = j;
            continue;
        }
        let ch = css[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::shadow_css;

    #[test]
    fn rem_follows_the_widget() {
        assert_eq!(
            shadow_css("a { padding: .3rem 1.2rem; margin: 0 0 1rem; }"),
            "a { padding: calc(.3 * var(--jx-rem)) calc(1.2 * var(--jx-rem)); margin: 0 0 calc(1 * var(--jx-rem)); }"
        );
        // Not a unit: left alone.
        assert_eq!(
            shadow_css(".x2rem { --a: 2remx; }"),
            ".x2rem { --a: 2remx; }"
        );
        assert_eq!(
            shadow_css("@media (max-width: 900px) { main { gap: 1rem } }"),
            "@container (max-width: 900px) { main { gap: calc(1 * var(--jx-rem)) } }"
        );
        assert_eq!(
            shadow_css("h1::before { content: \"绩效\"; }"),
            "h1::before { content: \"绩效\"; }"
        );
    }
}
