//! Evaluation and scores (E): what a self-evaluation states against what its figures give.
//! Tolerances as RULES.md states them: a rate compares at the precision the form writes it,
//! truncated or rounded; a score compares rounded half up to the precision the form writes.

use super::diag;
use crate::core::diagnostic::Diagnostic;
use crate::core::export::fmt_num;
use crate::core::model::Form;
use crate::core::score::{decimals, round_half_up};

/// Runs the score rules on one form.
pub(super) fn check(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    e001_execution_rate(form, index, out);
    e002_budget_score(form, index, out);
    e003_score_over_points(form, index, out);
    e005_total(form, index, out);
}

/// The exact B / A of a form.
fn exact_rate(form: &Form) -> Option<f64> {
    match (form.funds.total, form.funds.executed) {
        (Some(a), Some(b)) if a > 0.0 => Some(b / a),
        _ => None,
    }
}

fn truncate(x: f64, dp: u32) -> f64 {
    let f = 10f64.powi(dp as i32);
    ((x * f) + 1e-9).floor() / f
}

/// E001 — the stated 执行率 ≠ B / A.
///
/// Why: the rate decides the budget execution score; a wrong rate gives a wrong score.
///
/// Fires: A 726.39, B 222.57 and 执行率 40% (B / A is 30.64%).
/// Instead: state B / A at the precision the form uses (30.64%).
fn e001_execution_rate(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    let (Some(stated), Some(exact)) = (
        form.scores.as_ref().and_then(|s| s.execution_rate.stated),
        exact_rate(form),
    ) else {
        return;
    };
    let (p, c) = (stated * 100.0, exact * 100.0);
    let dp = decimals(p);
    let ok = (round_half_up(c, dp) - p).abs() < 1e-6 || (truncate(c, dp) - p).abs() < 1e-6;
    if !ok {
        out.push(
            diag(
                "E001",
                format!(
                    "执行率写作 {}%，而全年执行数 {} ÷ 全年预算数 {} = {:.2}%。",
                    fmt_num(p),
                    fmt_num(form.funds.executed.unwrap_or(0.0)),
                    fmt_num(form.funds.total.unwrap_or(0.0)),
                    c
                ),
                format!(
                    "The execution rate reads {}%, but executed {} ÷ budget {} = {:.2}%.",
                    fmt_num(p),
                    fmt_num(form.funds.executed.unwrap_or(0.0)),
                    fmt_num(form.funds.total.unwrap_or(0.0)),
                    c
                ),
                index,
                [form.lines[0], form.lines[1]],
            )
            .at_field("execution_rate")
            .with_help("执行率应为 全年执行数(B) ÷ 全年预算数(A)。"),
        );
    }
}

/// E002 — the stated 预算执行率得分 (D) ≠ 分值 × min(B / A, 1).
///
/// Why: D is worked out from the figures above it; a stated D that differs is a slip.
///
/// Fires: 分值 10, B / A = 30.64%, 得分 5 (10 × 30.64% = 3.06, which rounds to 3).
/// Instead: state 分值 × B / A, rounded to the form's precision.
fn e002_budget_score(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    let Some(s) = &form.scores else { return };
    let (Some(stated), Some(points), Some(rate)) =
        (s.budget_score.stated, s.budget_points, exact_rate(form))
    else {
        return;
    };
    let computed = points * rate.min(1.0);
    if (round_half_up(computed, decimals(stated)) - stated).abs() > 1e-6 {
        out.push(
            diag(
                "E002",
                format!(
                    "预算执行率得分写作 {}，而 分值 {} × 执行率 {:.2}% = {:.2}。",
                    fmt_num(stated),
                    fmt_num(points),
                    rate.min(1.0) * 100.0,
                    computed
                ),
                format!(
                    "The budget score reads {}, but points {} × rate {:.2}% = {:.2}.",
                    fmt_num(stated),
                    fmt_num(points),
                    rate.min(1.0) * 100.0,
                    computed
                ),
                index,
                [form.lines[0], form.lines[1]],
            )
            .at_field("budget_score")
            .with_help(
                "预算执行率得分 = 分值 × 全年执行数 ÷ 全年预算数（执行率超过 100% 按 100% 计）。",
            ),
        );
    }
}

/// E003 — an indicator's 得分 is above its 分值.
///
/// Why: no indicator can earn more than its points.
///
/// Fires: 分值 10, 得分 12.
/// Instead: score at most the indicator's 分值.
fn e003_score_over_points(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    for (k, ind) in form.indicators.iter().enumerate() {
        if let (Some(w), Some(s)) = (ind.weight, ind.score) {
            if s > w + 1e-9 {
                out.push(
                    diag(
                        "E003",
                        format!(
                            "指标“{}”得分 {} 超过其分值 {}。",
                            ind.name,
                            fmt_num(s),
                            fmt_num(w)
                        ),
                        format!(
                            "Indicator “{}” scores {}, above its points {}.",
                            ind.name,
                            fmt_num(s),
                            fmt_num(w)
                        ),
                        index,
                        [ind.line, ind.line],
                    )
                    .at_indicator(k)
                    .at_field("score")
                    .with_help("得分不能超过分值。"),
                );
            }
        }
    }
}

/// E005 — the stated total ≠ C + D.
///
/// Why: the total is the sum of the indicators' subtotal and the budget execution score.
///
/// Fires: 小计 (C) 90, 预算执行率得分 (D) 5.1, 总得分 96.
/// Instead: state C + D (95.1).
fn e005_total(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    let Some(s) = &form.scores else { return };
    let Some(total) = s.total.stated else { return };
    let c = s.indicator_score.stated.or(s
        .indicator_score
        .computed
        .filter(|_| s.total.computed.is_some()));
    let d = s.budget_score.stated.or(s.budget_score.computed);
    let (Some(c), Some(d)) = (c, d) else { return };
    let sum = c + d;
    if (round_half_up(sum, decimals(total)) - total).abs() > 1e-6 {
        out.push(
            diag(
                "E005",
                format!(
                    "总得分写作 {}，而 自评得分小计 (C) {} + 预算执行率得分 (D) {} = {}。",
                    fmt_num(total),
                    fmt_num(c),
                    fmt_num(d),
                    fmt_num(sum)
                ),
                format!(
                    "The total reads {}, but C {} + D {} = {}.",
                    fmt_num(total),
                    fmt_num(c),
                    fmt_num(d),
                    fmt_num(sum)
                ),
                index,
                [form.lines[1], form.lines[1]],
            )
            .at_field("total")
            .with_help("总得分 = 自评得分小计 (C) + 预算执行率得分 (D)。"),
        );
    }
}
