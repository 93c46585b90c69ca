//! From text to forms: split the text into rows, cut the rows into forms at their titles, read
//! each form's header fields and its indicator table. Every content line ends up in a field,
//! an indicator, or a P002 diagnostic; nothing is dropped silently.

mod cells;
mod eval;
mod header;
mod table;

use super::diagnostic::{Diagnostic, Severity};
use super::layout::{coded_unit, header_roles, score_label, title_kind, Field, Role, ScoreLabel};
use super::model::{Form, Kind, Report};
use super::text::{rows, Row};

/// What became of each row while reading a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use {
    Unread,
    Placed,
}

/// Parses a pasted text into forms, with the diagnostics of reading (P codes).
pub fn parse(text: &str) -> Report {
    let rows = cells::regroup(rows(text));
    let mut report = Report::default();

    // Cut at titles, and after each total score line (总得分 (C+D), 总评价得分): what follows a
    // total up to the next title is a page of a form without its header, a fragment.
    let mut starts: Vec<(usize, Kind)> = Vec::new();
    // Forms that begin at a fresh 项目名称 under the title of the form before them.
    let mut continued: Vec<usize> = Vec::new();
    let mut after_total = false;
    // Since the last start: a 项目名称 line, an indicator table header.
    let (mut seen_project, mut seen_table) = (false, false);
    // A table that holds one project a row (its header names 项目名称 as a column): the header
    // row, the project column, and whether its first project was seen.
    let mut wide: Option<(usize, usize, bool)> = None;
    // Forms that begin at such a row, with the header row they are read under.
    let mut under_header: Vec<(usize, usize)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if row.is_blank() {
            continue;
        }
        let project_line = matches!(row.first_label(), Some((Field::Project, _)));
        let roles = header_roles(row);
        if let Some(r) = &roles {
            wide = r
                .iter()
                .find(|(_, role)| *role == Role::Field(Field::Project))
                .map(|(c, _)| (i, *c, false));
        } else if let Some((h, col, first_seen)) = wide {
            if !row.cell(col).is_empty() {
                if first_seen {
                    let kind = starts.last().map(|(_, k)| *k).unwrap_or(Kind::TargetTable);
                    starts.push((i, kind));
                    continued.push(i);
                    under_header.push((i, h));
                    after_total = false;
                    continue;
                }
                wide = Some((h, col, true));
            }
        }
        if let Some(kind) = title_kind(row) {
            starts.push((title_start(&rows, i), kind));
            after_total = false;
            (seen_project, seen_table) = (false, false);
            wide = None;
        } else if project_line && (seen_project || seen_table) {
            // A fresh 项目名称 after a project's fields or table: the next project's form, from
            // the line of its unit's code and name above it (`207101天津市河北区人民法院`).
            let kind = starts.last().map(|(_, k)| *k).unwrap_or(Kind::TargetTable);
            let kind = if kind == Kind::Fragment {
                Kind::TargetTable
            } else {
                kind
            };
            let at = rows[..i]
                .iter()
                .rposition(|r| !r.is_blank())
                .filter(|&p| {
                    starts.last().is_none_or(|(s, _)| *s < p)
                        && rows[p]
                            .filled()
                            .next()
                            .is_some_and(|(_, c)| coded_unit(c).is_some())
                })
                .unwrap_or(i);
            starts.push((at, kind));
            continued.push(at);
            after_total = false;
            (seen_project, seen_table) = (true, false);
            continue;
        } else if after_total && row.filled().any(|(_, c)| c.contains("等级")) {
            // The grade stated under the total belongs to the same form.
            continue;
        } else if after_total {
            starts.push((i, Kind::Fragment));
            after_total = false;
        }
        seen_project |= project_line;
        seen_table |= roles.is_some();
        // A total stated among the header fields (`自评总分(分) | 97.6`) ends nothing.
        let in_header = !seen_table
            && starts
                .last()
                .is_some_and(|(_, kind)| *kind != Kind::Fragment);
        if !in_header
            && row
                .filled()
                .any(|(_, c)| score_label(c) == Some(ScoreLabel::Total))
        {
            after_total = true;
        }
    }
    // A title whose first half stands on the line where a fragment would begin wins.
    crate::core::order::sort_by_key(&mut starts, |(i, k)| (*i, *k == Kind::Fragment));
    starts.dedup_by_key(|(i, _)| *i);
    // Looked up by start below, by binary search: both are pushed in the order of the rows.
    debug_assert!(continued.is_sorted() && under_header.is_sorted());
    let first = starts.first().map(|(i, _)| *i).unwrap_or(rows.len());
    if rows[..first].iter().any(|r| !r.is_blank()) {
        let at = rows.iter().position(|r| !r.is_blank()).unwrap_or(0);
        starts.insert(0, (at, Kind::Fragment));
    }
    // Lines of text that held no form, reported against the form after them (or before).
    let mut stray: Vec<&Row> = Vec::new();
    for (n, (start, kind)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map(|(i, _)| *i).unwrap_or(rows.len());
        let slice = &rows[*start..end];
        let before = report.forms.len();
        // The title's year, and the unit its amounts are in, hold for every project under it.
        let inherit = (continued.binary_search(start).is_ok() && before > 0).then(|| {
            let prev = &report.forms[before - 1];
            (prev.year, prev.amounts_in_yuan)
        });
        // A project's row of a one-project-a-row table is read under that table's header.
        let own = slice;
        let with_header: Vec<Row>;
        let slice = match under_header
            .binary_search_by_key(start, |(at, _)| *at)
            .map(|k| under_header[k])
        {
            Ok((_, h)) => {
                let mut header = rows[h].clone();
                header.line = rows[*start].line;
                with_header = std::iter::once(header)
                    .chain(slice.iter().cloned())
                    .collect();
                &with_header[..]
            }
            Err(_) => slice,
        };
        if !read_form(*kind, slice, &mut report, inherit) {
            stray.extend(own.iter().filter(|r| !r.is_blank()));
        }
    }
    if !report.forms.is_empty() {
        for row in stray {
            // The forms are in source order: the first that begins below the line.
            let form = report
                .forms
                .partition_point(|f| f.lines[0] <= row.line)
                .min(report.forms.len() - 1);
            let text: Vec<&str> = row.filled().map(|(_, c)| c).collect();
            report
                .diagnostics
                .push(unplaced(row.line, &text.join(" | "), form));
        }
    }

    // The unit a form's amounts were written in is reading state, done with: the report holds
    // 万元 (and so equals itself written as JSON and read back).
    for f in &mut report.forms {
        f.amounts_in_yuan = false;
    }
    hidden_characters(text, &mut report);

    // P001 — no form could be recognised in the text. Why: the reviewer must learn at once that
    // nothing was checked, and what the reader looks for. Fires: prose with no title, no 项目名称
    // and no indicator header. Instead: paste the whole table, its header included.
    if report.forms.is_empty() {
        let last = rows
            .iter()
            .rev()
            .find(|r| !r.is_blank())
            .map(|r| r.line)
            .unwrap_or(1);
        let first = rows
            .iter()
            .find(|r| !r.is_blank())
            .map(|r| r.line)
            .unwrap_or(1);
        report.diagnostics.push(
            Diagnostic::new(
                "P001",
                Severity::Error,
                "文本中未识别出绩效表：未找到表头标题（如“绩效目标表”“绩效自评表”）、“项目名称”行或指标表头行（一级指标、二级指标、三级指标）。",
                "No form was recognised: no title (such as 绩效目标表 or 绩效自评表), no 项目名称 line and no indicator header row (一级指标, 二级指标, 三级指标) was found.",
                0,
                [first, last],
            )
            .with_help("请粘贴从 Excel、Word 或 PDF 复制的完整表格文本，包括表头。"),
        );
    }
    report
}

