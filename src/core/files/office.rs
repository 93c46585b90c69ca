//! Workbooks and documents: `.xlsx` sheets and `.docx` paragraphs and tables as tab-separated
//! text (the `office` feature, which the command line and the page have and the embedded
//! widget leaves out for its size).

use std::io::{Cursor, Read};

use calamine::{DataRef, ExcelDateTime, Reader, SheetType, SheetVisible, Xlsx};
use quick_xml::events::{BytesStart, Event};

use super::{FileError, FileText, Named, Source};

/// The most bytes all entries of a zip archive may declare once decompressed.
const MAX_UNZIPPED_BYTES: u128 = 256 * 1024 * 1024;

/// The most bytes one XML part of a `.docx` may hold once decompressed.
const MAX_XML_BYTES: u64 = 128 * 1024 * 1024;

/// The most non-empty cells read from one workbook.
const MAX_CELLS: usize = 4_000_000;

/// The longest text a workbook or document may turn into, in bytes.
const MAX_TEXT_BYTES: usize = 96 * 1024 * 1024;

/// The widest column span honoured for one Word table cell (`w:gridSpan`, `w:gridBefore`).
const MAX_SPAN: usize = 64;

// ---------------------------------------------------------------------------------------------
// Zip archives: xlsx and docx
// ---------------------------------------------------------------------------------------------

/// Reads a zip archive: a workbook or a document by the parts inside it.
pub(super) fn read_zip(file: &Named, bytes: &[u8]) -> Result<FileText, FileError> {
    let damaged = || match file.ext.as_str() {
        "docx" | "docm" | "dotx" | "dotm" => file.bad_docx(),
        _ => file.bad_xlsx(),
    };
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    if archive
        .decompressed_size()
        .is_some_and(|n| n > MAX_UNZIPPED_BYTES)
    {
        return Err(damaged());
    }
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.to_ascii_lowercase())
        .collect();
    let has = |part: &str| names.iter().any(|n| n == part);
    if has("xl/workbook.xml") {
        return read_xlsx(file, bytes);
    }
    if has("word/document.xml") {
        return read_docx(file, archive);
    }
    let mut archive = archive;
    let mimetype = archive
        .by_name("mimetype")
        .ok()
        .and_then(|f| {
            let mut s = String::new();
            f.take(200).read_to_string(&mut s).ok().map(|_| s)
        })
        .unwrap_or_default();
    Err(if mimetype.contains("opendocument.spreadsheet") {
        file.other_zip(
            " OpenDocument 表格（.ods）",
            "an OpenDocument spreadsheet (.ods)",
        )
    } else if mimetype.contains("opendocument.text") {
        file.other_zip(" OpenDocument 文档（.odt）", "an OpenDocument text (.odt)")
    } else if has("xl/workbook.bin") {
        file.other_zip(
            " Excel 二进制工作簿（.xlsb）",
            "an Excel binary workbook (.xlsb)",
        )
    } else if has("ppt/presentation.xml") {
        file.other_zip(
            " PowerPoint 演示文稿（.pptx）",
            "a PowerPoint presentation (.pptx)",
        )
    } else if matches!(file.ext.as_str(), "xlsx" | "xlsm" | "docx" | "docm") {
        damaged()
    } else {
        file.other_zip("压缩包（zip）", "a zip archive")
    })
}

// ---------------------------------------------------------------------------------------------
// xlsx
// ---------------------------------------------------------------------------------------------

/// Reads every visible worksheet of a workbook, in order, sheets apart by one empty line.
fn read_xlsx(file: &Named, bytes: &[u8]) -> Result<FileText, FileError> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|_| file.bad_xlsx())?;
    let sheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut blocks = Vec::new();
    let mut total_cells = 0usize;
    let mut total_text = 0usize;
    for sheet in &sheets {
        let merges = book
            .merge_cells_by_sheet_name(sheet)
            .map_err(|_| file.bad_xlsx())?;
        let mut cells = Vec::new();
        {
            let mut reader = book
                .worksheet_cells_reader(sheet)
                .map_err(|_| file.bad_xlsx())?;
            let formats: Vec<(String, Option<u32>)> = reader
                .styles()
                .iter()
                .map(|s| match &s.number_format {
                    Some(f) => (f.format_code.clone(), f.format_id),
                    None => ("General".to_owned(), None),
                })
                .collect();
            let general = ("General".to_owned(), None);
            while let Some((cell, style)) = reader
                .next_cell_with_style_id()
                .map_err(|_| file.bad_xlsx())?
            {
                let (code, id) = formats.get(style).unwrap_or(&general);
                let text = display_cell(cell.get_value(), code, *id);
                if text.is_empty() {
                    continue;
                }
                total_cells += 1;
                total_text += text.len();
                if total_cells > MAX_CELLS || total_text > MAX_TEXT_BYTES {
                    return Err(file.bad_xlsx());
                }
                let (row, col) = cell.get_position();
                cells.push((row, col, text));
            }
        }
        let text = sheet_text(cells, &merges).ok_or_else(|| file.bad_xlsx())?;
        if !text.trim().is_empty() {
            total_text += text.len();
            if total_text > MAX_TEXT_BYTES {
                return Err(file.bad_xlsx());
            }
            blocks.push(text);
        }
    }
    if blocks.is_empty() {
        return Err(file.empty_book("一个 Excel 工作簿", "an Excel workbook"));
    }
    let sheets = blocks.len();
    let mut text = blocks.join("\n\n");
    text.push('\n');
    Ok(FileText {
        text,
        source: Source::Xlsx,
        sheets,
    })
}

