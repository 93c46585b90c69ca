//! The indicator table: a header row names the columns, the rows below fill them. Merged
//! category cells carry down; a repeated header row on a new page re-maps the columns.
//!
//! Each row is first read by position (the cell under 三级指标 is the name …). When the
//! positions contradict what the cells say — a category name under 指标值, a value under
//! 三级指标, content in a column the header does not name — the row has shifted, and it is read
//! by meaning instead: category names set the levels, the first other text is the name, the
//! cells after it are its values (in declaration forms, a repeated name or category starts the
//! second block: 中长期 before it, 本年度 after it).

use super::eval::read_score_row;
use super::Use;
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::layout::{
    category as category_in, column_role, header_roles, is_header_word, is_placeholder,
    is_table_label, level1_name, level2_name, stated_points, strip_placeholder_prefix, Category,
    Role, HEADER_TYPOS,
};
use crate::core::layout::{is_cut_category, Field};
use crate::core::model::{Direction, Form, Goal, Indicator, Kind, Period, Scores};
use crate::core::text::{compact, Row};
use crate::core::value::{number_in, plain_number, read_value_in, Context};
use crate::core::vocab::{CLOSING_WORDS, NOTE_WORDS, SIGN_OFF_ENDINGS};

/// The columns of the current table header.
struct Columns(Vec<(usize, Role)>, Vec<usize>);

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

/// What a cell names as a category in a target form.
fn category(cell: &str, row_has_cost_level2: bool) -> Option<Category> {
    category_in(cell, Kind::TargetTable, row_has_cost_level2)
}

/// A short word that stands where a category should (`双目标`, department categories such as
/// 履职效能): no figure, no sentence punctuation.
fn category_like(cell: &str, lenient: bool) -> bool {
    if cell.len() > 40 {
        return false;
    }
    let c = compact(cell);
    let n = c.chars().count();
    let plain = !c
        .chars()
        .any(|ch| ch.is_ascii_digit() || "，,。;；、%≥≤<>=".contains(ch));
    // A category the form names in its own words: `预算(或投资规模)控制指标`,
    // `社会、经济、生态效益指标`.
    let own_words = n <= 16
        && c.ends_with("指标")
        && !c
            .chars()
            .any(|ch| ch.is_ascii_digit() || "，,。;；%≥≤<>=".contains(ch));
    if lenient {
        (plain && n <= 10) || own_words
    } else {
        (plain && n <= 6 && (c.ends_with("指标") || c.ends_with("目标"))) || own_words
    }
}

/// A cell that reads as a value rather than a name: a figure or an operator.
fn value_like(cell: &str) -> bool {
    let c = cell.trim_start();
    c.starts_with(['≥', '≤', '>', '<', '=', '＞', '＜', '＝'])
        || c.chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_digit() || ('０'..='９').contains(&ch))
}

/// The reading of one row, before categories are carried.
#[derive(Debug, Default)]
struct Reading<'r> {
    level1: Option<String>,
    level2: Option<String>,
    /// 一级 implied by the 二级 of this row, used where the row names no 一级.
    implied_level1: Option<&'static str>,
    /// The 二级 stood in the 二级 column of a row in place.
    level2_in_place: bool,
    name: Option<&'r str>,
    target: Option<String>,
    midterm: Option<&'r str>,
    actual: Option<&'r str>,
    weight: Option<f64>,
    score: Option<f64>,
    reason: Option<String>,
    /// The row holds the template's `指标1`: a new group of the merged category cells begins.
    opens_group: bool,
    /// The row holds one of the template's `指标N`.
    placeholder: bool,
}

