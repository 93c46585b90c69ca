//! From text to forms: split the text into rows, cut the rows into forms at their titles, read
//! each form's header fields and its indicator table. Every content line ends up in a field,
//! an indicator, or a P002 diagnostic; nothing is dropped silently.

mod header;
mod table;

use super::diagnostic::{Diagnostic, Severity};
use super::layout::{header_roles, title_kind};
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
    let rows = rows(text);
    let mut report = Report::default();

    // Cut at titles. Rows before the first title form a fragment if they hold a table.
    let mut starts: Vec<(usize, Kind)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if let Some(kind) = title_kind(row) {
            starts.push((i, kind));
        }
    }
    let first = starts.first().map(|(i, _)| *i).unwrap_or(rows.len());
    if rows[..first].iter().any(|r| header_roles(r).is_some()) {
        starts.insert(0, (0, Kind::Fragment));
    }
    for (n, (start, kind)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map(|(i, _)| *i).unwrap_or(rows.len());
        read_form(*kind, &rows[*start..end], &mut report);
    }

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
fn read_form(kind: Kind, rows: &[Row], report: &mut Report) {
    let index = report.forms.len();
    let first_line = rows.first().map(|r| r.line).unwrap_or(1);
    let mut form = Form::new(kind, first_line);
    let mut uses = vec![Use::Unread; rows.len()];
    let mut diags = Vec::new();

    let table_at = rows.iter().position(|r| header_roles(r).is_some());
    let header_end = table_at.unwrap_or(rows.len());
    header::read(&rows[..header_end], &mut uses[..header_end], &mut form);
    if let Some(at) = table_at {
        table::read(&rows[at..], &mut uses[at..], &mut form, index, &mut diags);
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
            let shown = shorten(&text.join(" | "), 40);
            diags.push(
                Diagnostic::new(
                    "P002",
                    Severity::Warning,
                    format!(
                        "第 {} 行的内容未能归入任何字段或指标：“{}”。",
                        row.line, shown
                    ),
                    format!(
                        "Line {} could not be placed in any field or indicator: “{}”.",
                        row.line, shown
                    ),
                    index,
                    [row.line, row.line],
                )
                .with_help("核对该行是否错位或为表格外的说明文字；如属指标，请补全其所在列。"),
            );
        }
    }
    diags.sort_by_key(|d| d.lines[0]);
    report.forms.push(form);
    report.diagnostics.extend(diags);
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
