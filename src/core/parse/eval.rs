//! What self-evaluations (项目 and 部门整体绩效自评表) and their fragments add to the target
//! forms: budget tables (年初 / 全年预算数 (A) / 全年执行数 (B) / 分值 / 执行率 / 得分), goals
//! with what was achieved, indicator rows with 完成值 / 分值 / 得分, and the score lines
//! (小计 (C), 预算执行率得分 (D), 总得分 (C+D)).

use crate::core::layout::Vocab;
use crate::core::layout::{lookup, score_label, ScoreLabel};
use crate::core::model::{BudgetLine, Form, Scores, Section};
use crate::core::text::{compact, Row};
use crate::core::value::{amount_wan, number_in};
use crate::core::vocab::FUNDS_COLUMNS;

/// Budget table column names, indexed.
static FUNDS_WORDS: Vocab<FundsRole> =
    Vocab::with_qualifiers(FUNDS_COLUMNS, crate::core::vocab::LABEL_SUFFIXES);

/// The value columns of a budget table (the words that name them are in `vocab.rs`).
pub(super) use crate::core::vocab::FundsWord as FundsRole;

/// A budget table being read: its section and its value columns in order.
#[derive(Debug, Clone)]
pub(super) struct FundsTable {
    pub section: Section,
    pub cols: Vec<(usize, FundsRole)>,
    /// The points of budget execution the header states (`得分(20分*执行率)`).
    pub points: Option<f64>,
    /// The table's total line has been read.
    pub read_total: bool,
}

/// A budget table's header row: it names the year's budget (全年预算数, 预算数(A), 调整后预算数 …)
/// and what was spent (全年执行数, 执行数(B) …); the words are the vocabulary's.
pub(super) fn funds_header(row: &Row) -> Option<FundsTable> {
    if row.filled_count() < 3
        || !row
            .filled()
            .any(|(_, c)| c.contains("执行") || c.contains("决算"))
    {
        return None;
    }
    let mut cols = Vec::new();
    let mut section = Section::Project;
    let mut points = None;
    for (i, cell) in row.filled() {
        let c = compact(cell);
        if c.chars().count() > 24 {
            continue;
        }
        let Some(role) = lookup(&c, &FUNDS_WORDS, 4) else {
            if c.contains("主要任务") {
                section = Section::Task;
            } else if c.contains("收支情况") {
                section = Section::Income;
            }
            continue;
        };
        // `得分(20分*执行率)`: the points budget execution is worth, stated in the header.
        if role == FundsRole::Score {
            points = stated_budget_points(&c);
        }
        cols.push((i, role));
    }
    let has = |r| cols.iter().any(|(_, x)| *x == r);
    (has(FundsRole::Total) && has(FundsRole::Executed)).then_some(FundsTable {
        section,
        cols,
        points,
        read_total: false,
    })
}

/// The points in a score column's header: `得分(20分*执行率)` → 20.
fn stated_budget_points(c: &str) -> Option<f64> {
    let at = c.find('分')?;
    let rest = &c[at + '分'.len_utf8()..];
    let end = rest.find('分')?;
    rest[..end]
        .trim_start_matches('(')
        .parse::<f64>()
        .ok()
        .filter(|p| (1.0..=100.0).contains(p))
}

/// A cell that stands for "nothing" in a budget table: `—`, `---`, `-`.
fn is_dash(cell: &str) -> bool {
    let c = compact(cell);
    !c.is_empty()
        && c.chars()
            .all(|ch| matches!(ch, '-' | '—' | '–' | '－' | '/'))
}

/// A cell that holds an amount or a rate.
fn is_figure(cell: &str) -> bool {
    let c = compact(cell);
    // An amount may carry its unit: `372.29万元`.
    let c = c
        .strip_suffix("万元")
        .or_else(|| c.strip_suffix('元'))
        .unwrap_or(&c);
    !c.is_empty()
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || matches!(ch, '.' | '%' | ',' | '-'))
        && c.chars().any(|ch| ch.is_ascii_digit())
}

/// `1. 财政拨款收入` → `财政拨款收入`; `一、基本支出` → `基本支出`.
fn strip_numbering(label: &str) -> &str {
    let t = label.trim();
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit());
    let t = t
        .strip_prefix('.')
        .or_else(|| t.strip_prefix('、'))
        .unwrap_or(t)
        .trim_start();
    if let Some(rest) = t
        .strip_prefix(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
        .and_then(|r| r.strip_prefix('、'))
    {
        return rest.trim_start();
    }
    if t.is_empty() {
        label.trim()
    } else {
        t
    }
}