/// Reads the table starting at its header row (`rows[0]`).
pub(super) fn read(
    rows: &[Row],
    uses: &mut [Use],
    form: &mut Form,
    form_index: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let mut cols = Columns(Vec::new(), Vec::new());
    let mut level1: Option<String> = None;
    let mut level2: Option<String> = None;
    let lenient = form.kind == Kind::DepartmentSelfEvaluation;
    let evaluation = matches!(
        form.kind,
        Kind::ProjectSelfEvaluation | Kind::DepartmentSelfEvaluation | Kind::Fragment
    );
    // The last row was (part of) a table header: header words below it continue it.
    let mut in_header = false;
    // Indicators read before their group's merged category cell (which a copy puts on the
    // group's middle row): they take the categories that the rows after them name.
    let mut pending: Vec<usize> = Vec::new();
    // Target forms: a 二级 named on a row of its own, still waiting for a 三级 under it (S005).
    let mut empty_level2: Option<(String, usize)> = None;

    for (i, row) in rows.iter().enumerate() {
        if row.is_blank() {
            continue;
        }
        if let Some(roles) = header_roles(row) {
            report_typos(row, form_index, diags);
            cols = Columns(roles, row.filled().map(|(c, _)| c).collect());
            uses[i] = Use::Placed;
            in_header = true;
            continue;
        }
        if in_header
            && row
                .filled()
                .all(|(_, c)| is_header_word(c) || is_table_label(c))
        {
            for (col, cell) in row.filled() {
                if !cols.1.contains(&col) {
                    cols.1.push(col);
                }
                if let Some(role) = column_role(cell) {
                    if cols.role_of(col).is_none() {
                        cols.0.push((col, role));
                    }
                }
            }
            uses[i] = Use::Placed;
            continue;
        }
        in_header = false;
        // A table that holds one project a row: its header fields stand in their columns.
        for (col, role) in &cols.0 {
            if let Role::Field(field) = role {
                let cell = row.cell(*col);
                if !cell.is_empty() {
                    set_field(form, *field, cell, row.line);
                }
            }
        }
        // A header field's line inside the table region (`单位：万元`, a next project's 项目名称)
        // or a note under the table (`注：…`) is no indicator.
        if evaluation {
            let score_col = cols
                .0
                .iter()
                .find(|(_, r)| *r == Role::Score)
                .map(|(c, _)| *c);
            if read_score_row(row, form, score_col).is_some() {
                uses[i] = Use::Placed;
                pending.clear();
                continue;
            }
        }
        if label_led(row) {
            continue;
        }
        if !evaluation && cols.0.is_empty() {
            continue;
        }

        // The header decides: a row whose cells fit their columns is read by position, and
        // so is a row moved whole by a cell or a few. Two-block tables (declarations) shift
        // their blocks separately, so they are read by meaning instead; so are rows that fit
        // no placement, the rows of the template whose 三级指标 column holds only 指标N
        // (its names stand under 内容), and self-evaluation rows split on spaces (their empty
        // cells are lost, so their positions say nothing).
        let two_blocks = cols.0.iter().filter(|(_, r)| *r == Role::Name).count() >= 2;
        let by_header =
            !cols.0.is_empty() && !(evaluation && (cols.has(Role::Content) || row.sparse));
        let lenient = lenient || evaluation;
        let cells = by_header.then(|| RowCells::new(row));
        let in_place = cells
            .as_ref()
            .is_some_and(|c| fits(c, 0, &cols, lenient, evaluation));
        let moved = cells
            .as_ref()
            .filter(|_| !two_blocks && !in_place)
            .and_then(|c| realigned(c, &cols, lenient, evaluation));
        let row = moved.as_ref().unwrap_or(row);
        let reading = if in_place || moved.is_some() {
            by_position(row, &cols, evaluation)
        } else if evaluation {
            by_meaning_eval(row, &cols, form.kind)
        } else {
            by_meaning(row, &cols, level1.as_deref())
        };
        let own_category = reading.level1.is_some() || reading.level2.is_some();
        report_garbles(row, form.kind, reading.implied_level1, form_index, diags);
        record_points(row, form);

        // Carry the categories down.
        if let Some(l1) = reading.level1.clone() {
            if level1.as_deref() != Some(l1.as_str()) {
                level2 = None;
            }
            level1 = Some(l1);
        }
        if let Some(l2) = reading.level2.clone() {
            // A 二级 in its own column under a 一级 it does not belong to keeps the form's 一级
            // (S004 flags it); one standing where the 一级 should (a shifted row) names it.
            if let Some(implied) = reading.implied_level1 {
                let keep = reading.level2_in_place && level1.is_some();
                if reading.level1.is_none() && !keep && level1.as_deref() != Some(implied) {
                    level1 = Some(implied.to_string());
                }
            }
            level2 = Some(l2);
        }
        // …and up, to the rows of the group read before its category was named.
        if own_category {
            for &k in &pending {
                let ind = &mut form.indicators[k];
                if let Some(l1) = &level1 {
                    ind.level1 = l1.clone();
                }
                ind.level2 = level2.clone();
            }
            if reading.name.is_some() {
                pending.clear();
            }
        }

        // Without a header (a fragment), a row is an indicator only if it looks like one: it
        // has a score, a category or the template's 指标N; prose is not.
        let looks_like_indicator = reading.weight.is_some()
            || reading.score.is_some()
            || own_category
            || reading.placeholder
            || !level1.as_deref().unwrap_or("").is_empty();
        let name = reading
            .name
            .filter(|_| form.kind != Kind::Fragment || looks_like_indicator);
        if form.kind.is_target_form() {
            match (name.is_some(), &reading.level2) {
                (false, Some(l2)) => {
                    if let Some((prev, line)) = empty_level2.take() {
                        if &prev != l2 {
                            diags.push(no_level3(&prev, line, form_index));
                        }
                    }
                    empty_level2 = Some((l2.clone(), row.line));
                }
                (true, _) => {
                    if let Some((prev, line)) = empty_level2.take() {
                        if level2.as_deref() != Some(prev.as_str()) {
                            diags.push(no_level3(&prev, line, form_index));
                        }
                    }
                }
                _ => {}
            }
        }
        let Some(name) = name else {
            // A row that only names categories, or a template row: read, not an indicator.
            if own_category
                || row.filled().all(|(_, c)| {
                    is_placeholder(c) || is_table_label(c) || (evaluation && is_header_word(c))
                })
            {
                uses[i] = Use::Placed;
            }
            continue;
        };
        if evaluation && !own_category && (reading.opens_group || level1.is_none()) {
            pending.clear();
            pending.push(form.indicators.len());
        }

        let target = reading.target.clone();
        let nature = cols
            .get(row, Role::Nature)
            .or_else(|| cols.get(row, Role::Operator).filter(|_| !evaluation));
        let ctx = Context {
            nature,
            unit: cols.get(row, Role::Unit).filter(|_| !evaluation),
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
            weight: reading.weight.or_else(|| {
                cols.get(row, Role::Weight)
                    .filter(|_| !evaluation)
                    .and_then(number_in)
            }),
            weight_current: cols.get(row, Role::WeightCurrent).and_then(number_in),
            direction,
            actual: reading
                .actual
                .or_else(|| cols.get(row, Role::Actual).filter(|_| !evaluation))
                .map(str::to_string),
            score: reading.score.or_else(|| {
                cols.get(row, Role::Score)
                    .filter(|_| !evaluation)
                    .and_then(number_in)
            }),
            reason: reading.reason.or_else(|| {
                cols.get(row, Role::Reason)
                    .filter(|_| !evaluation)
                    .map(str::to_string)
            }),
            line: row.line,
        });
        uses[i] = Use::Placed;
    }

    // The page cut the table's last row inside a category's name (`经济` of 经济效益指标): that
    // row is no indicator, and is reported unplaced (P002).
    if let Some(last) = form.indicators.last() {
        let bare = last.target.is_none()
            && last.midterm_target.is_none()
            && last.actual.is_none()
            && last.weight.is_none()
            && last.score.is_none();
        if bare && is_cut_category(&last.name) {
            let (line, name) = (last.line, last.name.clone());
            form.indicators.pop();
            diags.push(super::unplaced(line, &name, form_index));
        }
    }
    if let Some((prev, line)) = empty_level2 {
        diags.push(no_level3(&prev, line, form_index));
    }
    if evaluation {
        let scores = form.scores.get_or_insert_with(Scores::default);
        // A department states its budget execution as an indicator (预算执行率 under 预算执行效率).
        if let Some(ind) = form
            .indicators
            .iter()
            .find(|i| i.name.contains("预算执行率") && i.level2.as_deref() == Some("预算执行效率"))
        {
            scores.budget_points = scores.budget_points.or(ind.weight);
            scores.budget_score.stated = scores.budget_score.stated.or(ind.score);
            if let Some(a) = ind.actual.as_deref().filter(|a| a.contains('%')) {
                scores.execution_rate.stated = scores
                    .execution_rate
                    .stated
                    .or(number_in(a).map(|n| n / 100.0));
            }
        }
    }
}

