//! Reading dropped files: every seed written as GBK, UTF-8 with BOM, UTF-16 with BOM, an .xlsx
//! workbook and a .docx document reads back into text that gives the same forms as the seed;
//! files that cannot be read give the right error; nothing panics.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use jixiao::core::files::{read_file, FileText, Source, MAX_FILE_BYTES};
use jixiao::Form;
use proptest::prelude::*;
use rust_xlsxwriter::{Format, Workbook};

#[path = "common/make.rs"]
mod make;
use make::*;

const SEEDS: &[(&str, &str)] = &[
    (
        "changshou-target-table",
        include_str!("fixtures/seeds/changshou-target-table.txt"),
    ),
    (
        "fushun-2021-self-evaluation",
        include_str!("fixtures/seeds/fushun-2021-self-evaluation.txt"),
    ),
    (
        "luan-2021-target-declaration",
        include_str!("fixtures/seeds/luan-2021-target-declaration.txt"),
    ),
    (
        "yanchi-2022-target-approval",
        include_str!("fixtures/seeds/yanchi-2022-target-approval.txt"),
    ),
];

fn forms(text: &str) -> Vec<Form> {
    jixiao::parse(text).forms
}

fn read_ok(name: &str, bytes: &[u8]) -> FileText {
    match read_file(name, bytes) {
        Ok(t) => t,
        Err(e) => panic!("{name}: {} / {}", e.code, e.en),
    }
}

// ---------------------------------------------------------------------------------------------
// Text encodings
// ---------------------------------------------------------------------------------------------

#[test]
fn gbk_text_reads_as_gb18030() {
    for (name, seed) in SEEDS {
        let (bytes, _, had_errors) = encoding_rs::GBK.encode(seed);
        assert!(!had_errors, "{name}: the seed is all GBK");
        assert!(std::str::from_utf8(&bytes).is_err());
        let got = read_ok(&format!("{name}.txt"), &bytes);
        assert_eq!(got.source, Source::Gb18030, "{name}");
        assert_eq!(got.sheets, 0);
        assert_eq!(got.text, *seed, "{name}");
        assert_eq!(forms(&got.text), forms(seed), "{name}");
    }
}

#[test]
fn utf8_with_bom_reads_as_utf8_bom() {
    for (name, seed) in SEEDS {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(seed.as_bytes());
        let got = read_ok(&format!("{name}.tsv"), &bytes);
        assert_eq!(got.source, Source::Utf8Bom, "{name}");
        assert_eq!(got.text, *seed, "{name}");
        assert_eq!(forms(&got.text), forms(seed), "{name}");
    }
}

#[test]
fn utf16le_with_bom_and_crlf_reads_as_utf16_bom() {
    for (name, seed) in SEEDS {
        let crlf = seed.replace('\n', "\r\n");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(crlf.encode_utf16().flat_map(u16::to_le_bytes));
        let got = read_ok(&format!("{name}.txt"), &bytes);
        assert_eq!(got.source, Source::Utf16Bom, "{name}");
        assert_eq!(got.text, *seed, "{name}: \\r\\n becomes \\n");
        assert_eq!(forms(&got.text), forms(seed), "{name}");
    }
}

#[test]
fn utf16be_and_plain_utf8_read() {
    let (_, seed) = SEEDS[2];
    let mut be = vec![0xFE, 0xFF];
    be.extend(seed.encode_utf16().flat_map(u16::to_be_bytes));
    let got = read_ok("a.txt", &be);
    assert_eq!(got.source, Source::Utf16Bom);
    assert_eq!(got.text, seed);
    let got = read_ok("a.txt", seed.as_bytes());
    assert_eq!(got.source, Source::Utf8);
    assert_eq!(got.text, seed);
}

