//! Office files made from a seed's text, as people lay forms out: an .xlsx workbook (numbers
//! as numbers with their formats, the 一级指标 column's runs merged) and a .docx document
//! (paragraphs, tables with `w:gridSpan` and `w:vMerge`). Shared by the file-reading tests and
//! the end-to-end fixtures (`cargo run --example e2e_fixtures`).
#![allow(dead_code)]

use std::collections::HashSet;
use std::io::{Cursor, Write};

use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// The seed's rows of cells, one a line.
pub fn rows(seed: &str) -> Vec<Vec<&str>> {
    seed.lines().map(|l| l.split('\t').collect()).collect()
}

/// The number of rows up to the last that holds a cell: the rows a worksheet keeps.
pub fn used_rows(seed: &str) -> usize {
    rows(seed)
        .iter()
        .rposition(|row| row.iter().any(|c| !c.is_empty()))
        .map_or(0, |i| i + 1)
}

pub fn blank(row: &[&str]) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}

/// The column of a row's `一级指标` header cell.
pub fn category_header(row: &[&str]) -> Option<usize> {
    row.iter().position(|c| c.trim() == "一级指标")
}

/// Vertical runs in the `一级指标` column below each header: a name and the rows under it
/// where that column is blank (`repeats`: or holds the same name), up to a blank row or the
/// next header. `(first row, last row, column)`.
pub fn category_runs(rows: &[Vec<&str>], repeats: bool) -> Vec<(usize, usize, usize)> {
    let cell = |r: usize, c: usize| rows[r].get(c).copied().unwrap_or("");
    let mut runs = Vec::new();
    let mut col = None;
    let mut r = 0;
    while r < rows.len() {
        if let Some(c) = category_header(&rows[r]) {
            col = Some(c);
            r += 1;
            continue;
        }
        let Some(c) = col else {
            r += 1;
            continue;
        };
        let name = cell(r, c);
        if blank(&rows[r]) || name.trim().is_empty() {
            r += 1;
            continue;
        }
        let mut end = r;
        while end + 1 < rows.len()
            && !blank(&rows[end + 1])
            && category_header(&rows[end + 1]).is_none()
            && (cell(end + 1, c).is_empty() || (repeats && cell(end + 1, c) == name))
        {
            end += 1;
        }
        if end > r {
            runs.push((r, end, c));
        }
        r = end + 1;
    }
    runs
}

/// What the xlsx writer put in a workbook, to check the reader saw it.
#[derive(Debug, Default)]
pub struct Written {
    pub percents: usize,
    pub decimals: usize,
    pub noisy: usize,
    pub integers: usize,
    pub merges: usize,
    /// Cells of a merged region that held a repeated name in the seed.
    pub repeats: usize,
}

/// `12.50` → (1250, 2): an unsigned decimal in plain notation with at most 15 digits and no
/// leading zero, as its digits and decimals.
pub fn plain_decimal(text: &str) -> Option<usize> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !digits_ok(int)
        || !digits_ok(frac)
        || (text.contains('.') && frac.is_empty())
        || (int.len() > 1 && int.starts_with('0'))
        || int.len() + frac.len() > 15
    {
        return None;
    }
    Some(frac.len())
}

pub fn decimals_format(decimals: usize, suffix: &str) -> Format {
    let code = if decimals == 0 {
        format!("0{suffix}")
    } else {
        format!("0.{}{suffix}", "0".repeat(decimals))
    };
    Format::new().set_num_format(&code)
}

/// Writes a cell the way a person types it in Excel: `95%` as 0.95 shown `0%`, `12.50%` as
/// 0.125 shown `0.00%`, `279.0` as 279 shown `0.0`, whole numbers as numbers, other decimals
/// as numbers in the General format with float noise (`48.9` → 48.900000000000006), and
/// anything else as text.
pub fn write_cell(ws: &mut Worksheet, r: u32, c: u16, text: &str, w: &mut Written) {
    if let Some(number) = text.strip_suffix('%') {
        if let Some(decimals) = plain_decimal(number) {
            let v = number.parse::<f64>().unwrap() / 100.0;
            ws.write_number_with_format(r, c, v, &decimals_format(decimals, "%"))
                .unwrap();
            w.percents += 1;
            return;
        }
    }
    if let Some(decimals) = plain_decimal(text) {
        let v: f64 = text.parse().unwrap();
        if decimals == 0 {
            ws.write_number(r, c, v).unwrap();
            w.integers += 1;
        } else if v.to_string() == text && text.len() <= 11 {
            // One unit in the last place off, as sums of decimals come out.
            let noisy = f64::from_bits(v.to_bits() + 1);
            assert_ne!(noisy.to_string(), text);
            ws.write_number(r, c, noisy).unwrap();
            w.noisy += 1;
        } else {
            ws.write_number_with_format(r, c, v, &decimals_format(decimals, ""))
                .unwrap();
            w.decimals += 1;
        }
        return;
    }
    ws.write_string(r, c, text).unwrap();
}