/// Sets a form's header field from a cell of its column, where the form has none yet.
fn set_field(form: &mut Form, field: Field, cell: &str, line: usize) {
    let unset = match field {
        // (A unit, a department or a code once read, `set` keeps.)
        Field::Project => form.project.is_none(),
        Field::Total | Field::TotalOrMidterm => form.funds.total.is_none(),
        Field::Fiscal => form.funds.fiscal.is_none(),
        Field::Other => form.funds.other.is_none(),
        Field::AnnualGoal | Field::MidtermGoal => {
            let period = if field == Field::AnnualGoal {
                Period::Annual
            } else {
                Period::Midterm
            };
            if !form.goals.iter().any(|g| g.period == period) {
                form.goals.push(Goal {
                    line,
                    period,
                    text: cell.to_string(),
                    achieved: None,
                });
            }
            false
        }
        _ => true,
    };
    if unset {
        super::header::set(form, field, cell);
    }
}

/// True when the row opens with a header label (`项目名称`, `单位:万元`, `主管部门：…`) or a
/// note's word (`注：`, `说明：`): a line of the form's header or a note, not an indicator.
fn label_led(row: &Row) -> bool {
    let Some((_, first)) = row.filled().next() else {
        return false;
    };
    let c = compact(first);
    if NOTE_WORDS.iter().any(|w| c.starts_with(w)) {
        return true;
    }
    // A unit's code and name (`207101天津市河北区人民法院`): the next form's header.
    if crate::core::layout::coded_unit(first).is_some() {
        return true;
    }
    // The lines that close a self-evaluation: 评价结论, 存在问题, 合计 …
    if CLOSING_WORDS.iter().any(|w| c.trim_end_matches(':') == *w) {
        return true;
    }
    // A sign-off line: `财政部门支出股室初审意见 | (盖章)`.
    if c.chars().count() <= 20
        && (SIGN_OFF_ENDINGS.iter().any(|w| c.ends_with(w))
            || row.filled().any(|(_, cell)| compact(cell) == "(盖章)"))
    {
        return true;
    }
    match row.first_label() {
        Some((Field::Ignored, _)) => c.contains(':'),
        Some((Field::AnnualGoal | Field::MidtermGoal, _)) => false,
        Some(_) => true,
        None => false,
    }
}

