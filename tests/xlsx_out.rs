//! The .xlsx export read back: each seed is checked, written as a workbook
//! (`xlsx_out::report_to_xlsx`), read back as Excel would copy it out (`files::read_file`:
//! every sheet, merged regions holding their text in their first cell only, numbers as the
//! sheet shows them) and parsed again. The forms must come back the same.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use jixiao::core::files::read_file;
use jixiao::core::model::{Form, Report};
use jixiao::core::xlsx_out::{figure, report_to_xlsx};
use serde_json::{json, Value as Json};

const SEEDS: &[(&str, &str)] = &[
    (
        "changshou",
        include_str!("fixtures/seeds/changshou-target-table.txt"),
    ),
    (
        "fushun",
        include_str!("fixtures/seeds/fushun-2021-self-evaluation.txt"),
    ),
    (
        "luan",
        include_str!("fixtures/seeds/luan-2021-target-declaration.txt"),
    ),
    (
        "yanchi",
        include_str!("fixtures/seeds/yanchi-2022-target-approval.txt"),
    ),
];

/// The fields of a form that the workbook must carry (source lines may differ).
fn comparable(f: &Form) -> Json {
    json!({
        "kind": f.kind,
        "title": f.title,
        "year": f.year,
        "project": f.project,
        "project_code": f.project_code,
        "department": f.department,
        "unit": f.unit,
        "funds": f.funds,
        "goals": f.goals.iter().map(|g| json!([g.period, g.text, g.achieved])).collect::<Vec<_>>(),
        "indicators": f.indicators.iter().map(|i| json!({
            "level1": i.level1,
            "level2": i.level2,
            "name": i.name,
            "target": i.target,
            "weight": i.weight,
            "weight_current": i.weight_current,
            "actual": i.actual,
            "score": i.score,
        })).collect::<Vec<_>>(),
    })
}

fn workbook(report: &Report) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = report_to_xlsx(report).expect("the workbook is written");
    Xlsx::new(Cursor::new(bytes)).expect("calamine opens the workbook")
}

#[test]
fn every_seed_reads_back_from_its_workbook() {
    for (name, seed) in SEEDS {
        let report = jixiao::check(seed);
        assert!(!report.forms.is_empty(), "{name}: no form");
        let bytes = report_to_xlsx(&report).expect("the workbook is written");
        let file = read_file(&format!("{name}.xlsx"), &bytes).expect("the workbook is read");
        assert_eq!(
            file.sheets,
            report.forms.len(),
            "{name}: one sheet per form"
        );
        let again = jixiao::parse(&file.text);
        assert_eq!(
            again.forms.len(),
            report.forms.len(),
            "{name}: forms read back from\n{}",
            file.text
        );
        for (k, (a, b)) in report.forms.iter().zip(&again.forms).enumerate() {
            assert_eq!(
                comparable(a),
                comparable(b),
                "{name}, form {k}: read back from\n{}",
                file.text
            );
        }
    }
}

#[test]
fn every_sheet_reads_back_alone() {
    for (name, seed) in SEEDS {
        let report = jixiao::check(seed);
        for (k, form) in report.forms.iter().enumerate() {
            let one = Report {
                forms: vec![form.clone()],
                diagnostics: Vec::new(),
            };
            let bytes = report_to_xlsx(&one).expect("the workbook is written");
            let file = read_file("form.xlsx", &bytes).expect("the workbook is read");
            let again = jixiao::parse(&file.text);
            assert_eq!(again.forms.len(), 1, "{name}, form {k}:\n{}", file.text);
            assert_eq!(
                comparable(form),
                comparable(&again.forms[0]),
                "{name}, form {k}"
            );
        }
    }
}

