//! Weights (W): indicator weights against 100.

use super::diag;
use crate::core::diagnostic::Diagnostic;
use crate::core::export::fmt_num;
use crate::core::model::{Form, Indicator};
use crate::core::score::Profile;

/// Runs the weight rules on one form.
pub(super) fn check(form: &Form, index: usize, profile: &Profile, out: &mut Vec<Diagnostic>) {
    w003_level1_points(form, index, out);
    if !form.kind.is_target_form() {
        return;
    }
    for (field, zh, get) in [
        (
            "weight",
            "权重",
            (|i: &Indicator| i.weight) as fn(&Indicator) -> Option<f64>,
        ),
        ("weight_current", "本年权重", |i: &Indicator| {
            i.weight_current
        }),
    ] {
        w001_sum(form, index, profile, field, zh, get, out);
        w002_partial(form, index, field, zh, get, out);
    }
}

/// W001 — indicator weights + 预算执行率权重 ≠ 100 (checked separately for 权重 and 本年权重).
///
/// Why: the weights split the form's 100 points; a sum other than 100 scores the project on
/// the wrong scale.
///
/// Fires: 本年权重 20 + 20 + 20 + 20 = 80 with 预算执行率权重 10 (90 in all).
/// Instead: adjust the weights so that they and the budget weight add up to 100.
fn w001_sum(
    form: &Form,
    index: usize,
    profile: &Profile,
    field: &str,
    zh: &str,
    get: fn(&Indicator) -> Option<f64>,
    out: &mut Vec<Diagnostic>,
) {
    let weights: Vec<f64> = form.indicators.iter().filter_map(get).collect();
    if weights.is_empty() {
        return;
    }
    let budget = form.budget_weight.unwrap_or(profile.budget_points);
    let sum: f64 = weights.iter().sum();
    if (sum + budget - 100.0).abs() > 0.01 {
        let first = form.indicators.first().map_or(form.lines[0], |i| i.line);
        let last = form.indicators.last().map_or(form.lines[1], |i| i.line);
        out.push(
            diag(
                "W001",
                format!(
                    "各指标{zh}合计 {} 加预算执行率权重 {} 为 {}，不等于 100。",
                    fmt_num(sum),
                    fmt_num(budget),
                    fmt_num(sum + budget)
                ),
                format!(
                    "The indicators' {field} add up to {}; with the budget weight {} that makes {}, not 100.",
                    fmt_num(sum),
                    fmt_num(budget),
                    fmt_num(sum + budget)
                ),
                index,
                [first, last],
            )
            .at_field(field)
            .with_help(format!("调整各指标{zh}，使其与预算执行率权重合计为 100。")),
        );
    }
}

/// W002 — some indicators have weights and others have none.
///
/// Why: an indicator without a weight counts for nothing in the score.
///
/// Fires: a table where one row's 权重 cell is blank.
/// Instead: give every indicator its weight.
fn w002_partial(
    form: &Form,
    index: usize,
    field: &str,
    zh: &str,
    get: fn(&Indicator) -> Option<f64>,
    out: &mut Vec<Diagnostic>,
) {
    let with = form.indicators.iter().filter(|i| get(i).is_some()).count();
    if with == 0 || with == form.indicators.len() {
        return;
    }
    for (k, ind) in form.indicators.iter().enumerate() {
        if get(ind).is_none() {
            out.push(
                diag(
                    "W002",
                    format!("指标“{}”没有{zh}，而本表其他指标有。", ind.name),
                    format!(
                        "Indicator “{}” has no {field} while the form's other indicators do.",
                        ind.name
                    ),
                    index,
                    [ind.line, ind.line],
                )
                .at_indicator(k)
                .at_field(field)
                .with_help(format!("为该指标填写{zh}。")),
            );
        }
    }
}

/// W003 — a 一级 header states its points (`产出指标(50分)`) and its indicators' 分值 (or
/// 权重) do not add up to them.
///
/// Why: the points a category announces are the points its indicators share.
///
/// Fires: 产出指标(50分) over indicators of 20 + 20 分.
/// Instead: make the indicators' points add up to the category's.
fn w003_level1_points(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    for (l1, points, line) in &form.level1_points {
        let weights: Vec<f64> = form
            .indicators
            .iter()
            .filter(|i| &i.level1 == l1)
            .filter_map(|i| i.weight.or(i.weight_current))
            .collect();
        if weights.is_empty() {
            continue;
        }
        let sum: f64 = weights.iter().sum();
        if (sum - points).abs() > 0.01 {
            out.push(
                diag(
                    "W003",
                    format!(
                        "“{l1}”注明 {} 分，而其下各指标分值合计 {}。",
                        fmt_num(*points),
                        fmt_num(sum)
                    ),
                    format!(
                        "{l1} states {} points, but its indicators' points add up to {}.",
                        fmt_num(*points),
                        fmt_num(sum)
                    ),
                    index,
                    [*line, *line],
                )
                .at_field("weight")
                .with_help(format!(
                    "调整“{l1}”下各指标分值，使其合计为 {} 分。",
                    fmt_num(*points)
                )),
            );
        }
    }
}
