//! Values (V): what each indicator's target says.

use super::diag;
use crate::core::diagnostic::Diagnostic;
use crate::core::export::fmt_num;
use crate::core::model::{Form, Indicator, Kind};

/// Runs the value rules on one form.
pub(super) fn check(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    for (k, ind) in form.indicators.iter().enumerate() {
        v001_no_value(form, index, k, ind, out);
        v002_vague(index, k, ind, out);
        v003_placeholder(index, k, ind, out);
        v004_over_100(index, k, ind, out);
        v005_satisfaction(form, index, k, ind, out);
        v008_date_outside_year(form, index, k, ind, out);
        v006_cost_operator(index, k, ind, out);
        v007_money_over_total(form, index, k, ind, out);
        v009_bare_code(index, k, ind, out);
    }
}

/// A cost indicator: 成本指标 as its 一级 or its 二级.
pub(crate) fn is_cost(ind: &Indicator) -> bool {
    ind.level1 == "成本指标" || ind.level2.as_deref() == Some("成本指标")
}

/// V001 — an indicator has no 指标值 (declaration forms: no 本年度指标值).
///
/// Why: a target without a value cannot be checked at the end of the year.
///
/// Fires: `提高定点医疗机构满意率` with its 本年度指标值 cell blank.
/// Instead: write the year's value (`≥95%`).
fn v001_no_value(form: &Form, index: usize, k: usize, ind: &Indicator, out: &mut Vec<Diagnostic>) {
    if form.kind == Kind::Fragment || ind.target.is_some() {
        return;
    }
    let zh = if form.kind == Kind::TargetDeclaration {
        "本年度指标值"
    } else {
        "指标值"
    };
    out.push(
        diag(
            "V001",
            format!("指标“{}”没有{zh}。", ind.name),
            format!("Indicator “{}” has no target value for the year.", ind.name),
            index,
            [ind.line, ind.line],
        )
        .at_indicator(k)
        .at_field("target")
        .with_help(format!("填写该指标的{zh}。")),
    );
}

/// Words that state no measurable target when they stand alone or make the whole value.
const VAGUE: &[&str] = &[
    "程度提高",
    "有所提高",
    "有效提升",
    "效果显著",
    "明显",
    "长期",
    "及时",
    "较好",
    "稳步提高",
    "有效保障",
    "逐步提高",
    "不断提高",
    "显著提高",
    "大幅提升",
];

/// Values that are vague on their own.
const VAGUE_WHOLE: &[&str] = &["提升", "提高", "良好", "好", "优", "明显改善", "改善"];

/// V002 — a value is vague and cannot be measured (程度提高, 有所提高, 效果显著, 长期, 及时 …).
///
/// Why: a reviewer cannot tell at the end of the year whether a vague target was met.
///
/// Fires: `进一步提升单位依法行政能力` → `程度提高`.
/// Instead: a number or a verifiable state (`行政复议纠错率≤5%`, `2021年6月完成`).
fn v002_vague(index: usize, k: usize, ind: &Indicator, out: &mut Vec<Diagnostic>) {
    let Some(t) = ind.target.as_deref() else {
        return;
    };
    if !ind.value.qualitative || ind.value.number.is_some() || t.chars().any(|c| c.is_ascii_digit())
    {
        return;
    }
    // The value is the vague word (with little else), or a sentence ending in a vague
    // phrase (`结算率有所提高`); `预算信息及时公开` states a verifiable fact and passes.
    let whole = t.trim_end_matches(['。', '.']);
    let short = whole.chars().count() <= 6;
    let vague = VAGUE
        .iter()
        .find(|w| {
            (short && whole.contains(**w)) || (w.chars().count() >= 4 && whole.ends_with(**w))
        })
        .copied()
        .or_else(|| VAGUE_WHOLE.iter().find(|w| whole == **w).copied());
    if let Some(word) = vague {
        out.push(
            diag(
                "V002",
                format!(
                    "指标“{}”的指标值“{t}”含糊（“{word}”），无法衡量。",
                    ind.name
                ),
                format!(
                    "Indicator “{}” has a vague value “{t}” (“{word}”) that cannot be measured.",
                    ind.name
                ),
                index,
                [ind.line, ind.line],
            )
            .at_indicator(k)
            .at_field("target")
            .with_help("改为可衡量的数值或可核验的状态，如“≥95%”“2021年6月前完成”。"),
        );
    }
}