/// True when the row names one of the 成本 一级's 二级 (经济成本指标 …): its `成本指标` is then
/// that 一级, not the 二级 under 产出指标.
fn has_cost_level2(row: &Row) -> bool {
    row.filled()
        .any(|(_, c)| c.contains("成本") && matches!(level2_name(c), Some((_, "成本指标"))))
}

/// What the fitting tests need of a row's cells, worked out once: each cell's category (for
/// a target form's vocabulary), whatever column the row is tried in.
struct RowCells<'r> {
    row: &'r Row,
    cost2: std::cell::OnceCell<bool>,
    cats: Vec<std::cell::OnceCell<Option<Category>>>,
}

impl<'r> RowCells<'r> {
    fn new(row: &'r Row) -> Self {
        RowCells {
            row,
            cost2: std::cell::OnceCell::new(),
            cats: vec![std::cell::OnceCell::new(); row.cells.len()],
        }
    }

    /// The category of cell `i`, worked out the first time it is asked for.
    fn cat(&self, i: usize) -> Option<Category> {
        *self.cats[i].get_or_init(|| {
            let c = self.row.cell(i);
            if c.is_empty() || is_table_label(c) {
                return None;
            }
            let cost2 = *self.cost2.get_or_init(|| has_cost_level2(self.row));
            category(c, cost2)
        })
    }

