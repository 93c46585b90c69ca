//! The desk's exports: the summary table as CSV ([`summary_to_csv`]) and as an Excel workbook
//! ([`summary_to_xlsx`]), and every finding of every file as one CSV ([`all_findings_to_csv`]).
//!
//! The summary's columns are [`SUMMARY_COLUMNS`], in one order for the command line's
//! `--summary` table, the CSV and the workbook; a row's cells are [`summary_cells`]. The CSV
//! files follow [`diagnostics_to_csv`](super::export::diagnostics_to_csv): UTF-8 with a
//! byte-order mark, CRLF line ends, RFC 4180 quoting and the same formula guard.

use super::desk::{kind_en, SummaryRow};
use super::export::{csv_row, diagnostic_csv_row, diagnostics_header, fmt_num};
use super::model::Report;

/// The columns of the summary table, (Chinese, English), in order.
pub const SUMMARY_COLUMNS: [(&str, &str); 20] = [
    ("文件", "file"),
    ("表", "form"),
    ("行", "lines"),
    ("类型", "kind"),
    ("年度", "year"),
    ("主管部门", "department"),
    ("实施单位", "unit"),
    ("项目", "project"),
    ("项目编码", "project code"),
    ("资金总额（万元）", "funds (万元)"),
    ("指标数", "indicators"),
    ("错误", "errors"),
    ("警告", "warnings"),
    ("提示", "infos"),
    ("总分（表中）", "total (stated)"),
    ("总分（计算）", "total (computed)"),
    ("等级", "grade"),
    ("目标质量分", "target quality"),
    ("规则", "codes"),
    ("对应表", "matched form"),
];

/// The summary's column names: Chinese, or English when `lang_en`.
pub fn summary_header(lang_en: bool) -> [&'static str; 20] {
    SUMMARY_COLUMNS.map(|(zh, en)| if lang_en { en } else { zh })
}

/// One cell of the summary table.
#[derive(Debug, Clone, PartialEq)]
pub enum SummaryCell {
    /// Text, empty where the form states nothing.
    Text(String),
    /// A figure: the form number, year, funds, counts, totals, quality.
    Number(f64),
    /// A figure the form does not state.
    NoNumber,
}

impl SummaryCell {
    /// The cell as the text tables write it: figures without float noise ([`fmt_num`]), absent
    /// figures empty.
    pub fn text(&self) -> String {
        match self {
            SummaryCell::Text(s) => s.clone(),
            SummaryCell::Number(n) => fmt_num(*n),
            SummaryCell::NoNumber => String::new(),
        }
    }
}

/// The cells of one summary row, in the order of [`SUMMARY_COLUMNS`]: forms numbered from 1,
/// lines as `first-last`, the kind's Chinese (or English) name, the codes apart by commas, the
/// matched form as `FILE 表 N` (`FILE form N` in English).
pub fn summary_cells(row: &SummaryRow, lang_en: bool) -> [SummaryCell; 20] {
    use SummaryCell::{NoNumber, Number, Text};
    let text = |s: &Option<String>| Text(s.clone().unwrap_or_default());
    let num = |n: Option<f64>| n.map_or(NoNumber, Number);
    let count = |n: usize| Number(n as f64);
    let kind = if lang_en {
        kind_en(row.kind)
    } else {
        row.kind.zh()
    };
    let form_word = if lang_en { "form" } else { "表" };
    [
        Text(row.file.clone()),
        count(row.form + 1),
        Text(format!("{}-{}", row.lines[0], row.lines[1])),
        Text(kind.to_string()),
        num(row.year.map(f64::from)),
        text(&row.department),
        text(&row.unit),
        text(&row.project),
        text(&row.project_code),
        num(row.funds_total),
        count(row.indicators),
        count(row.errors),
        count(row.warnings),
        count(row.infos),
        num(row.total_stated),
        num(row.total_computed),
        text(&row.grade),
        num(row.quality),
        Text(row.codes.join(",")),
        Text(
            row.matched_with
                .as_ref()
                .map(|(f, i)| format!("{f} {form_word} {}", i + 1))
                .unwrap_or_default(),
        ),
    ]
}

/// The summary table as CSV for Excel: a byte-order mark, the header row of
/// [`summary_header`], then one record per row, cells as [`SummaryCell::text`] writes them;
/// CRLF line ends, RFC 4180 quoting and the formula guard of
/// [`diagnostics_to_csv`](super::export::diagnostics_to_csv).
pub fn summary_to_csv(rows: &[SummaryRow], lang_en: bool) -> String {
    let mut out = String::from("\u{FEFF}");
    csv_row(&mut out, &summary_header(lang_en));
    for row in rows {
        let cells = summary_cells(row, lang_en).map(|c| c.text());
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        csv_row(&mut out, &cells);
    }
    out
}

/// Column widths of the workbook, in Excel's units (a Chinese character takes two).
#[cfg(feature = "office")]
const WIDTH_MIN: f64 = 6.0;
#[cfg(feature = "office")]
const WIDTH_MAX: f64 = 40.0;

/// The summary table as an .xlsx workbook, the file's bytes: one sheet named 汇总 (`Summary`
/// in English), a bold header row that stays in view (frozen panes) and an autofilter over the
/// table. Figures are numbers, everything else text; absent values leave the cell blank.
/// Columns are as wide as their longest cell, within 6 to 40 units.
#[cfg(feature = "office")]
pub fn summary_to_xlsx(rows: &[SummaryRow], lang_en: bool) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    sheet
        .set_name(if lang_en { "Summary" } else { "汇总" })
        .map_err(err)?;
    let bold = Format::new().set_bold();
    let header = summary_header(lang_en);
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| "too many rows".to_string())?;
        for (c, cell) in summary_cells(row, lang_en).iter().enumerate() {
            match cell {
                SummaryCell::Number(n) => {
                    sheet.write_number(r, c as u16, *n).map_err(err)?;
                }
                SummaryCell::Text(s) if !s.is_empty() => {
                    sheet.write_string(r, c as u16, s.as_str()).map_err(err)?;
                }
                _ => {}
            }
            widths[c] = widths[c].max(display_width(&cell.text()));
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let width = (*w as f64 + 2.0).clamp(WIDTH_MIN, WIDTH_MAX);
        sheet.set_column_width(c as u16, width).map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    let last_row = u32::try_from(rows.len()).map_err(|_| "too many rows".to_string())?;
    sheet
        .autofilter(0, 0, last_row, (header.len() - 1) as u16)
        .map_err(err)?;
    book.save_to_buffer().map_err(err)
}

/// A text's width in Excel's units: two for a wide (CJK, full-width) character, one else.
#[cfg(feature = "office")]
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// Every finding of every form of every report as one CSV for Excel: the columns of
/// [`diagnostics_to_csv`](super::export::diagnostics_to_csv) behind a first column 文件
/// (`file`), the reports in the order given, each report's findings in its order. Encoding,
/// quoting and the formula guard are those of `diagnostics_to_csv`.
pub fn all_findings_to_csv(reports: &[(String, Report)], lang_en: bool) -> String {
    let mut out = String::from("\u{FEFF}");
    let mut header = vec![if lang_en { "file" } else { "文件" }];
    header.extend(diagnostics_header(lang_en));
    csv_row(&mut out, &header);
    for (file, report) in reports {
        for d in &report.diagnostics {
            diagnostic_csv_row(&mut out, Some(file), report, d, lang_en);
        }
    }
    out
}
