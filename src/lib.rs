//! # Jixiao (绩效)
//!
//! Reads and checks Chinese budget performance forms (绩效目标表, 绩效目标申报表, 批复表,
//! 绩效自评表) from the text that Excel, Word or a PDF viewer copies out.
//!
//! The core ([`core`]) is pure Rust and runs anywhere: in the browser (compiled to
//! WebAssembly, behind the `web` feature) and on the command line.
//!
//! ```
//! let report = jixiao::check("绩效目标表\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥100人\n");
//! assert_eq!(report.forms.len(), 1);
//! assert_eq!(report.forms[0].indicators[0].name, "培训人数");
//! ```

pub mod core;

pub mod app;

pub use crate::core::diagnostic::{Diagnostic, Severity};
pub use crate::core::model::{Form, Indicator, Kind, Report, Value};

/// Parses a text into forms, with the diagnostics of reading.
pub fn parse(text: &str) -> Report {
    crate::core::parse::parse(text)
}

/// Parses and checks a text with the default scoring profile (10 + 90): every form found,
/// its scores stated beside computed, and every diagnostic, in source order.
pub fn check(text: &str) -> Report {
    check_with(text, &core::score::Profile::default())
}

/// Parses and checks a text with a scoring profile.
pub fn check_with(text: &str, profile: &core::score::Profile) -> Report {
    let mut report = parse(text);
    for (i, form) in report.forms.iter_mut().enumerate() {
        core::score::score_form(form, profile);
        let found = core::rules::check_form(form, i, profile);
        report.diagnostics.extend(found);
    }
    report.diagnostics.sort_by_key(|d| (d.lines[0], d.form));
    let qualities: Vec<_> = report
        .forms
        .iter()
        .enumerate()
        .map(|(i, f)| core::quality::quality(f, i, &report.diagnostics))
        .collect();
    for (form, q) in report.forms.iter_mut().zip(qualities) {
        form.quality = q;
    }
    report
}
