//! Copies from a PDF viewer often put every cell on a line of its own, and drop the empty ones.
//! Where a table header can be recognised in such a run of one-cell lines, the cells below it
//! are regrouped into rows: a target form's row is cut where the next cell no longer fits the
//! header's columns in order (each column accepts only cells of its kind — a category, an
//! operator, a plain number, a unit …); a self-evaluation's row is cut where a category or the
//! template's `指标N` follows content. Score lines (小计 (C) … 总得分 (C+D)) keep their figures.

use crate::core::layout::{
    category, column_role, header_roles, is_header_word, is_placeholder, is_table_label,
    level1_name, level2_name, match_label, score_label, title_kind, Role,
};
use crate::core::model::Kind;
use crate::core::text::{compact, Row};
use crate::core::value::read_op;

/// One cell of a one-cell line.
fn single(row: &Row) -> Option<&str> {
    (row.filled_count() == 1)
        .then(|| row.filled().next().map(|(_, c)| c))
        .flatten()
}

/// A category name of any family (department categories included).
fn is_category(cell: &str) -> bool {
    category(cell, Kind::DepartmentSelfEvaluation, false).is_some()
}

fn plain_number(cell: &str) -> bool {
    crate::core::value::plain_number(cell).is_some()
}

/// Whether a column of a target form's table accepts a cell, and how much it is worth there.
fn accepts(role: Role, cell: &str) -> Option<i32> {
    let c = compact(cell);
    let text = !is_category(cell) && read_op(cell).is_none();
    let ok = match role {
        Role::Level1 => level1_name(cell).is_some(),
        Role::Level2 => level2_name(cell).is_some(),
        Role::Name => text && !plain_number(cell) && !c.contains("正向") && !c.contains("反向"),
        Role::Nature | Role::Operator => read_op(cell).is_some() || c == "定性" || c == "定量",
        Role::History | Role::GroupWeight => plain_number(cell),
        Role::Target | Role::MidtermTarget | Role::Actual | Role::Content => {
            !is_category(cell) && !c.contains("正向指标") && !c.contains("反向指标")
        }
        Role::Unit => {
            text && c.chars().count() <= 4
                && !c.chars().any(|ch| ch.is_ascii_digit())
                && !c.contains("向")
        }
        Role::Weight | Role::WeightCurrent | Role::Score => plain_number(cell),
        Role::Direction => c.contains("正向") || c.contains("反向"),
        Role::Degree | Role::Reason | Role::Other | Role::Field(_) => text,
    };
    // An empty 历史参考值 is the rule: prefer leaving it empty.
    ok.then_some(if role == Role::History { 1 } else { 10 })
}

/// The best placement of `cells` on `roles` in order (each cell on its own column), or None.
fn align(cells: &[&str], roles: &[Role]) -> Option<Vec<usize>> {
    let (n, m) = (cells.len(), roles.len());
    const NONE: i32 = i32::MIN / 2;
    // best[i][j]: best score placing cells[i..] on roles[j..].
    let mut best = vec![vec![NONE; m + 1]; n + 1];
    best[n].fill(0);
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let skip = best[i][j + 1];
            let take = accepts(roles[j], cells[i])
                .map(|w| w + best[i + 1][j + 1])
                .filter(|&v| v > NONE / 2)
                .unwrap_or(NONE);
            best[i][j] = skip.max(take);
        }
    }
    if best[0][0] <= NONE / 2 {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    let (mut i, mut j) = (0, 0);
    while i < n {
        let take = accepts(roles[j], cells[i]).map(|w| w + best[i + 1][j + 1]);
        if take == Some(best[i][j]) {
            out.push(j);
            i += 1;
        }
        j += 1;
    }
    Some(out)
}

/// A run of one-cell lines at `i` that spells a table header: its cells and the index after it.
fn header_run(rows: &[Row], i: usize) -> Option<(Vec<(usize, String)>, usize)> {
    let mut cells = Vec::new();
    let mut k = i;
    while k < rows.len() {
        let Some(c) = single(&rows[k]) else { break };
        let continues = !cells.is_empty() && is_header_word(c);
        if column_role(c).is_none() && !continues {
            break;
        }
        cells.push((rows[k].line, c.to_string()));
        k += 1;
    }
    let tree = cells
        .iter()
        .filter(|(_, c)| {
            matches!(
                column_role(c),
                Some(Role::Level1 | Role::Level2 | Role::Name)
            )
        })
        .count();
    (cells.len() >= 3 && tree >= 2).then_some((cells, k))
}

