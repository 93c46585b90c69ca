//! The desk's exports (`core::desk_out`): the summary as CSV and as a workbook, and every finding
//! of every file as one CSV, on the desk's target form, two self-evaluations of its project
//! (X003, X005) and the four seeds. Each export is read back (the `csv` crate, `calamine`, the
//! sheet's XML) and compared with the summary rows and the reports it was written from.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/csvtext.rs"]
mod csvtext;
use csvtext::records;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use jixiao::core::desk::{self, SummaryRow};
use jixiao::core::desk_out::{
    all_findings_to_csv, summary_header, summary_to_csv, summary_to_xlsx, SUMMARY_COLUMNS,
};
use jixiao::core::export::{diagnostics_to_csv, fmt_num};
use jixiao::Report;

const FILES: &[&str] = &[
    "desk/target.txt",
    "desk/X003-fires.txt",
    "desk/X005-fires.txt",
    "seeds/changshou-target-table.txt",
    "seeds/fushun-2021-self-evaluation.txt",
    "seeds/luan-2021-target-declaration.txt",
    "seeds/yanchi-2022-target-approval.txt",
];

/// The files checked and cross-checked, each under its name.
fn reports() -> Vec<(String, Report)> {
    let mut reports: Vec<(String, Report)> = FILES
        .iter()
        .map(|name| {
            let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            (name.to_string(), jixiao::check(&text))
        })
        .collect();
    desk::add_cross_findings(&mut reports);
    reports
}

fn rows(reports: &[(String, Report)]) -> Vec<SummaryRow> {
    let refs: Vec<(&str, &Report)> = reports.iter().map(|(f, r)| (f.as_str(), r)).collect();
    desk::summaries(&refs)
}