/// Reads one row of a budget table into the form. Returns false when the row is not one.
pub(super) fn read_funds_row(row: &Row, table: &mut FundsTable, form: &mut Form) -> bool {
    let mut cells = row.filled();
    let Some((label_col, label)) = cells.find(|(_, c)| !is_figure(c) && !is_dash(c)) else {
        return false;
    };
    let values: Vec<(usize, &str)> = row
        .filled()
        .filter(|(i, c)| *i > label_col && (is_figure(c) || is_dash(c)))
        .collect();
    let label = strip_numbering(label).to_string();
    let key = compact(&label).into_owned();
    if table.section == Section::Income && key.contains("支出") {
        table.section = Section::Spending;
    }

    let mut line = BudgetLine {
        section: table.section,
        label,
        initial: None,
        total: None,
        executed: None,
        rate: None,
        line: row.line,
    };
    let mut points = None;
    let mut rate = None;
    let mut score = None;
    let mut assign = |role: FundsRole, cell: &str| {
        if is_dash(cell) {
            return;
        }
        match role {
            FundsRole::Initial => line.initial = amount_wan(cell),
            FundsRole::Total => line.total = amount_wan(cell),
            FundsRole::Executed => line.executed = amount_wan(cell),
            FundsRole::Points => points = number_in(cell),
            FundsRole::Rate => rate = number_in(cell).map(|n| n / 100.0),
            FundsRole::Score => score = number_in(cell),
        }
    };
    let mut order: Vec<FundsRole> = table.cols.iter().map(|(_, r)| *r).collect();
    order.dedup();
    let on_columns = values
        .iter()
        .all(|(i, _)| table.cols.iter().any(|(c, _)| c == i));
    // A department's 整体收支情况 table is often copied one cell off its header (the label
    // spans two columns there): its lines are read in order.
    let whole = matches!(table.section, Section::Income | Section::Spending);
    if on_columns && !whole {
        // Rows follow their header's columns (a blank 年初 stays blank).
        for (i, cell) in &values {
            if let Some((_, role)) = table.cols.iter().find(|(c, _)| c == i) {
                assign(*role, cell);
            }
        }
    } else {
        // Other rows are read in order: copies drop or add empty cells between the label and
        // the figures, but keep the figures' order.
        for ((_, cell), role) in values.iter().zip(&order) {
            assign(*role, cell);
        }
    }
    line.rate = line.rate.or(rate);

    match table.section {
        Section::Project => {
            // The table's first line is its total, whatever it is called (`年度资金总额`,
            // `合计`, or a label lost in the copy), unless it names one of the parts.
            let part = key.contains("财政") || key.contains("其他") || key.contains("结转");
            let first = !table.read_total && !part;
            if key.contains("资金总额") || key.contains("合计") || first {
                table.read_total = true;
                form.funds.initial = line.initial;
                form.funds.total = line.total;
                form.funds.executed = line.executed;
                let s = form.scores.get_or_insert_with(Scores::default);
                s.budget_points = points.or(table.points);
                s.execution_rate.stated = line.rate;
                s.budget_score.stated = score;
            } else if key.contains("财政拨款") {
                form.funds.fiscal = line.total;
            } else if key.starts_with("其他资金") {
                form.funds.other = line.total;
            }
        }
        Section::Income => {
            if key.contains("收入小计") || key.contains("收入合计") {
                form.funds.initial = line.initial;
                form.funds.total = line.total;
            } else if key.contains("财政拨款") {
                form.funds.fiscal = line.total;
            }
        }
        Section::Spending | Section::Task => {}
    }
    form.budget_lines.push(line);
    true
}

/// After the budget tables: a department's executed total is its spending subtotal, or 基本支出
/// plus 项目支出 where the subtotal is left blank.
pub(super) fn settle_department_funds(form: &mut Form) {
    let spending = |prefix: &str| {
        form.budget_lines
            .iter()
            .find(|l| l.section == Section::Spending && compact(&l.label).starts_with(prefix))
            .and_then(|l| l.executed)
    };
    let subtotal = form
        .budget_lines
        .iter()
        .find(|l| l.section == Section::Spending && compact(&l.label).contains("支出小计"))
        .and_then(|l| l.executed);
    let parts = match (spending("基本支出"), spending("项目支出")) {
        (None, None) => None,
        (a, b) => Some(((a.unwrap_or(0.0) + b.unwrap_or(0.0)) * 100.0).round() / 100.0),
    };
    // Without spending lines, the budget table's own 全年执行数 stands.
    if let Some(executed) = subtotal.or(parts) {
        form.funds.executed = Some(executed);
    }
}

