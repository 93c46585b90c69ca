//! The reviewer's desk (`core::desk`): the cross-form rules X001–X006 on hand-written pairs of a
//! target form and a self-evaluation of one project (`tests/fixtures/desk/`, described in its
//! README.md), the matching of forms across files, and the summary rows.
//!
//! `target.txt` is changshou's first 绩效目标表 (code 50011522T000002056269, 170 万元, six
//! indicators with 权重 10/15/10/15/20/20 and 预算执行率权重 10); `self-evaluation.txt` is the
//! 2021 项目支出绩效自评表 of the same project that changes nothing; every `X…-fires.txt` and
//! `X…-silent.txt` is that self-evaluation with one change. The expected findings below are read
//! off the fixture text.

use std::path::PathBuf;

use jixiao::core::desk::{self, ProjectKey};
use jixiao::core::rules::RULES;
use jixiao::{Report, Severity};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn text(name: &str) -> String {
    std::fs::read_to_string(dir().join("desk").join(name)).unwrap()
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(dir().join("seeds").join(name)).unwrap()
}

/// The files checked, each under its name.
fn checked(files: &[(&str, String)]) -> Vec<(String, Report)> {
    files
        .iter()
        .map(|(name, text)| (name.to_string(), jixiao::check(text)))
        .collect()
}

fn refs(reports: &[(String, Report)]) -> Vec<(&str, &Report)> {
    reports.iter().map(|(f, r)| (f.as_str(), r)).collect()
}

/// What cross-checking the named desk fixtures finds: (file, code, first line, indicator).
fn found(names: &[&str]) -> Vec<(String, String, usize, Option<usize>)> {
    let files: Vec<(&str, String)> = names.iter().map(|n| (*n, text(n))).collect();
    let reports = checked(&files);
    desk::cross_check(&refs(&reports))
        .into_iter()
        .map(|(r, d)| (names[r].to_string(), d.code, d.lines[0], d.indicator))
        .collect()
}

fn x(
    file: &str,
    code: &str,
    line: usize,
    indicator: Option<usize>,
) -> (String, String, usize, Option<usize>) {
    (file.to_string(), code.to_string(), line, indicator)
}