/// A page copied with a blank line after every line (a web page's paragraphs): most lines
/// that hold something are followed by exactly one blank line and then more.
fn double_spaced(rows: &[Row]) -> bool {
    let (mut spaced, mut filled) = (0usize, 0usize);
    for w in rows.windows(3) {
        if !w[0].is_blank() {
            filled += 1;
            spaced += (w[1].is_blank() && !w[2].is_blank()) as usize;
        }
    }
    filled >= 10 && 10 * spaced >= 7 * filled
}

/// The rows without the single blank lines between filled ones; a longer run of blank lines
/// stays, as one, to part what it parted.
fn single_blanks_dropped(rows: Vec<Row>) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::with_capacity(rows.len() / 2 + 1);
    let mut blanks: Vec<Row> = Vec::new();
    for row in rows {
        if row.is_blank() {
            blanks.push(row);
            continue;
        }
        if blanks.len() >= 2 {
            out.push(blanks.swap_remove(0));
        }
        blanks.clear();
        out.push(row);
    }
    out.extend(blanks.into_iter().take(1));
    out
}

/// Regroups one-cell lines into rows wherever a table header shows how.
pub(super) fn regroup(rows: Vec<Row>) -> Vec<Row> {
    let mut rows = rows;
    if double_spaced(&rows) {
        rows = single_blanks_dropped(rows);
    }
    // Cheap test first: most texts have no run of one-cell header lines.
    let singles = rows
        .iter()
        .filter(|r| single(r).is_some_and(|c| column_role(c).is_some()))
        .count();
    let template = rows
        .iter()
        .any(|r| single(r).is_some_and(|c| compact(c).starts_with("指标") && is_placeholder(c)));
    if singles < 3 && !template && !rows.iter().any(|r| r.sparse) {
        return rows;
    }
    let mut out = Vec::with_capacity(rows.len());
    // The current table header: its columns with their roles, and whether it is a
    // self-evaluation's (read by order, not by column).
    let mut roles: Option<(Vec<(usize, Role)>, bool)> = None;
    let mut i = 0;
    while i < rows.len() {
        if let Some((cells, next)) = header_run(&rows, i) {
            let header_roles: Vec<(usize, Role)> = cells
                .iter()
                .enumerate()
                .filter_map(|(k, (_, c))| column_role(c).map(|r| (k, r)))
                .collect();
            let evaluation = header_roles.iter().any(|(_, r)| *r == Role::Score);
            out.push(Row {
                line: cells[0].0,
                cells: cells.into_iter().map(|(_, c)| c).collect(),
                sparse: false,
                ..Default::default()
            });
            roles = Some((header_roles, evaluation));
            i = next;
            continue;
        }
        let row = &rows[i];
        let breaks = single(row).is_none()
            || title_kind(row).is_some()
            || single(row).is_some_and(|c| match_label(c).is_some());
        match (&roles, breaks) {
            (Some((header, evaluation)), false) => {
                // A run of data cells under the header.
                let mut k = i;
                let mut cells: Vec<(usize, String)> = Vec::new();
                while k < rows.len() {
                    let r = &rows[k];
                    if r.is_blank() {
                        break;
                    }
                    let Some(c) = single(r) else { break };
                    if title_kind(r).is_some()
                        || match_label(c).is_some()
                        || header_run(&rows, k).is_some()
                    {
                        break;
                    }
                    cells.push((r.line, c.to_string()));
                    k += 1;
                }
                if cells.is_empty() {
                    out.push(std::mem::take(&mut rows[i]));
                    i += 1;
                    continue;
                }
                if *evaluation {
                    out.extend(group_evaluation(cells));
                } else {
                    out.extend(group_by_columns(cells, header));
                }
                i = k;
            }
            (None, false)
                if single(row).is_some_and(|c| {
                    is_category(c) || (compact(c).starts_with("指标") && is_placeholder(c))
                }) =>
            {
                // No header (a fragment): a run of one-cell lines with the template's 指标N and
                // score figures is a self-evaluation's rows.
                let k = rows[i..]
                    .iter()
                    .position(|r| single(r).is_none() || title_kind(r).is_some())
                    .map_or(rows.len(), |p| i + p);
                let run: Vec<(usize, String)> = rows[i..k]
                    .iter()
                    .filter_map(|r| single(r).map(|c| (r.line, c.to_string())))
                    .collect();
                let template = run
                    .iter()
                    .any(|(_, c)| compact(c).starts_with("指标") && is_placeholder(c));
                let scored = run.iter().any(|(_, c)| score_label(c).is_some());
                if run.len() >= 4 && template && scored {
                    out.extend(group_evaluation(run));
                    i = k;
                } else {
                    out.push(std::mem::take(&mut rows[i]));
                    i += 1;
                }
            }
            _ => {
                if title_kind(row).is_some() {
                    roles = None;
                }
                if let Some(h) = header_roles(row) {
                    let evaluation = h.iter().any(|(_, r)| *r == Role::Score);
                    roles = Some((h, evaluation));
                } else if let (Some((header, false)), true) = (&roles, row.sparse) {
                    // Split on spaces, the row lost its empty cells: place it by column kinds.
                    let cells: Vec<(usize, String)> = row
                        .filled()
                        .map(|(_, c)| (row.line, c.to_string()))
                        .collect();
                    if match_label(&cells[0].1).is_none() {
                        out.extend(group_by_columns(cells, header));
                        i += 1;
                        continue;
                    }
                }
                out.push(std::mem::take(&mut rows[i]));
                i += 1;
            }
        }
    }
    out
}