/// V003 — a placeholder stands for a value: `*`, `**%`, `xx`, `XX%`.
///
/// Why: the template's placeholder was never filled in.
///
/// Fires: `覆盖率` → `XX%`.
/// Instead: the real value (`≥95%`).
fn v003_placeholder(index: usize, k: usize, ind: &Indicator, out: &mut Vec<Diagnostic>) {
    let Some(t) = ind.target.as_deref() else {
        return;
    };
    let core: String = t
        .chars()
        .filter(|c| !matches!(c, '%' | '≥' | '≤' | '>' | '<' | '=' | ' '))
        .collect();
    let placeholder = !core.is_empty()
        && core
            .chars()
            .all(|c| matches!(c, '*' | 'x' | 'X' | '×' | '＊'));
    if placeholder {
        out.push(
            diag(
                "V003",
                format!("指标“{}”的指标值“{t}”是模板占位符。", ind.name),
                format!(
                    "Indicator “{}” has a placeholder “{t}” for its value.",
                    ind.name
                ),
                index,
                [ind.line, ind.line],
            )
            .at_indicator(k)
            .at_field("target")
            .with_help("填写实际的指标值。"),
        );
    }
}

/// V004 — a percentage above 100 (`≥110%` of a rate).
///
/// Why: a rate cannot exceed 100%.
///
/// Fires: `群众满意度` → `≥110%`.
/// Instead: a rate up to 100%.
fn v004_over_100(index: usize, k: usize, ind: &Indicator, out: &mut Vec<Diagnostic>) {
    let v = &ind.value;
    if v.unit.as_deref() != Some("%") {
        return;
    }
    let top = v.number_max.or(v.number);
    if let Some(n) = top.filter(|n| *n > 100.0) {
        out.push(
            diag(
                "V004",
                format!("指标“{}”的指标值为 {}%，超过 100%。", ind.name, fmt_num(n)),
                format!(
                    "Indicator “{}” targets {}%, above 100%.",
                    ind.name,
                    fmt_num(n)
                ),
                index,
                [ind.line, ind.line],
            )
            .at_indicator(k)
            .at_field("target")
            .with_help("比率类指标值不应超过 100%。"),
        );
    }
}

/// V006 — a cost indicator with `≥` or `>` (a cost target caps spending), or with no amount
/// (`据实报销`).
///
/// Why: a cost target says how much at most may be spent; without an amount it caps nothing.
///
/// Fires: `离休人员医疗费报销标准` → `据实报销`.
/// Instead: an amount with `≤` (`≤20万元`).
fn v006_cost_operator(index: usize, k: usize, ind: &Indicator, out: &mut Vec<Diagnostic>) {
    if !is_cost(ind) {
        return;
    }
    let Some(t) = ind.target.as_deref() else {
        return;
    };
    let v = &ind.value;
    let (zh, en) = if matches!(
        v.op,
        Some(crate::core::model::Op::Ge | crate::core::model::Op::Gt)
    ) {
        (
            "用了“≥”或“>”，成本指标应为上限",
            "uses ≥ or >, but a cost target is a cap",
        )
    } else if v.number.is_none() {
        ("没有金额", "states no amount")
    } else {
        return;
    };
    out.push(
        diag(
            "V006",
            format!("成本指标“{}”的指标值“{t}”{zh}。", ind.name),
            format!("Cost indicator “{}” with value “{t}” {en}.", ind.name),
            index,
            [ind.line, ind.line],
        )
        .at_indicator(k)
        .at_field("target")
        .with_help("成本指标写明金额上限，如“≤20万元”。"),
    );
}

/// A money amount written in a text: the byte where its number ends, the number, and the
/// unit character after it (亿, 万 or 元).
pub(crate) struct Amount {
    pub end: usize,
    pub number: f64,
    pub unit: char,
}

impl Amount {
    /// The amount in 万元.
    pub fn wan(&self) -> f64 {
        match self.unit {
            '亿' => self.number * 10000.0,
            '万' => self.number,
            _ => self.number / 10000.0,
        }
    }
}

/// Every money amount of a text (`500万`, `576000元`, `9000万元`), in order.
pub(crate) fn amounts(text: &str) -> Vec<Amount> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        let Ok(number) = text[start..i].trim_end_matches('.').parse::<f64>() else {
            continue;
        };
        if let Some(unit) = text[i..].chars().next().filter(|c| "亿万元".contains(*c)) {
            out.push(Amount {
                end: i,
                number,
                unit,
            });
        }
    }
    out
}

/// Every money amount in a text, in 万元.
pub(super) fn amounts_wan(text: &str) -> Vec<f64> {
    amounts(text).iter().map(Amount::wan).collect()
}