fn col(name: &str) -> usize {
    SUMMARY_COLUMNS
        .iter()
        .position(|(zh, en)| *zh == name || *en == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn opt_num(n: Option<f64>) -> String {
    n.map(fmt_num).unwrap_or_default()
}

#[test]
fn the_summary_csv_reads_back_to_the_rows() {
    let reports = reports();
    let rows = rows(&reports);
    assert!(rows.len() > FILES.len(), "the fushun seed holds many forms");
    for lang_en in [false, true] {
        let text = summary_to_csv(&rows, lang_en);
        assert!(text.starts_with('\u{FEFF}'));
        assert!(text.ends_with("\r\n"));
        assert!(!text.replace("\r\n", "").contains('\r'));
        let recs = records(&text);
        assert_eq!(recs.len(), 1 + rows.len());
        assert_eq!(recs[0], summary_header(lang_en));
        for (rec, row) in recs[1..].iter().zip(&rows) {
            assert_eq!(rec.len(), SUMMARY_COLUMNS.len());
            assert_eq!(rec[col("文件")], row.file);
            assert_eq!(rec[col("表")], (row.form + 1).to_string());
            assert_eq!(rec[col("行")], format!("{}-{}", row.lines[0], row.lines[1]));
            assert_eq!(
                rec[col("年度")],
                row.year.map(|y| y.to_string()).unwrap_or_default()
            );
            assert_eq!(rec[col("项目")], row.project.clone().unwrap_or_default());
            assert_eq!(rec[col("资金总额（万元）")], opt_num(row.funds_total));
            assert_eq!(rec[col("指标数")], row.indicators.to_string());
            assert_eq!(rec[col("错误")], row.errors.to_string());
            assert_eq!(rec[col("警告")], row.warnings.to_string());
            assert_eq!(rec[col("提示")], row.infos.to_string());
            assert_eq!(rec[col("总分（表中）")], opt_num(row.total_stated));
            assert_eq!(rec[col("总分（计算）")], opt_num(row.total_computed));
            assert_eq!(rec[col("目标质量分")], opt_num(row.quality));
            assert_eq!(rec[col("规则")], row.codes.join(","));
            let word = if lang_en { "form" } else { "表" };
            let matched = row
                .matched_with
                .as_ref()
                .map(|(f, i)| format!("{f} {word} {}", i + 1))
                .unwrap_or_default();
            assert_eq!(rec[col("对应表")], matched);
        }
    }
    // The pair's rows, as the fixtures give them.
    let recs = records(&summary_to_csv(&rows, false));
    let find = |file: &str| recs.iter().find(|r| r[0] == file).unwrap();
    let t = find("desk/target.txt");
    assert_eq!(t[col("类型")], "绩效目标表");
    assert_eq!(t[col("资金总额（万元）")], "170");
    assert_eq!(t[col("目标质量分")], "98");
    assert_eq!(t[col("对应表")], "desk/X003-fires.txt 表 1");
    let e = find("desk/X005-fires.txt");
    assert_eq!(e[col("资金总额（万元）")], "150");
    assert_eq!(e[col("规则")], "X005");
    assert_eq!(e[col("错误")], "1");
    assert_eq!(e[col("对应表")], "desk/target.txt 表 1");
    let e = find("desk/X003-fires.txt");
    assert_eq!(e[col("规则")], "X003");
    assert_eq!(e[col("警告")], "1");
}

#[test]
fn summary_csv_cells_are_guarded_and_quoted() {
    let reports = reports();
    let mut rows = rows(&reports);
    rows[0].project = Some("=HYPERLINK(\"x\")".into());
    rows[0].unit = Some("a,b\nc".into());
    rows[0].funds_total = Some(-5.0);
    let recs = records(&summary_to_csv(&rows[..1], false));
    assert_eq!(recs[1][col("项目")], "'=HYPERLINK(\"x\")");
    assert_eq!(recs[1][col("实施单位")], "a,b\nc");
    assert_eq!(recs[1][col("资金总额（万元）")], "'-5");
}

/// The XML of the workbook's first sheet.
fn sheet_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn the_summary_workbook_holds_the_rows_with_figures_as_numbers() {
    let reports = reports();
    let rows = rows(&reports);
    for (lang_en, name) in [(false, "汇总"), (true, "Summary")] {
        let bytes = summary_to_xlsx(&rows, lang_en).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
        assert_eq!(book.sheet_names(), [name]);
        let range = book.worksheet_range(name).unwrap();
        assert_eq!(range.start(), Some((0, 0)));
        assert_eq!(range.height(), 1 + rows.len());
        assert_eq!(range.width(), SUMMARY_COLUMNS.len());
        for (c, h) in summary_header(lang_en).iter().enumerate() {
            assert_eq!(range.get((0, c)), Some(&Data::String(h.to_string())));
        }
        let number = |n: f64| Data::Float(n);
        let figure = |n: Option<f64>| n.map_or(Data::Empty, Data::Float);
        let text = |s: &Option<String>| match s.as_deref() {
            None | Some("") => Data::Empty,
            Some(s) => Data::String(s.to_string()),
        };
        for (k, row) in rows.iter().enumerate() {
            let at = |name: &str| range.get((k + 1, col(name))).cloned().unwrap();
            assert_eq!(at("文件"), Data::String(row.file.clone()));
            assert_eq!(at("表"), number((row.form + 1) as f64));
            assert_eq!(at("年度"), figure(row.year.map(f64::from)));
            assert_eq!(at("项目"), text(&row.project));
            assert_eq!(at("项目编码"), text(&row.project_code));
            assert_eq!(at("资金总额（万元）"), figure(row.funds_total));
            assert_eq!(at("指标数"), number(row.indicators as f64));
            assert_eq!(at("错误"), number(row.errors as f64));
            assert_eq!(at("警告"), number(row.warnings as f64));
            assert_eq!(at("提示"), number(row.infos as f64));
            assert_eq!(at("总分（表中）"), figure(row.total_stated));
            assert_eq!(at("总分（计算）"), figure(row.total_computed));
            assert_eq!(at("目标质量分"), figure(row.quality));
            let codes = Some(row.codes.join(","));
            assert_eq!(at("规则"), text(&codes));
            let word = if lang_en { "form" } else { "表" };
            let matched = row
                .matched_with
                .as_ref()
                .map(|(f, i)| format!("{f} {word} {}", i + 1));
            assert_eq!(at("对应表"), text(&matched));
        }
        // calamine does not read filters or panes: the sheet's XML holds them.
        let xml = sheet_xml(&bytes);
        let last = format!("T{}", 1 + rows.len());
        assert!(
            xml.contains(&format!("<autoFilter ref=\"A1:{last}\"")),
            "{xml}"
        );
        assert!(xml.contains("<pane ") && xml.contains("state=\"frozen\""));
        assert!(xml.contains("topLeftCell=\"A2\""));
        assert!(xml.contains("<cols>"));
    }
}

#[test]
fn an_empty_summary_is_a_header_all_the_same() {
    let text = summary_to_csv(&[], false);
    assert_eq!(records(&text).len(), 1);
    let bytes = summary_to_xlsx(&[], false).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(book.worksheet_range("汇总").unwrap().height(), 1);
}

#[test]
fn all_findings_give_one_record_per_diagnostic_under_its_file() {
    let reports = reports();
    let total: usize = reports.iter().map(|(_, r)| r.diagnostics.len()).sum();
    for lang_en in [false, true] {
        let text = all_findings_to_csv(&reports, lang_en);
        let recs = records(&text);
        assert_eq!(recs.len(), 1 + total);
        assert_eq!(recs[0][0], if lang_en { "file" } else { "文件" });
        // The rest of each record is the report's own CSV record.
        let mut k = 1;
        for (file, report) in &reports {
            let own = records(&diagnostics_to_csv(report, lang_en));
            assert_eq!(recs[0][1..], own[0][..]);
            for rec in &own[1..] {
                assert_eq!(recs[k][0], *file);
                assert_eq!(recs[k][1..], rec[..]);
                k += 1;
            }
        }
        assert_eq!(k, recs.len());
    }
    // The cross-form findings stand under the self-evaluations' files.
    let recs = records(&all_findings_to_csv(&reports, false));
    let code = 1 + 2;
    let x: Vec<(&str, &str)> = recs[1..]
        .iter()
        .filter(|r| r[code].starts_with('X'))
        .map(|r| (r[0].as_str(), r[code].as_str()))
        .collect();
    assert_eq!(
        x,
        [
            ("desk/X003-fires.txt", "X003"),
            ("desk/X005-fires.txt", "X005")
        ]
    );
    let x005 = recs[1..].iter().find(|r| r[code] == "X005").unwrap();
    assert_eq!(x005[1 + 3], "错误");
    assert_eq!(x005[1 + 6], "9");
}

#[test]
fn diagnostics_csv_is_unchanged_by_the_shared_row_writer() {
    let reports = reports();
    let (_, report) = &reports[2];
    let text = diagnostics_to_csv(report, false);
    let expected = "\u{FEFF}表序号,表名/项目,代码,级别,指标,字段,行,说明,建议\r\n\
        1,医保服务与保障能力提升(医保服务能力提升),X005,错误,,funds.total,9,\
        自评表（desk/X005-fires.txt:9）的全年预算数 150 万元与绩效目标表（desk/target.txt:3）\
        的年度资金总额 170 万元不符（相差 20 万元）。,\
        核对全年预算数：应为批复的年度资金总额，或经调整后的预算数（附调整依据）。\r\n";
    assert_eq!(text, expected);
}