    /// The cell that stands in column `col` when the row is moved by `shift` cells.
    fn at(&self, col: usize, shift: isize) -> &'r str {
        let i = col as isize - shift;
        if i < 0 {
            return "";
        }
        self.row.cell(i as usize)
    }

    /// The first non-empty cell among the columns with `role`, the row moved by `shift`.
    fn get(&self, cols: &Columns, role: Role, shift: isize) -> Option<&'r str> {
        cols.0
            .iter()
            .filter(|(_, r)| *r == role)
            .map(|(c, _)| self.at(*c, shift))
            .find(|c| !c.is_empty())
    }
}

/// True when every filled cell of the row, moved by `shift` cells, fits the column it then
/// stands in (working out only what each column asks about its cell).
fn fits(cells: &RowCells, shift: isize, cols: &Columns, lenient: bool, evaluation: bool) -> bool {
    let mut name_seen = false;
    for (i, cell) in cells.row.filled() {
        let col = i as isize + shift;
        if col < 0 {
            return false;
        }
        let col = col as usize;
        let cat = || cells.cat(i);
        match cols.role_of(col) {
            // A column the header names in words the vocabulary does not know holds the
            // form's own content; one it leaves blank holds nothing but a moved cell.
            None if cols.1.contains(&col) => {}
            None | Some(Role::History) => {
                if !is_table_label(cell) {
                    return false;
                }
            }
            Some(Role::Level1 | Role::Level2) => {
                if !is_table_label(cell) && cat().is_none() && !category_like(cell, lenient) {
                    return false;
                }
            }
            Some(Role::Name) => {
                if !is_table_label(cell) {
                    if cat().is_some() {
                        return false;
                    }
                    // The template's 指标N under 三级指标: the names stand elsewhere.
                    if evaluation && is_placeholder(cell) {
                        return false;
                    }
                    name_seen = true;
                }
            }
            Some(Role::Unit) => {
                let c = compact(cell);
                if c.chars().count() > 6 || c.chars().any(|ch| ch.is_ascii_digit()) {
                    return false;
                }
            }
            Some(Role::Target | Role::MidtermTarget) => {
                if cat().is_some() {
                    return false;
                }
            }
            // A self-evaluation's 分值 and 得分 are figures.
            Some(Role::Weight | Role::Score | Role::GroupWeight)
                if evaluation && plain_number(cell).is_none() =>
            {
                return false;
            }
            Some(_) => {}
        }
    }
    let name = cells
        .get(cols, Role::Name, shift)
        .filter(|n| !is_table_label(n));
    if name.is_some_and(value_like)
        && cells.get(cols, Role::Target, shift).is_none()
        && cells.get(cols, Role::MidtermTarget, shift).is_none()
    {
        return false;
    }
    // A row with values but no name under 三级指标 does not stand in its columns.
    let values = cells.row.filled().any(|(i, c)| {
        let col = (i as isize + shift) as usize;
        !matches!(
            cols.role_of(col),
            Some(Role::Level1 | Role::Level2 | Role::Name)
        ) && !is_table_label(c)
            && !is_placeholder(c)
    });
    name_seen || (name.is_none() && !values)
}