/// Lays a sheet's cells out as rows of tab-separated cells from the sheet's first row on, so
/// that line numbers are sheet rows; cells covered by a merged region (other than its first
/// cell) are blank; trailing empty cells are dropped. `None` when the text would be too long.
fn sheet_text(
    mut cells: Vec<(u32, u32, String)>,
    merges: &[calamine::Dimensions],
) -> Option<String> {
    cells.sort_by_key(|&(r, c, _)| (r, c));
    cells.dedup_by_key(|&mut (r, c, _)| (r, c));
    blank_merged(&mut cells, merges);
    cells.retain(|(_, _, t)| !t.is_empty());
    let Some(last_row) = cells.last().map(|&(r, _, _)| r) else {
        return Some(String::new());
    };
    // Size before building: one byte a row, one a column up to each row's last cell, the text.
    let mut size = last_row as usize;
    let mut i = 0;
    while i < cells.len() {
        let row = cells[i].0;
        let mut j = i;
        while j < cells.len() && cells[j].0 == row {
            size += cells[j].2.len();
            j += 1;
        }
        size += cells[j - 1].1 as usize;
        if size > MAX_TEXT_BYTES {
            return None;
        }
        i = j;
    }
    let mut out = String::with_capacity(size + 1);
    let mut row = 0u32;
    let mut col = 0u32;
    for (r, c, text) in cells {
        while row < r {
            out.push('\n');
            row += 1;
            col = 0;
        }
        while col < c {
            out.push('\t');
            col += 1;
        }
        out.push_str(&text);
    }
    Some(out)
}

/// Blanks every cell that a merged region covers, except the region's first (top-left) cell.
/// `cells` is sorted by row and column.
fn blank_merged(cells: &mut [(u32, u32, String)], merges: &[calamine::Dimensions]) {
    if merges.is_empty() {
        return;
    }
    let mut merges: Vec<_> = merges
        .iter()
        .filter(|d| d.start.0 <= d.end.0 && d.start.1 <= d.end.1 && d.start != d.end)
        .collect();
    merges.sort_by_key(|d| d.start.0);
    let mut next = 0;
    let mut active: Vec<&calamine::Dimensions> = Vec::new();
    for (r, c, text) in cells.iter_mut() {
        while next < merges.len() && merges[next].start.0 <= *r {
            active.push(merges[next]);
            next += 1;
        }
        active.retain(|d| d.end.0 >= *r);
        let covered = active
            .iter()
            .any(|d| d.start.1 <= *c && *c <= d.end.1 && (d.start.0, d.start.1) != (*r, *c));
        if covered {
            text.clear();
        }
    }
}

/// A cell's text as the sheet shows it; newlines and tabs inside become spaces.
fn display_cell(value: &DataRef<'_>, code: &str, format_id: Option<u32>) -> String {
    let text = match value {
        DataRef::Empty => return String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Float(v) => format_number(*v, code),
        DataRef::Int(v) => format_number(*v as f64, code),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(dt) => format_datetime(dt, code, format_id),
        DataRef::DateTimeIso(s) => iso_datetime(s),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    };
    if text.contains(['\n', '\r', '\t']) {
        text.replace("\r\n", " ").replace(['\n', '\r', '\t'], " ")
    } else {
        text
    }
}