/// V007 — a money amount inside an output target exceeds the project's annual total
/// (`奖励500万` in a 93 万元 project).
///
/// Why: the project cannot pay out more than it has; such a figure is usually a slip of unit
/// (500元 written as 500万). Benefit targets (money saved or recovered) are not checked.
///
/// Fires: `兑现举报奖励` → `查实举报5万以下，奖励500万` with 年度资金总额 93 万元.
/// Instead: the amount in the right unit (`奖励500元`).
fn v007_money_over_total(
    form: &Form,
    index: usize,
    k: usize,
    ind: &Indicator,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(total), Some(t)) = (form.funds.total, ind.target.as_deref()) else {
        return;
    };
    if total <= 0.0 || ind.level1 != "产出指标" && !is_cost(ind) {
        return;
    }
    if let Some(a) = amounts_wan(t).into_iter().find(|a| *a > total + 0.01) {
        out.push(
            diag(
                "V007",
                format!(
                    "指标“{}”的指标值中金额 {} 万元超过本项目年度资金总额 {} 万元。",
                    ind.name,
                    fmt_num(a),
                    fmt_num(total)
                ),
                format!(
                    "Indicator “{}” names {} 万元, more than the project's annual total of {} 万元.",
                    ind.name,
                    fmt_num(a),
                    fmt_num(total)
                ),
                index,
                [ind.line, ind.line],
            )
            .at_indicator(k)
            .at_field("target")
            .with_help("核对金额及单位（元 / 万元）。"),
        );
    }
}

/// V009 — a 定性 indicator whose value is a bare code (`2`) rather than words.
///
/// Why: a reviewer cannot tell what `2` promises; the template's grade codes mean nothing
/// outside the system they came from.
///
/// Fires: `医保基金有效节约`, 定性, 指标值 `2`.
/// Instead: the state aimed at, in words (`基金运行平稳，无超支`).
fn v009_bare_code(index: usize, k: usize, ind: &Indicator, out: &mut Vec<Diagnostic>) {
    let Some(t) = ind.target.as_deref() else {
        return;
    };
    if ind.value.qualitative && !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        out.push(
            diag(
                "V009",
                format!("定性指标“{}”的指标值只写了代码“{t}”。", ind.name),
                format!(
                    "Qualitative indicator “{}” has only the code “{t}” as its value.",
                    ind.name
                ),
                index,
                [ind.line, ind.line],
            )
            .at_indicator(k)
            .at_field("target")
            .with_help("用文字写明要达到的状态。"),
        );
    }
}

/// V005 — a satisfaction indicator whose target is not at least a percentage, or is below 80%
/// (a heuristic).
///
/// Why: satisfaction is measured as a share of those served; a target below 80% or one that is
/// not a share cannot be checked against a survey.
///
/// Fires: `群众满意度` → `≥70%`, or `群众满意`.
/// Instead: `≥90%` (a bare `95%` is read as at least 95%).
/// Target forms only: a self-evaluation's 内容 describes rather than sets the target.
fn v005_satisfaction(
    form: &Form,
    index: usize,
    k: usize,
    ind: &Indicator,
    out: &mut Vec<Diagnostic>,
) {
    if !form.kind.is_target_form() || ind.level1 != "满意度指标" {
        return;
    }
    let Some(t) = ind.target.as_deref() else {
        return;
    };
    let v = &ind.value;
    let at_least = matches!(
        v.op,
        None | Some(crate::core::model::Op::Ge | crate::core::model::Op::Gt)
    );
    let share = v.unit.as_deref() == Some("%") && v.number.is_some();
    let (zh, en) = if !share || !at_least {
        (
            "不是“≥百分比”的形式".to_string(),
            "is not “at least a percentage”".to_string(),
        )
    } else if v.number.is_some_and(|n| n < 80.0) {
        (
            format!("低于 80%（{}%）", fmt_num(v.number.unwrap_or(0.0))),
            format!("is below 80% ({}%)", fmt_num(v.number.unwrap_or(0.0))),
        )
    } else {
        return;
    };
    out.push(
        diag(
            "V005",
            format!("满意度指标“{}”的指标值“{t}”{zh}。", ind.name),
            format!(
                "Satisfaction indicator “{}” with value “{t}” {en}.",
                ind.name
            ),
            index,
            [ind.line, ind.line],
        )
        .at_indicator(k)
        .at_field("target")
        .with_help("满意度指标一般写作“≥90%”等不低于 80% 的比例。"),
    );
}

/// V008 — a date in a value falls outside the form's year.
///
/// Why: a deadline after the year (or before it) cannot be this year's target.
///
/// Fires: a (2021 年度) form with `2022年6月完成`.
/// Instead: a date within the year, or move the target to the medium term.
fn v008_date_outside_year(
    form: &Form,
    index: usize,
    k: usize,
    ind: &Indicator,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(year), Some(date)) = (form.year, ind.value.date.as_deref()) else {
        return;
    };
    let Some(y) = date.get(..4).and_then(|y| y.parse::<i32>().ok()) else {
        return;
    };
    if y != year {
        out.push(
            diag(
                "V008",
                format!("指标“{}”的日期 {date} 不在本表年度 {year} 年内。", ind.name),
                format!(
                    "Indicator “{}” has a date {date} outside the form's year {year}.",
                    ind.name
                ),
                index,
                [ind.line, ind.line],
            )
            .at_indicator(k)
            .at_field("target")
            .with_help("年度指标的日期应在本年度内。"),
        );
    }
}
