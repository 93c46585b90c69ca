//! Evaluation and scores (E): what a self-evaluation states against what its figures give.
//! Tolerances as RULES.md states them: a rate compares at the precision the form writes it,
//! truncated or rounded; a score compares rounded half up to the precision the form writes.

use super::diag;
use crate::core::diagnostic::Diagnostic;
use crate::core::export::fmt_num;
use crate::core::model::{Form, Kind};
use crate::core::score::{
    decimals, exact_rate, indicator_score, is_budget_indicator, rate_matches, round_half_up,
    Profile,
};
use crate::core::value::read_value;

/// Runs the score rules on one form.
pub(super) fn check(form: &Form, index: usize, profile: &Profile, out: &mut Vec<Diagnostic>) {
    e001_execution_rate(form, index, out);
    e002_budget_score(form, index, out);
    e003_score_over_points(form, index, out);
    e004_subtotal(form, index, profile, out);
    e005_total(form, index, out);
    e006_no_reason(form, index, out);
    e007_e008_e009_results(form, index, out);
    e010_low_execution(form, index, out);
    e011_grade(form, index, out);
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
    if !rate_matches(p, c) {
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

/// E004 — the stated subtotal (C) ≠ the sum of the indicators' 得分, or the indicators' 分值
/// ≠ the points the profile gives them (90 by default).
///
/// Why: C is the indicators' scores added up, out of the indicators' points.
///
/// Fires: 得分 50 + 30 + 10 = 90 with 小计 (C) 85; or 分值 that add up to 80.
/// Instead: correct the subtotal, or the points.
pub(super) fn e004_subtotal(
    form: &Form,
    index: usize,
    profile: &Profile,
    out: &mut Vec<Diagnostic>,
) {
    if !matches!(
        form.kind,
        Kind::ProjectSelfEvaluation | Kind::DepartmentSelfEvaluation
    ) {
        return;
    }
    let inds: Vec<_> = form
        .indicators
        .iter()
        .filter(|i| !is_budget_indicator(form, i))
        .collect();
    if inds.is_empty() {
        return;
    }
    let points: f64 = inds.iter().filter_map(|i| i.weight).sum();
    let lines = [inds[0].line, inds[inds.len() - 1].line];
    if (points - profile.indicator_points).abs() > 1e-6 {
        out.push(
            diag(
                "E004",
                format!(
                    "各指标分值合计 {}，而评分方案给指标的分值为 {}。",
                    fmt_num(points),
                    fmt_num(profile.indicator_points)
                ),
                format!(
                    "The indicators' points add up to {}, but the profile gives them {}.",
                    fmt_num(points),
                    fmt_num(profile.indicator_points)
                ),
                index,
                lines,
            )
            .at_field("weight")
            .with_help("核对各指标分值（或所用评分方案）；表格若不完整，请粘贴完整表格。"),
        );
    }
    let Some(stated) = form.scores.as_ref().and_then(|s| s.indicator_score.stated) else {
        return;
    };
    let scores: Vec<f64> = inds.iter().filter_map(|i| i.score).collect();
    if scores.len() != inds.len() {
        return;
    }
    let sum: f64 = scores.iter().sum();
    if (round_half_up(sum, decimals(stated)) - stated).abs() > 1e-6 {
        out.push(
            diag(
                "E004",
                format!(
                    "自评得分小计 (C) 写作 {}，而各指标得分合计 {}。",
                    fmt_num(stated),
                    fmt_num(sum)
                ),
                format!(
                    "The subtotal (C) reads {}, but the indicators' scores add up to {}.",
                    fmt_num(stated),
                    fmt_num(sum)
                ),
                index,
                lines,
            )
            .at_field("indicator_score")
            .with_help("小计 (C) = 各指标得分之和。"),
        );
    }
}

/// E006 — 得分 < 分值 and no 未完成原因 / 偏差原因 given.
///
/// Why: a shortfall needs its reason, so that it can be acted on.
///
/// Fires: 分值 10, 得分 6, 未完成原因 blank.
/// Instead: state why the target was not reached.
pub(super) fn e006_no_reason(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    // A department's budget execution, stated as an indicator, is checked by E002 / E010.
    for (k, ind) in form
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| !is_budget_indicator(form, i))
    {
        let (Some(w), Some(s)) = (ind.weight, ind.score) else {
            continue;
        };
        if s < w - 1e-9 && ind.reason.is_none() {
            out.push(
                diag(
                    "E006",
                    format!(
                        "指标“{}”得分 {} 低于分值 {}，但没有写未完成原因。",
                        ind.name,
                        fmt_num(s),
                        fmt_num(w)
                    ),
                    format!(
                        "Indicator “{}” scores {} of {} with no reason given.",
                        ind.name,
                        fmt_num(s),
                        fmt_num(w)
                    ),
                    index,
                    [ind.line, ind.line],
                )
                .at_indicator(k)
                .at_field("reason")
                .with_help("在“未完成原因”中说明偏差原因及改进措施。"),
            );
        }
    }
}

/// E007 — a quantitative target was met (完成值 satisfies the operator) but the score is below
/// 分值; E008 — one was not met and the stated score differs from the proportional score
/// (分值 × 完成值 / 目标值, or 目标值 / 完成值 where less is better); E009 — a qualitative
/// indicator's score falls outside the band of its stated result (达成 80–100%, 部分达成
/// 60–80%, 未达成 below 60% of 分值).
///
/// Why: scores follow from results; a score that does not is a slip or needs a word.
///
/// Fires (E007): target ≥90%, 完成值 95%, 分值 10, 得分 8.
/// Instead: full points for a target met, or say why not.
pub(super) fn e007_e008_e009_results(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    for (k, ind) in form
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| !is_budget_indicator(form, i))
    {
        let (Some(w), Some(s), Some(actual)) = (ind.weight, ind.score, ind.actual.as_deref())
        else {
            continue;
        };
        let Some(computed) = indicator_score(ind) else {
            continue;
        };
        let a = read_value(actual);
        let quantitative = !ind.value.qualitative
            && ind.value.date.is_none()
            && ind.value.number.is_some_and(|t| t > 0.0)
            && a.number.is_some();
        let lines = [ind.line, ind.line];
        if quantitative {
            let met = (computed - w).abs() < 1e-9;
            if met && s < w - 1e-9 {
                out.push(
                    diag(
                        "E007",
                        format!(
                            "指标“{}”完成值“{actual}”已达到目标，但得分 {} 低于分值 {}。",
                            ind.name,
                            fmt_num(s),
                            fmt_num(w)
                        ),
                        format!(
                            "Indicator “{}” met its target (“{actual}”) but scores {} of {}.",
                            ind.name,
                            fmt_num(s),
                            fmt_num(w)
                        ),
                        index,
                        lines,
                    )
                    .at_indicator(k)
                    .at_field("score")
                    .with_help("目标已完成的指标应得满分，或说明扣分理由。"),
                );
            } else if !met && (round_half_up(computed, decimals(s)) - s).abs() > 1e-6 {
                out.push(
                    diag(
                        "E008",
                        format!("指标“{}”未达目标，按完成比例应得 {}，表中写 {}。", ind.name, fmt_num(computed), fmt_num(s)),
                        format!("Indicator “{}” missed its target; the proportional score is {}, the form states {}.", ind.name, fmt_num(computed), fmt_num(s)),
                        index,
                        lines,
                    )
                    .at_indicator(k)
                    .at_field("score")
                    .with_help("未完成的定量指标按 分值 × 完成值 ÷ 目标值 计分。"),
                );
            }
        } else if (computed - s).abs() > 1e-6 && !actual.chars().any(|c| c.is_ascii_digit()) {
            // The band is read from words (达成 / 部分达成 / 未达成); a figure says no band.
            out.push(
                diag(
                    "E009",
                    format!("定性指标“{}”完成情况为“{actual}”，得分 {} 不在其档次内（应约为 {}）。", ind.name, fmt_num(s), fmt_num(computed)),
                    format!("Qualitative indicator “{}” (result “{actual}”) scores {}, outside its band (about {}).", ind.name, fmt_num(s), fmt_num(computed)),
                    index,
                    lines,
                )
                .at_indicator(k)
                .at_field("score")
                .with_help("定性指标按档次计分：达成 80–100%，部分达成 60–80%，未达成 60% 以下。"),
            );
        }
    }
}

