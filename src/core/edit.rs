//! Editing parsed forms in place: one field set from the text a user typed, an indicator
//! added, deleted or moved, or several such edits as one.
//!
//! An edit changes the [`Form`]s, not the pasted text; checks and scores are then rerun on the
//! edited forms ([`crate::check_report`]). Every successful [`apply`] returns the edit that
//! undoes it exactly, so that an editor can keep an undo history of plain data.
//!
//! Field names are the contract's. Form fields (`indicator: None`): `title`, `year`,
//! `project`, `project_code`, `department`, `unit`, `funds.total`, `funds.fiscal`,
//! `funds.other`, `funds.midterm_total`, `funds.initial`, `funds.executed`, `budget_weight`,
//! `goals.N.text`, `goals.N.achieved` (N the goal's index), and the stated side of the scores:
//! `scores.budget_points`, `scores.execution_rate`, `scores.budget_score`,
//! `scores.indicator_score`, `scores.total`, `scores.grade`; `scores` set to `""` removes the
//! stated scores altogether. Indicator fields (`indicator: Some(i)`): `level1`, `level2`,
//! `name`, `target`, `midterm_target`, `weight`, `weight_current`, `direction`, `actual`,
//! `score`, `reason`.
//!
//! How typed text is read:
//! - strings are normalised as the reader normalises cells (full-width ASCII folded,
//!   whitespace collapsed, trimmed); `""` clears the field;
//! - numbers accept `10`, `10.5`, `１０`, `1,269.90`, `10分`, `10%`; amounts (the `funds.*`
//!   fields) are in 万元 and also accept `12万元`, `120000元`, `1.2亿`;
//! - the execution rate accepts `95.5%` or a fraction `0.955` (a bare number above 1 is read as
//!   a percentage) and is stored as a fraction;
//! - `level1` / `level2` are folded to the standard category names the reader uses
//!   (`产出` → 产出指标); text that names no category is kept as typed;
//! - setting `target` reads its [`Value`] again with the reader's function, keeping what the
//!   row's 指标性质 and 度量单位 columns gave the old value (an operator, 定性, a unit).

use serde::{Deserialize, Serialize};

use super::export::fmt_num;
use super::layout::{category, level1_name, level2_name, Category};
use super::model::{Direction, Form, Indicator, Kind, Scores};
use super::text::normalize;
use super::value::{read_value_in, Context};

/// One change to the forms of a report.
///
/// `AddIndicator` holds the indicator itself rather than a box, so that an edit reads and
/// serialises as the plain data it is; edits are few (an undo history), so their size matters
/// little.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Sets one field to text as the user typed it ("" clears it to null/empty).
    Set {
        form: usize,
        indicator: Option<usize>,
        field: String,
        value: String,
    },
    /// Inserts an indicator at `at` (0..=len).
    AddIndicator {
        form: usize,
        at: usize,
        indicator: Indicator,
    },
    /// Removes the indicator at `at`.
    DeleteIndicator { form: usize, at: usize },
    /// Moves the indicator at `from` so that it ends up at index `to`.
    MoveIndicator { form: usize, from: usize, to: usize },
    /// Several edits applied as one (a fix-it); undone as one.
    Batch { edits: Vec<Edit> },
    /// Puts a whole form in place of another: the undo of a form-level edit that no text
    /// undoes (stated scores removed, say).
    Replace { form: usize, with: Box<Form> },
}

/// Why an edit was refused, in Chinese and English. A refused edit changes nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct EditError {
    pub zh: String,
    pub en: String,
}

impl EditError {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        EditError {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.zh, self.en)
    }
}

impl std::error::Error for EditError {}

/// The form fields an editor offers, in display order. `goals.N.text` and `goals.N.achieved`
/// stand for each goal's fields, N its index ([`form_fields`] expands them for one form).
pub const FORM_FIELDS: &[&str] = &[
    "title",
    "year",
    "project",
    "project_code",
    "department",
    "unit",
    "funds.total",
    "funds.fiscal",
    "funds.other",
    "funds.midterm_total",
    "funds.initial",
    "funds.executed",
    "budget_weight",
    "goals.N.text",
    "goals.N.achieved",
    "scores.budget_points",
    "scores.execution_rate",
    "scores.budget_score",
    "scores.indicator_score",
    "scores.total",
    "scores.grade",
];

