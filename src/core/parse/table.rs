//! The indicator table: a header row names the columns, the rows below fill them. Merged
//! category cells carry down; a repeated header row on a new page re-maps the columns.
//!
//! Each row is first read by position (the cell under 三级指标 is the name …). When the
//! positions contradict what the cells say — a category name under 指标值, a value under
//! 三级指标, content in a column the header does not name — the row has shifted, and it is read
//! by meaning instead: category names set the levels, the first other text is the name, the
//! cells after it are its values (in declaration forms, a repeated name or category starts the
//! second block: 中长期 before it, 本年度 after it).

use super::Use;
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::layout::{
    column_role, header_roles, is_placeholder, is_table_label, level1_name, level2_name,
    strip_placeholder_prefix, Role, HEADER_TYPOS,
};
use crate::core::model::{Direction, Form, Indicator, Kind};
use crate::core::text::{compact, Row};
use crate::core::value::{number_in, read_value_in, Context};

/// The columns of the current table header.
struct Columns(Vec<(usize, Role)>);

impl Columns {
    /// The first non-empty cell of `row` among the columns with `role`.
    fn get<'r>(&self, row: &'r Row, role: Role) -> Option<&'r str> {
        self.0
            .iter()
            .filter(|(_, r)| *r == role)
            .map(|(c, _)| row.cell(*c))
            .find(|c| !c.is_empty())
    }

    fn role_of(&self, col: usize) -> Option<Role> {
        self.0.iter().find(|(c, _)| *c == col).map(|(_, r)| *r)
    }

    fn has(&self, role: Role) -> bool {
        self.0.iter().any(|(_, r)| *r == role)
    }
}

/// A category cell: the standard 一级 it names, or the standard 二级 with its 一级.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Category {
    Level1(&'static str),
    Level2(&'static str, &'static str),
}

/// What a cell names as a category. `成本指标` is a 二级 under 产出指标 unless the row names
/// one of the 成本 二级 (经济成本指标 …) beside it.
fn category(cell: &str, row_has_cost_level2: bool) -> Option<Category> {
    if compact(cell) == "成本指标" && !row_has_cost_level2 {
        return Some(Category::Level2("成本指标", "产出指标"));
    }
    level1_name(cell)
        .map(Category::Level1)
        .or_else(|| level2_name(cell).map(|(l2, l1)| Category::Level2(l2, l1)))
}

/// A short word that stands where a category should (`双目标`, department categories such as
/// 履职效能): no figure, no sentence punctuation.
fn category_like(cell: &str, lenient: bool) -> bool {
    let c = compact(cell);
    let n = c.chars().count();
    let plain = !c
        .chars()
        .any(|ch| ch.is_ascii_digit() || "，,。;；、%≥≤<>=".contains(ch));
    if lenient {
        plain && n <= 10
    } else {
        plain && n <= 6 && (c.ends_with("指标") || c.ends_with("目标"))
    }
}

/// A cell that reads as a value rather than a name: a figure or an operator.
fn value_like(cell: &str) -> bool {
    let c = compact(cell);
    c.starts_with(['≥', '≤', '>', '<', '='])
        || c.chars().next().is_some_and(|ch| ch.is_ascii_digit())
}

/// The reading of one row, before categories are carried.
#[derive(Debug, Default)]
struct Reading<'r> {
    level1: Option<String>,
    level2: Option<String>,
    /// 一级 implied by the 二级 of this row, used where the row names no 一级.
    implied_level1: Option<&'static str>,
    name: Option<&'r str>,
    target: Option<&'r str>,
    midterm: Option<&'r str>,
}

