//! The report's forms as an Excel workbook (.xlsx): one sheet per form, laid out cell for cell
//! as [`form_to_tsv`] lays the form out, so that a sheet copied out of Excel reads back to the
//! same form.
//!
//! On top of that layout the sheet is dressed as the printed forms are: the title is merged
//! across the table and bold; the 一级指标 and 二级指标 cells are merged down over the indicator
//! rows that share them (the first cell holds the text, the rest are blank, which is also how
//! Excel copies merged cells out and how the reader expects categories written once per group);
//! a two-row table header has its cells merged over the blank cells beside or below them; a
//! label or value outside the indicator table spans the blank cells to its right. Merges only
//! ever cover cells that are blank in the written sheet, so the text a sheet copies out is the
//! form's own layout. Cells that hold a bare figure are written as numbers (Excel sums them);
//! percentages, values with units and everything else are written as text, as the layout has
//! them.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::export::{fmt_num, form_to_tsv};
use super::model::{Form, Kind, Report};

/// The longest sheet name Excel accepts, in characters.
const SHEET_NAME_MAX: usize = 31;
/// Column widths (in Excel's units, about one Latin digit; a Chinese character takes two).
const COLUMN_MIN: f64 = 8.0;
const COLUMN_MAX: f64 = 30.0;
/// Row heights in points: one line of the default 11-point font, and the title's.
const LINE_HEIGHT: f64 = 15.0;
const TITLE_HEIGHT: f64 = 24.0;
/// A figure is written as a number only while Excel's General format shows it as written.
const FIGURE_MAX_CHARS: usize = 11;

/// Every form of the report as one sheet of an .xlsx workbook, the file's bytes.
///
/// A report without forms gives a workbook with one empty sheet. Fails only when the writer
/// does (a cell longer than Excel allows, for one).
pub fn report_to_xlsx(report: &Report) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let styles = Styles::new();
    let mut names: Vec<String> = Vec::new();
    for (k, form) in report.forms.iter().enumerate() {
        let name = sheet_name(form, k, &names);
        let sheet = book.add_worksheet();
        sheet.set_name(name.as_str()).map_err(|e| e.to_string())?;
        names.push(name);
        write_sheet(sheet, &SheetPlan::new(form), &styles).map_err(|e| e.to_string())?;
    }
    if report.forms.is_empty() {
        book.add_worksheet();
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// The sheet name of a form: its project, else its title, else the kind's Chinese name; without
/// the characters Excel forbids (`[]:*?/\`) and leading or trailing apostrophes, cut to 31
/// characters, and numbered (`名称 (2)`) where an earlier sheet has the same name (Excel
/// compares names without regard to case). `History` is reserved by Excel and numbered too.
pub fn sheet_name(form: &Form, index: usize, taken: &[String]) -> String {
    let raw = form
        .project
        .as_deref()
        .or(form.title.as_deref())
        .unwrap_or(form.kind.zh());
    let cleaned: String = raw
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let base = tidy_name(&cleaned, SHEET_NAME_MAX);
    let base = if base.is_empty() {
        format!("表{}", index + 1)
    } else {
        base
    };
    let is_taken = |name: &str| {
        name.eq_ignore_ascii_case("history")
            || taken
                .iter()
                .any(|t| t.to_lowercase() == name.to_lowercase())
    };
    if !is_taken(&base) {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let room = SHEET_NAME_MAX - suffix.chars().count();
            format!("{}{suffix}", tidy_name(&base, room))
        })
        .find(|name| !is_taken(name))
        .unwrap_or_default()
}

/// A name cut to `max` characters, trimmed of spaces and apostrophes at either end.
fn tidy_name(name: &str, max: usize) -> String {
    let trim = |s: &str| {
        s.trim_matches(|c: char| c == '\'' || c.is_whitespace())
            .to_string()
    };
    let cut: String = trim(name).chars().take(max).collect();
    trim(&cut)
}

/// The cell formats of a sheet.
struct Styles {
    title: Format,
    header: Format,
    body: Format,
    loose: Format,
}