/// The row moved whole by up to three cells (a copy that dropped its leading empty cells or
/// added one) so that every cell fits its column again and a name stands under 三级指标.
fn realigned(cells: &RowCells, cols: &Columns, lenient: bool, evaluation: bool) -> Option<Row> {
    let row = cells.row;
    for d in [-1isize, 1, -2, 2, -3, 3] {
        let named = cells
            .get(cols, Role::Name, d)
            .is_some_and(|n| !is_table_label(n) && !is_placeholder(n));
        if !named || !fits(cells, d, cols, lenient, evaluation) {
            continue;
        }
        let moved = if d > 0 {
            let mut c = vec![String::new(); d as usize];
            c.extend(row.cells.iter().cloned());
            c
        } else {
            row.cells[d.unsigned_abs()..].to_vec()
        };
        return Some(Row {
            line: row.line,
            cells: moved,
            sparse: false,
            ..Default::default()
        });
    }
    None
}

/// Reads a row by its columns.
fn by_position<'r>(row: &'r Row, cols: &Columns, evaluation: bool) -> Reading<'r> {
    let cost2 = has_cost_level2(row);
    let mut r = Reading::default();
    if let Some(c) = cols.get(row, Role::Level1).filter(|c| !is_table_label(c)) {
        match category(c, cost2) {
            Some(Category::Level1(l1)) => r.level1 = Some(l1.to_string()),
            Some(Category::Level2(l2, l1)) => {
                r.level2 = Some(l2.to_string());
                r.implied_level1 = Some(l1);
            }
            None => r.level1 = Some(compact(c).into_owned()),
        }
    }
    if let Some(c) = cols.get(row, Role::Level2).filter(|c| !is_table_label(c)) {
        match category(c, cost2) {
            Some(Category::Level2(l2, l1)) => {
                r.level2 = Some(l2.to_string());
                r.implied_level1 = Some(l1);
                r.level2_in_place = true;
            }
            // `满意度指标` under 二级指标: the satisfaction 二级, whatever its wording.
            Some(Category::Level1("满意度指标")) => {
                r.level2 = Some("服务对象满意度指标".to_string());
                r.implied_level1 = Some("满意度指标");
            }
            // Another 一级's name under 二级指标 (`实施效果指标 | 产出指标 | …`): the form's
            // 二级, kept as written under the form's own 一级.
            Some(Category::Level1(l1)) => r.level2 = Some(l1.to_string()),
            _ => r.level2 = Some(compact(c).into_owned()),
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
        .filter(|n| !is_table_label(n))
        .map(strip_placeholder_prefix)
        .filter(|n| !n.is_empty() && !is_placeholder(n));
    r.target = cols.get(row, Role::Target).map(str::to_string);
    r.midterm = cols.get(row, Role::MidtermTarget);
    if !cols.has(Role::Target) && cols.has(Role::MidtermTarget) {
        r.target = r.midterm.take().map(str::to_string);
    }
    r.actual = cols.get(row, Role::Actual);
    if evaluation && !cols.has(Role::Actual) {
        r.actual = cols.get(row, Role::Degree);
    }
    r.weight = cols.get(row, Role::Weight).and_then(number_in);
    r.score = cols.get(row, Role::Score).and_then(number_in);
    r.reason = cols.get(row, Role::Reason).map(str::to_string);
    r
}

/// Reads a shifted row by what its cells say, in order.
fn by_meaning<'r>(row: &'r Row, cols: &Columns, current_level1: Option<&str>) -> Reading<'r> {
    let cost2 = has_cost_level2(row);
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
    let target = if two_blocks {
        r.midterm = values[0].first().copied();
        if block == 1 {
            values[1].first().copied()
        } else {
            values[0].get(1).copied()
        }
    } else {
        values[0].first().or(values[1].first()).copied()
    };
    r.target = target.map(str::to_string);
    r
}

/// Units that a self-evaluation writes in a 度量单位 cell of their own.
const UNIT_CELLS: &[&str] = &[
    "%",
    "个",
    "次",
    "人",
    "人次",
    "元",
    "万元",
    "天",
    "日",
    "月",
    "年",
    "家",
    "件",
    "项",
    "场",
    "份",
    "套",
    "条",
    "本",
    "户",
    "所",
    "台",
    "分钟",
    "小时",
    "公里",
    "平方米",
];

