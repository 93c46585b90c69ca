//! The part of a form above its indicator table: title, year, `label：value` pairs, labels in
//! one cell with the value in the next, funds, goals.

use super::eval::{funds_header, goal_row, read_funds_row, settle_department_funds, FundsTable};
use super::Use;
use crate::core::layout::{
    is_header_word, label_field, match_label, score_label, title_kind, title_kind_of, Field,
    ScoreLabel,
};
use crate::core::model::{Form, Goal, Kind, Period, Scores};
use crate::core::text::{after_compact_prefix, compact, Row};
use crate::core::value::{amount_wan, plain_number};

/// Reads the header rows of a form into `form`, marking the rows it placed.
pub(super) fn read(rows: &[Row], uses: &mut [Use], form: &mut Form) {
    let evaluation = matches!(
        form.kind,
        Kind::ProjectSelfEvaluation | Kind::DepartmentSelfEvaluation
    );
    // The field a wrapped line continues, and the line it was last extended on.
    let mut open: Option<(Field, usize)> = None;
    // Goal labels whose text stands in the next row, with their columns.
    let mut pending_goals: Vec<(usize, Period)> = Vec::new();
    let mut other_parts: Option<f64> = None;
    // 资金总额 read before it is known whether the form also states 本年资金.
    let mut generic_total: Option<f64> = None;
    // Fields written beside the title: they hold where the form's own lines say nothing.
    let mut beside_title: Vec<(Field, String)> = Vec::new();
    // The budget table being read (self-evaluations), and whether goal rows follow.
    let mut funds: Option<FundsTable> = None;
    let mut goal_rows = false;
    // A title split over two lines: "2021年…预算项目(政策)" above "绩效目标自评表".
    let mut title_head: Option<(usize, String)> = None;

    for (i, row) in rows.iter().enumerate() {
        if row.is_blank() || uses[i] == Use::Placed {
            continue;
        }
        if title_kind(row).is_some() && form.title.is_none() {
            // The title cell (after a page's caption, if any); a field beside it
            // (`…自评表 | 部门:临沧市永德县明朗中学`) is read as a field.
            let mut title = String::new();
            for (_, cell) in row.filled() {
                if title.is_empty() && title_kind_of(cell).is_some() {
                    title = cell.to_string();
                } else if let Some((field, taken)) = match_label(cell) {
                    let value = after_compact_prefix(cell, taken);
                    if !value.is_empty() {
                        beside_title.push((field, value.to_string()));
                    }
                }
            }
            if let Some((at, head)) = title_head.take() {
                title = format!("{head}{title}");
                uses[at] = Use::Placed;
            }
            form.year = form.year.or_else(|| year_in(&title));
            form.title = Some(title);
            uses[i] = Use::Placed;
            continue;
        }
        if form.title.is_none() && title_head.is_none() && row.filled_count() == 1 {
            let cell = row.filled().next().map(|(_, c)| c).unwrap_or("");
            if match_label(cell).is_none()
                && rows[i + 1..]
                    .iter()
                    .find(|r| !r.is_blank())
                    .is_some_and(|r| title_kind(r).is_some())
            {
                title_head = Some((i, cell.to_string()));
                continue;
            }
        }

        // Budget tables of self-evaluations.
        if let Some(table) = funds_header(row) {
            funds = Some(table);
            goal_rows = false;
            uses[i] = Use::Placed;
            continue;
        }
        if let Some(table) = funds.as_mut() {
            let first = row.filled().next().map(|(_, c)| c).unwrap_or("");
            let ends = matches!(
                match_label(first),
                Some((
                    Field::AnnualGoal
                        | Field::MidtermGoal
                        | Field::Project
                        | Field::Unit
                        | Field::Department,
                    _
                ))
            ) || (match_label(first).is_some_and(|(f, _)| f == Field::Ignored)
                && !compact(first).starts_with("其"));
            if !ends {
                if row.filled().all(|(_, c)| is_header_word(c)) || read_funds_row(row, table, form)
                {
                    uses[i] = Use::Placed;
                }
                continue;
            }
            funds = None;
        }
        // Goal rows under a goal table's label: the goal and what was achieved.
        if goal_rows && match_label(row.filled().next().map(|(_, c)| c).unwrap_or("")).is_none() {
            let cells: Vec<&str> = row.filled().map(|(_, c)| c).collect();
            if let Some((text, achieved)) = goal_row(&cells) {
                form.goals.push(Goal {
                    line: row.line,
                    period: Period::Annual,
                    text,
                    achieved,
                });
            }
            uses[i] = Use::Placed;
            continue;
        }
        if row.filled_count() == 1 {
            let cell = row.filled().next().map(|(_, c)| c).unwrap_or("");
            if let Some(y) = year_line(cell) {
                form.year = form.year.or(Some(y));
                uses[i] = Use::Placed;
                continue;
            }
            // A wrapped continuation of the field on the line above: "(本级)".
            if let Some((field, line)) = open {
                if row.line == line + 1 && match_label(cell).is_none() && append(form, field, cell)
                {
                    open = Some((field, row.line));
                    uses[i] = Use::Placed;
                    continue;
                }
            }
        }

        // A cell may hold two fields one after the other (`单位名称:X站 填报日期:2023年3月20日`).
        let cells: Vec<(usize, &str)> = row
            .filled()
            .flat_map(|(col, cell)| fields_in(cell).into_iter().map(move |c| (col, c)))
            .collect();
        let mut placed_any = false;
        let mut unplaced = false;
        let mut goals_here: Vec<(usize, Period)> = Vec::new();
        let mut j = 0;
        while j < cells.len() {
            let (col, cell) = cells[j];
            // A score stated among the header fields: `自评总分(分) | 97.6`.
            if let Some(label) = score_label(cell).filter(|l| *l != ScoreLabel::Marker) {
                if let Some(n) = cells.get(j + 1).and_then(|(_, c)| plain_number(c)) {
                    let s = form.scores.get_or_insert_with(Scores::default);
                    let slot = match label {
                        ScoreLabel::Total => &mut s.total.stated,
                        ScoreLabel::Subtotal => &mut s.indicator_score.stated,
                        _ => &mut s.budget_score.stated,
                    };
                    *slot = slot.or(Some(n));
                    placed_any = true;
                    j += 2;
                    continue;
                }
            }
            // `207101天津市河北区人民法院`: a unit's code and name on a line of their own.
            if cells.len() <= 2 && form.unit.is_none() && match_label(cell).is_none() {
                if let Some(name) = crate::core::layout::coded_unit(cell) {
                    form.unit = Some(name.to_string());
                    placed_any = true;
                    j += 1;
                    continue;
                }
            }
            let Some((field, taken)) = match_label(cell) else {
                // A goal text under a goal label of the row above.
                // Split on spaces, the row lost its columns: goals come in the labels' order.
                let period = if row.sparse {
                    let k = cells[..j]
                        .iter()
                        .filter(|(_, c)| match_label(c).is_none())
                        .count();
                    pending_goals.get(k).map(|(_, p)| *p)
                } else {
                    goal_for(&pending_goals, col)
                };
                if let Some(period) = period {
                    form.goals.push(Goal {
                        line: row.line,
                        period,
                        text: cell.to_string(),
                        achieved: None,
                    });
                    placed_any = true;
                } else {
                    unplaced = true;
                }
                j += 1;
                continue;
            };
            let mut value = after_compact_prefix(cell, taken).to_string();
            if value.is_empty() {
                if let Some(&(_, next)) = cells.get(j + 1) {
                    if match_label(next).is_none() {
                        value = next.to_string();
                        j += 1;
                    }
                } else if cells.len() == 1 && takes_next_line(field) {
                    // A copy with one cell a line: the value stands on the next line.
                    if let Some(k) = (i + 1..rows.len()).find(|&k| !rows[k].is_blank()) {
                        let next = &rows[k];
                        let text = next.filled().next().map(|(_, c)| c).unwrap_or("");
                        if next.filled_count() == 1
                            && match_label(text).is_none()
                            && title_kind(next).is_none()
                            && funds_header(next).is_none()
                        {
                            value = text.to_string();
                            uses[k] = Use::Placed;
                        }
                    }
                }
            }
            j += 1;
            placed_any = true;
            if evaluation && matches!(field, Field::AnnualGoal | Field::MidtermGoal) {
                // A self-evaluation's goal table: goals with what was achieved, row by row.
                goal_rows = true;
                let rest: Vec<&str> = std::iter::once(value.as_str())
                    .chain(cells[j..].iter().map(|(_, c)| *c))
                    .filter(|c| !c.is_empty())
                    .collect();
                if let Some((text, achieved)) = goal_row(&rest) {
                    form.goals.push(Goal {
                        line: row.line,
                        period: Period::Annual,
                        text,
                        achieved,
                    });
                }
                j = cells.len();
                continue;
            }
            match field {
                Field::AnnualGoal | Field::MidtermGoal => {
                    let period = if field == Field::AnnualGoal {
                        Period::Annual
                    } else {
                        Period::Midterm
                    };
                    if value.is_empty() || is_period(&value) {
                        goals_here.push((col, period));
                    } else {
                        form.goals.push(Goal {
                            line: row.line,
                            period,
                            text: value,
                            achieved: None,
                        });
                        open = Some((field, row.line));
                    }
                }
                Field::OtherPart => {
                    if let Some(v) = amount(form, &value) {
                        *other_parts.get_or_insert(0.0) += v;
                    }
                }
                Field::TotalOrMidterm => {
                    generic_total = generic_total.or(amount(form, &value));
                }
                _ => {
                    set(form, field, &value);
                    open = matches!(field, Field::Project | Field::Unit | Field::Department)
                        .then_some((field, row.line));
                }
            }
        }
        if !goals_here.is_empty() {
            pending_goals = goals_here;
        } else if placed_any && !unplaced {
            pending_goals.clear();
        }
        if placed_any && !unplaced {
            uses[i] = Use::Placed;
        }
    }
    if form.funds.other.is_none() {
        form.funds.other = other_parts;
    }
    for (field, value) in beside_title {
        let unset = match field {
            Field::Department => form.department.is_none(),
            Field::Unit => form.unit.is_none(),
            Field::Year => form.year.is_none(),
            _ => false,
        };
        if unset {
            set(form, field, &value);
        }
    }
    if let Some(t) = generic_total {
        if form.funds.total.is_none() {
            form.funds.total = Some(t);
        } else if form.funds.midterm_total.is_none() {
            form.funds.midterm_total = Some(t);
        }
    }
    if form.kind == Kind::DepartmentSelfEvaluation {
        settle_department_funds(form);
    }
}

