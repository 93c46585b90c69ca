//! The findings as CSV (`export::diagnostics_to_csv`): what Excel needs to open the file (BOM,
//! CRLF, RFC 4180 quoting), one row per diagnostic, guarded cells, and a round trip through the
//! `csv` crate back to the same strings.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/csvtext.rs"]
mod csvtext;
use csvtext::records;

use jixiao::core::diagnostic::{Diagnostic, Severity};
use jixiao::core::export::diagnostics_to_csv;
use jixiao::core::model::{Form, Indicator, Kind, Report, Value};

const SEEDS: &[&str] = &[
    include_str!("fixtures/seeds/changshou-target-table.txt"),
    include_str!("fixtures/seeds/fushun-2021-self-evaluation.txt"),
    include_str!("fixtures/seeds/luan-2021-target-declaration.txt"),
    include_str!("fixtures/seeds/yanchi-2022-target-approval.txt"),
];

const HEADER_ZH: [&str; 9] = [
    "表序号",
    "表名/项目",
    "代码",
    "级别",
    "指标",
    "字段",
    "行",
    "说明",
    "建议",
];
const HEADER_EN: [&str; 9] = [
    "form",
    "project",
    "code",
    "severity",
    "indicator",
    "field",
    "lines",
    "message",
    "help",
];

#[test]
fn seeds_give_one_row_per_diagnostic_behind_a_bom() {
    for seed in SEEDS {
        let report = jixiao::check(seed);
        assert!(!report.diagnostics.is_empty());
        for (lang_en, header) in [(false, HEADER_ZH), (true, HEADER_EN)] {
            let text = diagnostics_to_csv(&report, lang_en);
            assert!(text.starts_with('\u{FEFF}'));
            assert!(text.ends_with("\r\n"));
            let rows = records(&text);
            assert_eq!(rows.len(), report.diagnostics.len() + 1);
            assert_eq!(rows[0], header);
            for (row, d) in rows[1..].iter().zip(&report.diagnostics) {
                assert_eq!(row.len(), 9);
                assert_eq!(row[0], (d.form + 1).to_string());
                assert_eq!(row[2], d.code);
                let severity = if lang_en {
                    d.severity.as_str()
                } else {
                    d.severity.zh()
                };
                assert_eq!(row[3], severity);
                let lines = if d.lines[1] > d.lines[0] {
                    format!("{}–{}", d.lines[0], d.lines[1])
                } else {
                    d.lines[0].to_string()
                };
                assert_eq!(row[6], lines);
                let message = if lang_en && !d.message_en.is_empty() {
                    &d.message_en
                } else {
                    &d.message
                };
                assert_eq!(row[7].trim_start_matches('\''), message.as_str());
                if let Some(i) = d.indicator {
                    assert_eq!(row[4], report.forms[d.form].indicators[i].name);
                }
            }
        }
    }
}

fn indicator(name: &str) -> Indicator {
    Indicator {
        level1: "产出指标".into(),
        level2: Some("数量指标".into()),
        name: name.into(),
        target: Some("≥95%".into()),
        midterm_target: None,
        value: Value::default(),
        weight: Some(10.0),
        weight_current: None,
        direction: None,
        actual: None,
        score: None,
        reason: None,
        line: 3,
    }
}

/// A report whose cells need every kind of care: commas, quotes, line breaks, formulas.
fn awkward_report() -> Report {
    let mut form = Form::new(Kind::TargetTable, 1);
    form.project = Some("=HYPERLINK(\"http://x\",\"点我\")".into());
    form.indicators.push(indicator("培训人数, \"重点\"人群"));
    form.indicators.push(indicator("-5"));
    let mut second = Form::new(Kind::Fragment, 20);
    second.title = Some("绩效目标表（片段）".into());
    let d1 = Diagnostic::new(
        "W001",
        Severity::Warning,
        "权重合计 90，不是 100：请核对\"权重(%)\"列,\n第二行",
        "Weights add up to 90, not 100: check the \"weight\" column, line two",
        0,
        [12, 14],
    )
    .with_help("+把权重改为 100")
    .at_indicator(0)
    .at_field("weight");
    let d2 = Diagnostic::new("E002", Severity::Error, "@金额不一致", "", 0, [7, 7]).at_indicator(1);
    let d3 = Diagnostic::new(
        "I003",
        Severity::Info,
        "提示\r\n一条",
        "A note",
        1,
        [20, 20],
    );
    Report {
        forms: vec![form, second],
        diagnostics: vec![d1, d2, d3],
    }
}

#[test]
fn awkward_cells_round_trip_through_the_csv_crate() {
    let report = awkward_report();
    let zh = records(&diagnostics_to_csv(&report, false));
    assert_eq!(zh.len(), 4);
    assert_eq!(
        zh[1],
        [
            "1",
            "'=HYPERLINK(\"http://x\",\"点我\")",
            "W001",
            "警告",
            "培训人数, \"重点\"人群",
            "weight",
            "12–14",
            "权重合计 90，不是 100：请核对\"权重(%)\"列,\n第二行",
            "'+把权重改为 100",
        ]
    );
    assert_eq!(
        zh[2],
        [
            "1",
            "'=HYPERLINK(\"http://x\",\"点我\")",
            "E002",
            "错误",
            "'-5",
            "",
            "7",
            "'@金额不一致",
            ""
        ]
    );
    assert_eq!(
        zh[3],
        [
            "2",
            "绩效目标表（片段）",
            "I003",
            "提示",
            "",
            "",
            "20",
            "提示\r\n一条",
            ""
        ]
    );
    let en = records(&diagnostics_to_csv(&report, true));
    assert_eq!(en[0], HEADER_EN);
    assert_eq!(
        en[1][7],
        "Weights add up to 90, not 100: check the \"weight\" column, line two"
    );
    assert_eq!(en[1][3], "warning");
    // No English message written: the Chinese one stands in.
    assert_eq!(en[2][7], "'@金额不一致");
    assert_eq!(en[3][7], "A note");
}

#[test]
fn quoting_is_rfc_4180() {
    let text = diagnostics_to_csv(&awkward_report(), true);
    let first = text.split("\r\n").nth(1).unwrap();
    assert!(
        first.starts_with("1,\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",W001,warning,"),
        "{first}"
    );
    // Cells without a comma, quote or line break are not quoted.
    assert!(text.contains(",E002,error,'-5,,7,"), "{text}");
}

/// Every real form of the corpus (tests/fixtures/corpus) but the headerless fragment: its
/// exported table text reads back to the same indicators, named apart from their targets as
/// most self-evaluations are.
#[test]
fn corpus_forms_survive_the_table_text() {
    let key = |r: &Report| {
        r.forms
            .iter()
            .flat_map(|f| {
                f.indicators.iter().map(|i| {
                    (
                        i.level1.clone(),
                        i.level2.clone(),
                        i.name.clone(),
                        i.target.clone(),
                        i.actual.clone(),
                        i.weight,
                        i.score,
                    )
                })
            })
            .collect::<Vec<_>>()
    };
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path().join("form.tsv");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let first = jixiao::check(&text);
        if first.forms.iter().any(|f| f.kind == Kind::Fragment) {
            continue;
        }
        let again = jixiao::parse(&jixiao::core::export::report_to_tsv(&first));
        assert_eq!(key(&again), key(&first), "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 20, "{checked} corpus forms");
}