/// Reads a row of a self-evaluation (or a fragment of one) by meaning: categories first, then
/// the indicator's content, the figures reached, and last the 分值 and 得分 pair; anything after
/// that pair is the reason given for a shortfall. The template's `指标1` and the operator
/// options (`“=” “≤” …`) are skipped.
fn by_meaning_eval<'r>(row: &'r Row, cols: &Columns, kind: Kind) -> Reading<'r> {
    let cost2 = has_cost_level2(row);
    let mut r = Reading::default();
    let mut placeholder = false;
    let mut cells: Vec<&str> = Vec::new();
    for (_, c) in row.filled() {
        if is_table_label(c) {
            continue;
        }
        if is_placeholder(c) {
            let k = compact(c);
            if k.starts_with("指标") {
                placeholder = true;
                r.placeholder = true;
            }
            if k == "指标1" || k.starts_with("指标1指标") {
                r.opens_group = true;
            }
            continue;
        }
        // The 指标性质 column's word (定性, 定量) says nothing of the value.
        if matches!(&*compact(c), "定性" | "定量") {
            continue;
        }
        cells.push(c);
    }
    // Categories at the front.
    let mut k = 0;
    while k < cells.len() {
        match category_in(cells[k], kind, cost2) {
            Some(Category::Level1(l1)) => r.level1 = Some(l1.to_string()),
            Some(Category::Level2(l2, l1)) => {
                r.level2 = Some(l2.to_string());
                r.implied_level1 = Some(l1);
            }
            None => {
                // A stray word right before a 二级 (预算执行 beside 预算执行效率): skip it.
                let next_is_level2 = cells.get(k + 1).is_some_and(|n| {
                    matches!(category_in(n, kind, cost2), Some(Category::Level2(..)))
                });
                if !(next_is_level2 && category_like(cells[k], true) && r.level2.is_none()) {
                    break;
                }
            }
        }
        k += 1;
    }
    let rest = &cells[k..];
    // A target written as a figure and its unit in a cell of its own (`100 | %`), then what was
    // reached and the points: name | 指标值 | 度量单位 | 完成值 | 分值 [| 得分].
    let unit_at = (2..rest.len())
        .find(|&u| UNIT_CELLS.contains(&&*compact(rest[u])) && plain_number(rest[u - 1]).is_some());
    if let Some(u) = unit_at.filter(|_| !cols.has(Role::Content)) {
        let after = &rest[u + 1..];
        let figures = after
            .iter()
            .skip(1)
            .take_while(|c| plain_number(c).is_some());
        let figures: Vec<f64> = figures.filter_map(|c| plain_number(c)).collect();
        if !after.is_empty() && figures.len() <= 2 {
            r.name = Some(strip_placeholder_prefix(rest[0]));
            r.target = Some(rest[u - 1].to_string());
            r.actual = after.first().copied();
            r.weight = figures.first().copied();
            r.score = figures.get(1).copied();
            let more = &after[1 + figures.len()..];
            if !more.is_empty() {
                r.reason = Some(more.join(" "));
            }
            return r;
        }
    }
    // The 分值 / 得分 pair: the last two plain numbers side by side.
    let pair = (0..rest.len().saturating_sub(1))
        .rev()
        .find(|&p| plain_number(rest[p]).is_some() && plain_number(rest[p + 1]).is_some());
    let (texts, tail) = match pair {
        Some(p) => {
            r.weight = plain_number(rest[p]);
            r.score = plain_number(rest[p + 1]);
            (&rest[..p], &rest[p + 2..])
        }
        None => (rest, &rest[rest.len()..]),
    };
    if !tail.is_empty() {
        r.reason = Some(tail.join(" "));
    }
    let Some((&content, after)) = texts.split_first() else {
        return r;
    };
    // A lone header word (其他 from the reasons' options) is no indicator.
    if after.is_empty() && r.weight.is_none() && is_header_word(content) {
        return r;
    }
    r.name = Some(strip_placeholder_prefix(content));
    let mut target = content.to_string();
    let mut after = after;
    if let Some((&unit, more)) = after.split_first() {
        if UNIT_CELLS.contains(&&*compact(unit)) {
            target.push_str(unit);
            after = more;
        }
    }
    // A real 三级指标 name (no 指标N) followed by its content, then the figure reached.
    if !placeholder && after.len() >= 2 && !cols.has(Role::Degree) {
        r.target = Some(after[0].to_string());
        after = &after[1..];
    } else {
        r.target = Some(target);
    }
    // Department forms give 完成程度 only; project forms 完成值 (then 完成程度).
    r.actual = if kind == Kind::DepartmentSelfEvaluation {
        after.last().copied()
    } else {
        after.first().copied()
    };
    r
}

