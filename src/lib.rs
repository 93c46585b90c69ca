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

#[cfg(all(feature = "api", target_arch = "wasm32"))]
pub mod api;

#[cfg(all(feature = "widget", target_arch = "wasm32"))]
pub mod widget;

#[cfg(all(feature = "worker", target_arch = "wasm32"))]
pub mod worker;

#[cfg(all(any(feature = "api", feature = "widget"), target_arch = "wasm32"))]
mod js_error;

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
    checked(parse(text), profile)
}

/// The codes of the diagnostics that reading the text gives (the parser's, as against the
/// rules', which look at the forms alone): a line placed nowhere, a header typo, a 二级 with
/// nothing under it, a category name read as a standard one. [`check_report`] keeps these
/// from the last reading, since the forms no longer hold what they were found in.
pub const READING_CODES: &[&str] = &["P001", "P002", "P004", "P005", "S005", "S007"];

/// Checks a report again from its forms alone, for forms edited after reading
/// ([`core::edit`]): every form scored from scratch (stale computed figures cleared), every
/// rule and the quality rubric run again. The diagnostics of reading ([`READING_CODES`]) are
/// kept from `report` as they were; its other diagnostics are dropped. The result is in source
/// order, as [`check_with`] gives it: `check_report(&check_with(text, p), p)` and
/// `check_report(&parse(text), p)` both equal `check_with(text, p)`.
///
/// A project self-evaluation that states no 分值 for budget execution is given the profile's by
/// the first check, and keeps it: to check under another profile, start from [`parse`].
pub fn check_report(report: &Report, profile: &core::score::Profile) -> Report {
    let mut fresh = Report {
        forms: report.forms.clone(),
        diagnostics: report
            .diagnostics
            .iter()
            .filter(|d| READING_CODES.contains(&d.code.as_str()))
            .cloned()
            .collect(),
    };
    for d in &mut fresh.diagnostics {
        let indicators = fresh.forms.get(d.form).map_or(0, |f| f.indicators.len());
        if d.indicator.is_some_and(|i| i >= indicators) {
            d.indicator = None;
        }
    }
    for form in &mut fresh.forms {
        form.quality = None;
        if let Some(s) = &mut form.scores {
            s.execution_rate.computed = None;
            s.budget_score.computed = None;
            s.indicator_score.computed = None;
            s.total.computed = None;
            s.grade = None;
        }
    }
    checked(fresh, profile)
}

/// Scores and checks the forms of a report that holds the diagnostics of reading only.
fn checked(mut report: Report, profile: &core::score::Profile) -> Report {
    for (i, form) in report.forms.iter_mut().enumerate() {
        core::score::score_form(form, profile);
        let found = core::rules::check_form(form, i, profile);
        report.diagnostics.extend(found);
    }
    core::order::sort_by_key(&mut report.diagnostics, |d| (d.lines[0], d.form));
    // Each form's diagnostics, found in one pass (not one pass a form: a paste of thousands).
    let mut of_form: Vec<Vec<usize>> = vec![Vec::new(); report.forms.len()];
    for (i, d) in report.diagnostics.iter().enumerate() {
        if let Some(v) = of_form.get_mut(d.form) {
            v.push(i);
        }
    }
    let qualities: Vec<_> = report
        .forms
        .iter()
        .zip(&of_form)
        .map(|(f, mine)| {
            core::quality::quality(f, mine.iter().map(|&i| (i, &report.diagnostics[i])))
        })
        .collect();
    for (form, q) in report.forms.iter_mut().zip(qualities) {
        form.quality = q;
    }
    report
}
