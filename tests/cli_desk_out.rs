//! The desk's exports on the command line: `check --summary --csv`, `check --summary --xlsx`,
//! `check --findings-csv`, and the options that need another.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/csvtext.rs"]
mod csvtext;

use std::io::Cursor;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx};

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

fn records(out: &Output) -> Vec<Vec<String>> {
    csvtext::records(&String::from_utf8(out.stdout.clone()).unwrap())
}

#[test]
fn summary_csv_parses_into_the_table_s_rows() {
    let (t, e) = (desk("target.txt"), desk("X005-fires.txt"));
    let f = seed("fushun-2021-self-evaluation.txt");
    let out = run(&["check", "--summary", "--csv", &t, &e, &f]);
    assert_eq!(out.status.code(), Some(1), "X005 is an error");
    let recs = records(&out);
    // A header, then 1 + 1 + 15 forms, as the tab-separated table has them.
    assert_eq!(recs.len(), 1 + 17);
    let table = run(&["check", "--summary", &t, &e, &f]);
    let table = String::from_utf8(table.stdout).unwrap();
    let lines: Vec<Vec<&str>> = table.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), recs.len());
    for (rec, line) in recs.iter().zip(&lines) {
        assert_eq!(rec, line);
    }
    assert_eq!(recs[0][0], "文件");
    assert_eq!(recs[2][0], e);
    assert_eq!(recs[2][18], "X005");
    assert_eq!(recs[2][19], format!("{t} 表 1"));
}

#[test]
fn summary_xlsx_is_written_beside_the_table() {
    let dir = std::env::temp_dir().join(format!("jixiao-cli-desk-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("summary.xlsx");
    let path_s = path.to_str().unwrap();
    let (t, e) = (desk("target.txt"), desk("X003-fires.txt"));
    let out = run(&["check", "--summary", "--xlsx", path_s, &t, &e]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("文件\t"));
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("汇总").unwrap();
    assert_eq!(range.height(), 3);
    assert_eq!(range.get((1, 0)), Some(&Data::String(t.clone())));
    assert_eq!(range.get((1, 9)), Some(&Data::Float(170.0)));
    assert_eq!(range.get((2, 12)), Some(&Data::Float(1.0)), "one warning");
    assert_eq!(range.get((2, 18)), Some(&Data::String("X003".into())));
}

#[test]
fn findings_csv_holds_every_finding_the_cross_form_ones_included() {
    let (t, e) = (desk("target.txt"), desk("X005-fires.txt"));
    let out = run(&["check", "--findings-csv", &t, &e]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out);
    assert_eq!(recs[0][..4], ["文件", "表序号", "表名/项目", "代码"]);
    let json = run(&["check", "--json", &t, &e]);
    let items: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let total: usize = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["report"]["diagnostics"].as_array().unwrap().len())
        .sum();
    assert_eq!(recs.len(), 1 + total);
    let x005 = recs.iter().find(|r| r[3] == "X005").expect("X005 listed");
    assert_eq!(x005[0], e);
    assert_eq!(x005[4], "错误");
}

#[test]
fn options_that_need_summary_exit_with_2() {
    let t = desk("target.txt");
    for args in [
        vec!["check", "--csv", &t],
        vec!["check", "--xlsx", "out.xlsx", &t],
        vec!["check", "--summary", "--csv", "--json", &t],
        vec!["check", "--findings-csv", "--summary", &t],
        vec!["check", "--summary", &t, "--xlsx"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("jixiao: "), "{err}");
    }
    let err = String::from_utf8(run(&["check", "--csv", &t]).stderr).unwrap();
    assert!(err.contains("--summary"), "{err}");
}