/// An ISO 8601 date-time cell (`t="d"`): the date alone when the time is midnight.
fn iso_datetime(s: &str) -> String {
    let s = s.trim();
    match s.split_once('T') {
        Some((date, time))
            if time
                .trim_end_matches('Z')
                .trim_start_matches(['0', ':', '.'])
                .is_empty() =>
        {
            date.to_owned()
        }
        Some((date, time)) => format!("{date} {}", time.trim_end_matches('Z')),
        None => s.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Number formats
// ---------------------------------------------------------------------------------------------

/// What the parts of a date format show.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct DateParts {
    year: bool,
    month: bool,
    day: bool,
    hour: bool,
    second: bool,
}

/// The date parts of the Chinese (zh-CN) built-in formats, which have no format code in the
/// file: 27–36 and 50–58.
fn builtin_zh_date(id: u32) -> Option<DateParts> {
    let ym = DateParts {
        year: true,
        month: true,
        ..DateParts::default()
    };
    let ymd = DateParts { day: true, ..ym };
    let md = DateParts {
        month: true,
        day: true,
        ..DateParts::default()
    };
    let hm = DateParts {
        hour: true,
        ..DateParts::default()
    };
    let hms = DateParts { second: true, ..hm };
    Some(match id {
        27 | 36 | 50 | 52 | 57 => ym,
        28 | 29 | 51 | 53 | 54 | 58 => md,
        30 | 31 => ymd,
        32 | 34 | 55 => hm,
        33 | 35 | 56 => hms,
        _ => return None,
    })
}

/// The date parts a format code shows (outside quoted text, escapes and brackets).
fn date_parts(code: &str) -> DateParts {
    let section = split_sections(code).into_iter().next().unwrap_or_default();
    let mut parts = DateParts::default();
    let mut chars = section.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                let inner = bracketed(&mut chars);
                let inner = inner.to_ascii_lowercase();
                if inner.starts_with('h') || inner.starts_with('m') {
                    parts.hour = true;
                }
                if inner.starts_with('s') {
                    parts.second = true;
                }
            }
            'y' | 'Y' | 'e' | 'E' => parts.year = true,
            'd' | 'D' => parts.day = true,
            'h' | 'H' => parts.hour = true,
            's' | 'S' => parts.second = true,
            'm' | 'M' => parts.month = true,
            _ => {}
        }
    }
    // `m` right after an hour or before seconds is minutes: a time-only format shows no month.
    if parts.hour && !parts.year && !parts.day {
        parts.month = false;
    }
    parts
}

/// A date or time cell: `2021-06-30`, `2021-06` when the format shows only year and month,
/// `2021-06-30 14:30` with a time, `14:30` or `14:30:05` for a time alone.
fn format_datetime(dt: &ExcelDateTime, code: &str, format_id: Option<u32>) -> String {
    let value = dt.as_f64();
    if !value.is_finite() {
        return format_number(value, "General");
    }
    if dt.is_duration() {
        let total = (value * 86_400.0).round();
        let sign = if total < 0.0 { "-" } else { "" };
        let total = total.abs().min(1e15) as u64;
        return format!(
            "{sign}{}:{:02}:{:02}",
            total / 3600,
            total / 60 % 60,
            total % 60
        );
    }
    let parts = match format_id.and_then(builtin_zh_date) {
        Some(parts) if code.eq_ignore_ascii_case("General") => parts,
        _ => date_parts(code),
    };
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    let time = if parts.second {
        format!("{h:02}:{mi:02}:{s:02}")
    } else {
        format!("{h:02}:{mi:02}")
    };
    let date_shown = parts.year || parts.month || parts.day;
    if !date_shown && parts.hour {
        return time;
    }
    let date = if parts.year && !parts.day {
        if parts.month {
            format!("{y:04}-{mo:02}")
        } else {
            format!("{y:04}")
        }
    } else {
        format!("{y:04}-{mo:02}-{d:02}")
    };
    if parts.hour {
        format!("{date} {time}")
    } else {
        date
    }
}

/// Splits a number format into its `;`-separated sections (outside quotes, escapes, brackets).
fn split_sections(code: &str) -> Vec<String> {
    let mut sections = vec![String::new()];
    let mut chars = code.chars();
    let mut quoted = false;
    let mut bracket = false;
    while let Some(c) = chars.next() {
        let current = sections.last_mut().expect("one section at least");
        match c {
            '"' if !bracket => {
                quoted = !quoted;
                current.push(c);
            }
            '\\' if !quoted && !bracket => {
                current.push(c);
                if let Some(n) = chars.next() {
                    current.push(n);
                }
            }
            '[' if !quoted => {
                bracket = true;
                current.push(c);
            }
            ']' if !quoted => {
                bracket = false;
                current.push(c);
            }
            ';' if !quoted && !bracket => sections.push(String::new()),
            _ => current.push(c),
        }
    }
    sections
}

/// One piece of a number format section.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// Text shown as it is.
    Literal(String),
    /// A digit placeholder: `0` (always shown) or `#`/`?` (shown when significant).
    Digit {
        required: bool,
    },
    Point,
    Comma,
    Percent,
    /// `General` (or `@`): the number shown the general way.
    General,
    /// Something this formatter does not render (scientific, fractions, date parts).
    Unsupported,
}