/// Reads a score line (小计 (C) … 预算执行率得分 (D) …, 总得分 (C+D) …). Returns the labels it
/// found, or None when the row is not a score line.
///
/// A label followed by several figures (`总分 | | | 100 | 93`: the 分值 total, then the score)
/// takes the one in the table's 得分 column, `score_col`, else the last.
pub(super) fn read_score_row(
    row: &Row,
    form: &mut Form,
    score_col: Option<usize>,
) -> Option<Vec<ScoreLabel>> {
    if let Some(g) = stated_grade(row) {
        form.scores.get_or_insert_with(Scores::default).grade_stated = Some(g);
        return Some(Vec::new());
    }
    if !row
        .filled()
        .any(|(_, c)| c.contains('分') || c.contains("(C") || c.contains("(D"))
    {
        return None;
    }
    let cells: Vec<(usize, &str)> = row.filled().collect();
    let mut found = Vec::new();
    for (k, (_, cell)) in cells.iter().enumerate() {
        let Some(label) = score_label(cell) else {
            continue;
        };
        found.push(label);
        if label == ScoreLabel::Marker {
            continue;
        }
        let figures: Vec<(usize, f64)> = cells[k + 1..]
            .iter()
            .take_while(|(_, c)| score_label(c).is_none_or(|l| l == ScoreLabel::Marker))
            .filter(|(_, c)| is_figure(c))
            .filter_map(|(col, c)| number_in(c).map(|n| (*col, n)))
            .collect();
        let figure = figures
            .iter()
            .find(|(col, _)| Some(*col) == score_col && figures.len() > 1)
            .or(figures.last())
            .map(|(_, n)| *n);
        let s = form.scores.get_or_insert_with(Scores::default);
        match label {
            ScoreLabel::Subtotal => s.indicator_score.stated = figure,
            ScoreLabel::Budget => s.budget_score.stated = figure,
            ScoreLabel::Total => s.total.stated = figure,
            ScoreLabel::Marker => {}
        }
    }
    let only_markers_or_labels = cells
        .iter()
        .all(|(_, c)| score_label(c).is_some() || is_figure(c));
    (!found.is_empty() && only_markers_or_labels).then_some(found)
}

/// A grade the form states: `评价等级：优`, or `等级` with `优` in the next cell.
fn stated_grade(row: &Row) -> Option<String> {
    let cells: Vec<&str> = row.filled().map(|(_, c)| c).collect();
    let at = cells.iter().position(|c| {
        let k = compact(c);
        k.contains("等级") && k.chars().count() <= 12
    })?;
    let key = compact(cells[at]);
    let after = key
        .split_once(':')
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty());
    let value = after.or_else(|| cells.get(at + 1).map(|c| compact(c).into_owned()))?;
    let g = value.chars().next()?;
    matches!(g, '优' | '良' | '中' | '差').then(|| g.to_string())
}

/// A goal row of a self-evaluation: the goal set at the start of the year and what was achieved.
/// `目标2` alone (a template row left empty) is no goal.
pub(super) fn goal_row(cells: &[&str]) -> Option<(String, Option<String>)> {
    let cells: Vec<&str> = cells
        .iter()
        .copied()
        .filter(|c| !is_goal_header_word(c))
        .collect();
    let text = *cells.first()?;
    let c = compact(text);
    let bare = c.trim_start_matches("目标").trim_end_matches([':', '：']);
    if c.starts_with("目标") && bare.chars().all(|ch| ch.is_ascii_digit()) {
        return None;
    }
    Some((text.to_string(), cells.get(1).map(|s| s.to_string())))
}

/// The header words of a goal table (年初设定目标 | 全年实际完成情况).
pub(super) fn is_goal_header_word(cell: &str) -> bool {
    matches!(
        &*compact(cell),
        "年初设定目标" | "全年实际完成情况" | "全年完成情况" | "实际完成情况" | "完成情况"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_cut_from_labels() {
        assert_eq!(strip_numbering("1. 财政拨款收入"), "财政拨款收入");
        assert_eq!(
            strip_numbering("一、基本支出(第1至4项小计)"),
            "基本支出(第1至4项小计)"
        );
        assert_eq!(strip_numbering("合计"), "合计");
    }

    #[test]
    fn empty_goal_rows_are_no_goals() {
        assert_eq!(goal_row(&["目标2"]), None);
        assert_eq!(
            goal_row(&["目标1:提升", "已提升"]),
            Some(("目标1:提升".to_string(), Some("已提升".to_string())))
        );
    }
}