/// Reads one form from its rows and appends it, with its reading diagnostics, to the report.
/// Returns false when the rows hold no form (a fragment with neither indicators nor scores).
fn read_form(
    kind: Kind,
    rows: &[Row],
    report: &mut Report,
    inherit: Option<(Option<i32>, bool)>,
) -> bool {
    let index = report.forms.len();
    let first_line = rows.first().map(|r| r.line).unwrap_or(1);
    let mut form = Form::new(kind, first_line);
    if let Some((year, yuan)) = inherit {
        form.year = year;
        form.amounts_in_yuan = yuan;
    }
    let mut uses = vec![Use::Unread; rows.len()];
    let mut diags = Vec::new();

    let table_at = if kind == Kind::Fragment {
        Some(0)
    } else {
        rows.iter().position(|r| header_roles(r).is_some())
    };
    let header_end = table_at.unwrap_or(rows.len());
    header::read(&rows[..header_end], &mut uses[..header_end], &mut form);
    if let Some(at) = table_at {
        table::read(&rows[at..], &mut uses[at..], &mut form, index, &mut diags);
    }
    // A department's form names the department once, whatever its label (单位名称 …).
    if form.kind == Kind::DepartmentSelfEvaluation && form.department.is_none() {
        form.department = form.unit.take();
    }
    let states_scores = form.scores.as_ref().is_some_and(|s| {
        s.total.stated.is_some()
            || s.indicator_score.stated.is_some()
            || s.budget_score.stated.is_some()
    });
    if form.kind == Kind::Fragment && form.indicators.is_empty() && !states_scores {
        // Prose or template rows with nothing to check: not a form.
        return false;
    }

    // A form with neither fields nor indicators is not a form (a stray title word).
    let last_used = rows
        .iter()
        .zip(&uses)
        .rev()
        .find(|(r, u)| **u == Use::Placed && !r.is_blank())
        .map(|(r, _)| r.line)
        .unwrap_or(first_line);
    form.lines = [first_line, last_used];

    for (row, used) in rows.iter().zip(&uses) {
        if *used == Use::Unread && !row.is_blank() && row.line <= last_used {
            let text: Vec<&str> = row.filled().map(|(_, c)| c).collect();
            diags.push(unplaced(row.line, &text.join(" | "), index));
        }
    }
    crate::core::order::sort_by_key(&mut diags, |d| d.lines[0]);
    report.forms.push(form);
    report.diagnostics.extend(diags);
    true
}