/// The indicator fields an editor offers, in display order.
pub const INDICATOR_FIELDS: &[&str] = &[
    "level1",
    "level2",
    "name",
    "target",
    "midterm_target",
    "weight",
    "weight_current",
    "direction",
    "actual",
    "score",
    "reason",
];

/// [`FORM_FIELDS`] for one form, with the goal fields written out for each of its goals.
pub fn form_fields(form: &Form) -> Vec<String> {
    let mut out = Vec::new();
    for f in FORM_FIELDS {
        match *f {
            "goals.N.text" => {
                for n in 0..form.goals.len() {
                    out.push(format!("goals.{n}.text"));
                    out.push(format!("goals.{n}.achieved"));
                }
            }
            "goals.N.achieved" => {}
            other => out.push(other.to_string()),
        }
    }
    out
}

/// A new blank indicator for `form`, to be inserted at `at`: it takes the 一级 and 二级 of
/// the indicator at `at - 1` (or, at the top, of the one at `at`), and that neighbour's line;
/// in a form without indicators it has no category and the form's first line.
pub fn blank_indicator(form: &Form, at: usize) -> Indicator {
    let neighbour = at
        .checked_sub(1)
        .and_then(|p| form.indicators.get(p))
        .or_else(|| form.indicators.get(at));
    Indicator {
        level1: neighbour.map(|n| n.level1.clone()).unwrap_or_default(),
        level2: neighbour.and_then(|n| n.level2.clone()),
        line: neighbour.map_or(form.lines[0], |n| n.line),
        ..Indicator::default()
    }
}

/// Applies an edit, returning the edit that undoes it exactly (for forms whose strings are
/// normalised, as the reader and the editor write them). A refused edit (an index out of
/// range, an unknown field, text that is not a number where one is due) changes nothing; a
/// batch is applied whole or not at all.
pub fn apply(forms: &mut [Form], edit: &Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::Set {
            form,
            indicator,
            field,
            value,
        } => set(forms, *form, *indicator, field, value),
        Edit::AddIndicator {
            form,
            at,
            indicator,
        } => {
            let f = form_mut(forms, *form)?;
            if *at > f.indicators.len() {
                return Err(EditError::new(
                    format!(
                        "不能在第 {} 个位置插入指标：表 {} 只有 {} 个指标。",
                        at + 1,
                        form + 1,
                        f.indicators.len()
                    ),
                    format!(
                        "Cannot insert an indicator at position {}: form {} has {} indicators.",
                        at + 1,
                        form + 1,
                        f.indicators.len()
                    ),
                ));
            }
            f.indicators.insert(*at, indicator.clone());
            Ok(Edit::DeleteIndicator {
                form: *form,
                at: *at,
            })
        }
        Edit::DeleteIndicator { form, at } => {
            let f = form_mut(forms, *form)?;
            check_indicator(f, *form, *at)?;
            let removed = f.indicators.remove(*at);
            Ok(Edit::AddIndicator {
                form: *form,
                at: *at,
                indicator: removed,
            })
        }
        Edit::MoveIndicator { form, from, to } => {
            let f = form_mut(forms, *form)?;
            check_indicator(f, *form, *from)?;
            check_indicator(f, *form, *to)?;
            let moved = f.indicators.remove(*from);
            f.indicators.insert(*to, moved);
            Ok(Edit::MoveIndicator {
                form: *form,
                from: *to,
                to: *from,
            })
        }
        Edit::Replace { form, with } => {
            let f = form_mut(forms, *form)?;
            let old = std::mem::replace(f, (**with).clone());
            Ok(Edit::Replace {
                form: *form,
                with: Box::new(old),
            })
        }
        Edit::Batch { edits } => {
            let backup = forms.to_vec();
            let mut undo = Vec::with_capacity(edits.len());
            for e in edits {
                match apply(forms, e) {
                    Ok(inverse) => undo.push(inverse),
                    Err(err) => {
                        forms.clone_from_slice(&backup);
                        return Err(err);
                    }
                }
            }
            undo.reverse();
            Ok(Edit::Batch { edits: undo })
        }
    }
}

