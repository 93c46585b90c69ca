//! The command line at the reviewer's desk: the cross-form rules across the files given, the
//! `--summary` table and its JSON.

use std::process::{Command, Output};

#[path = "common/make.rs"]
mod make;

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");

fn desk(name: &str) -> String {
    format!("{}/tests/fixtures/desk/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn seed(name: &str) -> String {
    format!("{}/tests/fixtures/seeds/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn the_pair_gives_its_cross_form_findings_under_the_self_evaluation() {
    let (t, e) = (desk("target.txt"), desk("X003-fires.txt"));
    let out = run(&["check", &t, &e]);
    let text = stdout(&out);
    // A warning only (target.txt has one V009 info): exit 0.
    assert_eq!(out.status.code(), Some(0), "{text}");
    let x: Vec<&str> = text.lines().filter(|l| l.contains("[X")).collect();
    assert_eq!(x.len(), 1, "{text}");
    assert!(
        x[0].starts_with(&format!("{e}:19: warning[X003] ")),
        "{}",
        x[0]
    );
    assert!(x[0].contains("≥90%") && x[0].contains("≥95%"), "{}", x[0]);
    // The self-evaluation's summary line counts the finding.
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("{e}:2-26: 表 1")) && l.contains("1 警告")),
        "{text}"
    );
    // Without its target form the self-evaluation raises nothing.
    let out = run(&["check", &e]);
    assert!(!stdout(&out).contains("[X"));
}

#[test]
fn a_cross_form_error_exits_with_1() {
    let (t, e) = (desk("target.txt"), desk("X005-fires.txt"));
    let out = run(&["check", &e, &t]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains(&format!("{e}:9: error[X005] ")), "{text}");
    assert_eq!(run(&["check", &e]).status.code(), Some(0));
}

#[test]
fn json_keeps_its_shape_with_the_findings_in_source_order() {
    let (t, e) = (desk("target.txt"), desk("X004-fires.txt"));
    let out = run(&["check", "--json", &t, &e]);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["file"], e.as_str());
    let obj = items[1].as_object().unwrap();
    assert_eq!(obj.len(), 2, "only file and report");
    let diags = items[1]["report"]["diagnostics"].as_array().unwrap();
    let x: Vec<_> = diags.iter().filter(|d| d["code"] == "X004").collect();
    assert_eq!(x.len(), 2);
    assert_eq!(x[0]["form"], 0);
    assert_eq!(x[0]["indicator"], 0);
    assert_eq!(x[0]["field"], "weight");
    assert_eq!(x[0]["lines"], serde_json::json!([19, 19]));
    assert_eq!(x[1]["lines"], serde_json::json!([20, 20]));
    let lines: Vec<u64> = diags
        .iter()
        .map(|d| d["lines"][0].as_u64().unwrap())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
    // The target form's report is untouched.
    let t_codes: Vec<&str> = items[0]["report"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(t_codes, ["V009"]);
}

#[test]
fn summary_prints_one_row_per_form_with_its_counts() {
    let (t, e) = (desk("target.txt"), desk("X005-fires.txt"));
    let f = seed("fushun-2021-self-evaluation.txt");
    let out = run(&["check", "--summary", &t, &e, &f]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "X005 is an error");
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    // A header, then 1 + 1 + 15 forms.
    assert_eq!(lines.len(), 1 + 17, "{text}");
    let header = &lines[0];
    assert_eq!(header[0], "文件");
    assert!(lines.iter().all(|l| l.len() == header.len()), "{text}");
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row = |file: &str, form: &str| {
        lines
            .iter()
            .find(|l| l[0] == file && l[col("表")] == form)
            .unwrap()
    };
    let r = row(&t, "1");
    assert_eq!(r[col("类型")], "绩效目标表");
    assert_eq!(r[col("项目编码")], "50011522T000002056269");
    assert_eq!(r[col("资金总额（万元）")], "170");
    assert_eq!(r[col("指标数")], "6");
    assert_eq!(
        (r[col("错误")], r[col("警告")], r[col("提示")]),
        ("0", "0", "1")
    );
    assert_eq!(r[col("目标质量分")], "98");
    assert_eq!(r[col("规则")], "V009");
    assert_eq!(r[col("对应表")], format!("{e} 表 1"));
    let r = row(&e, "1");
    assert_eq!(r[col("行")], "2-26");
    assert_eq!(r[col("年度")], "2021");
    assert_eq!(
        (r[col("错误")], r[col("警告")], r[col("提示")]),
        ("1", "0", "0")
    );
    assert_eq!(r[col("规则")], "X005");
    assert_eq!(
        (r[col("总分（表中）")], r[col("总分（计算）")]),
        ("99.5", "99.5")
    );
    assert_eq!(r[col("等级")], "优");
    assert_eq!(r[col("对应表")], format!("{t} 表 1"));
    // fushun's 2nd department form: E004 (29 points) and F006 (3155.55 against 3155.54).
    let r = row(&f, "2");
    assert_eq!(
        (r[col("错误")], r[col("警告")], r[col("提示")]),
        ("1", "0", "1")
    );
    assert_eq!(r[col("规则")], "E004,F006");
    assert_eq!(r[col("对应表")], "");
}