/// Writes a seed into a worksheet, merging the `一级指标` column's runs (a name and the blank or
/// repeated cells under it) into one cell as forms are laid out in Excel.
pub fn write_seed(ws: &mut Worksheet, seed: &str, w: &mut Written) {
    let rows = rows(seed);
    let runs = category_runs(&rows, true);
    let mut merged = HashSet::new();
    for &(first, last, col) in &runs {
        for (r, row) in rows.iter().enumerate().take(last + 1).skip(first) {
            merged.insert((r, col));
            if r > first && row.get(col).is_some_and(|c| !c.is_empty()) {
                w.repeats += 1;
            }
        }
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() || merged.contains(&(r, c)) {
                continue;
            }
            write_cell(ws, r as u32, c as u16, text, w);
        }
    }
    for &(first, last, col) in &runs {
        ws.merge_range(
            first as u32,
            col as u16,
            last as u32,
            col as u16,
            rows[first][col],
            &Format::new(),
        )
        .unwrap();
        w.merges += 1;
    }
}

pub fn xlsx_of(seeds: &[&str]) -> (Vec<u8>, Written) {
    let mut book = Workbook::new();
    let mut written = Written::default();
    for (i, seed) in seeds.iter().enumerate() {
        let ws = book.add_worksheet();
        ws.set_name(format!("表{}", i + 1)).unwrap();
        write_seed(ws, seed, &mut written);
    }
    (book.save_to_buffer().unwrap(), written)
}

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn para(text: &str) -> String {
    if text.is_empty() {
        return "<w:p/>".to_owned();
    }
    // The text in two runs, to show runs are joined; a tab as `w:tab`.
    let pieces: Vec<String> = text
        .split('\t')
        .map(|piece| {
            let cut = piece
                .char_indices()
                .nth(piece.chars().count() / 2)
                .map_or(piece.len(), |(i, _)| i);
            let (a, b) = piece.split_at(cut);
            format!(
                "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                esc(a),
                esc(b)
            )
        })
        .collect();
    format!(
        "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr>{}</w:p>",
        pieces.join("<w:r><w:tab/></w:r>")
    )
}

pub fn cell_xml(props: &str, text: &str) -> String {
    let props = if props.is_empty() {
        String::new()
    } else {
        format!("<w:tcPr>{props}</w:tcPr>")
    };
    format!("<w:tc>{props}{}</w:tc>", para(text))
}

/// What the docx writer put in a document, to check the reader saw it.
#[derive(Debug, Default)]
pub struct DocWritten {
    pub spans: usize,
    pub vmerges: usize,
    pub tables: usize,
}

/// A table of rows: cells of the `一级指标` column under a name as `w:vMerge` continuations
/// (holding the name, which the reader must not show), a cell followed by empty cells as one
/// cell with `w:gridSpan`.
pub fn table_xml(rows: &[Vec<&str>], w: &mut DocWritten) -> String {
    let runs = category_runs(rows, false);
    let mut vmerge = std::collections::HashMap::new();
    for &(first, last, col) in &runs {
        vmerge.insert((first, col), None);
        for r in first + 1..=last {
            vmerge.insert((r, col), Some(rows[first][col]));
        }
    }
    let mut xml = String::from(
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol/></w:tblGrid>",
    );
    for (r, row) in rows.iter().enumerate() {
        xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        let mut c = 0;
        while c < row.len() {
            match vmerge.get(&(r, c)) {
                Some(None) => {
                    xml.push_str(&cell_xml("<w:vMerge w:val=\"restart\"/>", row[c]));
                    c += 1;
                    continue;
                }
                Some(Some(hidden)) => {
                    xml.push_str(&cell_xml("<w:vMerge/>", hidden));
                    w.vmerges += 1;
                    c += 1;
                    continue;
                }
                None => {}
            }
            let mut span = 1;
            while c + span < row.len()
                && row[c + span].is_empty()
                && !vmerge.contains_key(&(r, c + span))
            {
                span += 1;
            }
            if span > 1 && !row[c].is_empty() {
                xml.push_str(&cell_xml(
                    &format!("<w:tcW w:w=\"0\"/><w:gridSpan w:val=\"{span}\"/>"),
                    row[c],
                ));
                w.spans += 1;
                c += span;
            } else {
                xml.push_str(&cell_xml("", row[c]));
                c += 1;
            }
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    w.tables += 1;
    xml
}

/// The seed as a Word document: lines without tabs as paragraphs, each run of lines with
/// tabs (up to an empty line, which the table's end stands for) as a table.
pub fn document_xml(seed: &str, w: &mut DocWritten) -> String {
    let lines: Vec<&str> = seed.lines().collect();
    let mut body = String::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].contains('\t') {
            body.push_str(&para(lines[i]));
            i += 1;
            continue;
        }
        let mut j = i;
        while j < lines.len() && !lines[j].is_empty() {
            j += 1;
        }
        let rows: Vec<Vec<&str>> = lines[i..j]
            .iter()
            .map(|l| l.split('\t').collect())
            .collect();
        body.push_str(&table_xml(&rows, w));
        // The empty line after a table is the one the reader puts after it.
        i = if j < lines.len() { j + 1 } else { j };
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    )
}

pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

pub const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

pub const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

pub fn docx_of(document: impl AsRef<[u8]>) -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document.as_ref()),
    ])
}