/// The field's current text as an editor shows it (numbers with [`fmt_num`], rates as
/// `95.5%`, directions as 正向 / 反向), None when absent, or when the form, indicator or field
/// does not exist.
pub fn get(forms: &[Form], form: usize, indicator: Option<usize>, field: &str) -> Option<String> {
    let f = forms.get(form)?;
    match indicator {
        Some(i) => get_indicator(f.indicators.get(i)?, field),
        None => get_form(f, field),
    }
}

/// [`get`] for a form field of one form.
pub fn get_form(f: &Form, field: &str) -> Option<String> {
    let num = |x: Option<f64>| x.map(fmt_num);
    if let Some((n, part)) = goal_field(field) {
        let g = f.goals.get(n)?;
        return match part {
            GoalPart::Text => non_empty(&g.text),
            GoalPart::Achieved => g.achieved.clone(),
        };
    }
    if let Some(key) = field.strip_prefix("scores.") {
        let s = f.scores.as_ref()?;
        return match key {
            "budget_points" => num(s.budget_points),
            "execution_rate" => s.execution_rate.stated.map(show_rate),
            "budget_score" => num(s.budget_score.stated),
            "indicator_score" => num(s.indicator_score.stated),
            "total" => num(s.total.stated),
            "grade" => s.grade_stated.clone(),
            _ => None,
        };
    }
    match field {
        "title" => f.title.clone(),
        "year" => f.year.map(|y| y.to_string()),
        "project" => f.project.clone(),
        "project_code" => f.project_code.clone(),
        "department" => f.department.clone(),
        "unit" => f.unit.clone(),
        "funds.total" => num(f.funds.total),
        "funds.fiscal" => num(f.funds.fiscal),
        "funds.other" => num(f.funds.other),
        "funds.midterm_total" => num(f.funds.midterm_total),
        "funds.initial" => num(f.funds.initial),
        "funds.executed" => num(f.funds.executed),
        "budget_weight" => num(f.budget_weight),
        _ => None,
    }
}

/// [`get`] for a field of one indicator.
pub fn get_indicator(ind: &Indicator, field: &str) -> Option<String> {
    match field {
        "level1" => non_empty(&ind.level1),
        "level2" => ind.level2.clone(),
        "name" => non_empty(&ind.name),
        "target" => ind.target.clone(),
        "midterm_target" => ind.midterm_target.clone(),
        "weight" => ind.weight.map(fmt_num),
        "weight_current" => ind.weight_current.map(fmt_num),
        "direction" => ind.direction.map(|d| direction_zh(d).to_string()),
        "actual" => ind.actual.clone(),
        "score" => ind.score.map(fmt_num),
        "reason" => ind.reason.clone(),
        _ => None,
    }
}

/// A rate (a fraction) as a percentage: 0.955 → `95.5%`.
fn show_rate(r: f64) -> String {
    format!("{}%", fmt_num(r * 100.0))
}

