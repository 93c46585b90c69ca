//! The report's types, exactly as `CONTRACT.md` names them.
//!
//! Every field the contract lists is always serialised; absent values are `null`.

use serde::{Deserialize, Serialize};

use super::diagnostic::Diagnostic;

/// The whole result of reading one text: every form found and every diagnostic, in source order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct Report {
    pub forms: Vec<Form>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Which family of form a block of text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
pub enum Kind {
    TargetDeclaration,
    TargetTable,
    TargetApproval,
    ProjectSelfEvaluation,
    DepartmentSelfEvaluation,
    Fragment,
}

impl Kind {
    /// The identifier used in JSON (`target_table` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::TargetDeclaration => "target_declaration",
            Kind::TargetTable => "target_table",
            Kind::TargetApproval => "target_approval",
            Kind::ProjectSelfEvaluation => "project_self_evaluation",
            Kind::DepartmentSelfEvaluation => "department_self_evaluation",
            Kind::Fragment => "fragment",
        }
    }

    /// The form's Chinese name, as a reviewer calls it.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::TargetDeclaration => "绩效目标申报表",
            Kind::TargetTable => "绩效目标表",
            Kind::TargetApproval => "绩效目标批复表",
            Kind::ProjectSelfEvaluation => "项目绩效自评表",
            Kind::DepartmentSelfEvaluation => "部门整体绩效自评表",
            Kind::Fragment => "表格片段",
        }
    }

    /// The form's name in English, for the English page.
    pub fn en(self) -> &'static str {
        match self {
            Kind::TargetDeclaration => "Target declaration",
            Kind::TargetTable => "Target table",
            Kind::TargetApproval => "Target approval",
            Kind::ProjectSelfEvaluation => "Project self-evaluation",
            Kind::DepartmentSelfEvaluation => "Department self-evaluation",
            Kind::Fragment => "Fragment",
        }
    }

    /// Target forms are set before the year; the others evaluate after it.
    pub fn is_target_form(self) -> bool {
        matches!(
            self,
            Kind::TargetDeclaration | Kind::TargetTable | Kind::TargetApproval
        )
    }
}

/// One form: its header, funds, goals, indicators and (for self-evaluations) scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct Form {
    pub kind: Kind,
    pub title: Option<String>,
    pub year: Option<i32>,
    pub project: Option<String>,
    pub project_code: Option<String>,
    pub department: Option<String>,
    pub unit: Option<String>,
    /// First and last source line, 1-based, inclusive.
    pub lines: [usize; 2],
    pub funds: Funds,
    pub goals: Vec<Goal>,
    pub indicators: Vec<Indicator>,
    pub scores: Option<Scores>,
    /// 预算执行率权重 where the form states it (target tables); not in the contract's minimum.
    #[serde(default)]
    pub budget_weight: Option<f64>,
    /// Lines of the budget tables of self-evaluations (收入, 支出, 年度主要任务, 项目资金), as
    /// stated; not in the contract's minimum.
    #[serde(default)]
    pub budget_lines: Vec<BudgetLine>,
    /// 一级 that state their points in the table (`产出指标(50分)`): (一级, points, line).
    #[serde(default)]
    pub level1_points: Vec<(String, f64, usize)>,
    /// Target forms: this tool's own quality rubric (not an official score).
    #[serde(default)]
    pub quality: Option<super::quality::Quality>,
    /// The form states its bare amounts in 元 (`单位：元`); they are read into 万元. Reading
    /// state, not part of the report.
    #[serde(skip)]
    pub amounts_in_yuan: bool,
}

/// Which table a budget line stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
pub enum Section {
    /// 项目预算资金 of a project self-evaluation
    Project,
    /// 收入 of a department's 整体收支情况
    Income,
    /// 支出 of a department's 整体收支情况
    Spending,
    /// 年度主要任务
    Task,
}