/// Splits a format section into tokens.
fn tokenize(section: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = section.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut lit = String::new();
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    lit.push(q);
                }
                tokens.push(Token::Literal(lit));
            }
            '\\' => {
                if let Some(n) = chars.next() {
                    tokens.push(Token::Literal(n.to_string()));
                }
            }
            // `_x` leaves the width of x blank and `*x` fills with x: neither adds text.
            '_' | '*' => {
                chars.next();
            }
            '[' => {
                let inner = bracketed(&mut chars);
                if let Some(currency) = inner.strip_prefix('$') {
                    let symbol = currency.split('-').next().unwrap_or("");
                    if !symbol.is_empty() {
                        tokens.push(Token::Literal(symbol.to_owned()));
                    }
                } else if matches!(
                    inner.chars().next(),
                    Some('h' | 'H' | 'm' | 'M' | 's' | 'S')
                ) {
                    tokens.push(Token::Unsupported);
                }
                // Colours, conditions and locale tags show nothing.
            }
            '0' => tokens.push(Token::Digit { required: true }),
            '#' | '?' => tokens.push(Token::Digit { required: false }),
            '.' => tokens.push(Token::Point),
            ',' => tokens.push(Token::Comma),
            '%' => tokens.push(Token::Percent),
            '@' => tokens.push(Token::General),
            'G' | 'g' => {
                let rest: String = chars.clone().take(6).collect();
                if rest.eq_ignore_ascii_case("eneral") {
                    for _ in 0..6 {
                        chars.next();
                    }
                    tokens.push(Token::General);
                } else {
                    tokens.push(Token::Unsupported);
                }
            }
            'E' | 'e' if matches!(chars.peek(), Some('+' | '-')) => tokens.push(Token::Unsupported),
            '/' => tokens.push(Token::Unsupported),
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' | 'e' | 'E' | 'A' | 'a'
            | 'B' | 'b' => tokens.push(Token::Unsupported),
            _ => tokens.push(Token::Literal(c.to_string())),
        }
    }
    tokens
}

/// A number as a format code shows it: percent (`0%` → `95%`), fixed decimals (`0.00`),
/// thousands separators (`#,##0`), literal text (`0.00"万元"`); the general way otherwise.
fn format_number(v: f64, code: &str) -> String {
    if !v.is_finite() {
        return "#NUM!".to_owned();
    }
    let sections = split_sections(code);
    let has_condition = sections
        .iter()
        .any(|s| s.contains("[<") || s.contains("[>") || s.contains("[="));
    let (section, x, signed) = if has_condition || sections.len() == 1 {
        (sections[0].as_str(), v, true)
    } else if v < 0.0 {
        (sections[1].as_str(), -v, false)
    } else if v == 0.0 && sections.len() >= 3 {
        (sections[2].as_str(), v, false)
    } else {
        (sections[0].as_str(), v, true)
    };
    let tokens = tokenize(section);
    if tokens.contains(&Token::Unsupported) {
        return general(v);
    }
    let numeric = tokens
        .iter()
        .any(|t| matches!(t, Token::Digit { .. } | Token::General));
    if !numeric {
        // Only text (and perhaps `%`): a section such as `"-"` for zero.
        let text: String = tokens
            .iter()
            .filter_map(|t| match t {
                Token::Literal(s) => Some(s.as_str()),
                Token::Percent => Some("%"),
                _ => None,
            })
            .collect();
        if text.is_empty() {
            return general(v);
        }
        return text;
    }
    let negative = x < 0.0;
    let mut x = x.abs();

    // The placeholders: integer digits, decimals, grouping, scaling by trailing commas.
    let mut int_required = 0usize;
    let mut frac_required = 0usize;
    let mut frac_total = 0usize;
    let mut in_frac = false;
    let mut seen_int_digit = false;
    let mut pending_commas = 0usize;
    let mut grouping = false;
    let mut scale_commas = 0usize;
    let mut percents = 0usize;
    let mut general_token = false;
    for t in &tokens {
        match t {
            Token::Digit { required } if !in_frac => {
                if pending_commas > 0 {
                    grouping = true;
                    pending_commas = 0;
                }
                seen_int_digit = true;
                if *required {
                    int_required += 1;
                }
            }
            Token::Digit { required } => {
                frac_total += 1;
                if *required {
                    frac_required += 1;
                }
            }
            Token::Comma if !in_frac && seen_int_digit => pending_commas += 1,
            Token::Point if !in_frac => {
                in_frac = true;
                scale_commas += pending_commas;
                pending_commas = 0;
            }
            Token::Percent => percents += 1,
            Token::General => general_token = true,
            _ => {}
        }
    }
    scale_commas += pending_commas;
    for _ in 0..percents.min(4) {
        x *= 100.0;
    }
    for _ in 0..scale_commas.min(4) {
        x /= 1000.0;
    }

    let number = if general_token {
        general(x)
    } else {
        let (int, frac) = round_fixed(x, frac_total.min(30));
        let mut int = int.trim_start_matches('0').to_owned();
        while int.len() < int_required {
            int.insert(0, '0');
        }
        if grouping && int.len() > 3 {
            let mut grouped = String::with_capacity(int.len() + int.len() / 3);
            for (i, ch) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(ch);
            }
            int = grouped;
        }
        let mut frac = frac;
        while frac.len() > frac_required && frac.ends_with('0') {
            frac.pop();
        }
        let has_point = tokens.contains(&Token::Point);
        if has_point && (frac_total > 0 || !frac.is_empty()) {
            if frac.is_empty() && frac_required == 0 && frac_total > 0 {
                // `0.##` on a whole number: Excel shows the point alone; drop it.
                int
            } else {
                format!("{int}.{frac}")
            }
        } else {
            int
        }
    };
    let zero = !number.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    let sign = if signed && negative && !zero { "-" } else { "" };

    // Literals before the first placeholder, the number, then everything else that shows.
    let first = tokens
        .iter()
        .position(|t| matches!(t, Token::Digit { .. } | Token::General | Token::Point))
        .unwrap_or(0);
    let mut out = String::from(sign);
    for t in &tokens[..first] {
        match t {
            Token::Literal(s) => out.push_str(s),
            Token::Percent => out.push('%'),
            _ => {}
        }
    }
    out.push_str(&number);
    for t in &tokens[first..] {
        match t {
            Token::Literal(s) => out.push_str(s),
            Token::Percent => out.push('%'),
            _ => {}
        }
    }
    out
}