fn direction_zh(d: Direction) -> &'static str {
    match d {
        Direction::Positive => "正向",
        Direction::Negative => "反向",
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn form_mut(forms: &mut [Form], form: usize) -> Result<&mut Form, EditError> {
    let n = forms.len();
    forms.get_mut(form).ok_or_else(|| {
        EditError::new(
            format!("没有表 {}（共 {n} 张表）。", form + 1),
            format!("There is no form {} (there are {n}).", form + 1),
        )
    })
}

fn check_indicator(f: &Form, form: usize, at: usize) -> Result<(), EditError> {
    if at < f.indicators.len() {
        Ok(())
    } else {
        Err(EditError::new(
            format!(
                "表 {} 没有第 {} 个指标（共 {} 个）。",
                form + 1,
                at + 1,
                f.indicators.len()
            ),
            format!(
                "Form {} has no indicator number {} (it has {}).",
                form + 1,
                at + 1,
                f.indicators.len()
            ),
        ))
    }
}

fn unknown_field(field: &str) -> EditError {
    EditError::new(
        format!("没有字段“{field}”。"),
        format!("There is no field “{field}”."),
    )
}

fn not_a_number(text: &str) -> EditError {
    EditError::new(
        format!("“{text}”不是数字"),
        format!("“{text}” is not a number"),
    )
}

/// Sets one field and works out the edit that restores it.
fn set(
    forms: &mut [Form],
    form: usize,
    indicator: Option<usize>,
    field: &str,
    value: &str,
) -> Result<Edit, EditError> {
    let f = form_mut(forms, form)?;
    let Some(i) = indicator else {
        let before = f.clone();
        assign(f, form, None, field, value)?;
        return Ok(inverse_of_set(&before, f, form, None, field));
    };
    check_indicator(f, form, i)?;
    // An indicator's field depends on the indicator and the form's kind and year alone: the
    // edit and its inverse are worked out on the form with that one indicator (so a batch of
    // edits over a long table does not copy the table for each), then put back in its place.
    let mut indicators = std::mem::take(&mut f.indicators);
    f.indicators.push(std::mem::take(&mut indicators[i]));
    let before = f.clone();
    let result = assign(f, form, Some(0), field, value);
    let inverse = result.map(|()| inverse_of_set(&before, f, form, Some(0), field));
    let edited = f.indicators.pop().expect("the indicator put there");
    indicators[i] = edited;
    f.indicators = indicators;
    Ok(at_index(inverse?, i))
}

/// An inverse worked out for the indicator at index 0, made to point at index `i`.
fn at_index(edit: Edit, i: usize) -> Edit {
    match edit {
        Edit::Set {
            form,
            indicator: Some(_),
            field,
            value,
        } => Edit::Set {
            form,
            indicator: Some(i),
            field,
            value,
        },
        Edit::AddIndicator {
            form, indicator, ..
        } => Edit::AddIndicator {
            form,
            at: i,
            indicator,
        },
        Edit::DeleteIndicator { form, .. } => Edit::DeleteIndicator { form, at: i },
        Edit::Batch { edits } => Edit::Batch {
            edits: edits.into_iter().map(|e| at_index(e, i)).collect(),
        },
        other => other,
    }
}

/// The edit that turns `after` back into `before`, where one field was set: the field set to
/// the text that reads back as its old value; where no text does (a target whose value the
/// reader had from other columns), the indicator deleted and its old self inserted.
fn inverse_of_set(
    before: &Form,
    after: &Form,
    form: usize,
    indicator: Option<usize>,
    field: &str,
) -> Edit {
    let candidate = if field.starts_with("scores.") && before.scores.is_none() {
        Edit::Set {
            form,
            indicator: None,
            field: "scores".to_string(),
            value: String::new(),
        }
    } else {
        Edit::Set {
            form,
            indicator,
            field: field.to_string(),
            value: exact_text(before, indicator, field),
        }
    };
    let restores = {
        let mut trial = after.clone();
        match &candidate {
            Edit::Set {
                indicator,
                field,
                value,
                ..
            } => assign(&mut trial, form, *indicator, field, value).is_ok() && trial == *before,
            _ => false,
        }
    };
    match (restores, indicator) {
        (true, _) => candidate,
        (false, None) => Edit::Replace {
            form,
            with: Box::new(before.clone()),
        },
        (false, Some(i)) => Edit::Batch {
            edits: vec![
                Edit::DeleteIndicator { form, at: i },
                Edit::AddIndicator {
                    form,
                    at: i,
                    indicator: before.indicators[i].clone(),
                },
            ],
        },
    }
}

/// The text that sets `field` back to its value in `f` exactly: numbers in full precision.
fn exact_text(f: &Form, indicator: Option<usize>, field: &str) -> String {
    let num = |x: Option<f64>| x.map(|x| format!("{x}")).unwrap_or_default();
    if let Some(i) = indicator {
        let Some(ind) = f.indicators.get(i) else {
            return String::new();
        };
        return match field {
            "weight" => num(ind.weight),
            "weight_current" => num(ind.weight_current),
            "score" => num(ind.score),
            "direction" => ind
                .direction
                .map(|d| direction_zh(d).to_string())
                .unwrap_or_default(),
            _ => get_indicator(ind, field).unwrap_or_default(),
        };
    }
    if let Some((n, part)) = goal_field(field) {
        return match (f.goals.get(n), part) {
            (Some(g), GoalPart::Text) => g.text.clone(),
            (Some(g), GoalPart::Achieved) => g.achieved.clone().unwrap_or_default(),
            (None, _) => String::new(),
        };
    }
    let s = f.scores.as_ref();
    match field {
        "funds.total" => num(f.funds.total),
        "funds.fiscal" => num(f.funds.fiscal),
        "funds.other" => num(f.funds.other),
        "funds.midterm_total" => num(f.funds.midterm_total),
        "funds.initial" => num(f.funds.initial),
        "funds.executed" => num(f.funds.executed),
        "budget_weight" => num(f.budget_weight),
        "scores.budget_points" => num(s.and_then(|s| s.budget_points)),
        "scores.budget_score" => num(s.and_then(|s| s.budget_score.stated)),
        "scores.indicator_score" => num(s.and_then(|s| s.indicator_score.stated)),
        "scores.total" => num(s.and_then(|s| s.total.stated)),
        "scores.execution_rate" => s
            .and_then(|s| s.execution_rate.stated)
            .map(exact_rate_text)
            .unwrap_or_default(),
        _ => get_form(f, field).unwrap_or_default(),
    }
}

/// A rate's text that reads back as exactly `r`: the fraction itself up to 1, else the
/// percentage whose hundredth is `r`.
fn exact_rate_text(r: f64) -> String {
    if r <= 1.0 {
        return format!("{r}");
    }
    let p = r * 100.0;
    [p, p.next_up(), p.next_down()]
        .into_iter()
        .find(|x| x / 100.0 == r)
        .map_or_else(|| format!("{p}%"), |x| format!("{x}%"))
}

/// Which part of a goal a `goals.N.…` field names.
#[derive(Clone, Copy)]
enum GoalPart {
    Text,
    Achieved,
}

/// `goals.N.text` / `goals.N.achieved` → (N, part).
fn goal_field(field: &str) -> Option<(usize, GoalPart)> {
    let rest = field.strip_prefix("goals.")?;
    let (n, part) = rest.split_once('.')?;
    let n: usize = n.parse().ok()?;
    let part = match part {
        "text" => GoalPart::Text,
        "achieved" => GoalPart::Achieved,
        _ => return None,
    };
    Some((n, part))
}

/// How a number field reads its text.
#[derive(Clone, Copy)]
enum Num {
    /// 万元; `万元`, `元`, `亿` convert.
    Amount,
    /// Points and weights; `分` and `%` are dropped.
    Points,
    /// A rate stored as a fraction: `95.5%` or `0.955`.
    Rate,
}

/// Turns a number as written into the figure stored (`12万元` → 12, `120000元` → 12).
type Convert = fn(f64) -> f64;

/// Reads a number field's text; `""` is None.
fn parse_number(text: &str, kind: Num) -> Result<Option<f64>, EditError> {
    let s: String = normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || not_a_number(text.trim());
    // The number's text, and how to turn the number into the stored figure.
    let (body, convert): (&str, Convert) = match kind {
        Num::Amount => {
            let units: [(&str, Convert); 5] = [
                ("亿元", |n| n * 1e4),
                ("亿", |n| n * 1e4),
                ("万元", |n| n),
                ("万", |n| n),
                ("元", |n| n / 1e4),
            ];
            units
                .iter()
                .find_map(|(u, f)| s.strip_suffix(u).map(|b| (b, *f)))
                .unwrap_or((s.as_str(), |n| n))
        }
        Num::Points => (
            s.strip_suffix('分')
                .or_else(|| s.strip_suffix('%'))
                .unwrap_or(&s),
            |n| n,
        ),
        Num::Rate => match s.strip_suffix('%') {
            Some(b) => (b, |n| n / 100.0),
            // A bare number above 1 is a percentage.
            None => (s.as_str(), |n| if n > 1.0 { n / 100.0 } else { n }),
        },
    };
    let v = convert(plain_decimal(body).ok_or_else(bad)?);
    if v.is_finite() {
        Ok(Some(v))
    } else {
        Err(bad())
    }
}

/// A decimal number and nothing else: an optional sign, digits (commas between groups of
/// three allowed), an optional decimal part.
fn plain_decimal(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    if int.is_empty() || !int.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return None;
    }
    if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return None;
        }
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let digits: String = s.chars().filter(|c| *c != ',').collect();
    digits.parse().ok()
}