/// The parts of a cell that holds `label:value` pairs apart by a space: cut before each space
/// that a label and its colon follow.
fn fields_in(cell: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, _) in cell.match_indices(' ') {
        let rest = &cell[i + 1..];
        let Some(colon) = rest.find([':', '：']) else {
            break;
        };
        if colon > 0 && colon <= 30 && label_field(&rest[..colon]).is_some() && i > start {
            parts.push(cell[start..i].trim());
            start = i + 1;
        }
    }
    parts.push(cell[start..].trim());
    parts
}

/// Fields whose value a one-cell-a-line copy puts on the line below the label.
fn takes_next_line(field: Field) -> bool {
    matches!(
        field,
        Field::Project
            | Field::Unit
            | Field::Department
            | Field::Total
            | Field::Fiscal
            | Field::Other
            | Field::MidtermTotal
            | Field::BudgetWeight
    )
}

/// The goal whose label column is the nearest at or before `col`.
fn goal_for(pending: &[(usize, Period)], col: usize) -> Option<Period> {
    pending
        .iter()
        .filter(|(c, _)| *c <= col)
        .max_by_key(|(c, _)| *c)
        .map(|(_, p)| *p)
}

/// An amount in 万元: as its unit says, else in the unit the form states for bare amounts.
fn amount(form: &Form, value: &str) -> Option<f64> {
    let v = amount_wan(value)?;
    let bare = !value.contains(['万', '元', '亿']);
    Some(if bare && form.amounts_in_yuan {
        v / 10000.0
    } else {
        v
    })
}