/// A seed as Excel's Chinese CSV writes it: GBK, comma-separated, cells with a comma, a quote
/// or a newline quoted.
#[test]
fn excel_csv_in_gbk_reads_as_the_seed() {
    for (name, seed) in SEEDS {
        let csv: String = rows(seed)
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| {
                        if c.contains([',', '"']) {
                            format!("\"{}\"", c.replace('"', "\"\""))
                        } else {
                            (*c).to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .map(|l| l + "\r\n")
            .collect();
        let (bytes, _, had_errors) = encoding_rs::GBK.encode(&csv);
        assert!(!had_errors);
        let got = read_ok(&format!("{name}.csv"), &bytes);
        assert_eq!(got.source, Source::Gb18030);
        // Every CSV line ends with \r\n, the seed's last line perhaps not.
        assert_eq!(
            got.text.trim_end_matches('\n'),
            seed.trim_end_matches('\n'),
            "{name}"
        );
        assert_eq!(forms(&got.text), forms(seed), "{name}");
    }
    let got = read_ok("q.csv", "\"一\n二\",\"a\"\"b\",c\n".as_bytes());
    assert_eq!(got.text, "一 二\ta\"b\tc\n");
}

// ---------------------------------------------------------------------------------------------
// xlsx
// ---------------------------------------------------------------------------------------------

#[test]
fn xlsx_of_each_seed_gives_the_seeds_forms() {
    let mut total = Written::default();
    for (name, seed) in SEEDS {
        let (bytes, w) = xlsx_of(&[seed]);
        let got = read_ok(&format!("{name}.xlsx"), &bytes);
        assert_eq!(got.source, Source::Xlsx, "{name}");
        assert_eq!(got.sheets, 1, "{name}");
        // Rows map 1:1 to the seed's lines, so even the forms' line numbers agree.
        assert_eq!(forms(&got.text), forms(seed), "{name}");
        total.percents += w.percents;
        total.decimals += w.decimals;
        total.noisy += w.noisy;
        total.integers += w.integers;
        total.merges += w.merges;
        total.repeats += w.repeats;
    }
    // Every path of the number display was taken.
    assert!(total.percents > 10, "{total:?}");
    assert!(total.decimals > 0, "{total:?}");
    assert!(total.noisy > 10, "{total:?}");
    assert!(total.integers > 10, "{total:?}");
    assert!(total.merges > 5, "{total:?}");
    assert!(total.repeats > 5, "{total:?}");
}

/// Without merges, the text read back is the seed's cells exactly, line for line, but for the
/// trailing empty cells and lines that a sheet does not keep.
#[test]
fn xlsx_cells_read_back_as_written() {
    for (name, seed) in SEEDS {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        let mut w = Written::default();
        for (r, row) in rows(seed).iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    write_cell(ws, r as u32, c as u16, text, &mut w);
                }
            }
        }
        let got = read_ok("a.xlsx", &book.save_to_buffer().unwrap());
        let expect: Vec<&str> = seed
            .lines()
            .take(used_rows(seed))
            .map(|l| l.trim_end_matches('\t'))
            .collect();
        let got: Vec<&str> = got.text.lines().collect();
        assert_eq!(got, expect, "{name}");
    }
}

#[test]
fn xlsx_with_two_sheets_gives_both_seeds_forms() {
    let (a, b) = (SEEDS[2].1, SEEDS[3].1);
    let (bytes, _) = xlsx_of(&[a, b]);
    let got = read_ok("两表.xlsx", &bytes);
    assert_eq!(got.sheets, 2);
    // The first sheet's rows, one empty line, then the second sheet's rows.
    let a_rows = used_rows(a);
    let lines: Vec<&str> = got.text.lines().collect();
    assert!(lines[a_rows].is_empty());
    let first = lines[..a_rows].join("\n") + "\n";
    let second = lines[a_rows + 1..].join("\n") + "\n";
    assert_eq!(forms(&first), forms(a));
    assert_eq!(forms(&second), forms(b));
    // Read together, the workbook gives the two seeds' forms in order.
    let all = forms(&got.text);
    let (fa, fb) = (forms(a), forms(b));
    assert_eq!(all.len(), fa.len() + fb.len());
    let offset = a_rows + 1;
    for (got, want) in all.iter().zip(fa.iter().chain(fb.iter())) {
        assert_eq!(got.kind, want.kind);
        assert_eq!(got.title, want.title);
        assert_eq!(got.project, want.project);
        assert_eq!(got.indicators.len(), want.indicators.len());
        for (g, w) in got.indicators.iter().zip(&want.indicators) {
            assert_eq!(g.name, w.name);
        }
    }
    assert_eq!(all[fa.len()].lines[0], fb[0].lines[0] + offset);
}