/// A string field's text: normalised, `""` is None.
fn text_value(text: &str) -> Option<String> {
    let s = normalize(text);
    (!s.is_empty()).then_some(s)
}

/// Reads a year: `2021`, `2021年`, `2021年度`.
fn parse_year(text: &str) -> Result<Option<i32>, EditError> {
    let s: String = normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let body = s
        .strip_suffix("年度")
        .or_else(|| s.strip_suffix('年'))
        .unwrap_or(&s);
    if !body.is_empty() && body.chars().all(|c| c.is_ascii_digit()) {
        if let Ok(y) = body.parse::<i32>() {
            return Ok(Some(y));
        }
    }
    Err(EditError::new(
        format!("“{}”不是年份", text.trim()),
        format!("“{}” is not a year", text.trim()),
    ))
}

/// Reads a direction: 正向 / 反向 (with or without 指标), positive / negative.
fn parse_direction(text: &str) -> Result<Option<Direction>, EditError> {
    let s = normalize(text).to_lowercase();
    if s.is_empty() {
        return Ok(None);
    }
    if s.contains('正') || s == "positive" || s == "+" {
        Ok(Some(Direction::Positive))
    } else if s.contains('反') || s == "negative" || s == "-" {
        Ok(Some(Direction::Negative))
    } else {
        Err(EditError::new(
            format!("“{}”不是指标方向（正向或反向）", text.trim()),
            format!(
                "“{}” is not a direction (正向 / positive or 反向 / negative)",
                text.trim()
            ),
        ))
    }
}