/// Sets a header field from its value text.
pub(super) fn set(form: &mut Form, field: Field, value: &str) {
    let value = value.trim();
    match field {
        Field::Project => {
            if value.is_empty() {
                return;
            }
            let (code, name) = split_project_code(value);
            form.project_code = code.map(str::to_string);
            form.project = Some(name.to_string());
        }
        Field::ProjectCode => {
            if form.project_code.is_none() {
                form.project_code = non_empty(value);
            }
        }
        Field::Unit => {
            if form.unit.is_none() {
                form.unit = non_empty(strip_code(value));
            }
        }
        Field::Department => {
            if form.department.is_none() {
                form.department = non_empty(strip_code(value));
            }
        }
        Field::Year => form.year = form.year.or_else(|| year_of(value)),
        Field::Total => form.funds.total = amount(form, value),
        Field::TotalOrMidterm => {
            if form.funds.total.is_none() {
                form.funds.total = amount(form, value);
            }
        }
        Field::Fiscal => form.funds.fiscal = amount(form, value),
        Field::Other => form.funds.other = amount(form, value),
        Field::MidtermTotal => form.funds.midterm_total = amount(form, value),
        Field::Executed => form.funds.executed = amount(form, value),
        Field::MoneyUnit => {
            let c = compact(value);
            if c.starts_with('元') {
                form.amounts_in_yuan = true;
            }
        }
        Field::BudgetWeight => form.budget_weight = amount_wan(value),
        Field::AnnualGoal
        | Field::MidtermGoal
        | Field::OtherPart
        | Field::ProjectPeriod
        | Field::Ignored => {}
    }
}