/// E010 — 执行率 below 90% with no explanation.
///
/// Why: low execution is the first thing a finance bureau asks about.
///
/// Fires: B / A = 30.64%.
/// Instead: explain the low execution (in the form's 偏差原因).
pub(super) fn e010_low_execution(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    let Some(s) = &form.scores else { return };
    let Some(rate) = s.execution_rate.computed.or(s.execution_rate.stated) else {
        return;
    };
    if rate < 0.9 {
        out.push(
            diag(
                "E010",
                format!(
                    "预算执行率 {} 低于 90%。",
                    format_args!("{}%", fmt_num(round_half_up(rate * 100.0, 2)))
                ),
                format!(
                    "Budget execution is {}%, below 90%.",
                    fmt_num(round_half_up(rate * 100.0, 2))
                ),
                index,
                [form.lines[0], form.lines[1]],
            )
            .at_field("execution_rate")
            .with_help("说明预算执行率偏低的原因及改进措施。"),
        );
    }
}

/// E011 — a stated grade (优/良/中/差) does not match the total.
///
/// Why: the grade follows from the total: 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60.
///
/// Fires: total 85 with 评价等级 优.
/// Instead: the grade of the total (良).
pub(super) fn e011_grade(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    let Some(s) = &form.scores else { return };
    let (Some(stated), Some(total)) = (
        s.grade_stated.as_deref(),
        s.total.stated.or(s.total.computed),
    ) else {
        return;
    };
    let due = crate::core::score::grade(total);
    if stated != due {
        out.push(
            diag(
                "E011",
                format!(
                    "评价等级写作“{stated}”，而总得分 {} 对应“{due}”。",
                    fmt_num(total)
                ),
                format!(
                    "The grade reads “{stated}”, but a total of {} is “{due}”.",
                    fmt_num(total)
                ),
                index,
                [form.lines[1], form.lines[1]],
            )
            .at_field("grade")
            .with_help("等级：优 ≥ 90，良 80–90，中 60–80，差 < 60。"),
        );
    }
}
