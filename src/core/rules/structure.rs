//! Structure (S): the indicator tree a form is built from.

use super::diag;
use crate::core::diagnostic::Diagnostic;
use crate::core::layout::level2_name;
use crate::core::model::{Form, Kind};

/// Runs the structure rules on one form.
pub(super) fn check(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    if form.indicators.is_empty()
        || matches!(form.kind, Kind::Fragment | Kind::DepartmentSelfEvaluation)
    {
        return;
    }
    s001_missing_level1(form, index, out);
    s002_no_satisfaction(form, index, out);
    s003_no_cost(form, index, out);
    s004_level2_under_wrong_level1(form, index, out);
    s006_duplicate_names(form, index, out);
}

fn has_level1(form: &Form, l1: &str) -> bool {
    form.indicators.iter().any(|i| i.level1 == l1)
}

fn span(form: &Form) -> [usize; 2] {
    let first = form.indicators.first().map_or(form.lines[0], |i| i.line);
    let last = form.indicators.last().map_or(form.lines[1], |i| i.line);
    [first, last]
}

/// S001 — a target form lacks 一级指标 产出指标 or 效益指标.
///
/// Why: every project states what it produces and what that achieves (财预〔2021〕101号).
///
/// Fires: a 批复表 whose indicators are all 满意度指标.
/// Instead: add the missing 一级 with its indicators.
fn s001_missing_level1(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    if !form.kind.is_target_form() {
        return;
    }
    for l1 in ["产出指标", "效益指标"] {
        if !has_level1(form, l1) {
            out.push(
                diag(
                    "S001",
                    format!("绩效目标表缺少一级指标“{l1}”。"),
                    format!("The target form has no {l1} (a required level-1 category)."),
                    index,
                    span(form),
                )
                .at_field("indicators")
                .with_help(format!("补充“{l1}”及其二级、三级指标。")),
            );
        }
    }
}

/// S002 — a form lacks 满意度指标 (some projects legitimately have none, e.g. payroll).
///
/// Why: satisfaction of those served is one of the three standard 一级; leaving it out should
/// be a choice a reviewer can see.
///
/// Fires: a form with 产出指标 and 效益指标 only.
/// Instead: add a 服务对象满意度指标, or say why there is none.
fn s002_no_satisfaction(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    if !has_level1(form, "满意度指标") {
        out.push(
            diag(
                "S002",
                "本表没有满意度指标。".to_string(),
                "The form has no satisfaction indicator (满意度指标).".to_string(),
                index,
                span(form),
            )
            .at_field("indicators")
            .with_help("补充服务对象满意度指标；确无服务对象的（如人员工资）可说明原因。"),
        );
    }
}

/// S003 — a target form from 2021 on has no cost indicator (成本指标, as 二级 under 产出 or as
/// its own 一级).
///
/// Why: cost indicators are required in target forms from 2021 (财预〔2021〕101号).
///
/// Fires: a (2022年度) 批复表 with 数量 / 质量 / 时效 indicators but no 成本指标.
/// Instead: add the project's cost indicators.
fn s003_no_cost(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    if !form.kind.is_target_form() || form.year.is_none_or(|y| y < 2021) {
        return;
    }
    let has_cost = form
        .indicators
        .iter()
        .any(|i| i.level1 == "成本指标" || i.level2.as_deref() == Some("成本指标"));
    if !has_cost {
        out.push(
            diag(
                "S003",
                format!(
                    "{} 年度的绩效目标表没有成本指标。",
                    form.year.unwrap_or_default()
                ),
                format!(
                    "A {} target form has no cost indicator.",
                    form.year.unwrap_or_default()
                ),
                index,
                span(form),
            )
            .at_field("indicators")
            .with_help("在产出指标下补充成本指标（经济成本等）。"),
        );
    }
}

/// S004 — a 二级指标 is not one that belongs under its 一级 (产出: 数量/质量/时效/成本; 效益:
/// 经济效益/社会效益/生态效益/可持续影响; 满意度: 服务对象满意度; 成本: 经济/社会/生态环境成本).
///
/// Why: a 二级 under the wrong 一级 scores it in the wrong part of the form.
///
/// Fires: 效益指标 → 数量指标 → 培训人数.
/// Instead: move the indicator under the 一级 its 二级 belongs to.
fn s004_level2_under_wrong_level1(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    for (k, ind) in form.indicators.iter().enumerate() {
        let Some(l2) = ind.level2.as_deref() else {
            continue;
        };
        let Some((_, belongs)) = level2_name(l2) else {
            continue;
        };
        let ok = belongs == ind.level1 || (l2 == "成本指标" && ind.level1 == "成本指标");
        if !ok {
            out.push(
                diag(
                    "S004",
                    format!(
                        "二级指标“{l2}”应属于“{belongs}”，而本表放在“{}”下（“{}”）。",
                        ind.level1, ind.name
                    ),
                    format!(
                        "{l2} belongs under {belongs}, but “{}” has it under {}.",
                        ind.name, ind.level1
                    ),
                    index,
                    [ind.line, ind.line],
                )
                .at_indicator(k)
                .at_field("level2")
                .with_help(format!("将该指标移到“{belongs}”下。")),
            );
        }
    }
}

/// S006 — the same 三级指标 name appears twice under one 二级.
///
/// Why: a repeated indicator is counted twice, or one of the two was meant to be another.
///
/// Fires: 数量指标 → 培训人数 twice.
/// Instead: remove the repeat or name the second indicator for what it measures.
fn s006_duplicate_names(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    for (k, ind) in form.indicators.iter().enumerate() {
        let earlier = form.indicators[..k]
            .iter()
            .find(|j| j.name == ind.name && j.level1 == ind.level1 && j.level2 == ind.level2);
        if let Some(first) = earlier {
            out.push(
                diag(
                    "S006",
                    format!(
                        "三级指标“{}”在“{}”下出现两次（第 {} 行和第 {} 行）。",
                        ind.name,
                        ind.level2.as_deref().unwrap_or(&ind.level1),
                        first.line,
                        ind.line
                    ),
                    format!(
                        "Indicator “{}” appears twice under the same category (lines {} and {}).",
                        ind.name, first.line, ind.line
                    ),
                    index,
                    [ind.line, ind.line],
                )
                .at_indicator(k)
                .at_field("name")
                .with_help("删除重复的指标，或改为其实际衡量的内容。"),
            );
        }
    }
}