impl Styles {
    fn new() -> Self {
        let body = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            header: body
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xF2F2F2)),
            body,
            loose: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
        }
    }
}

/// How a row is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowStyle {
    /// The form's heading: merged across, bold and large.
    Title,
    /// A header row of a table: bold, centred, shaded, bordered.
    Header,
    /// A row of the form's grid: bordered.
    Body,
    /// A line outside the grid (`单位信息：…`, blank lines): no border.
    Loose,
}

/// A rectangle of merged cells, inclusive: (first row, first column, last row, last column).
pub type Merge = (usize, usize, usize, usize);

/// What a sheet holds before it is written: the cells' text, the merged regions and each row's
/// style, as planned from the form's tab-separated layout.
#[derive(Debug, Clone)]
pub struct SheetPlan {
    /// The cells' text, row by row, as the written sheet holds them (merged regions' non-first
    /// cells blank).
    pub cells: Vec<Vec<String>>,
    /// The merged regions, none overlapping another, each larger than one cell.
    pub merges: Vec<Merge>,
    /// The number of columns in use.
    pub width: usize,
    styles: Vec<RowStyle>,
}

impl SheetPlan {
    /// The plan of one form's sheet.
    pub fn new(form: &Form) -> Self {
        let mut cells: Vec<Vec<String>> = form_to_tsv(form)
            .lines()
            .map(|l| l.split('\t').map(str::to_string).collect())
            .collect();
        let width = cells
            .iter()
            .filter_map(|r| r.iter().rposition(|c| !c.is_empty()))
            .map(|last| last + 1)
            .max()
            .unwrap_or(1);
        for row in &mut cells {
            row.resize(width, String::new());
        }
        let mut plan = SheetPlan {
            cells,
            merges: Vec::new(),
            width,
            styles: Vec::new(),
        };
        let table = Table::find(form, &plan.cells);
        if let Some(t) = &table {
            plan.merge_indicator_runs(form, t);
            if t.two_row_header {
                plan.merge_two_row_header(t.header);
            }
        }
        plan.merge_spans(table.as_ref(), form.kind);
        plan.styles = plan.row_styles(table.as_ref(), form.kind);
        plan
    }

    /// The sheet's text as Excel copies it out: cells joined by tabs, rows by newlines.
    pub fn to_tsv(&self) -> String {
        let mut s: String = self
            .cells
            .iter()
            .map(|r| r.join("\t"))
            .collect::<Vec<_>>()
            .join("\n");
        s.push('\n');
        s
    }

    fn is_free(&self, m: Merge) -> bool {
        !self
            .merges
            .iter()
            .any(|o| m.0 <= o.2 && o.0 <= m.2 && m.1 <= o.3 && o.1 <= m.3)
    }

    /// Adds a merged region (when larger than one cell and overlapping none), keeping the text
    /// of its first cell and blanking the others.
    fn merge(&mut self, m: Merge) {
        if (m.0 == m.2 && m.1 == m.3) || !self.is_free(m) {
            return;
        }
        for r in m.0..=m.2 {
            for c in m.1..=m.3 {
                if (r, c) != (m.0, m.1) {
                    self.cells[r][c].clear();
                }
            }
        }
        self.merges.push(m);
    }