/// P002 — a line that holds content could not be placed in any field or indicator; nothing is
/// dropped silently.
///
/// Why: a line the reader could not place may be a shifted indicator or a field the form
/// needs; the reviewer must see it.
///
/// Fires: `这一行不属于任何字段。` between a form's header fields.
/// Instead: put the text in its column, or leave explanatory notes out of the copy.
fn unplaced(line: usize, text: &str, form: usize) -> Diagnostic {
    let shown = shorten(text, 40);
    Diagnostic::new(
        "P002",
        Severity::Warning,
        format!("第 {line} 行的内容未能归入任何字段或指标：“{shown}”。"),
        format!("Line {line} could not be placed in any field or indicator: “{shown}”."),
        form,
        [line, line],
    )
    .with_help("核对该行是否错位或为表格外的说明文字；如属指标，请补全其所在列。")
}

/// P005 — a line held characters that show nothing (zero-width spaces, direction overrides,
/// a soft hyphen …); the reader removed them.
///
/// Why: they hide what a cell holds. `5⟨U+202E⟩9` shows as 95 and holds 59; `1⟨U+200B⟩00` looks like 100 and
/// is no number; a name with a zero-width space is another name to a search. They come from
/// web pages and from edits meant to go unseen, and the reviewer must see both.
///
/// Fires: `培训人数\t≥\t1⟨U+200B⟩00` (a zero-width space in the figure). Instead: retype the cell,
/// or paste from the source again as plain text.
fn hidden_characters(text: &str, report: &mut Report) {
    for h in super::text::hidden_in(text) {
        let form = report
            .forms
            .partition_point(|f| f.lines[0] <= h.line)
            .saturating_sub(1);
        // Each character as `U+200B（零宽空格）` / `U+200B (zero-width space)`.
        let named = |zh: bool| -> Vec<String> {
            h.chars
                .iter()
                .map(|c| {
                    let (name_zh, name_en) = super::text::hidden_name(*c);
                    let u = super::text::code_point(*c);
                    if zh {
                        format!("{u}（{name_zh}）")
                    } else {
                        format!("{u} ({name_en})")
                    }
                })
                .collect()
        };
        let (zh, en) = (named(true), named(false));
        report.diagnostics.push(
            Diagnostic::new(
                "P005",
                Severity::Warning,
                format!(
                    "第 {} 行含有不可见字符 {}，读取时已去除：“{}”。这类字符会使显示的文字与实际内容不一致。",
                    h.line,
                    zh.join("、"),
                    h.shown
                ),
                format!(
                    "Line {} holds invisible characters, {}, removed in reading: “{}”. They make a text show other than what it holds.",
                    h.line,
                    en.join(", "),
                    h.shown
                ),
                form,
                [h.line, h.line],
            )
            .with_help("核对该单元格的内容，重新输入或以纯文本重新粘贴。"),
        );
    }
}

/// Where a form whose title is at `i` starts: a line above it that holds the first half of a
/// title split in two ("2021年…预算项目(政策)" / "绩效目标自评表") belongs to it.
fn title_start(rows: &[Row], i: usize) -> usize {
    let Some(p) = rows[..i].iter().rposition(|r| !r.is_blank()) else {
        return i;
    };
    let row = &rows[p];
    if i - p > 3 || row.filled_count() != 1 {
        return i;
    }
    let cell = row.filled().next().map(|(_, c)| c).unwrap_or("");
    let c = super::text::compact(cell);
    let looks_like_head = c.chars().count() <= 40
        && super::layout::match_label(cell).is_none()
        && score_label(cell).is_none()
        && (c.contains("项目") || c.contains("部门") || c.contains("单位") || c.contains('年'))
        && !c.ends_with('表');
    if looks_like_head {
        p
    } else {
        i
    }
}

/// The first `n` characters of `s`, with an ellipsis when cut.
pub(crate) fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}