/// The significant decimal digits of `x > 0` rounded to `sig` digits, and the exponent of
/// the first one: `x ≈ d₁.d₂d₃… × 10^exp`.
fn sig_digits(x: f64, sig: usize) -> (Vec<u8>, i32) {
    let s = format!("{:.*e}", sig.saturating_sub(1), x);
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    (digits, exp.parse().unwrap_or(0))
}

/// `x ≥ 0` with `decimals` decimals, rounded half away from zero on its 15 significant digits
/// (as Excel rounds): the integer digits and the decimal digits.
fn round_fixed(x: f64, decimals: usize) -> (String, String) {
    if x == 0.0 || !x.is_finite() {
        return ("0".to_owned(), "0".repeat(decimals));
    }
    let (digits, exp) = sig_digits(x, 15);
    // value × 10^decimals = D × 10^shift, D the 15 digits read as an integer.
    let shift = exp - 14 + decimals as i32;
    let mut n: Vec<u8> = if shift >= 0 {
        let mut n = digits;
        n.extend(std::iter::repeat_n(0, shift as usize));
        n
    } else {
        let drop = (-shift) as usize;
        if drop > digits.len() {
            vec![0]
        } else {
            let keep = digits.len() - drop;
            let round_up = digits[keep] >= 5;
            let mut n = digits[..keep].to_vec();
            if n.is_empty() {
                n.push(0);
            }
            if round_up {
                let mut i = n.len();
                loop {
                    if i == 0 {
                        n.insert(0, 1);
                        break;
                    }
                    i -= 1;
                    if n[i] == 9 {
                        n[i] = 0;
                    } else {
                        n[i] += 1;
                        break;
                    }
                }
            }
            n
        }
    };
    while n.len() <= decimals {
        n.insert(0, 0);
    }
    let split = n.len() - decimals;
    let int: String = n[..split].iter().map(|d| char::from(b'0' + d)).collect();
    let frac: String = n[split..].iter().map(|d| char::from(b'0' + d)).collect();
    let int = int.trim_start_matches('0');
    (if int.is_empty() { "0" } else { int }.to_owned(), frac)
}

/// A number the general way: whole numbers (below 10¹⁵) without a decimal point, others
/// rounded to 10 significant digits with trailing zeros dropped (which strips float noise
/// such as `48.900000000000006`).
fn general(v: f64) -> String {
    if !v.is_finite() {
        return "#NUM!".to_owned();
    }
    if v == 0.0 {
        return "0".to_owned();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let x = v.abs();
    let (d15, e15) = sig_digits(x, 15);
    let whole = (0..15).contains(&e15) && d15.iter().skip(e15 as usize + 1).all(|&d| d == 0);
    if whole {
        return format!("{sign}{}", round_fixed(x, 0).0);
    }
    let (mut digits, exp) = sig_digits(x, 10);
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    let s: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    let body = if exp >= 0 {
        let point = exp as usize + 1;
        if s.len() <= point {
            format!("{s}{}", "0".repeat(point - s.len()))
        } else {
            format!("{}.{}", &s[..point], &s[point..])
        }
    } else {
        format!("0.{}{s}", "0".repeat((-exp - 1) as usize))
    };
    format!("{sign}{body}")
}

// ---------------------------------------------------------------------------------------------
// docx
// ---------------------------------------------------------------------------------------------

/// Reads a document's body: paragraphs one a line, tables one row a line.
fn read_docx(
    file: &Named,
    mut archive: zip::ZipArchive<Cursor<&[u8]>>,
) -> Result<FileText, FileError> {
    let index = archive
        .file_names()
        .filter_map(Result::ok)
        .position(|n| n.eq_ignore_ascii_case("word/document.xml"));
    let entry = index.ok_or_else(|| file.bad_docx())?;
    let mut xml = Vec::new();
    {
        let part = archive.by_index(entry).map_err(|_| file.bad_docx())?;
        part.take(MAX_XML_BYTES + 1)
            .read_to_end(&mut xml)
            .map_err(|_| file.bad_docx())?;
    }
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(file.bad_docx());
    }
    let xml = String::from_utf8(xml).map_err(|_| file.bad_docx())?;
    let text = docx_text(&xml).ok_or_else(|| file.bad_docx())?;
    if text.trim().is_empty() {
        return Err(file.empty_book("一个 Word 文档", "a Word document"));
    }
    Ok(FileText {
        text,
        source: Source::Docx,
        sheets: 0,
    })
}

