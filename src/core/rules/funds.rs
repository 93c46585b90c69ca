//! Funds (F): the amounts a form states.

use super::{diag, header_lines};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{Form, Kind};

/// Runs the fund rules on one form.
pub(super) fn check(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    f001_total_missing(form, index, out);
}

/// F001 — a fund total is missing (blank or zero) while the form has targets.
///
/// Why: without the amount a reviewer cannot weigh the targets against the money, and the
/// cost and budget-execution checks have nothing to work on.
///
/// Fires: a 绩效目标表 whose `项目总额：万元` is blank but lists indicators.
/// Instead: write the project's total in 万元 (`项目总额：170万元`).
fn f001_total_missing(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    if form.kind == Kind::Fragment || form.indicators.is_empty() {
        return;
    }
    let missing = |v: Option<f64>| v.is_none_or(|x| x == 0.0);
    if missing(form.funds.total) {
        out.push(
            diag(
                "F001",
                format!("资金总额缺失（空白或为 0），但本表列有 {} 个绩效指标。", form.indicators.len()),
                format!("The fund total is missing (blank or zero) although the form lists {} indicators.", form.indicators.len()),
                index,
                header_lines(form),
            )
            .at_field("funds.total")
            .with_help("填写项目资金总额（万元），如“项目总额：170万元”。"),
        );
    }
}