    /// 一级 merged down over the indicator rows that share it, 二级 over the rows that share it
    /// within one 一级, and a lead cell (`绩效指标`) in the first column over the whole table
    /// where the column is blank below it.
    fn merge_indicator_runs(&mut self, form: &Form, t: &Table) {
        let inds = &form.indicators;
        let runs = |same: &dyn Fn(usize, usize) -> bool| {
            let mut out = Vec::new();
            let mut start = 0;
            for k in 1..=inds.len() {
                if k == inds.len() || !same(k - 1, k) {
                    out.push((start, k - 1));
                    start = k;
                }
            }
            out
        };
        let level1 = runs(&|a, b| inds[a].level1 == inds[b].level1);
        let level2 =
            runs(&|a, b| inds[a].level1 == inds[b].level1 && inds[a].level2 == inds[b].level2);
        let mut planned = Vec::new();
        for (a, b) in level1 {
            if !inds[a].level1.is_empty() {
                planned.push((t.first + a, t.level1, t.first + b, t.level1));
            }
        }
        for (a, b) in level2 {
            if inds[a].level2.as_deref().is_some_and(|s| !s.is_empty()) {
                for &c in &t.level2 {
                    planned.push((t.first + a, c, t.first + b, c));
                }
            }
        }
        for m in planned {
            if !self.cells[m.0][m.1].is_empty() {
                self.merge(m);
            }
        }
        if t.level1 > 0 {
            let last = t.first + inds.len() - 1;
            let blank_below = |from: usize| (from + 1..=last).all(|r| self.cells[r][0].is_empty());
            if !self.cells[t.first][0].is_empty() && blank_below(t.first) {
                self.merge((t.first, 0, last, 0));
            } else if !t.two_row_header
                && !self.cells[t.header][0].is_empty()
                && self.cells[t.first][0].is_empty()
                && blank_below(t.first)
            {
                self.merge((t.header, 0, last, 0));
            }
        }
    }

    /// A two-row table header (`年度指标值` above `运算符号 内容 度量单位`): a cell with text
    /// below it spans the blank cells to its right; a cell with nothing below spans down (and
    /// right, over blank cells of both rows).
    fn merge_two_row_header(&mut self, h: usize) {
        let mut c = 0;
        while c < self.width {
            if self.cells[h][c].is_empty() {
                c += 1;
                continue;
            }
            let end = (c + 1..self.width)
                .find(|&k| !self.cells[h][k].is_empty())
                .unwrap_or(self.width)
                - 1;
            if !self.cells[h + 1][c].is_empty() {
                self.merge((h, c, h, end));
            } else if (c..=end).all(|k| self.cells[h + 1][k].is_empty()) {
                self.merge((h, c, h + 1, end));
            } else {
                self.merge((h, c, h + 1, c));
            }
            c = end + 1;
        }
    }

    /// Outside the indicator rows and a two-row header, each cell with text spans the blank
    /// cells to its right, up to the next cell with text or the sheet's width.
    fn merge_spans(&mut self, table: Option<&Table>, kind: Kind) {
        for r in 0..self.cells.len() {
            let in_table = table.is_some_and(|t| {
                (r >= t.first && r < t.first + t.rows)
                    || (t.two_row_header && (r == t.header || r == t.header + 1))
            });
            if in_table || (kind == Kind::Fragment && table.is_none()) {
                continue;
            }
            let filled: Vec<usize> = (0..self.width)
                .filter(|&c| !self.cells[r][c].is_empty())
                .collect();
            for (k, &c) in filled.iter().enumerate() {
                let end = filled.get(k + 1).copied().unwrap_or(self.width) - 1;
                self.merge((r, c, r, end));
            }
        }
    }

    fn row_styles(&self, table: Option<&Table>, kind: Kind) -> Vec<RowStyle> {
        let filled = |r: usize| self.cells[r].iter().filter(|c| !c.is_empty()).count();
        let has_title = kind != Kind::Fragment && filled(0) > 0;
        let body_from = (usize::from(has_title)..self.cells.len())
            .find(|&r| filled(r) >= 2)
            .unwrap_or(self.cells.len());
        (0..self.cells.len())
            .map(|r| {
                let header = table.is_some_and(|t| {
                    (r == t.header && kind != Kind::Fragment)
                        || (t.two_row_header && r == t.header + 1)
                }) || self.cells[r]
                    .iter()
                    .any(|c| matches!(c.as_str(), "年初设定目标" | "年初预算数" | "年度目标"));
                let covered = self.merges.iter().any(|m| m.0 < r && r <= m.2 && m.1 == 0);
                if r == 0 && has_title {
                    RowStyle::Title
                } else if header {
                    RowStyle::Header
                } else if r >= body_from && (filled(r) > 0 || covered) {
                    RowStyle::Body
                } else {
                    RowStyle::Loose
                }
            })
            .collect()
    }