/// Reads a stated grade: 优, 良, 中, 差 (or 优秀, 良好, 中等, 较差).
fn parse_grade(text: &str) -> Result<Option<String>, EditError> {
    let s: String = normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let g = match s.as_str() {
        "" => return Ok(None),
        "优" | "优秀" => "优",
        "良" | "良好" => "良",
        "中" | "中等" | "合格" => "中",
        "差" | "较差" | "不合格" => "差",
        _ => {
            return Err(EditError::new(
                format!("“{}”不是评价等级（优、良、中、差）", text.trim()),
                format!("“{}” is not a grade (优, 良, 中 or 差)", text.trim()),
            ))
        }
    };
    Ok(Some(g.to_string()))
}

/// The standard 一级 a typed name stands for, or the name as typed.
fn fold_level1(text: &str, kind: Kind) -> String {
    let s = normalize(text);
    if s.is_empty() {
        return s;
    }
    if let Some(l1) = level1_name(&s) {
        return l1.to_string();
    }
    match category(&s, kind, true) {
        Some(Category::Level1(l1)) => l1.to_string(),
        _ => s,
    }
}

/// The standard 二级 a typed name stands for, or the name as typed; `""` is None. A standard
/// name stays as it is (a department form may use the project forms' 二级).
fn fold_level2(text: &str, kind: Kind) -> Option<String> {
    let s = text_value(text)?;
    let standard = level2_name(&s).map(|(l2, _)| l2);
    if standard == Some(s.as_str()) {
        return Some(s);
    }
    if kind == Kind::DepartmentSelfEvaluation {
        if let Some(Category::Level2(l2, _)) = category(&s, kind, false) {
            return Some(l2.to_string());
        }
    }
    Some(standard.map_or(s, str::to_string))
}