/// S007 for each category cell whose spelling is not the standard name (nor the standard name
/// without 指标): a garble or variant read as the standard category (生态双血指标 → 生态效益指标,
/// 可持续发展指标 → 可持续影响指标, 双目标 beside 可持续影响指标 → 效益指标).
fn report_garbles(
    row: &Row,
    kind: Kind,
    implied_level1: Option<&'static str>,
    form: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let mut push = |raw: &str, standard: &str| {
        diags.push(
            Diagnostic::new(
                "S007",
                Severity::Info,
                format!("类别名称“{raw}”按标准名称“{standard}”读取。"),
                format!("Category “{raw}” was read as the standard “{standard}”."),
                form,
                [row.line, row.line],
            )
            .with_help(format!("改用标准名称“{standard}”。")),
        );
    };
    let mut first = true;
    for (_, cell) in row.filled() {
        // Category cells are short; most garbles keep their 标 (指标, 目标).
        if cell.len() > 48 || !(cell.contains('标') || cell.chars().count() <= 6) {
            first = false;
            continue;
        }
        if is_table_label(cell) || is_placeholder(cell) {
            continue;
        }
        let key = compact(cell);
        let key = stated_points(&key)
            .map_or(key.as_ref(), |(base, _)| base)
            .to_string();
        match category_in(cell, kind, false) {
            Some(cat) => {
                let standard = match cat {
                    Category::Level1(l1) => l1,
                    Category::Level2(l2, _) => l2,
                };
                let short = standard.strip_suffix("指标").unwrap_or(standard);
                if key != standard && key != short {
                    push(cell, standard);
                }
            }
            None if first && category_like(cell, false) => {
                if let Some(l1) = implied_level1 {
                    push(cell, l1);
                }
            }
            None => {}
        }
        first = false;
    }
}

/// S005: a 二级 named with no 三级 under it.
fn no_level3(level2: &str, line: usize, form: usize) -> Diagnostic {
    Diagnostic::new(
        "S005",
        Severity::Info,
        format!("二级指标“{level2}”下没有三级指标。"),
        format!("Level-2 category “{level2}” has no indicator under it."),
        form,
        [line, line],
    )
    .with_help("补充该二级指标下的三级指标，或删去这一行。")
}

/// Records the points a 一级 cell states (`产出指标(50分)`), for W003.
fn record_points(row: &Row, form: &mut Form) {
    for (_, cell) in row
        .filled()
        .filter(|(_, c)| c.contains("分)") || c.contains("分）"))
    {
        let key = compact(cell);
        if let Some((base, points)) = stated_points(&key) {
            if let Some(l1) = level1_name(base) {
                if !form.level1_points.iter().any(|(n, _, _)| n == l1) {
                    form.level1_points.push((l1.to_string(), points, row.line));
                }
            }
        }
    }
}

/// P004 — a header was read despite a typo (`本权重(%)` read as 本年权重(%)).
///
/// Why: the column was understood, but the form should be corrected before it is filed.
///
/// Fires: a header row with `本权重(%)`.
/// Instead: `本年权重(%)`.
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