/// Every fixture reads as one project self-evaluation of six (five, seven) indicators, as
/// written: the pairs test what they mean to test.
#[test]
fn the_fixtures_read_as_written() {
    let target = &jixiao::check(&text("target.txt")).forms[0];
    assert_eq!(target.kind, jixiao::Kind::TargetTable);
    assert_eq!(
        target.project_code.as_deref(),
        Some("50011522T000002056269")
    );
    assert_eq!(target.funds.total, Some(170.0));
    let names = [
        "居民医保待遇发放准确率",
        "定点医药机构监督检查覆盖率",
        "职工医保待遇补贴发放准确率",
        "医保基金有效节约",
        "医疗机构满意度",
        "参保人员对医保服务的满意度",
    ];
    let got: Vec<&str> = target.indicators.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(got, names);

    let report = jixiao::check(&text("self-evaluation.txt"));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let e = &report.forms[0];
    assert_eq!(e.kind, jixiao::Kind::ProjectSelfEvaluation);
    assert_eq!(e.year, Some(2021));
    assert_eq!(
        (e.funds.initial, e.funds.total, e.funds.executed),
        (Some(170.0), Some(170.0), Some(161.5))
    );
    let rows: Vec<(&str, &str, &str, f64, f64, usize)> = e
        .indicators
        .iter()
        .map(|i| {
            (
                i.level1.as_str(),
                i.name.as_str(),
                i.target.as_deref().unwrap(),
                i.weight.unwrap(),
                i.score.unwrap(),
                i.line,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("产出指标", names[0], "≥95%", 10.0, 10.0, 19),
            ("产出指标", names[1], "=100%", 15.0, 15.0, 20),
            ("产出指标", names[2], "≥95%", 10.0, 10.0, 21),
            ("效益指标", names[3], "2", 15.0, 15.0, 22),
            ("满意度指标", names[4], "≥95%", 20.0, 20.0, 23),
            ("满意度指标", names[5], "≥90%", 20.0, 20.0, 24),
        ]
    );
    let s = e.scores.as_ref().unwrap();
    // 161.5 / 170 = 95%; D = 10 × 95% = 9.5; 90 + 9.5 = 99.5.
    assert_eq!(s.total.stated, Some(99.5));
    assert_eq!(s.total.computed, Some(99.5));

    for name in std::fs::read_dir(dir().join("desk")).unwrap() {
        let name = name.unwrap().file_name().into_string().unwrap();
        if !name.starts_with('X') && !name.starts_with("match-") {
            continue;
        }
        let report = jixiao::check(&text(&name));
        assert_eq!(report.forms.len(), 1, "{name}");
        let f = &report.forms[0];
        assert_eq!(f.kind, jixiao::Kind::ProjectSelfEvaluation, "{name}");
        assert!((5..=7).contains(&f.indicators.len()), "{name}");
    }
}

/// Every cross-form rule of the registry has a fixture that fires it against target.txt and one
/// that does not.
#[test]
fn every_cross_form_rule_fires_and_stays_silent() {
    let cross: Vec<&str> = RULES
        .iter()
        .filter(|r| r.cross_form())
        .map(|r| r.code)
        .collect();
    assert_eq!(cross, ["X001", "X002", "X003", "X004", "X005", "X006"]);
    let mut failures = Vec::new();
    for code in cross {
        for (suffix, fires) in [("fires", true), ("silent", false)] {
            let name = format!("{code}-{suffix}.txt");
            let codes: Vec<String> = found(&["target.txt", &name])
                .into_iter()
                .map(|f| f.1)
                .collect();
            if codes.iter().any(|c| c == code) != fires {
                failures.push(format!("{name}: {codes:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each variant gives exactly the findings its one change calls for, at the self-evaluation's
/// line and indicator; the unchanged pair gives none.
#[test]
fn each_variant_gives_exactly_its_findings() {
    let t = "target.txt";
    let cases: Vec<(&str, Vec<_>)> = vec![
        ("self-evaluation.txt", vec![]),
        // 职工医保待遇补贴发放准确率 (target line 38) dropped: pointed at the 产出 rows, 19–20.
        (
            "X001-fires.txt",
            vec![x("X001-fires.txt", "X001", 19, None)],
        ),
        // 医疗机构满意度 filed under 效益指标: still found by its name.
        ("X001-silent.txt", vec![]),
        // 医保经办业务按时办结率 added on line 21, the third indicator.
        (
            "X002-fires.txt",
            vec![x("X002-fires.txt", "X002", 21, Some(2))],
        ),
        // `定点医药机构 监督检查覆盖率`, `参保人员对医保服务的满意度。`: the same names.
        ("X002-silent.txt", vec![]),
        // 居民医保待遇发放准确率 ≥90% against ≥95%.
        (
            "X003-fires.txt",
            vec![x("X003-fires.txt", "X003", 19, Some(0))],
        ),
        // 95%以上, 100%, 不低于95%, ≥95百分比, ≥90％: the approved targets, written otherwise.
        ("X003-silent.txt", vec![]),
        // 分值 15 and 10 where 权重 are 10 and 15 (both sum to 90).
        (
            "X004-fires.txt",
            vec![
                x("X004-fires.txt", "X004", 19, Some(0)),
                x("X004-fires.txt", "X004", 20, Some(1)),
            ],
        ),
        // 20 + 80: 分值 9/13/9/13/18/18 = 80 against 权重 90, another scale.
        ("X004-silent.txt", vec![]),
        // 全年预算数 150 against 170.
        ("X005-fires.txt", vec![x("X005-fires.txt", "X005", 9, None)]),
        // 169.99 against 170: within 0.01 万元.
        ("X005-silent.txt", vec![]),
        // 年初 170 as approved, 全年 200.
        ("X006-fires.txt", vec![x("X006-fires.txt", "X006", 9, None)]),
        // 年初 160 and 全年 200: neither is 170.
        (
            "X006-silent.txt",
            vec![x("X006-silent.txt", "X005", 9, None)],
        ),
    ];
    for (name, want) in cases {
        assert_eq!(found(&[t, name]), want, "{name}");
        // The pair in the other order finds the same.
        assert_eq!(found(&[name, t]), want, "{name}, given first");
    }
}

/// The messages name the figures and both forms (file and line); severities, fields and the
/// indicator follow the registry.
#[test]
fn messages_name_the_figures_and_both_forms() {
    let diag = |name: &str| {
        let reports = checked(&[("target.txt", text("target.txt")), (name, text(name))]);
        let mut found = desk::cross_check(&refs(&reports));
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        let (r, d) = found.remove(0);
        assert_eq!(r, 1);
        assert_eq!(d.form, 0);
        assert!(!d.message_en.is_empty() && d.help.is_some());
        d
    };
    let d = diag("X001-fires.txt");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.lines, [19, 20]);
    assert_eq!(d.field.as_deref(), Some("indicators"));
    for part in [
        "职工医保待遇补贴发放准确率",
        "≥95%",
        "target.txt:38",
        "X001-fires.txt:2",
    ] {
        assert!(d.message.contains(part), "{part}: {}", d.message);
    }
    let d = diag("X002-fires.txt");
    for part in [
        "医保经办业务按时办结率",
        "≥98%",
        "target.txt:3",
        "X002-fires.txt:21",
    ] {
        assert!(d.message.contains(part), "{part}: {}", d.message);
    }
    let d = diag("X003-fires.txt");
    assert_eq!(d.field.as_deref(), Some("target"));
    for part in [
        "居民医保待遇发放准确率",
        "≥90%",
        "≥95%",
        "target.txt:36",
        "X003-fires.txt:19",
    ] {
        assert!(d.message.contains(part), "{part}: {}", d.message);
    }
    assert!(d.message_en.contains("≥90%") && d.message_en.contains("target.txt:36"));
    let d = diag("X005-fires.txt");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.field.as_deref(), Some("funds.total"));
    for part in ["150", "170", "相差 20", "target.txt:3", "X005-fires.txt:9"] {
        assert!(d.message.contains(part), "{part}: {}", d.message);
    }
    let d = diag("X006-fires.txt");
    assert_eq!(d.severity, Severity::Info);
    for part in ["200", "170", "年初预算数 170"] {
        assert!(d.message.contains(part), "{part}: {}", d.message);
    }
    let reports = checked(&[
        ("target.txt", text("target.txt")),
        ("X004-fires.txt", text("X004-fires.txt")),
    ]);
    let found = desk::cross_check(&refs(&reports));
    let d = &found[0].1;
    assert_eq!(d.field.as_deref(), Some("weight"));
    for part in [
        "居民医保待遇发放准确率",
        "分值为 15",
        "权重为 10",
        "target.txt:36",
    ] {
        assert!(d.message.contains(part), "{part}: {}", d.message);
    }
}

/// A pair in one text: the self-evaluation is the report's second form, its lines follow the
/// 41 lines of the target form.
#[test]
fn a_pair_in_one_text_is_checked_too() {
    let both = format!("{}{}", text("target.txt"), text("X003-fires.txt"));
    let reports = checked(&[("both.txt", both)]);
    let found = desk::cross_check(&refs(&reports));
    assert_eq!(found.len(), 1);
    let (r, d) = &found[0];
    assert_eq!(
        (*r, d.form, d.indicator, d.lines),
        (0, 1, Some(0), [60, 60])
    );
    assert!(d.message.contains("both.txt:36") && d.message.contains("both.txt:60"));
}

/// Matching: by code (whatever the name and unit), by normalised name and unit, never across
/// units or codes that differ; a 批复表 before a 目标表; years that differ never match.
#[test]
fn forms_match_by_code_or_by_name_and_unit() {
    let target = jixiao::check(&text("target.txt"));
    assert_eq!(
        desk::project_key(&target.forms[0]),
        Some(ProjectKey::Code {
            code: "50011522T000002056269".into()
        })
    );
    let by_name = jixiao::check(&text("match-by-name.txt"));
    // 2021年医保服务与保障能力提升项目(2021年) of 重庆市长寿区医疗保障局; the target's name
    // 医保服务与保障能力提升(医保服务能力提升) of 重庆市长寿区医疗保障局(本级).
    let key = ProjectKey::Name {
        name: "医保服务与保障能力提升".into(),
        unit: "重庆市长寿区医疗保障局".into(),
    };
    assert_eq!(desk::project_key(&by_name.forms[0]), Some(key));

    let matched = |names: &[&str]| -> Vec<(usize, usize)> {
        let files: Vec<(&str, String)> = names.iter().map(|n| (*n, text(n))).collect();
        let reports = checked(&files);
        desk::matches(&refs(&reports))
            .into_iter()
            .map(|m| (m.evaluation.report, m.target.report))
            .collect()
    };
    assert_eq!(matched(&["target.txt", "self-evaluation.txt"]), [(1, 0)]);
    assert_eq!(matched(&["target.txt", "match-by-code.txt"]), [(1, 0)]);
    assert_eq!(matched(&["target.txt", "match-by-name.txt"]), [(1, 0)]);
    assert!(matched(&["target.txt", "match-other-unit.txt"]).is_empty());
    assert!(matched(&["target.txt", "match-other-code.txt"]).is_empty());
    // Alone, a self-evaluation has nothing to be compared with, and nothing is said.
    assert!(matched(&["self-evaluation.txt"]).is_empty());
    assert!(found(&["self-evaluation.txt"]).is_empty());
    assert!(found(&["target.txt", "match-other-unit.txt"]).is_empty());

    // The 批复表 (居民医保待遇发放准确率 ≥98%) is preferred to the 目标表 (≥95%), given before or
    // after it.
    let three = ["target.txt", "approval.txt", "self-evaluation.txt"];
    assert_eq!(matched(&three), [(2, 1)]);
    assert_eq!(
        matched(&["approval.txt", "self-evaluation.txt", "target.txt"]),
        [(1, 0)]
    );
    assert_eq!(
        found(&three),
        [x("self-evaluation.txt", "X003", 19, Some(0))]
    );
    // A 批复表 of 2022 is not the 2021 self-evaluation's: the year-less 目标表 is.
    let files = [
        ("target.txt", text("target.txt")),
        ("approval.txt", text("approval.txt").replace("2021", "2022")),
        ("self-evaluation.txt", text("self-evaluation.txt")),
    ];
    let reports = checked(&files);
    let m = desk::matches(&refs(&reports));
    assert_eq!((m.len(), m[0].target.report), (1, 0));
    assert!(desk::cross_check(&refs(&reports)).is_empty());
}

/// Department-wide forms match by department and year: the fushun seed's 2021 整体自评表 of
/// 抚顺市医疗保障局 (its first form) with the 2021 部门整体支出绩效目标表, not the 2022 one; its
/// second department (抚顺市医疗保障事务服务中心) with neither. Department pairs are matched, not
/// compared.
#[test]
fn department_forms_match_by_department_and_year() {
    let files = [
        ("dept-target-2022.txt", text("dept-target-2022.txt")),
        ("fushun.txt", seed("fushun-2021-self-evaluation.txt")),
        ("dept-target-2021.txt", text("dept-target-2021.txt")),
    ];
    let reports = checked(&files);
    assert_eq!(
        desk::project_key(&reports[2].1.forms[0]),
        Some(ProjectKey::Department {
            department: "抚顺市医疗保障局".into(),
            year: 2021
        })
    );
    let m = desk::matches(&refs(&reports));
    let pairs: Vec<_> = m
        .iter()
        .map(|m| ((m.evaluation.report, m.evaluation.form), m.target.report))
        .collect();
    assert_eq!(pairs, [((1, 0), 2)]);
    assert!(desk::cross_check(&refs(&reports)).is_empty());
    let rows = desk::summaries(&refs(&reports));
    let row = |file: &str, form: usize| {
        rows.iter()
            .find(|r| r.file == file && r.form == form)
            .unwrap()
    };
    assert_eq!(
        row("fushun.txt", 0).matched_with,
        Some(("dept-target-2021.txt".into(), 0))
    );
    assert_eq!(
        row("dept-target-2021.txt", 0).matched_with,
        Some(("fushun.txt".into(), 0))
    );
    assert_eq!(row("fushun.txt", 1).matched_with, None);
    assert_eq!(row("dept-target-2022.txt", 0).matched_with, None);
}

/// The summary: one row per form, with the report's counts and codes, and after the cross-form
/// findings are merged, theirs too.
#[test]
fn summary_rows_count_what_each_form_has() {
    let mut reports = checked(&[
        ("target.txt", text("target.txt")),
        ("X005-fires.txt", text("X005-fires.txt")),
        ("fushun.txt", seed("fushun-2021-self-evaluation.txt")),
    ]);
    assert_eq!(desk::add_cross_findings(&mut reports), 1);
    let rows = desk::summaries(&refs(&reports));
    assert_eq!(rows.len(), 1 + 1 + 15);
    let t = &rows[0];
    // changshou's first form: one bare 定性 code (V009, info); quality 100 − 2 = 98.
    assert_eq!(
        (t.errors, t.warnings, t.infos, t.codes.clone()),
        (0, 0, 1, vec!["V009".to_string()])
    );
    assert_eq!(t.quality, Some(98.0));
    assert_eq!(t.funds_total, Some(170.0));
    assert_eq!(t.indicators, 6);
    assert_eq!(t.matched_with, Some(("X005-fires.txt".into(), 0)));
    let e = &rows[1];
    assert_eq!(e.kind, jixiao::Kind::ProjectSelfEvaluation);
    assert_eq!(
        (e.errors, e.warnings, e.infos, e.codes.clone()),
        (1, 0, 0, vec!["X005".to_string()])
    );
    assert_eq!(e.funds_total, Some(150.0));
    // 142.5 / 150 = 95%: 90 + 9.5.
    assert_eq!((e.total_stated, e.total_computed), (Some(99.5), Some(99.5)));
    assert_eq!(e.grade.as_deref(), Some("优"));
    assert_eq!(e.matched_with, Some(("target.txt".into(), 0)));
    // fushun's 11th form (index 10): 93 stated, 93.06 computed; S002 and E010 … as the rules say.
    let f = &rows[12];
    assert_eq!((f.file.as_str(), f.form), ("fushun.txt", 10));
    assert_eq!(
        (f.total_stated, f.total_computed),
        (Some(93.0), Some(93.06))
    );
    assert_eq!(f.matched_with, None);
    // The rows count exactly the report's diagnostics.
    for (file, report) in &reports {
        for r in rows.iter().filter(|r| &r.file == file) {
            let of: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.form == r.form)
                .collect();
            assert_eq!(r.errors + r.warnings + r.infos, of.len());
        }
    }
}

/// The page's desk counts the cross-form findings without merging them into copies of the
/// reports: the rows are those of merging first.
#[test]
fn summary_rows_count_cross_findings_unmerged_as_merged() {
    let files = [
        ("target.txt", text("target.txt")),
        ("X001-fires.txt", text("X001-fires.txt")),
        ("X003-fires.txt", text("X003-fires.txt")),
        ("X005-fires.txt", text("X005-fires.txt")),
        ("fushun.txt", seed("fushun-2021-self-evaluation.txt")),
    ];
    let plain = checked(&files);
    let cross = desk::cross_check(&refs(&plain));
    // X001, X003 and X005 each once, on the self-evaluations (reports 1, 2, 3).
    let mut codes: Vec<(usize, &str)> = cross.iter().map(|(r, d)| (*r, d.code.as_str())).collect();
    codes.sort();
    assert_eq!(codes, [(1, "X001"), (2, "X003"), (3, "X005")]);
    let counted = desk::summaries_counting(&refs(&plain), &cross);
    let mut merged = plain.clone();
    desk::add_cross_findings(&mut merged);
    assert_eq!(counted, desk::summaries(&refs(&merged)));
    assert!(counted[1].codes.contains(&"X001".to_string()));
}

/// Text pasted in the page has no file name: the findings name lines alone.
#[test]
fn findings_across_unnamed_text_name_lines() {
    let both = format!("{}{}", text("target.txt"), text("X003-fires.txt"));
    let reports = checked(&[("", both)]);
    let found = desk::cross_check(&refs(&reports));
    assert_eq!(found.len(), 1);
    let d = &found[0].1;
    assert!(
        d.message.contains("第 36 行") && d.message.contains("第 60 行"),
        "{}",
        d.message
    );
    assert!(
        d.message_en.contains("line 36") && d.message_en.contains("line 60"),
        "{}",
        d.message_en
    );
    assert!(!d.message.contains("（:"), "{}", d.message);
}

/// Merged findings keep the report in source order and the quality rubric's references right.
#[test]
fn merged_findings_keep_source_order() {
    let both = format!("{}{}", text("target.txt"), text("X004-fires.txt"));
    let mut reports = checked(&[("both.txt", both)]);
    assert_eq!(desk::add_cross_findings(&mut reports), 2);
    let report = &reports[0].1;
    let keys: Vec<(usize, usize)> = report
        .diagnostics
        .iter()
        .map(|d| (d.lines[0], d.form))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let q = report.forms[0].quality.as_ref().unwrap();
    for p in &q.parts {
        for (d, code, _) in &p.lost {
            assert_eq!(&report.diagnostics[*d].code, code);
        }
    }
}

/// Indexing by key: a thousand self-evaluations of different projects, each with its target
/// form, and a pile of copies of one target form, match each to its own in one pass.
#[test]
fn many_forms_match_each_to_its_own() {
    let (t, e) = (text("target.txt"), text("self-evaluation.txt"));
    let mut targets = String::new();
    let mut evaluations = String::new();
    for i in 0..1000 {
        let code = format!("50011522T{i:012}");
        let name = format!("医保服务能力提升第{i}期");
        targets.push_str(
            &t.replace("50011522T000002056269", &code)
                .replace("医保服务与保障能力提升", &name),
        );
        evaluations.push_str(
            &e.replace("50011522T000002056269", &code)
                .replace("医保服务与保障能力提升", &name),
        );
    }
    let copies = t.repeat(500);
    let reports = checked(&[
        ("copies.txt", copies),
        ("targets.txt", targets),
        ("evaluations.txt", evaluations),
    ]);
    assert_eq!(reports[1].1.forms.len(), 1000);
    let m = desk::matches(&refs(&reports));
    assert_eq!(m.len(), 1000);
    for (i, m) in m.iter().enumerate() {
        assert_eq!((m.evaluation.report, m.evaluation.form), (2, i));
        assert_eq!((m.target.report, m.target.form), (1, i));
    }
    assert!(desk::cross_check(&refs(&reports)).is_empty());
}