    /// The merged region that starts at a cell, if any.
    fn merge_at(&self, r: usize, c: usize) -> Option<Merge> {
        self.merges.iter().copied().find(|m| m.0 == r && m.1 == c)
    }

    /// Whether a cell lies inside a merged region without being its first cell.
    fn is_covered(&self, r: usize, c: usize) -> bool {
        self.merges
            .iter()
            .any(|m| m.0 <= r && r <= m.2 && m.1 <= c && c <= m.3 && (r, c) != (m.0, m.1))
    }

    /// Column widths from the cells that stand in one column (titles and spans left out).
    fn column_widths(&self) -> Vec<f64> {
        let mut widths = vec![COLUMN_MIN; self.width];
        for (r, row) in self.cells.iter().enumerate() {
            if self.styles[r] == RowStyle::Title {
                continue;
            }
            for (c, cell) in row.iter().enumerate() {
                let spans = self.merge_at(r, c).is_some_and(|m| m.3 > m.1);
                if cell.is_empty() || spans {
                    continue;
                }
                let w = (display_width(cell) as f64 + 2.0).min(COLUMN_MAX);
                widths[c] = widths[c].max(w);
            }
        }
        widths
    }

    /// Row heights for the rows whose text wraps (Excel does not fit merged cells itself).
    fn row_heights(&self, widths: &[f64]) -> Vec<Option<f64>> {
        (0..self.cells.len())
            .map(|r| {
                if self.styles[r] == RowStyle::Title {
                    return Some(TITLE_HEIGHT);
                }
                let lines = (0..self.width)
                    .filter(|&c| !self.cells[r][c].is_empty())
                    .map(|c| {
                        let (last_row, last_col) =
                            self.merge_at(r, c).map(|m| (m.2, m.3)).unwrap_or((r, c));
                        let room: f64 = widths[c..=last_col].iter().sum::<f64>() - 1.0;
                        let lines = wrapped_lines(&self.cells[r][c], room.max(1.0));
                        lines.div_ceil(last_row - r + 1)
                    })
                    .max()
                    .unwrap_or(1);
                (lines > 1).then_some(lines as f64 * LINE_HEIGHT)
            })
            .collect()
    }
}

/// Where the indicator table stands in a form's layout.
#[derive(Debug, Clone)]
struct Table {
    /// The header row (`一级指标 …`); for a fragment, which has none, the first row.
    header: usize,
    /// Whether a second header row (`运算符号 内容 度量单位`) follows.
    two_row_header: bool,
    /// The first indicator row.
    first: usize,
    /// The number of indicator rows.
    rows: usize,
    /// The 一级指标 column and the 二级指标 columns (a declaration has two).
    level1: usize,
    level2: Vec<usize>,
}

impl Table {
    fn find(form: &Form, cells: &[Vec<String>]) -> Option<Table> {
        let rows = form.indicators.len();
        let header = cells.iter().position(|r| r.iter().any(|c| c == "一级指标"));
        let table = match header {
            Some(h) => {
                let two_row_header = cells
                    .get(h + 1)
                    .is_some_and(|r| r.iter().any(|c| c == "运算符号"));
                let row = &cells[h];
                Table {
                    header: h,
                    two_row_header,
                    first: h + 1 + usize::from(two_row_header),
                    rows,
                    level1: row.iter().position(|c| c == "一级指标")?,
                    level2: (0..row.len()).filter(|&c| row[c] == "二级指标").collect(),
                }
            }
            None if form.kind == Kind::Fragment => Table {
                header: 0,
                two_row_header: false,
                first: 0,
                rows,
                level1: 0,
                level2: vec![1],
            },
            None => return None,
        };
        (rows > 0 && table.first + rows <= cells.len()).then_some(table)
    }
}

