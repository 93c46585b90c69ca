//! The checker on any text: never panics; checking the parsed report again gives the same
//! report as checking the text; the forms' tab-separated export reads again, and editing a
//! field of the first form (the bytes' first line as the value) is checked without a panic.
#![no_main]

use jixiao::core::edit::{apply, Edit};
use jixiao::core::score::Profile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let profile = Profile::default();
    let checked = jixiao::check(&text);
    let again = jixiao::check_report(&jixiao::parse(&text), &profile);
    assert_eq!(
        serde_json::to_string(&checked).ok(),
        serde_json::to_string(&again).ok()
    );
    let tsv = jixiao::core::export::report_to_tsv(&checked);
    let _ = jixiao::check(&tsv);
    let _ = jixiao::core::export::to_json(&checked);

    let mut forms = checked.forms.clone();
    if !forms.is_empty() {
        let value = text.lines().next().unwrap_or("").to_string();
        for field in ["funds.total", "weight", "score", "target", "actual"] {
            let indicator = (!forms[0].indicators.is_empty()).then_some(0);
            let edit = Edit::Set {
                form: 0,
                indicator: if field.starts_with("funds.") {
                    None
                } else {
                    indicator
                },
                field: field.to_string(),
                value: value.clone(),
            };
            let _ = apply(&mut forms, &edit);
        }
        let edited = jixiao::Report {
            forms,
            diagnostics: checked.diagnostics.clone(),
        };
        let _ = jixiao::check_report(&edited, &profile);
    }
});