/// What the row's 指标性质 and 度量单位 columns gave an indicator's value, seen by reading its
/// target again without them: (nature, unit).
fn row_context(ind: &Indicator, year: Option<i32>) -> (Option<String>, Option<String>) {
    let Some(t) = ind.target.as_deref() else {
        return (None, None);
    };
    let plain = read_value_in(
        t,
        Context {
            year,
            ..Context::default()
        },
    );
    let v = &ind.value;
    let nature = if v.qualitative && !plain.qualitative {
        Some("定性".to_string())
    } else if v.op.is_some() && v.op != plain.op {
        v.op.map(|op| op.symbol().to_string())
    } else {
        None
    };
    let unit = if plain.unit.is_none() && v.number.is_some() {
        v.unit.clone()
    } else {
        None
    };
    (nature, unit)
}

/// Sets `field` of form `f` (or of its indicator) from typed text. The text is read first;
/// nothing changes when it cannot be.
fn assign(
    f: &mut Form,
    form: usize,
    indicator: Option<usize>,
    field: &str,
    value: &str,
) -> Result<(), EditError> {
    match indicator {
        Some(i) => assign_indicator(f, form, i, field, value),
        None => assign_form(f, form, field, value),
    }
}

fn assign_form(f: &mut Form, form: usize, field: &str, value: &str) -> Result<(), EditError> {
    if let Some((n, part)) = goal_field(field) {
        let len = f.goals.len();
        let g = f.goals.get_mut(n).ok_or_else(|| {
            EditError::new(
                format!("表 {} 没有第 {} 个目标（共 {len} 个）。", form + 1, n + 1),
                format!(
                    "Form {} has no goal number {} (it has {len}).",
                    form + 1,
                    n + 1
                ),
            )
        })?;
        match part {
            GoalPart::Text => g.text = normalize(value),
            GoalPart::Achieved => g.achieved = text_value(value),
        }
        return Ok(());
    }
    if field == "scores" {
        if !value.trim().is_empty() {
            return Err(EditError::new(
                "“scores”只能清空（设为空）。",
                "“scores” can only be cleared (set to \"\").",
            ));
        }
        f.scores = None;
        return Ok(());
    }
    if let Some(key) = field.strip_prefix("scores.") {
        enum Stated {
            Number(Option<f64>),
            Grade(Option<String>),
        }
        let stated = match key {
            "budget_points" | "budget_score" | "indicator_score" | "total" => {
                Stated::Number(parse_number(value, Num::Points)?)
            }
            "execution_rate" => Stated::Number(parse_number(value, Num::Rate)?),
            "grade" => Stated::Grade(parse_grade(value)?),
            _ => return Err(unknown_field(field)),
        };
        let empty = matches!(stated, Stated::Number(None) | Stated::Grade(None));
        if f.scores.is_none() && empty {
            return Ok(());
        }
        let s = f.scores.get_or_insert_with(Scores::default);
        match (key, stated) {
            ("budget_points", Stated::Number(n)) => s.budget_points = n,
            ("budget_score", Stated::Number(n)) => s.budget_score.stated = n,
            ("indicator_score", Stated::Number(n)) => s.indicator_score.stated = n,
            ("total", Stated::Number(n)) => s.total.stated = n,
            ("execution_rate", Stated::Number(n)) => s.execution_rate.stated = n,
            (_, Stated::Grade(g)) => s.grade_stated = g,
            _ => {}
        }
        return Ok(());
    }
    match field {
        "title" => f.title = text_value(value),
        "project" => f.project = text_value(value),
        "project_code" => f.project_code = text_value(value),
        "department" => f.department = text_value(value),
        "unit" => f.unit = text_value(value),
        "year" => f.year = parse_year(value)?,
        "funds.total" => f.funds.total = parse_number(value, Num::Amount)?,
        "funds.fiscal" => f.funds.fiscal = parse_number(value, Num::Amount)?,
        "funds.other" => f.funds.other = parse_number(value, Num::Amount)?,
        "funds.midterm_total" => f.funds.midterm_total = parse_number(value, Num::Amount)?,
        "funds.initial" => f.funds.initial = parse_number(value, Num::Amount)?,
        "funds.executed" => f.funds.executed = parse_number(value, Num::Amount)?,
        "budget_weight" => f.budget_weight = parse_number(value, Num::Points)?,
        _ => return Err(unknown_field(field)),
    }
    Ok(())
}