/// Writes a planned sheet: cells, merges, formats, column widths and row heights.
fn write_sheet(sheet: &mut Worksheet, plan: &SheetPlan, styles: &Styles) -> Result<(), XlsxError> {
    let widths = plan.column_widths();
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    for (r, h) in plan.row_heights(&widths).into_iter().enumerate() {
        if let Some(h) = h {
            sheet.set_row_height(r as u32, h)?;
        }
    }
    for (r, row) in plan.cells.iter().enumerate() {
        let format = match plan.styles[r] {
            RowStyle::Title => &styles.title,
            RowStyle::Header => &styles.header,
            RowStyle::Body => &styles.body,
            RowStyle::Loose => &styles.loose,
        };
        let bordered = matches!(plan.styles[r], RowStyle::Header | RowStyle::Body);
        for (c, cell) in row.iter().enumerate() {
            let (row_n, col_n) = (r as u32, c as u16);
            if let Some(m) = plan.merge_at(r, c) {
                sheet.merge_range(row_n, col_n, m.2 as u32, m.3 as u16, "", format)?;
            } else if plan.is_covered(r, c) {
                continue;
            } else if cell.is_empty() {
                if bordered {
                    sheet.write_blank(row_n, col_n, format)?;
                }
                continue;
            }
            if cell.is_empty() {
                continue;
            }
            match figure(cell) {
                Some(n) => sheet.write_number_with_format(row_n, col_n, n, format)?,
                None => sheet.write_string_with_format(row_n, col_n, cell, format)?,
            };
        }
    }
    Ok(())
}

/// A cell's figure when the cell is a bare number exactly as the layout writes figures (`170`,
/// `19.76`, `-3`) and short enough for Excel's General format to show it the same way; else
/// `None`, and the cell is text (`95%`, `≥90`, `007`, `1e5`, `50011522T…`).
pub fn figure(cell: &str) -> Option<f64> {
    if cell.len() > FIGURE_MAX_CHARS
        || !cell
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    let n: f64 = cell.parse().ok()?;
    (n.is_finite() && fmt_num(n) == cell).then_some(n)
}

/// Display width in Excel's column units: two for a wide (CJK, full-width) character.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// How many lines a text takes when wrapped at `room` column units.
fn wrapped_lines(s: &str, room: f64) -> usize {
    s.split('\n')
        .map(|l| ((display_width(l) as f64 / room).ceil() as usize).max(1))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_bare_numbers_as_written() {
        assert_eq!(figure("170"), Some(170.0));
        assert_eq!(figure("19.76"), Some(19.76));
        assert_eq!(figure("-3"), Some(-3.0));
        for text in [
            "95%",
            "≥90",
            "007",
            "1e5",
            "5.0",
            "",
            "-",
            "inf",
            "123456789012",
        ] {
            assert_eq!(figure(text), None, "{text}");
        }
    }

    #[test]
    fn sheet_names_are_cleaned_cut_and_numbered() {
        let mut form = Form::new(Kind::TargetTable, 1);
        form.project = Some("医保[服务]:与*保障?能力/提升\\".to_string());
        assert_eq!(sheet_name(&form, 0, &[]), "医保服务与保障能力提升");
        form.project = Some("字".repeat(40));
        let long = sheet_name(&form, 0, &[]);
        assert_eq!(long.chars().count(), 31);
        let again = sheet_name(&form, 1, std::slice::from_ref(&long));
        assert_eq!(again, format!("{} (2)", "字".repeat(27)));
        form.project = Some("''".to_string());
        assert_eq!(sheet_name(&form, 4, &[]), "表5");
        form.project = None;
        assert_eq!(sheet_name(&form, 0, &[]), Kind::TargetTable.zh());
        let taken = ["绩效目标表".to_string(), "绩效目标表 (2)".to_string()];
        assert_eq!(sheet_name(&form, 2, &taken), "绩效目标表 (3)");
        form.title = Some("Plan".to_string());
        assert_eq!(sheet_name(&form, 0, &["PLAN".to_string()]), "Plan (2)");
        form.title = Some("History".to_string());
        assert_eq!(sheet_name(&form, 0, &[]), "History (2)");
    }

    #[test]
    fn an_empty_report_is_a_workbook_all_the_same() {
        let bytes = report_to_xlsx(&Report::default()).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