/// Reads the table starting at its header row (`rows[0]`).
pub(super) fn read(
    rows: &[Row],
    uses: &mut [Use],
    form: &mut Form,
    form_index: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let mut cols = Columns(Vec::new());
    let mut level1: Option<String> = None;
    let mut level2: Option<String> = None;
    let lenient = form.kind == Kind::DepartmentSelfEvaluation;

    for (i, row) in rows.iter().enumerate() {
        if row.is_blank() {
            continue;
        }
        if let Some(roles) = header_roles(row) {
            report_typos(row, form_index, diags);
            cols = Columns(roles);
            uses[i] = Use::Placed;
            continue;
        }
        if cols.0.is_empty() {
            continue;
        }

        let reading = if positional_ok(row, &cols, lenient) {
            by_position(row, &cols)
        } else {
            by_meaning(row, &cols, level1.as_deref())
        };

        // Carry the categories down.
        if let Some(l1) = reading.level1.clone() {
            if level1.as_deref() != Some(l1.as_str()) {
                level2 = None;
            }
            level1 = Some(l1);
        }
        if let Some(l2) = reading.level2.clone() {
            if let Some(implied) = reading.implied_level1 {
                if reading.level1.is_none() && level1.as_deref() != Some(implied) {
                    level1 = Some(implied.to_string());
                }
            }
            level2 = Some(l2);
        }

        let Some(name) = reading.name else {
            // A row that only names categories, or a template row: read, not an indicator.
            if reading.level1.is_some()
                || reading.level2.is_some()
                || row
                    .filled()
                    .all(|(_, c)| is_placeholder(c) || is_table_label(c))
            {
                uses[i] = Use::Placed;
            }
            continue;
        };

        let target = reading.target.map(str::to_string);
        let nature = cols
            .get(row, Role::Nature)
            .or_else(|| cols.get(row, Role::Operator));
        let ctx = Context {
            nature,
            unit: cols.get(row, Role::Unit),
            year: form.year,
        };
        let value = read_value_in(target.as_deref().unwrap_or(""), ctx);
        let direction = cols.get(row, Role::Direction).and_then(|d| {
            if d.contains('正') {
                Some(Direction::Positive)
            } else if d.contains('反') {
                Some(Direction::Negative)
            } else {
                None
            }
        });
        form.indicators.push(Indicator {
            level1: level1.clone().unwrap_or_default(),
            level2: level2.clone(),
            name: name.to_string(),
            target,
            midterm_target: reading.midterm.map(str::to_string),
            value,
            weight: cols.get(row, Role::Weight).and_then(number_in),
            weight_current: cols.get(row, Role::WeightCurrent).and_then(number_in),
            direction,
            actual: cols.get(row, Role::Actual).map(str::to_string),
            score: cols.get(row, Role::Score).and_then(number_in),
            reason: cols.get(row, Role::Reason).map(str::to_string),
            line: row.line,
        });
        uses[i] = Use::Placed;
    }
}

/// True when every filled cell of the row fits the column it stands in.
fn positional_ok(row: &Row, cols: &Columns, lenient: bool) -> bool {
    let cost2 = row
        .filled()
        .any(|(_, c)| matches!(level2_name(c), Some((_, "成本指标"))));
    let mut name_seen = false;
    for (col, cell) in row.filled() {
        if is_table_label(cell) {
            continue;
        }
        let cat = category(cell, cost2);
        match cols.role_of(col) {
            None | Some(Role::History) => return false,
            Some(Role::Level1 | Role::Level2) => {
                if cat.is_none() && !category_like(cell, lenient) {
                    return false;
                }
            }
            Some(Role::Name) => {
                if cat.is_some() {
                    return false;
                }
                name_seen = true;
            }
            Some(Role::Target | Role::MidtermTarget) => {
                if cat.is_some() {
                    return false;
                }
            }
            Some(_) => {}
        }
    }
    // A value under 三级指标 with nothing under 指标值: the row is shifted.
    if let Some(name) = cols.get(row, Role::Name) {
        if value_like(name)
            && cols.get(row, Role::Target).is_none()
            && cols.get(row, Role::MidtermTarget).is_none()
        {
            return false;
        }
    }
    name_seen || cols.get(row, Role::Name).is_none()
}

