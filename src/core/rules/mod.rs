//! The checker: one registry of rules (code → severity → title), one file per family.
//! Each rule works on the parsed forms alone, never on the text.
//!
//! Rules come from `shared/RULES.md`; the registry lists the ones this version checks, and the
//! page and the command line list them from here. The cross-form family (X) is listed here too,
//! but [`check_form`] never runs it: it compares a self-evaluation with its target form and runs
//! only across forms ([`crate::core::desk::cross_check`]).

pub(crate) mod costs;
mod funds;
mod reading;
mod scores;
mod structure;
pub(crate) mod values;
mod weights;

use super::diagnostic::{Diagnostic, Severity};
use super::model::Form;
use super::score::Profile;

pub(crate) use funds::{compare_sum, Sum};

/// One rule: its code, default severity and title.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub title_zh: &'static str,
    pub title_en: &'static str,
}

impl RuleInfo {
    /// A cross-form rule (family X): it compares a self-evaluation with its target form, so it
    /// runs across forms ([`crate::core::desk::cross_check`]), never on one form alone.
    pub fn cross_form(&self) -> bool {
        self.code.starts_with('X')
    }
}

/// Every rule checked, in code order.
pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        code: "P001",
        severity: Severity::Error,
        title_zh: "未识别出绩效表",
        title_en: "No form recognised",
    },
    RuleInfo {
        code: "P002",
        severity: Severity::Warning,
        title_zh: "有内容的行未能归入字段或指标",
        title_en: "A line with content placed nowhere",
    },
    RuleInfo {
        code: "P003",
        severity: Severity::Info,
        title_zh: "单元格内容似乎被截断",
        title_en: "A cell looks cut short",
    },
    RuleInfo {
        code: "P004",
        severity: Severity::Info,
        title_zh: "表头有错字，已按本意读取",
        title_en: "Header read despite a typo",
    },
    RuleInfo {
        code: "P005",
        severity: Severity::Warning,
        title_zh: "单元格含不可见字符，已去除",
        title_en: "Invisible characters removed from a cell",
    },
    RuleInfo {
        code: "S001",
        severity: Severity::Error,
        title_zh: "目标表缺少产出指标或效益指标",
        title_en: "Target form lacks 产出 or 效益",
    },
    RuleInfo {
        code: "S002",
        severity: Severity::Warning,
        title_zh: "没有满意度指标",
        title_en: "No satisfaction indicator",
    },
    RuleInfo {
        code: "S003",
        severity: Severity::Warning,
        title_zh: "2021 年起的目标表没有成本指标",
        title_en: "No cost indicator (2021 on)",
    },
    RuleInfo {
        code: "S004",
        severity: Severity::Warning,
        title_zh: "二级指标不属于其一级指标",
        title_en: "Level-2 category under the wrong level 1",
    },
    RuleInfo {
        code: "S005",
        severity: Severity::Info,
        title_zh: "二级指标下没有三级指标",
        title_en: "Level 2 with no indicator under it",
    },
    RuleInfo {
        code: "S006",
        severity: Severity::Warning,
        title_zh: "同一二级指标下三级指标重复",
        title_en: "Same indicator twice under one level 2",
    },
    RuleInfo {
        code: "S007",
        severity: Severity::Info,
        title_zh: "不规范或错乱的类别名称已按标准名称读取",
        title_en: "Non-standard category read as a standard one",
    },
    RuleInfo {
        code: "F001",
        severity: Severity::Error,
        title_zh: "资金总额缺失",
        title_en: "Fund total missing",
    },
    RuleInfo {
        code: "F002",
        severity: Severity::Error,
        title_zh: "资金总额不等于各来源之和",
        title_en: "Total is not the sum of its sources",
    },
    RuleInfo {
        code: "F003",
        severity: Severity::Error,
        title_zh: "年度资金总额超过中期资金总额",
        title_en: "Annual total above the medium-term total",
    },
    RuleInfo {
        code: "F004",
        severity: Severity::Error,
        title_zh: "部门收支表合计或执行率不符",
        title_en: "Department budget sums or rates do not agree",
    },
    RuleInfo {
        code: "F005",
        severity: Severity::Warning,
        title_zh: "年度主要任务金额合计与项目支出不符",
        title_en: "Main tasks do not add up to project spending",
    },
    RuleInfo {
        code: "F006",
        severity: Severity::Info,
        title_zh: "合计差额在舍入误差之内",
        title_en: "A sum off by a rounding",
    },
    RuleInfo {
        code: "V001",
        severity: Severity::Error,
        title_zh: "指标没有指标值",
        title_en: "Indicator without a target value",
    },
    RuleInfo {
        code: "V002",
        severity: Severity::Warning,
        title_zh: "指标值含糊，无法衡量",
        title_en: "Vague target that cannot be measured",
    },
    RuleInfo {
        code: "V003",
        severity: Severity::Error,
        title_zh: "指标值是模板占位符",
        title_en: "Placeholder for a value",
    },
    RuleInfo {
        code: "V004",
        severity: Severity::Error,
        title_zh: "百分比超过 100",
        title_en: "Percentage above 100",
    },
    RuleInfo {
        code: "V005",
        severity: Severity::Warning,
        title_zh: "满意度指标值不是“≥百分比”或低于 80%",
        title_en: "Satisfaction target not ≥ a share, or below 80%",
    },
    RuleInfo {
        code: "V006",
        severity: Severity::Warning,
        title_zh: "成本指标用了“≥”或没有金额",
        title_en: "Cost target with ≥ or no amount",
    },
    RuleInfo {
        code: "V007",
        severity: Severity::Error,
        title_zh: "指标值中金额超过年度资金总额",
        title_en: "Amount in a value above the annual total",
    },
    RuleInfo {
        code: "V008",
        severity: Severity::Warning,
        title_zh: "日期不在本表年度内",
        title_en: "Date outside the form's year",
    },
    RuleInfo {
        code: "V009",
        severity: Severity::Info,
        title_zh: "定性指标只写了代码",
        title_en: "Qualitative value is a bare code",
    },
    RuleInfo {
        code: "C001",
        severity: Severity::Error,
        title_zh: "成本指标合计超过资金总额",
        title_en: "Costs above the funds",
    },
    RuleInfo {
        code: "C002",
        severity: Severity::Info,
        title_zh: "成本指标未覆盖全部资金",
        title_en: "Costs cover less than the funds",
    },
    RuleInfo {
        code: "W001",
        severity: Severity::Error,
        title_zh: "权重与预算执行率权重合计不为 100",
        title_en: "Weights and budget weight do not add up to 100",
    },
    RuleInfo {
        code: "W002",
        severity: Severity::Warning,
        title_zh: "部分指标有权重、部分没有",
        title_en: "Some indicators have weights, others none",
    },
    RuleInfo {
        code: "W003",
        severity: Severity::Error,
        title_zh: "一级指标注明的分值与其下指标分值合计不符",
        title_en: "Level-1 points do not match its indicators",
    },
    RuleInfo {
        code: "E001",
        severity: Severity::Error,
        title_zh: "执行率与 B/A 不符",
        title_en: "Stated execution rate is not B/A",
    },
    RuleInfo {
        code: "E002",
        severity: Severity::Error,
        title_zh: "预算执行率得分与 分值×B/A 不符",
        title_en: "Stated budget score is not points × B/A",
    },
    RuleInfo {
        code: "E003",
        severity: Severity::Error,
        title_zh: "指标得分超过分值",
        title_en: "An indicator's score exceeds its points",
    },
    RuleInfo {
        code: "E004",
        severity: Severity::Error,
        title_zh: "小计 (C) 与各指标得分之和不符，或分值合计不符",
        title_en: "Subtotal (C) or the points do not add up",
    },
    RuleInfo {
        code: "E005",
        severity: Severity::Error,
        title_zh: "总得分与 C+D 不符",
        title_en: "Stated total is not C + D",
    },
    RuleInfo {
        code: "E006",
        severity: Severity::Warning,
        title_zh: "得分低于分值但未写原因",
        title_en: "Shortfall without a reason",
    },
    RuleInfo {
        code: "E007",
        severity: Severity::Warning,
        title_zh: "定量目标已完成但未得满分",
        title_en: "Target met but not full points",
    },
    RuleInfo {
        code: "E008",
        severity: Severity::Info,
        title_zh: "未完成的定量指标得分与按比例计算不符",
        title_en: "Missed target scored off the proportion",
    },
    RuleInfo {
        code: "E009",
        severity: Severity::Warning,
        title_zh: "定性指标得分不在其档次内",
        title_en: "Qualitative score outside its band",
    },
    RuleInfo {
        code: "E010",
        severity: Severity::Info,
        title_zh: "预算执行率低于 90%",
        title_en: "Budget execution below 90%",
    },
    RuleInfo {
        code: "E011",
        severity: Severity::Error,
        title_zh: "评价等级与总得分不符",
        title_en: "Stated grade does not match the total",
    },
    RuleInfo {
        code: "X001",
        severity: Severity::Warning,
        title_zh: "批复的指标在自评表中缺失",
        title_en: "Approved indicator missing from the self-evaluation",
    },
    RuleInfo {
        code: "X002",
        severity: Severity::Warning,
        title_zh: "自评表中的指标未经批复",
        title_en: "Self-evaluation indicator never approved",
    },
    RuleInfo {
        code: "X003",
        severity: Severity::Warning,
        title_zh: "自评表的指标值与批复的不一致",
        title_en: "Target changed since approval",
    },
    RuleInfo {
        code: "X004",
        severity: Severity::Warning,
        title_zh: "自评表的分值与批复的权重不一致",
        title_en: "Weight changed since approval",
    },
    RuleInfo {
        code: "X005",
        severity: Severity::Error,
        title_zh: "全年预算数与批复的年度资金总额不符",
        title_en: "Annual budget differs from the approved total",
    },
    RuleInfo {
        code: "X006",
        severity: Severity::Info,
        title_zh: "全年预算数经调整，年初预算数与批复的年度资金总额一致",
        title_en: "Budget adjusted in the year; the initial budget matches the approved total",
    },
];

/// The rule of a code.
pub fn rule(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code == code)
}

/// Runs every rule on one form (`index` in the report) and returns its diagnostics.
pub fn check_form(form: &Form, index: usize, profile: &Profile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    reading::check(form, index, &mut out);
    structure::check(form, index, &mut out);
    funds::check(form, index, &mut out);
    values::check(form, index, &mut out);
    costs::check(form, index, &mut out);
    weights::check(form, index, profile, &mut out);
    scores::check(form, index, profile, &mut out);
    out
}

/// The lines of a form's header (its first line), for diagnostics about a field.
fn header_lines(form: &Form) -> [usize; 2] {
    [form.lines[0], form.lines[0]]
}

/// A diagnostic with the registry's severity for `code`.
fn diag(code: &str, zh: String, en: String, form: usize, lines: [usize; 2]) -> Diagnostic {
    let severity = rule(code).map(|r| r.severity).unwrap_or(Severity::Warning);
    Diagnostic::new(code, severity, zh, en, form, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes.len(), sorted.len());
        assert!(rule("W001").is_some());
        assert!(rule("X001").is_some_and(|r| r.cross_form()));
        assert!(!rule("W001").unwrap().cross_form());
        assert!(rule("Z999").is_none());
    }
}