/// Appends a wrapped continuation to a text field. Returns false when the field takes none.
fn append(form: &mut Form, field: Field, more: &str) -> bool {
    let target = match field {
        Field::Project => form.project.as_mut(),
        Field::Unit => form.unit.as_mut(),
        Field::Department => form.department.as_mut(),
        Field::AnnualGoal | Field::MidtermGoal => form.goals.last_mut().map(|g| &mut g.text),
        _ => None,
    };
    match target {
        Some(t) => {
            t.push_str(more);
            true
        }
        None => false,
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// `50011522T000002056269-医保服务与保障能力提升` → (code, name).
fn split_project_code(v: &str) -> (Option<&str>, &str) {
    if let Some((code, rest)) = v.split_once('-') {
        let code = code.trim();
        if code.len() >= 6
            && code.chars().all(|c| c.is_ascii_alphanumeric())
            && !rest.trim().is_empty()
        {
            return (Some(code), rest.trim());
        }
    }
    (None, v)
}

/// `306001-重庆市长寿区医疗保障局` → the name without its numeric code.
fn strip_code(v: &str) -> &str {
    // `[610001]湖南省…`, `(610001)湖南省…`
    let t = v.trim();
    for (open, close) in [('[', ']'), ('(', ')'), ('【', '】')] {
        if let Some(inner) = t.strip_prefix(open) {
            if let Some((code, rest)) = inner.split_once(close) {
                if !code.is_empty()
                    && code.chars().all(|c| c.is_ascii_digit())
                    && !rest.trim().is_empty()
                {
                    return rest.trim();
                }
            }
        }
    }
    if let Some((code, rest)) = v.split_once('-') {
        if !code.is_empty()
            && code.trim().chars().all(|c| c.is_ascii_digit())
            && !rest.trim().is_empty()
        {
            return rest.trim();
        }
    }
    v
}

/// A period like `2021-2023` (a goal label's value that is not a goal).
fn is_period(v: &str) -> bool {
    let c = compact(v);
    !c.is_empty()
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || ch == '-' || ch == '—' || ch == '年')
}

/// The year of a line such as `(2021 年度)`.
fn year_line(cell: &str) -> Option<i32> {
    let c = compact(cell);
    let inner = c.trim_start_matches('(').trim_end_matches(')');
    let digits = inner.strip_suffix("年度")?;
    (digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// A year written as a field's value: `2023`, `2023年`, `2023年度`.
fn year_of(value: &str) -> Option<i32> {
    let c = compact(value);
    let digits = c.trim_end_matches('度').trim_end_matches('年');
    (digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y))
}

/// The first `YYYY年` in a title.
fn year_in(title: &str) -> Option<i32> {
    let c = compact(title);
    let chars: Vec<char> = c.chars().collect();
    for w in chars.windows(5) {
        if w[..4].iter().all(|c| c.is_ascii_digit()) && w[4] == '年' {
            let y: String = w[..4].iter().collect();
            return y.parse().ok().filter(|y| (1990..=2100).contains(y));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_codes_and_unit_codes() {
        assert_eq!(
            split_project_code("50011522T000002056269-医保服务与保障能力提升"),
            (Some("50011522T000002056269"), "医保服务与保障能力提升")
        );
        assert_eq!(split_project_code("城镇职工-居民"), (None, "城镇职工-居民"));
        assert_eq!(
            strip_code("306001-重庆市长寿区医疗保障局"),
            "重庆市长寿区医疗保障局"
        );
    }

    #[test]
    fn years() {
        assert_eq!(year_line("( 2021 年度)"), Some(2021));
        assert_eq!(year_line("(2021年度)"), Some(2021));
        assert_eq!(year_in("2021年抚顺市医疗保障局整体绩效自评表"), Some(2021));
        assert_eq!(year_in("绩效目标表"), None);
    }
}