/// One line of a budget table, amounts in 万元 as stated (`—` is null).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct BudgetLine {
    pub section: Section,
    pub label: String,
    pub initial: Option<f64>,
    pub total: Option<f64>,
    pub executed: Option<f64>,
    /// 执行率 as stated, a fraction (41.50% → 0.415).
    pub rate: Option<f64>,
    pub line: usize,
}

impl Form {
    /// An empty form of `kind` starting at `line`.
    pub fn new(kind: Kind, line: usize) -> Self {
        Form {
            kind,
            title: None,
            year: None,
            project: None,
            project_code: None,
            department: None,
            unit: None,
            lines: [line, line],
            funds: Funds::default(),
            goals: Vec::new(),
            indicators: Vec::new(),
            scores: None,
            budget_weight: None,
            budget_lines: Vec::new(),
            quality: None,
            level1_points: Vec::new(),
            amounts_in_yuan: false,
        }
    }
}

/// Fund amounts, all in 万元.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct Funds {
    pub total: Option<f64>,
    pub fiscal: Option<f64>,
    pub other: Option<f64>,
    pub midterm_total: Option<f64>,
    pub initial: Option<f64>,
    pub executed: Option<f64>,
}

/// Whether a goal is the year's or the medium term's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
pub enum Period {
    Annual,
    Midterm,
}

/// A goal (年度目标, 总体目标) and, in self-evaluations, what was achieved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct Goal {
    pub period: Period,
    pub text: String,
    pub achieved: Option<String>,
    /// 1-based source line of the goal's text.
    #[serde(default)]
    pub line: usize,
}

/// Whether more is better (正向) or less is better (反向).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
pub enum Direction {
    Positive,
    Negative,
}

/// One row of the indicator tree (三级指标 with its 一级 and 二级).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct Indicator {
    /// The 一级 (`""` in Rust where the form names none; `null` in JSON, as absent values are).
    #[serde(serialize_with = "empty_as_null", deserialize_with = "null_as_empty")]
    #[cfg_attr(feature = "api", tsify(type = "string | null"))]
    pub level1: String,
    pub level2: Option<String>,
    pub name: String,
    pub target: Option<String>,
    pub midterm_target: Option<String>,
    pub value: Value,
    pub weight: Option<f64>,
    pub weight_current: Option<f64>,
    pub direction: Option<Direction>,
    pub actual: Option<String>,
    pub score: Option<f64>,
    pub reason: Option<String>,
    /// 1-based source line.
    pub line: usize,
}

/// A comparison operator of a target value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
pub enum Op {
    #[serde(rename = "≥")]
    Ge,
    #[serde(rename = "≤")]
    Le,
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
}

impl Op {
    /// The symbol as the contract writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Le => "≤",
            Op::Eq => "=",
            Op::Gt => ">",
            Op::Lt => "<",
        }
    }
}

/// What a target value means: operator, number(s), unit, date, or words only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct Value {
    pub op: Option<Op>,
    pub number: Option<f64>,
    pub number_max: Option<f64>,
    pub unit: Option<String>,
    pub date: Option<String>,
    pub qualitative: bool,
}

/// A figure the form states beside the one computed from its own numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct Pair {
    pub stated: Option<f64>,
    pub computed: Option<f64>,
}

/// Scores of a self-evaluation form or fragment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct Scores {
    pub budget_points: Option<f64>,
    pub execution_rate: Pair,
    pub budget_score: Pair,
    pub indicator_score: Pair,
    pub total: Pair,
    pub grade: Option<String>,
    /// A grade the form states (评价等级: 优), beside the one computed.
    #[serde(default)]
    pub grade_stated: Option<String>,
}

/// Writes an empty string as `null`: the contract's absent value.
fn empty_as_null<S: serde::Serializer>(s: &str, ser: S) -> Result<S::Ok, S::Error> {
    if s.is_empty() {
        ser.serialize_none()
    } else {
        ser.serialize_str(s)
    }
}

/// Reads `null` (or a string) into a string, `null` as empty.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(de)?.unwrap_or_default())
}