#[test]
fn xlsx_merged_cells_hold_their_value_in_the_first_cell_only() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.merge_range(0, 0, 2, 0, "产出指标", &Format::new())
        .unwrap();
    ws.write_string(0, 1, "数量指标").unwrap();
    // A value left inside the region (as some programs write) is not shown.
    ws.write_string(1, 0, "产出指标").unwrap();
    ws.write_string(1, 1, "质量指标").unwrap();
    ws.write_string(2, 1, "时效指标").unwrap();
    ws.write_string(3, 0, "a\nb\tc").unwrap();
    ws.write_number_with_format(3, 2, 44377.0, &Format::new().set_num_format("yyyy-mm-dd"))
        .unwrap();
    ws.write_number_with_format(
        3,
        3,
        44377.0,
        &Format::new().set_num_format("yyyy\"年\"m\"月\""),
    )
    .unwrap();
    ws.write_number_with_format(4, 0, 1234.5, &Format::new().set_num_format("#,##0.00"))
        .unwrap();
    ws.write_boolean(4, 1, true).unwrap();
    let got = read_ok("m.xlsx", &book.save_to_buffer().unwrap());
    assert_eq!(
        got.text,
        "产出指标\t数量指标\n\t质量指标\n\t时效指标\na b c\t\t2021-06-30\t2021-06\n1,234.50\tTRUE\n"
    );
}

#[test]
fn xlsx_rich_text_runs_are_joined() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let bold = Format::new().set_bold();
    let plain = Format::new();
    ws.write_rich_string(
        0,
        1,
        &[(&bold, "产出"), (&plain, "指标"), (&bold, "（50分）")],
    )
    .unwrap();
    let got = read_ok("r.xlsx", &book.save_to_buffer().unwrap());
    assert_eq!(got.text, "\t产出指标（50分）\n");
}

#[test]
fn xlsx_skips_empty_sheets() {
    let mut book = Workbook::new();
    book.add_worksheet();
    book.add_worksheet().write_string(1, 1, "x").unwrap();
    book.add_worksheet();
    let got = read_ok("e.xlsx", &book.save_to_buffer().unwrap());
    assert_eq!(got.sheets, 1);
    assert_eq!(got.text, "\n\tx\n");
    let mut empty = Workbook::new();
    empty.add_worksheet();
    let err = read_file("e.xlsx", &empty.save_to_buffer().unwrap()).unwrap_err();
    assert_eq!(err.code, "empty");
}

/// A cell in the sheet's last row and column reads (a megabyte of empty rows and cells); a
/// sheet whose text would run to more than a hundred megabytes of empty cells does not.
#[test]
fn xlsx_with_huge_dimensions_is_bounded() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "首").unwrap();
    ws.write_string(1_048_575, 16_383, "尾").unwrap();
    let got = read_ok("大.xlsx", &book.save_to_buffer().unwrap());
    assert_eq!(got.text.lines().count(), 1_048_576);
    assert!(got.text.ends_with(&format!("{}尾\n", "\t".repeat(16_383))));

    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for r in 0..7_000 {
        ws.write_string(r * 100, 16_383, "x").unwrap();
    }
    assert_eq!(
        error_code("宽.xlsx", &book.save_to_buffer().unwrap()).0,
        "bad_xlsx"
    );
}

// ---------------------------------------------------------------------------------------------
// docx
// ---------------------------------------------------------------------------------------------

#[test]
fn docx_of_each_seed_gives_the_seeds_forms() {
    let mut total = DocWritten::default();
    for (name, seed) in SEEDS {
        let mut w = DocWritten::default();
        let bytes = docx_of(document_xml(seed, &mut w));
        let got = read_ok(&format!("{name}.docx"), &bytes);
        assert_eq!(got.source, Source::Docx, "{name}");
        assert_eq!(got.sheets, 0);
        // Spans expand to empty cells and merged cells are blank, so the text is the seed's.
        assert_eq!(got.text.trim_end(), seed.trim_end(), "{name}");
        assert_eq!(forms(&got.text), forms(seed), "{name}");
        total.spans += w.spans;
        total.vmerges += w.vmerges;
        total.tables += w.tables;
    }
    assert!(total.spans > 10, "{total:?}");
    assert!(total.vmerges > 5, "{total:?}");
    assert!(total.tables >= 4, "{total:?}");
}