/// One Word table cell being read.
#[derive(Debug, Default)]
struct DocCell {
    /// Its paragraphs' text (and nested tables' text).
    parts: Vec<String>,
    /// Grid columns it spans (`w:gridSpan`).
    span: usize,
    /// A continuation of a merged region (`w:vMerge`/`w:hMerge` without `restart`).
    merged: bool,
}

/// One Word table being read.
#[derive(Debug, Default)]
struct DocTable {
    rows: Vec<Vec<String>>,
    row: Option<Vec<String>>,
    cell: Option<DocCell>,
}

impl DocTable {
    fn finish_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            let text = if cell.merged {
                String::new()
            } else {
                let joined = cell
                    .parts
                    .iter()
                    .filter(|p| !p.trim().is_empty())
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" ");
                joined.replace('\t', " ")
            };
            let row = self.row.get_or_insert_with(Vec::new);
            row.push(text);
            for _ in 1..cell.span.clamp(1, MAX_SPAN) {
                row.push(String::new());
            }
        }
    }

    fn finish_row(&mut self) {
        self.finish_cell();
        if let Some(row) = self.row.take() {
            self.rows.push(row);
        }
    }

    /// The table's text as one line (for a table nested in a cell or a text box).
    fn flat(mut self) -> String {
        self.finish_row();
        self.rows
            .iter()
            .flatten()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What is open while a document is read: a paragraph or a table.
#[derive(Debug)]
enum Frame {
    Para(String),
    Table(DocTable),
}

/// The `w:val` attribute of an element.
fn val_attr(e: &BytesStart<'_>) -> Option<String> {
    let attr = e
        .attributes()
        .flatten()
        .find(|a| matches!(a.key.as_ref(), "w:val" | "val"))?;
    Some(attr.value.trim().to_owned())
}

/// The local name of a WordprocessingML element (prefix `w` or none); other namespaces are
/// ignored.
fn word_name(name: &str) -> Option<&str> {
    match name.split_once(':') {
        Some(("w", local)) => Some(local),
        Some(_) => None,
        None => Some(name),
    }
}

/// Elements whose content is never body text: properties, and the fallback copy of
/// alternate content (which repeats the chosen copy).
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "w:pPr"
            | "w:rPr"
            | "w:tblPr"
            | "w:tblPrEx"
            | "w:tblGrid"
            | "w:sectPr"
            | "w:sdtPr"
            | "w:sdtEndPr"
            | "w:moveFrom"
            | "mc:Fallback"
    )
}

/// Appends text to the innermost open paragraph.
fn push_text(frames: &mut [Frame], text: &str) {
    if let Some(Frame::Para(p)) = frames.last_mut() {
        p.push_str(text);
    }
}