#[test]
fn summary_json_parses_into_rows() {
    let (t, e) = (desk("target.txt"), desk("self-evaluation.txt"));
    let out = run(&["check", "--summary", "--json", &t, &e]);
    assert_eq!(out.status.code(), Some(0));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for key in [
        "file",
        "form",
        "kind",
        "lines",
        "year",
        "department",
        "unit",
        "project",
        "project_code",
        "funds_total",
        "indicators",
        "errors",
        "warnings",
        "infos",
        "total_stated",
        "total_computed",
        "grade",
        "quality",
        "codes",
        "matched_with",
    ] {
        assert!(rows[1].get(key).is_some(), "row lacks {key}");
    }
    assert_eq!(rows[0]["kind"], "target_table");
    assert_eq!(rows[0]["matched_with"], serde_json::json!([e, 0]));
    assert_eq!(rows[1]["kind"], "project_self_evaluation");
    assert_eq!(rows[1]["form"], 0);
    assert_eq!(rows[1]["errors"], 0);
    assert_eq!(rows[1]["codes"], serde_json::json!([]));
    assert_eq!(rows[1]["total_computed"], 99.5);
    assert!(rows[1]["quality"].is_null());
    assert_eq!(rows[1]["matched_with"], serde_json::json!([t, 0]));
}

#[test]
fn the_cross_form_rules_are_listed_in_both_languages() {
    let out = run(&["check", "--list-rules"]);
    let text = stdout(&out);
    for (code, severity) in [
        ("X001", "warning"),
        ("X002", "warning"),
        ("X003", "warning"),
        ("X004", "warning"),
        ("X005", "error"),
        ("X006", "info"),
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{code}\t")))
            .unwrap_or_else(|| panic!("{code} not listed:\n{text}"));
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 4, "{line}");
        assert_eq!(cells[1], severity);
        assert!(cells[2]
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        assert!(
            cells[3].starts_with(|c: char| c.is_ascii_uppercase()),
            "{line}"
        );
    }
}

/// The command line reads what the page reads: a target form as an .xlsx workbook and its
/// self-evaluation as GBK text are held against each other as the text files are.
#[test]
fn workbooks_and_gbk_text_are_read_as_the_page_reads_them() {
    let dir = std::env::temp_dir().join(format!("jixiao-cli-desk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = std::fs::read_to_string(desk("target.txt")).unwrap();
    let (xlsx, _) = make::xlsx_of(&[&target]);
    let t = dir.join("目标表.xlsx");
    std::fs::write(&t, xlsx).unwrap();
    let evaluation = std::fs::read_to_string(desk("X003-fires.txt")).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&evaluation);
    assert!(!unmappable);
    let e = dir.join("自评表.txt");
    std::fs::write(&e, &gbk).unwrap();
    let (t, e) = (t.to_str().unwrap(), e.to_str().unwrap());
    let out = run(&["check", t, e]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let x: Vec<&str> = text.lines().filter(|l| l.contains("[X")).collect();
    assert_eq!(x.len(), 1, "{text}");
    assert!(
        x[0].starts_with(&format!("{e}:19: warning[X003] ")),
        "{}",
        x[0]
    );
    // A file it cannot read is named, with what to do, and exits 2.
    let pdf = dir.join("扫描件.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n").unwrap();
    let out = run(&["check", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("扫描件.pdf") && err.contains("PDF"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