#[test]
fn docx_ignores_fallback_copies_and_deleted_text() {
    let document = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
        <w:p><w:r><w:t>一</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r>
        <w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
        <w:tbl><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        </w:body></w:document>"#;
    let got = read_ok("x.docx", &docx_of(document));
    assert_eq!(got.text, "一 框\n\tb\n");
}

// ---------------------------------------------------------------------------------------------
// Files that cannot be read
// ---------------------------------------------------------------------------------------------

fn error_code(name: &str, bytes: &[u8]) -> (&'static str, String, String) {
    let e = read_file(name, bytes).expect_err(name);
    assert!(!e.zh.is_empty() && !e.en.is_empty());
    (e.code, e.zh, e.en)
}

#[test]
fn unreadable_files_say_why_and_what_to_do() {
    let (code, zh, en) = error_code("报表.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n");
    assert_eq!(code, "pdf");
    assert!(zh.contains("「报表.pdf」") && zh.contains("复制"), "{zh}");
    assert!(en.contains("paste"), "{en}");

    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
    let (code, zh, en) = error_code("截图.png", png);
    assert_eq!(code, "image");
    assert!(zh.contains("PNG") && en.contains("image"), "{zh} {en}");
    assert_eq!(
        error_code("a.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0").0,
        "image"
    );
    assert_eq!(error_code("a.gif", b"GIF89a\x01\0\x01\0").0, "image");

    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(2048, 0);
    let (code, zh, en) = error_code("目标表.xls", &ole);
    assert_eq!(code, "xls");
    assert!(zh.contains(".xlsx") && en.contains(".xlsx"), "{zh} {en}");
    let (code, zh, _) = error_code("目标表.doc", &ole);
    assert_eq!(code, "doc");
    assert!(zh.contains(".docx"), "{zh}");
    assert_eq!(error_code("目标表.wps", &ole).0, "wps");
    assert_eq!(error_code("目标表.xlsx", &ole).0, "encrypted");

    let mut noise = vec![0u8; 4096];
    let mut x = 12345u32;
    for b in noise.iter_mut() {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        *b = (x >> 16) as u8;
    }
    noise[100] = 0;
    let (code, _, en) = error_code("data.bin", &noise);
    assert_eq!(code, "binary");
    assert!(en.contains("data.bin"), "{en}");

    let (code, zh, _) = error_code("空.txt", b"");
    assert_eq!(code, "empty");
    assert!(zh.contains("「空.txt」"), "{zh}");
    assert_eq!(error_code("空.txt", b" \r\n\t \n").0, "empty");
    assert_eq!(error_code("空.txt", b"\xEF\xBB\xBF\r\n").0, "empty");

    let mut corrupt = b"PK\x03\x04\x14\0\0\0\x08\0".to_vec();
    corrupt.extend_from_slice(&noise[..512]);
    assert_eq!(error_code("坏.xlsx", &corrupt).0, "bad_xlsx");
    assert_eq!(error_code("坏.docx", &corrupt).0, "bad_docx");

    let other = zip_of(&[("readme.txt", b"hello".as_slice())]);
    assert_eq!(error_code("a.zip", &other).0, "zip");
}

#[test]
fn a_file_above_the_limit_is_not_read() {
    let big = vec![b'a'; MAX_FILE_BYTES + 1];
    let (code, zh, en) = error_code("大.txt", &big);
    assert_eq!(code, "too_large");
    assert!(zh.contains("20 MB") && en.contains("20 MB"), "{zh} {en}");
    // At the limit it is read.
    let mut at = big;
    at.truncate(MAX_FILE_BYTES);
    assert_eq!(read_ok("大.txt", &at).text.len(), MAX_FILE_BYTES);
}

