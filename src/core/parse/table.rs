//! The indicator table: a header row names the columns, the rows below fill them. Merged
//! category cells carry down; a repeated header row on a new page re-maps the columns.

use super::Use;
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::layout::{
    column_role, header_roles, is_placeholder, level1_name, level2_name, strip_placeholder_prefix,
    Role, HEADER_TYPOS,
};
use crate::core::model::{Direction, Form, Indicator};
use crate::core::text::{compact, Row};
use crate::core::value::{number_in, read_value_with};

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

    fn has(&self, role: Role) -> bool {
        self.0.iter().any(|(_, r)| *r == role)
    }
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

        // Categories: carried down when blank.
        if let Some(c) = cols.get(row, Role::Level1) {
            if let Some(l1) = level1_name(c) {
                if level1.as_deref() != Some(l1) {
                    level2 = None;
                }
                level1 = Some(l1.to_string());
            } else if let Some((l2, l1)) = level2_name(c) {
                level1 = Some(l1.to_string());
                level2 = Some(l2.to_string());
            } else {
                level1 = Some(compact(c));
                level2 = None;
            }
        }
        if let Some(c) = cols.get(row, Role::Level2) {
            if let Some((l2, l1)) = level2_name(c) {
                level2 = Some(l2.to_string());
                if level1.is_none() || !cols.has(Role::Level1) {
                    level1 = Some(l1.to_string());
                }
            } else {
                level2 = Some(compact(c));
            }
        }

        let name = cols
            .get(row, Role::Name)
            .map(strip_placeholder_prefix)
            .unwrap_or("");
        if name.is_empty() || is_placeholder(name) {
            // A row that only names a category, or a template row: read, not an indicator.
            if cols.get(row, Role::Level1).is_some()
                || cols.get(row, Role::Level2).is_some()
                || is_placeholder(name)
            {
                uses[i] = Use::Placed;
            }
            continue;
        }

        let target = cols.get(row, Role::Target).map(str::to_string);
        let nature = cols.get(row, Role::Nature);
        let unit = cols.get(row, Role::Unit);
        let value = read_value_with(target.as_deref().unwrap_or(""), nature, unit);
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
            midterm_target: cols.get(row, Role::MidtermTarget).map(str::to_string),
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
