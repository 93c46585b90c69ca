//! A reading handed from one thread to another: the page reads long texts in a web worker
//! (`src/worker.rs`, `www/worker/read.js`) and takes the reports back as bytes, which cross
//! `postMessage` without a copy. The bytes are the report's JSON (the contract's shape, so a
//! worker of another build still speaks it), and [`take`] gives back exactly what [`give`]
//! was handed.

use crate::core::model::Report;
use crate::core::score::Profile;

/// A text read and checked away from the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Handoff {
    /// The text as read, before any check: what edits start from.
    pub parsed: Vec<u8>,
    /// The text read and checked under the profile asked for.
    pub read: Vec<u8>,
}

/// Reads `text` and checks it under `profile` (a profile that does not read: the default),
/// as bytes for [`take`].
pub fn give(text: &str, profile: &str) -> Handoff {
    let profile = Profile::parse(profile).unwrap_or_default();
    let parsed = crate::parse(text);
    let read = crate::check_report(&parsed, &profile);
    Handoff {
        parsed: bytes(&parsed),
        read: bytes(&read),
    }
}

fn bytes(report: &Report) -> Vec<u8> {
    // A report is plain data (strings, numbers, lists): writing it cannot fail.
    serde_json::to_vec(report).unwrap_or_default()
}

/// The report in bytes from [`give`]; `None` for bytes that are not one.
pub fn take(bytes: &[u8]) -> Option<Report> {
    serde_json::from_slice(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> Vec<(String, String)> {
        let mut out = Vec::new();
        for dir in ["../shared/seeds", "tests/fixtures/corpus"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                let file = if p.is_dir() { p.join("form.tsv") } else { p };
                if let Ok(t) = std::fs::read_to_string(&file) {
                    out.push((file.display().to_string(), t));
                }
            }
        }
        out
    }

    #[test]
    fn what_is_handed_over_is_what_was_read_and_checked() {
        let texts = texts();
        assert!(texts.len() >= 20, "seeds and corpus: {}", texts.len());
        for profile in ["10+90", "20+80:40/30/10"] {
            let p = Profile::parse(profile).unwrap();
            for (name, t) in &texts {
                let h = give(t, profile);
                let parsed = crate::parse(t);
                assert_eq!(take(&h.parsed).as_ref(), Some(&parsed), "{name}");
                assert_eq!(
                    take(&h.read),
                    Some(crate::check_report(&parsed, &p)),
                    "{name} {profile}"
                );
            }
        }
    }

    #[test]
    fn a_profile_that_does_not_read_is_the_default_and_bad_bytes_are_none() {
        let t = "绩效目标表\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥100人\n";
        assert_eq!(give(t, "nonsense"), give(t, "10+90"));
        assert_eq!(take(&give(t, "").read), Some(crate::check(t)));
        assert_eq!(take(b"not json"), None);
        assert_eq!(take(&[0xff, 0xfe]), None);
        assert_eq!(take(b""), None);
    }
}