fn assign_indicator(
    f: &mut Form,
    form: usize,
    i: usize,
    field: &str,
    value: &str,
) -> Result<(), EditError> {
    check_indicator(f, form, i)?;
    let (kind, year) = (f.kind, f.year);
    let ind = &mut f.indicators[i];
    match field {
        "level1" => ind.level1 = fold_level1(value, kind),
        "level2" => ind.level2 = fold_level2(value, kind),
        "name" => ind.name = normalize(value),
        "target" => {
            let target = text_value(value);
            let (nature, unit) = row_context(ind, year);
            ind.value = read_value_in(
                target.as_deref().unwrap_or(""),
                Context {
                    nature: nature.as_deref(),
                    unit: unit.as_deref(),
                    year,
                },
            );
            ind.target = target;
        }
        "midterm_target" => ind.midterm_target = text_value(value),
        "weight" => ind.weight = parse_number(value, Num::Points)?,
        "weight_current" => ind.weight_current = parse_number(value, Num::Points)?,
        "score" => ind.score = parse_number(value, Num::Points)?,
        "direction" => ind.direction = parse_direction(value)?,
        "actual" => ind.actual = text_value(value),
        "reason" => ind.reason = text_value(value),
        _ => return Err(unknown_field(field)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let n = |s, k| parse_number(s, k).unwrap();
        assert_eq!(n("10", Num::Points), Some(10.0));
        assert_eq!(n("１０", Num::Points), Some(10.0));
        assert_eq!(n("10.5分", Num::Points), Some(10.5));
        assert_eq!(n(" ", Num::Points), None);
        assert_eq!(n("1,269.90", Num::Amount), Some(1269.9));
        assert_eq!(n("12万元", Num::Amount), Some(12.0));
        assert_eq!(n("120000元", Num::Amount), Some(12.0));
        assert_eq!(n("95.5%", Num::Rate), Some(95.5 / 100.0));
        assert_eq!(n("0.955", Num::Rate), Some(0.955));
        assert_eq!(n("30.64", Num::Rate), Some(30.64 / 100.0));
        for bad in ["abc", "1,2", "10.", ".5", "1.2.3", "12万元元", "--1"] {
            assert!(parse_number(bad, Num::Amount).is_err(), "{bad}");
        }
        let e = parse_number("abc", Num::Points).unwrap_err();
        assert_eq!(e.zh, "“abc”不是数字");
        assert_eq!(e.en, "“abc” is not a number");
    }

    #[test]
    fn exact_rates_read_back() {
        for r in [0.3064, 1.05, 1.0, 0.0, 2.3456, 30.64 / 100.0, 105.0 / 100.0] {
            let t = exact_rate_text(r);
            assert_eq!(parse_number(&t, Num::Rate).unwrap(), Some(r), "{t}");
        }
    }

    #[test]
    fn categories_fold() {
        let k = Kind::TargetTable;
        assert_eq!(fold_level1("产出", k), "产出指标");
        assert_eq!(fold_level1("产出指标（50分）", k), "产出指标");
        assert_eq!(fold_level1("成本指标", k), "成本指标");
        assert_eq!(fold_level1("随便", k), "随便");
        assert_eq!(fold_level2("数量", k).as_deref(), Some("数量指标"));
        assert_eq!(
            fold_level2("生态双血指标", k).as_deref(),
            Some("生态效益指标")
        );
        assert_eq!(fold_level2("", k), None);
        assert_eq!(
            fold_level1("履职效能", Kind::DepartmentSelfEvaluation),
            "履职效能"
        );
    }
}