/// Target forms: a row grows while its cells still fit the header's columns in order, and is
/// written back on those columns.
fn group_by_columns(cells: Vec<(usize, String)>, columns: &[(usize, Role)]) -> Vec<Row> {
    let header: Vec<Role> = columns.iter().map(|(_, r)| *r).collect();
    let header = header.as_slice();
    let width = columns.iter().map(|(c, _)| c + 1).max().unwrap_or(0);
    let mut out = Vec::new();
    let mut cur: Vec<(usize, String)> = Vec::new();
    let flush = |cur: &mut Vec<(usize, String)>, out: &mut Vec<Row>| {
        if cur.is_empty() {
            return;
        }
        let texts: Vec<&str> = cur.iter().map(|(_, c)| c.as_str()).collect();
        let line = cur[0].0;
        let mut row = vec![String::new(); width];
        match align(&texts, header) {
            Some(at) => {
                for (t, j) in texts.iter().zip(at) {
                    row[columns[j].0] = t.to_string();
                }
            }
            None => row = texts.iter().map(|t| t.to_string()).collect(),
        }
        out.push(Row {
            line,
            cells: row,
            sparse: false,
            ..Default::default()
        });
        cur.clear();
    };
    for (line, cell) in cells {
        if is_table_label(&cell) {
            continue;
        }
        let mut texts: Vec<&str> = cur.iter().map(|(_, c)| c.as_str()).collect();
        texts.push(&cell);
        if !cur.is_empty() && align(&texts, header).is_none() {
            flush(&mut cur, &mut out);
        }
        cur.push((line, cell));
    }
    flush(&mut cur, &mut out);
    out
}

/// Self-evaluations: a row starts at a category or a `指标N` that follows content; a score
/// label starts a score line that keeps its figures.
fn group_evaluation(cells: Vec<(usize, String)>) -> Vec<Row> {
    let mut out = Vec::new();
    let mut cur: Vec<(usize, String)> = Vec::new();
    let mut in_scores = false;
    let flush = |cur: &mut Vec<(usize, String)>, out: &mut Vec<Row>| {
        if let Some((line, _)) = cur.first() {
            out.push(Row {
                line: *line,
                cells: cur.iter().map(|(_, c)| c.clone()).collect(),
                sparse: false,
                ..Default::default()
            });
        }
        cur.clear();
    };
    for (line, cell) in cells {
        let is_score = score_label(&cell).is_some();
        let has_content = cur
            .iter()
            .any(|(_, c)| !is_category(c) && !is_placeholder(c) && !is_table_label(c));
        let starts = if is_score {
            !in_scores
                || score_label(&cell).is_some_and(|l| l == crate::core::layout::ScoreLabel::Total)
        } else if in_scores {
            !plain_number(&cell)
        } else {
            (is_category(&cell) || compact(&cell).starts_with("指标")) && has_content
        };
        if starts {
            flush(&mut cur, &mut out);
        }
        in_scores = is_score || (in_scores && plain_number(&cell));
        cur.push((line, cell));
    }
    flush(&mut cur, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::rows;

    #[test]
    fn a_target_table_copied_one_cell_a_line_is_regrouped() {
        let text = "一级指标\n二级指标\n三级指标\n指标性质\n历史参考值\n指标值\n本年指标值\n度量单位\n权重(%)\n本年权重(%)\n指标方向性\n\
                    产出指标\n质量指标\n居民医保待遇发放准确率\n≥\n95\n95\n%\n10\n10\n正向指标\n\
                    效益指标\n经济效益指标\n医保基金有效节约\n定性\n2\n2\n15\n15\n正向指标\n";
        let out = regroup(rows(text));
        let data: Vec<&Row> = out.iter().filter(|r| r.filled_count() > 1).collect();
        assert_eq!(data.len(), 3, "{out:?}");
        assert_eq!(data[1].cells[2], "居民医保待遇发放准确率");
        assert_eq!(data[1].cells[4], "", "历史参考值 stays empty");
        assert_eq!(data[1].cells[6], "95");
        assert_eq!(data[1].cells[7], "%");
        assert_eq!(data[2].cells[7], "", "a qualitative row has no unit");
        assert_eq!(data[2].cells[9], "15");
    }
}