/// A document's `word/document.xml` as text: body paragraphs one a line (`w:tab` a tab,
/// `w:br` a space), tables one row a line with cells apart by tabs (`w:gridSpan` n gives the
/// cell then n-1 empty cells, `w:vMerge` continuations are blank, a cell's paragraphs are
/// joined by a space, nested tables are flattened into their cell) and an empty line after
/// each table. `None` when the XML is malformed or ends before the body does.
fn docx_text(xml: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut lines: Vec<String> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut skip = 0usize;
    let mut in_text = 0usize;
    let mut body_done = false;
    let mut size = 0usize;
    loop {
        let event = reader.read_event().ok()?;
        match event {
            Event::Start(e) => {
                let qname = e.name();
                let name = qname.as_ref();
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                if skipped(name) {
                    skip = 1;
                    continue;
                }
                let Some(local) = word_name(name) else {
                    continue;
                };
                match local {
                    "p" => frames.push(Frame::Para(String::new())),
                    "t" => in_text += 1,
                    "tab" => push_text(&mut frames, "\t"),
                    "br" | "cr" => push_text(&mut frames, " "),
                    "noBreakHyphen" => push_text(&mut frames, "-"),
                    "tbl" => frames.push(Frame::Table(DocTable::default())),
                    "tr" => {
                        if let Some(Frame::Table(t)) = frames.last_mut() {
                            t.finish_row();
                            t.row = Some(Vec::new());
                        }
                    }
                    "tc" => {
                        if let Some(Frame::Table(t)) = frames.last_mut() {
                            t.finish_cell();
                            t.cell = Some(DocCell {
                                span: 1,
                                ..DocCell::default()
                            });
                        }
                    }
                    "gridSpan" => {
                        if let Some(Frame::Table(DocTable {
                            cell: Some(cell), ..
                        })) = frames.last_mut()
                        {
                            cell.span = val_attr(&e)
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(1)
                                .clamp(1, MAX_SPAN);
                        }
                    }
                    "vMerge" | "hMerge" => {
                        if let Some(Frame::Table(DocTable {
                            cell: Some(cell), ..
                        })) = frames.last_mut()
                        {
                            cell.merged = val_attr(&e).is_none_or(|v| v != "restart");
                        }
                    }
                    "gridBefore" => {
                        if let Some(Frame::Table(t)) = frames.last_mut() {
                            let n = val_attr(&e)
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(0)
                                .min(MAX_SPAN);
                            let row = t.row.get_or_insert_with(Vec::new);
                            row.extend(std::iter::repeat_n(String::new(), n));
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let qname = e.name();
                let Some(local) = word_name(qname.as_ref()) else {
                    continue;
                };
                match local {
                    "t" => in_text = in_text.saturating_sub(1),
                    "p" => {
                        if let Some(Frame::Para(_)) = frames.last() {
                            let Some(Frame::Para(text)) = frames.pop() else {
                                return None;
                            };
                            let text = text.replace(['\n', '\r'], " ");
                            size += text.len() + 1;
                            match frames.last_mut() {
                                Some(Frame::Para(parent)) => {
                                    if !parent.is_empty() && !text.is_empty() {
                                        parent.push(' ');
                                    }
                                    parent.push_str(&text);
                                }
                                Some(Frame::Table(t)) => {
                                    if let Some(cell) = t.cell.as_mut() {
                                        cell.parts.push(text);
                                    }
                                }
                                None => lines.push(text),
                            }
                        }
                    }
                    "tc" => {
                        if let Some(Frame::Table(t)) = frames.last_mut() {
                            t.finish_cell();
                        }
                    }
                    "tr" => {
                        if let Some(Frame::Table(t)) = frames.last_mut() {
                            t.finish_row();
                        }
                    }
                    "tbl" => {
                        if let Some(Frame::Table(_)) = frames.last() {
                            let Some(Frame::Table(mut table)) = frames.pop() else {
                                return None;
                            };
                            match frames.last_mut() {
                                Some(Frame::Table(outer)) => {
                                    let flat = table.flat();
                                    if let Some(cell) = outer.cell.as_mut() {
                                        cell.parts.push(flat);
                                    }
                                }
                                Some(Frame::Para(p)) => {
                                    let flat = table.flat();
                                    if !p.is_empty() && !flat.is_empty() {
                                        p.push(' ');
                                    }
                                    p.push_str(&flat);
                                }
                                None => {
                                    table.finish_row();
                                    for row in table.rows {
                                        let line = row.join("\t");
                                        size += line.len() + 1;
                                        lines.push(line);
                                    }
                                    lines.push(String::new());
                                }
                            }
                        }
                    }
                    "body" => body_done = true,
                    _ => {}
                }
                if size > MAX_TEXT_BYTES {
                    return None;
                }
            }
            Event::Text(t) if in_text > 0 && skip == 0 => {
                let text = t.xml10_content();
                size += text.len();
                push_text(&mut frames, &text.replace(['\n', '\r', '\t'], " "));
            }
            Event::GeneralRef(r) if in_text > 0 && skip == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r)
                        .unwrap_or("")
                        .to_owned(),
                    Err(_) => String::new(),
                };
                push_text(&mut frames, &resolved.replace(['\n', '\r', '\t'], " "));
            }
            Event::CData(t) if in_text > 0 && skip == 0 => {
                let text = t.xml10_content();
                push_text(&mut frames, &text.replace(['\n', '\r', '\t'], " "));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !body_done {
        return None;
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Some(text)
}

/// The text of a number format's `[...]` section, its opening bracket already taken.
fn bracketed(chars: &mut impl Iterator<Item = char>) -> String {
    chars.take_while(|&c| c != ']').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_shows_as_the_sheet_does() {
        assert_eq!(format_number(0.95, "0%"), "95%");
        assert_eq!(format_number(1.0, "0%"), "100%");
        assert_eq!(format_number(0.125, "0.00%"), "12.50%");
        assert_eq!(format_number(0.415, "0.00%"), "41.50%");
        assert_eq!(format_number(0.5975, "0.00%"), "59.75%");
        assert_eq!(format_number(0.575, "0%"), "58%");
        assert_eq!(format_number(-0.05, "0%"), "-5%");
    }

    #[test]
    fn decimals_follow_the_format() {
        assert_eq!(format_number(279.0, "0.0"), "279.0");
        assert_eq!(format_number(2.675, "0.00"), "2.68");
        assert_eq!(format_number(1234567.891, "#,##0.00"), "1,234,567.89");
        assert_eq!(format_number(-1234.5, "#,##0.00"), "-1,234.50");
        assert_eq!(format_number(-1234.5, "#,##0.00;(#,##0.00)"), "(1,234.50)");
        assert_eq!(format_number(12.5, "0.00\"万元\""), "12.50万元");
        assert_eq!(format_number(12.5, "[$¥-804]#,##0.00"), "¥12.50");
        assert_eq!(format_number(12.5, "[Red]0.0"), "12.5");
        assert_eq!(format_number(1.5, "0.0#"), "1.5");
        assert_eq!(format_number(1.25, "0.0#"), "1.25");
        assert_eq!(format_number(7.0, "000"), "007");
        assert_eq!(format_number(1_234_567.0, "#,##0,"), "1,235");
        assert_eq!(format_number(0.0, "0.00;-0.00;\"-\""), "-");
        assert_eq!(format_number(12.0, "General\"人\""), "12人");
        assert_eq!(format_number(99.5, "@"), "99.5");
    }

    #[test]
    fn float_noise_is_stripped() {
        assert_eq!(format_number(48.900000000000006, "General"), "48.9");
        assert_eq!(format_number(0.1 + 0.2, "General"), "0.3");
        assert_eq!(general(873.62 + 726.39 + 1555.53), "3155.54");
        assert_eq!(general(-0.30000000000000004), "-0.3");
        assert_eq!(general(1234567.891234), "1234567.891");
        assert_eq!(general(0.000123), "0.000123");
        assert_eq!(general(2.27), "2.27");
    }

    #[test]
    fn integers_have_no_point() {
        assert_eq!(format_number(95.0, "General"), "95");
        assert_eq!(format_number(780000.0, "General"), "780000");
        assert_eq!(format_number(-3.0, "General"), "-3");
        assert_eq!(format_number(0.0, "General"), "0");
        assert_eq!(general(510_123_456_789_012.0), "510123456789012");
        assert_eq!(general(1e20), "100000000000000000000");
        assert_eq!(format_number(95.0, "0"), "95");
        // Float noise on a whole number does not make it a decimal.
        assert_eq!(general(100.00000000000001), "100");
    }

    #[test]
    fn unsupported_formats_fall_back_to_general() {
        assert_eq!(format_number(12345.678, "0.00E+00"), "12345.678");
        assert_eq!(format_number(0.5, "# ?/?"), "0.5");
        assert_eq!(format_number(f64::INFINITY, "General"), "#NUM!");
    }

    fn date(serial: f64) -> ExcelDateTime {
        ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, false)
    }

    #[test]
    fn dates_show_as_written() {
        // 2021-06-30 is serial 44377.
        assert_eq!(
            format_datetime(&date(44377.0), "yyyy-mm-dd", None),
            "2021-06-30"
        );
        assert_eq!(
            format_datetime(&date(44377.0), "mm-dd-yy", Some(14)),
            "2021-06-30"
        );
        assert_eq!(
            format_datetime(&date(44377.0), "yyyy\"年\"m\"月\"d\"日\"", None),
            "2021-06-30"
        );
        assert_eq!(
            format_datetime(&date(44377.0), "yyyy\"年\"m\"月\"", None),
            "2021-06"
        );
        assert_eq!(format_datetime(&date(44377.0), "yyyy-mm", None), "2021-06");
        assert_eq!(
            format_datetime(&date(44377.0), "General", Some(57)),
            "2021-06"
        );
        assert_eq!(
            format_datetime(&date(44377.0), "General", Some(31)),
            "2021-06-30"
        );
        assert_eq!(format_datetime(&date(44377.5), "h:mm", None), "12:00");
        assert_eq!(
            format_datetime(&date(44377.5), "yyyy-mm-dd hh:mm:ss", None),
            "2021-06-30 12:00:00"
        );
        assert_eq!(iso_datetime("2021-06-30T00:00:00"), "2021-06-30");
        assert_eq!(iso_datetime("2021-06-30T08:30:00"), "2021-06-30 08:30:00");
    }

    #[test]
    fn merged_regions_keep_their_first_cell() {
        let cells = vec![
            (0, 0, "a".to_owned()),
            (1, 0, "copied".to_owned()),
            (1, 1, "b".to_owned()),
            (2, 0, "c".to_owned()),
        ];
        let merges = [calamine::Dimensions::new((0, 0), (1, 0))];
        assert_eq!(sheet_text(cells, &merges).unwrap(), "a\n\tb\nc");
    }

    #[test]
    fn docx_paragraphs_and_tables() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="1"/></w:tabs></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>
            <w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>
              <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>A&amp;B</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>c</w:t><w:tab/><w:t>d</w:t></w:r></w:p><w:p><w:r><w:t>e</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>n1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>n2</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>hidden</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>y</w:t><w:br/><w:t>z</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl>
            <w:p><w:r><w:t xml:space="preserve">after </w:t></w:r></w:p>
            <w:sectPr/></w:body></w:document>"#;
        assert_eq!(
            docx_text(xml).unwrap(),
            "标题\nA&B\t\tc d e\nx\tn1 n2\n\ty z\n\nafter \n"
        );
        assert_eq!(docx_text("<w:document><w:body><w:p>"), None);
    }
}
