//! The command line, as CONTRACT.md describes it: output shapes and exit codes.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");

fn seed(name: &str) -> String {
    format!("{}/tests/fixtures/seeds/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn json_report_of_the_changshou_seed_has_the_contract_shape() {
    let path = seed("changshou-target-table.txt");
    let out = Command::new(BIN)
        .args(["check", &path, "--json"])
        .output()
        .unwrap();
    // The seed has real errors (F001, W001): exit status 1, the report printed all the same.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["file"], path.as_str());
    let report = &items[0]["report"];
    let forms = report["forms"].as_array().unwrap();
    assert_eq!(forms.len(), 4);
    assert!(report["diagnostics"].is_array());
    for form in forms {
        for key in [
            "kind",
            "title",
            "year",
            "project",
            "project_code",
            "department",
            "unit",
            "lines",
            "funds",
            "goals",
            "indicators",
            "scores",
        ] {
            assert!(form.get(key).is_some(), "form lacks {key}");
        }
        for key in [
            "total",
            "fiscal",
            "other",
            "midterm_total",
            "initial",
            "executed",
        ] {
            assert!(form["funds"].get(key).is_some(), "funds lack {key}");
        }
        assert_eq!(form["kind"], "target_table");
        for ind in form["indicators"].as_array().unwrap() {
            for key in [
                "level1",
                "level2",
                "name",
                "target",
                "midterm_target",
                "value",
                "weight",
                "weight_current",
                "direction",
                "actual",
                "score",
                "reason",
                "line",
            ] {
                assert!(ind.get(key).is_some(), "indicator lacks {key}");
            }
            for key in ["op", "number", "number_max", "unit", "date", "qualitative"] {
                assert!(ind["value"].get(key).is_some(), "value lacks {key}");
            }
        }
    }
    // Form 2 has no 项目总额: null, never 0 or "".
    assert!(forms[1]["funds"]["total"].is_null());
    assert_eq!(forms[2]["funds"]["total"], 19.76);
    let total: usize = forms
        .iter()
        .map(|f| f["indicators"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, 22);
}

#[test]
fn human_output_names_file_line_severity_and_code() {
    let path = seed("changshou-target-table.txt");
    let out = Command::new(BIN).args(["check", &path]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("{path}:75: info[P004]")), "{text}");
    // One summary line per form.
    assert_eq!(
        text.lines().filter(|l| l.contains("个指标")).count(),
        4,
        "{text}"
    );
}

#[test]
fn standard_input_without_a_form_is_an_error() {
    let mut child = Command::new(BIN)
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("今天天气很好。\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("-:1: error[P001]"), "{text}");
}

#[test]
fn unreadable_files_exit_with_2_and_say_why() {
    let out = Command::new(BIN)
        .args(["check", "/no/such/form.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/form.txt"));
    let out = Command::new(BIN).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(BIN).args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn several_files_give_one_report_each() {
    let a = seed("changshou-target-table.txt");
    let b = seed("yanchi-2022-target-approval.txt");
    let out = Command::new(BIN)
        .args(["check", "--json", &a, &b])
        .output()
        .unwrap();
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 2);
    assert_eq!(items[1]["file"], b.as_str());
    assert_eq!(items[1]["report"]["forms"].as_array().unwrap().len(), 3);
}

#[test]
fn list_rules_prints_the_registry() {
    let out = Command::new(BIN)
        .args(["check", "--list-rules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), jixiao::core::rules::RULES.len());
    assert!(
        text.lines().any(|l| l.starts_with("W001\terror\t")),
        "{text}"
    );
}

#[test]
fn profiles_are_read_and_bad_ones_refused() {
    let path = seed("fushun-2021-self-evaluation.txt");
    let out = Command::new(BIN)
        .args(["check", "--profile", "20+80", "--json", &path])
        .output()
        .unwrap();
    // Under 20 + 80 the forms whose indicators carry 90 points (the first department form,
    // line 41, and both project forms, lines 261 and 312) carry 10 too many: E004 on each,
    // beside the one the default 10 + 90 raises on the cut second department form (29 points).
    let e004_lines = |out: &std::process::Output| -> Vec<u64> {
        let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        items[0]["report"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "E004")
            .map(|d| d["lines"][0].as_u64().unwrap())
            .collect()
    };
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(e004_lines(&out), vec![41, 131, 261, 312]);
    let out = Command::new(BIN)
        .args(["check", "--json", &path])
        .output()
        .unwrap();
    assert_eq!(e004_lines(&out), vec![131]);
    let out = Command::new(BIN)
        .args(["check", "--profile", "30+80", &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("10+90"));
}

#[test]
fn errors_exit_with_1_and_summaries_show_the_scores() {
    let out = Command::new(BIN)
        .args(["check", &seed("changshou-target-table.txt")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "F001 and W001 are errors");
    let out = Command::new(BIN)
        .args(["check", &seed("fushun-2021-self-evaluation.txt")])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // 90 + 10 × 222.57 / 726.39 = 93.06, stated 93.
    assert!(text.contains("总分 93（计算 93.06，优）"), "{text}");
}