#[test]
fn damaged_parts_inside_a_good_zip_are_bad_files() {
    let bytes = docx_of("<w:document><w:body><w:p><w:r><w:t>半");
    assert_eq!(error_code("半.docx", &bytes).0, "bad_docx");
    let (xlsx, _) = xlsx_of(&[SEEDS[2].1]);
    let broken = rezip(&xlsx, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            data[..data.len() / 2].to_vec()
        } else {
            data
        }
    });
    assert_eq!(error_code("半.xlsx", &broken).0, "bad_xlsx");
}

// ---------------------------------------------------------------------------------------------
// Never panics
// ---------------------------------------------------------------------------------------------

/// Unzips an archive, changes its parts and zips them again (stored, so the change reaches
/// the XML readers intact).
fn rezip(bytes: &[u8], mut change: impl FnMut(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        let data = change(&name, data);
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn sample_xlsx() -> &'static [u8] {
    static XLSX: OnceLock<Vec<u8>> = OnceLock::new();
    XLSX.get_or_init(|| xlsx_of(&[SEEDS[2].1, SEEDS[3].1]).0)
}

fn sample_docx_xml() -> &'static str {
    static XML: OnceLock<String> = OnceLock::new();
    XML.get_or_init(|| document_xml(SEEDS[2].1, &mut DocWritten::default()))
}

fn sample_docx() -> &'static [u8] {
    static DOCX: OnceLock<Vec<u8>> = OnceLock::new();
    DOCX.get_or_init(|| docx_of(sample_docx_xml()))
}

fn mutate(mut bytes: Vec<u8>, cut: usize, flips: &[(usize, u8)]) -> Vec<u8> {
    if bytes.is_empty() {
        return bytes;
    }
    for &(at, x) in flips {
        let n = bytes.len();
        bytes[at % n] ^= x | 1;
    }
    let keep = cut % (bytes.len() + 1);
    if keep > 0 {
        bytes.truncate(keep);
    }
    bytes
}

/// Whatever comes back is either text or an error with both messages.
fn sane(result: Result<FileText, jixiao::core::files::FileError>) -> Result<(), TestCaseError> {
    match result {
        Ok(t) => prop_assert!(!t.text.trim().is_empty()),
        Err(e) => prop_assert!(!e.code.is_empty() && !e.zh.is_empty() && !e.en.is_empty()),
    }
    Ok(())
}

const NAMES: &[&str] = &["a.txt", "a.csv", "a.xlsx", "a.docx", "a.xls", "a", "a.pdf"];

// 256 cases a property (PROPTEST_CASES sets another number).
proptest! {
    #[test]
    fn never_panics_on_arbitrary_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..4096),
        name in proptest::sample::select(NAMES),
    ) {
        sane(read_file(name, &bytes))?;
    }

    #[test]
    fn never_panics_on_bytes_after_a_zip_header(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        name in proptest::sample::select(NAMES),
    ) {
        let mut b = b"PK\x03\x04".to_vec();
        b.extend(bytes);
        sane(read_file(name, &b))?;
    }

    #[test]
    fn never_panics_on_a_mutated_xlsx(
        cut in any::<usize>(),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
    ) {
        sane(read_file("a.xlsx", &mutate(sample_xlsx().to_vec(), cut, &flips)))?;
    }

    #[test]
    fn never_panics_on_a_mutated_docx(
        cut in any::<usize>(),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
    ) {
        sane(read_file("a.docx", &mutate(sample_docx().to_vec(), cut, &flips)))?;
    }

    /// The XML parts themselves damaged, inside a sound archive.
    #[test]
    fn never_panics_on_mutated_xlsx_parts(
        part in 0usize..16,
        cut in any::<usize>(),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
    ) {
        let mut index = 0;
        let bytes = rezip(sample_xlsx(), |_, data| {
            index += 1;
            if index - 1 == part { mutate(data, cut, &flips) } else { data }
        });
        sane(read_file("a.xlsx", &bytes))?;
    }

    #[test]
    fn never_panics_on_a_mutated_document_xml(
        cut in any::<usize>(),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
    ) {
        let xml = mutate(sample_docx_xml().as_bytes().to_vec(), cut, &flips);
        sane(read_file("a.docx", &docx_of(&xml)))?;
    }
}