#[test]
fn sheets_are_named_after_their_projects_uniquely() {
    for (name, seed) in SEEDS {
        let report = jixiao::check(seed);
        let book = workbook(&report);
        let names = book.sheet_names();
        assert_eq!(names.len(), report.forms.len(), "{name}");
        for (sheet, form) in names.iter().zip(&report.forms) {
            assert!(sheet.chars().count() <= 31, "{name}: {sheet}");
            assert!(
                !sheet.contains(['[', ']', ':', '*', '?', '/', '\\']),
                "{sheet}"
            );
            if let Some(project) = &form.project {
                let head: String = project.chars().take(10).collect();
                assert!(
                    sheet.starts_with(head.trim()),
                    "{name}: {sheet} for {project}"
                );
            }
        }
        let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), names.len(), "{name}: names repeat: {names:?}");
    }
}

#[test]
fn categories_are_merged_down_where_they_repeat() {
    let (_, seed) = SEEDS[0];
    let report = jixiao::check(seed);
    let mut book = workbook(&report);
    for (sheet, form) in book.sheet_names().into_iter().zip(&report.forms) {
        let merges = book.merge_cells_by_sheet_name(&sheet).unwrap();
        assert!(!merges.is_empty(), "{sheet}: no merged region");
        // The title spans the table's width on the first row.
        assert!(
            merges
                .iter()
                .any(|d| d.start == (0, 0) && d.end.0 == 0 && d.end.1 > 0),
            "{sheet}: title not merged: {merges:?}"
        );
        // Every run of one 一级 over two or more rows is one vertical region.
        let inds = &form.indicators;
        let runs = inds
            .windows(2)
            .filter(|w| w[0].level1 == w[1].level1)
            .count();
        let vertical = merges.iter().filter(|d| d.start.0 < d.end.0).count();
        if runs > 0 {
            assert!(
                vertical > 0,
                "{sheet}: 一级 repeats but nothing is merged down"
            );
        }
        let range = book.worksheet_range(&sheet).unwrap();
        for d in merges.iter().filter(|d| d.start.0 < d.end.0) {
            let first = range.get_value(d.start).cloned().unwrap_or(Data::Empty);
            assert!(
                matches!(&first, Data::String(s) if !s.is_empty()),
                "{sheet}: merged region {d:?} has no text in its first cell"
            );
            for r in d.start.0 + 1..=d.end.0 {
                let below = range
                    .get_value((r, d.start.1))
                    .cloned()
                    .unwrap_or(Data::Empty);
                assert!(matches!(below, Data::Empty), "{sheet}: {r} under {d:?}");
            }
        }
    }
}

#[test]
fn figures_are_numbers_and_the_rest_is_text() {
    for (name, seed) in SEEDS {
        let report = jixiao::check(seed);
        let mut book = workbook(&report);
        let mut numbers = 0;
        for sheet in book.sheet_names() {
            let range = book.worksheet_range(&sheet).unwrap();
            for cell in range.used_cells() {
                match cell.2 {
                    Data::Float(_) | Data::Int(_) => numbers += 1,
                    Data::String(s) => {
                        assert_eq!(figure(s), None, "{name}/{sheet}: {s:?} written as text");
                    }
                    other => panic!("{name}/{sheet}: unexpected cell {other:?}"),
                }
            }
        }
        assert!(numbers > 0, "{name}: no cell is a number");
    }
    // Weights of the target table are numbers; percentages and values with units are text.
    let report = jixiao::check(SEEDS[0].1);
    let mut book = workbook(&report);
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let header = range
        .rows()
        .position(|r| r.iter().any(|c| c == &Data::String("权重(%)".into())))
        .expect("the indicator header");
    let row: Vec<&Data> = range.rows().nth(header + 1).unwrap().iter().collect();
    assert!(matches!(row[8], Data::Float(w) if *w == 10.0), "{row:?}");
    let yanchi = jixiao::check(SEEDS[3].1);
    let mut book = workbook(&yanchi);
    let texts: Vec<String> = book
        .sheet_names()
        .iter()
        .flat_map(|s| {
            let range = book.worksheet_range(s).unwrap();
            range
                .used_cells()
                .filter_map(|c| match c.2 {
                    Data::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(texts.iter().any(|t| t == "100%"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "576000元/年"), "{texts:?}");
}