/// Reads a row by its columns.
fn by_position<'r>(row: &'r Row, cols: &Columns) -> Reading<'r> {
    let cost2 = row
        .filled()
        .any(|(_, c)| matches!(level2_name(c), Some((_, "成本指标"))));
    let mut r = Reading::default();
    if let Some(c) = cols.get(row, Role::Level1).filter(|c| !is_table_label(c)) {
        match category(c, cost2) {
            Some(Category::Level1(l1)) => r.level1 = Some(l1.to_string()),
            Some(Category::Level2(l2, l1)) => {
                r.level2 = Some(l2.to_string());
                r.implied_level1 = Some(l1);
            }
            None => r.level1 = Some(compact(c)),
        }
    }
    if let Some(c) = cols.get(row, Role::Level2).filter(|c| !is_table_label(c)) {
        match category(c, cost2) {
            Some(Category::Level2(l2, l1)) => {
                r.level2 = Some(l2.to_string());
                r.implied_level1 = Some(l1);
            }
            Some(Category::Level1(l1)) if r.level1.is_none() => r.level1 = Some(l1.to_string()),
            _ => r.level2 = Some(compact(c)),
        }
    }
    // A garbled 一级 (双目标) beside a standard 二级: the 二级 says which 一级 it is.
    if let (Some(l1), Some(implied)) = (&r.level1, r.implied_level1) {
        if level1_name(l1).is_none() {
            r.level1 = Some(implied.to_string());
        }
    }
    r.name = cols
        .get(row, Role::Name)
        .map(strip_placeholder_prefix)
        .filter(|n| !n.is_empty() && !is_placeholder(n));
    r.target = cols.get(row, Role::Target);
    r.midterm = cols.get(row, Role::MidtermTarget);
    if !cols.has(Role::Target) && cols.has(Role::MidtermTarget) {
        r.target = r.midterm.take();
    }
    r
}

/// Reads a shifted row by what its cells say, in order.
fn by_meaning<'r>(row: &'r Row, cols: &Columns, current_level1: Option<&str>) -> Reading<'r> {
    let cost2 = row
        .filled()
        .any(|(_, c)| matches!(level2_name(c), Some((_, "成本指标"))));
    let two_blocks = cols.has(Role::MidtermTarget) && cols.has(Role::Target);
    let cells: Vec<&str> = row
        .filled()
        .map(|(_, c)| c)
        .filter(|c| !is_table_label(c) && !is_placeholder(c))
        .collect();
    let mut r = Reading::default();
    let mut block = 0;
    let mut values: [Vec<&str>; 2] = [Vec::new(), Vec::new()];
    for (k, &cell) in cells.iter().enumerate() {
        let cat = category(cell, cost2);
        if r.name.is_none() && block == 0 {
            match cat {
                Some(Category::Level1(l1)) => {
                    r.level1 = Some(l1.to_string());
                    continue;
                }
                Some(Category::Level2(l2, l1)) => {
                    r.level2 = Some(l2.to_string());
                    r.implied_level1 = Some(l1);
                    if current_level1.is_some_and(|c| c != l1) || r.level1.is_some() {
                        r.level1 = Some(l1.to_string());
                    }
                    continue;
                }
                None => {}
            }
            // A garbled 一级 right before a 二级: skip it, the 二级 names its 一级.
            let next_is_level2 = cells
                .get(k + 1)
                .is_some_and(|n| matches!(category(n, cost2), Some(Category::Level2(..))));
            if k == 0 && next_is_level2 && category_like(cell, true) {
                continue;
            }
            r.name = Some(strip_placeholder_prefix(cell));
            continue;
        }
        if cat.is_some() || Some(cell) == r.name {
            // The second block begins (its 二级 or its repeated name).
            if two_blocks {
                block = 1;
            }
            if r.name.is_none() {
                block = 1;
            }
            continue;
        }
        if r.name.is_none() {
            r.name = Some(strip_placeholder_prefix(cell));
        } else {
            values[block].push(cell);
        }
    }
    if two_blocks {
        if block == 1 {
            r.midterm = values[0].first().copied();
            r.target = values[1].first().copied();
        } else {
            r.midterm = values[0].first().copied();
            r.target = values[0].get(1).copied();
        }
    } else {
        r.target = values[0].first().or(values[1].first()).copied();
    }
    r
}

/// P004 for each header cell read despite a known typo.
fn report_typos(row: &Row, form: usize, diags: &mut Vec<Diagnostic>) {
    for (_, cell) in row.filled() {
        let c = compact(cell);
        for (typo, meant) in HEADER_TYPOS {
            if c.starts_with(typo) && column_role(cell).is_some() {
                diags.push(
                    Diagnostic::new(
                        "P004",
                        Severity::Info,
                        format!("表头“{cell}”按“{meant}”读取。"),
                        format!("Header “{cell}” was read as “{meant}”."),
                        form,
                        [row.line, row.line],
                    )
                    .with_help(format!("更正表头为“{meant}”。")),
                );
            }
        }
    }
}
