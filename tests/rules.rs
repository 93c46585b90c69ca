//! The checker: every rule of the registry has a fixture that fires it and one that stays
//! silent (`tests/fixtures/rules/<CODE>-fires.txt`, `<CODE>-silent.txt`, whose first line says
//! what it should emit; the cross-form rules X, which compare two forms, have theirs in
//! `tests/fixtures/desk/` and `tests/desk.rs`); the seeds' real defects are flagged and nothing else is; the fushun
//! scores match the figures worked out by hand.

use std::path::PathBuf;

use jixiao::core::rules::RULES;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Codes emitted for a fixture (its first line, the expectation, left out).
fn codes_of(text: &str) -> Vec<String> {
    let body = text.split_once('\n').map_or("", |(_, rest)| rest);
    jixiao::check(body)
        .diagnostics
        .into_iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn every_rule_has_a_fixture_that_fires_and_one_that_stays_silent() {
    let dir = root().join("rules");
    let mut failures = Vec::new();
    // The cross-form rules compare a self-evaluation with its target form: tests/desk.rs.
    for rule in RULES.iter().filter(|r| !r.cross_form()) {
        for (suffix, fires) in [("fires", true), ("silent", false)] {
            let path = dir.join(format!("{}-{suffix}.txt", rule.code));
            let Ok(text) = std::fs::read_to_string(&path) else {
                failures.push(format!("{}: no {}", rule.code, path.display()));
                continue;
            };
            let first = text.lines().next().unwrap_or("");
            let said = if fires {
                format!("expect: {}", rule.code)
            } else {
                format!("expect: no {}", rule.code)
            };
            assert!(
                first.contains(&said),
                "{}: first line should say “{said}”, says “{first}”",
                path.display()
            );
            let codes = codes_of(&text);
            if codes.iter().any(|c| c == rule.code) != fires {
                failures.push(format!("{}-{suffix}: emitted {codes:?}", rule.code));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every fixture belongs to a registered rule (no stray or misnamed file).
#[test]
fn every_fixture_names_a_rule() {
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let code = name.split('-').next().unwrap();
        assert!(RULES.iter().any(|r| r.code == code), "{name} names no rule");
    }
}

fn diagnostics(seed: &str) -> Vec<(String, usize)> {
    let text = std::fs::read_to_string(root().join("seeds").join(seed)).unwrap();
    jixiao::check(&text)
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.lines[0]))
        .collect()
}

fn expect(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(c, l)| (c.to_string(), *l)).collect()
}

/// Every diagnostic the seeds give, each read against the form by hand (the closing note
/// gives the verdict on each): FORMS.md's real defects — changshou's 2nd form without 项目总额,
/// its 4th with 本年权重 80 + 10 = 90, luan's 奖励500万 in a 93 万元 project and its last
/// satisfaction indicator without 本年度指标值, yanchi's 据实报销 cost and its costs covering
/// 64.6 of 68 万元, luan's annual goal cut short at `…业务基`, its 生态效益指标 rows with
/// nothing under them — the garbled categories (可持续发展指标, 双目标, 经济双星指标, 生态双血指标),
/// and the vague targets (程度提高, 及时, 长期, 效果显著 …) and bare 定性 codes.
#[test]
fn the_seeds_give_their_real_defects_and_nothing_else() {
    assert_eq!(
        diagnostics("changshou-target-table.txt"),
        expect(&[
            ("V009", 39),
            ("F001", 43),
            ("P004", 75),
            ("S007", 80),
            ("V009", 80),
            ("V009", 119),
            ("W001", 154),
            ("V009", 155),
            ("V009", 156),
        ])
    );
    assert_eq!(
        diagnostics("luan-2021-target-declaration.txt"),
        expect(&[
            ("V007", 21),
            ("V001", 31),
            ("V002", 33),
            ("V002", 34),
            ("S005", 36),
            ("S007", 38),
            ("V002", 38),
            ("V002", 39),
            ("V002", 40),
            ("V001", 42),
            ("P003", 57),
            ("V006", 72),
            ("S005", 78),
        ])
    );
    assert_eq!(
        diagnostics("yanchi-2022-target-approval.txt"),
        expect(&[
            ("V002", 21),
            ("C002", 22),
            ("V002", 26),
            ("V002", 27),
            ("V006", 47),
            ("V002", 48),
            ("V002", 49),
            ("V002", 73),
            ("V002", 84),
            ("V002", 85),
            ("V002", 86),
            ("V002", 87),
        ])
    );
    assert_eq!(
        diagnostics("fushun-2021-self-evaluation.txt"),
        expect(&[
            ("E010", 3),
            ("V002", 73),
            ("F006", 112),
            ("E004", 131),
            ("S007", 199),
            ("S007", 218),
            ("S002", 261),
            ("E010", 289),
            ("V002", 331),
            ("S007", 346),
            ("S007", 355),
        ])
    );
}

/// FORMS.md's cross-checks that pass: luan's 2nd form's costs add up to its funds exactly
/// (15+45+30+260 = 350 中期; 5+15+10+50 = 80 年度), yanchi's 3rd to exactly 72 万元; the fushun
/// project forms' rate, D and total agree with A, B, C (no E001, E002, E005).
#[test]
fn the_cross_checks_that_pass_stay_silent() {
    let luan = diagnostics("luan-2021-target-declaration.txt");
    assert!(
        luan.iter().all(|(c, l)| !(c.starts_with('C') && *l > 44)),
        "{luan:?}"
    );
    let yanchi = diagnostics("yanchi-2022-target-approval.txt");
    assert!(
        yanchi.iter().all(|(c, l)| !(c.starts_with('C') && *l > 52)),
        "{yanchi:?}"
    );
    let fushun = diagnostics("fushun-2021-self-evaluation.txt");
    assert!(
        fushun
            .iter()
            .all(|(c, _)| !matches!(c.as_str(), "E001" | "E002" | "E005")),
        "{fushun:?}"
    );
}

/// The yanchi costs: 576000 + 38000 + 18000 + 14000 元 = 64.6 万元 of 68 万元 (95.0%).
#[test]
fn the_yanchi_costs_are_summed_in_wan() {
    let text =
        std::fs::read_to_string(root().join("seeds/yanchi-2022-target-approval.txt")).unwrap();
    let report = jixiao::check(&text);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "C002")
        .unwrap();
    assert!(
        d.message.contains("64.6") && d.message.contains("68") && d.message.contains("95.0%"),
        "{}",
        d.message
    );
    let v = report.diagnostics.iter().find(|d| d.code == "V007");
    assert!(v.is_none());
}

/// luan's reward: 500 万 in a 93 万元 project.
#[test]
fn the_luan_reward_is_above_the_annual_total() {
    let text =
        std::fs::read_to_string(root().join("seeds/luan-2021-target-declaration.txt")).unwrap();
    let report = jixiao::check(&text);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "V007")
        .unwrap();
    assert_eq!((d.form, d.lines[0]), (0, 21));
    assert!(
        d.message.contains("500") && d.message.contains("93"),
        "{}",
        d.message
    );
}

/// FORMS.md's W001 message names the figures: 80 + 10 = 90.
#[test]
fn the_weight_message_names_the_figures() {
    let text = std::fs::read_to_string(root().join("seeds/changshou-target-table.txt")).unwrap();
    let report = jixiao::check(&text);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "W001")
        .unwrap();
    assert_eq!(d.form, 3);
    assert!(
        d.message.contains("80") && d.message.contains("10") && d.message.contains("90"),
        "{}",
        d.message
    );
}

/// Every self-evaluation and fragment of the fushun seed: scores stated and computed, against
/// the figures worked out by hand in tests/fixtures/gold (NOTES.md shows the arithmetic), e.g.
/// 222.57 / 726.39 = 30.64%, D = 10 × 30.64% = 3.06, total 90 + 3.06 = 93.06 (stated 93).
#[test]
fn fushun_scores_stated_and_computed() {
    let text =
        std::fs::read_to_string(root().join("seeds/fushun-2021-self-evaluation.txt")).unwrap();
    let gold: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("gold/fushun-2021-self-evaluation.expected.json"))
            .unwrap(),
    )
    .unwrap();
    let report = jixiao::check(&text);
    assert_eq!(report.forms.len(), gold.len());
    for (k, (form, g)) in report.forms.iter().zip(&gold).enumerate() {
        let got = serde_json::to_value(&form.scores).unwrap();
        let want = &g["scores"];
        for key in ["execution_rate", "budget_score", "indicator_score", "total"] {
            for side in ["stated", "computed"] {
                let (a, b) = (&want[key][side], &got[key][side]);
                let same = match (a.as_f64(), b.as_f64()) {
                    (Some(x), Some(y)) => (x - y).abs() < 1e-9,
                    _ => a.is_null() && b.is_null(),
                };
                assert!(same, "form {} {key}.{side}: expected {a} got {b}", k + 1);
            }
        }
        assert_eq!(want["grade"], got["grade"], "form {} grade", k + 1);
        assert_eq!(
            want["budget_points"].as_f64(),
            got["budget_points"].as_f64(),
            "form {} budget points",
            k + 1
        );
    }
}

/// fushun's second department form: its tasks add to 3155.55 against a stated 3155.54 — a
/// rounding difference (F006, info), not an error; the first form's income and spending lines
/// add up (924.93 + 220.69 = 1145.62; 235.32 + 36.62 + 0.06 = 272) and raise nothing.
#[test]
fn fushun_department_sums() {
    let text =
        std::fs::read_to_string(root().join("seeds/fushun-2021-self-evaluation.txt")).unwrap();
    let report = jixiao::check(&text);
    let f006: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "F006")
        .collect();
    assert_eq!(f006.len(), 1);
    assert_eq!(f006[0].form, 1);
    assert_eq!(f006[0].severity, jixiao::Severity::Info);
    assert!(
        f006[0].message.contains("3155.55") && f006[0].message.contains("3155.54"),
        "{}",
        f006[0].message
    );
    assert!(!report
        .diagnostics
        .iter()
        .any(|d| d.code == "F004" || d.code == "F005"));
}

/// The target quality rubric on changshou (this tool's own, not official): 25 points each for
/// completeness, measurability, consistency and plausibility; F001 and W001 cost 10, each bare
/// 定性 code (V009) 2. Form 1: 100 − 2 = 98; form 2: 100 − 10 − 2 = 88; form 3: 98; form 4:
/// 100 − 10 − 2 × 2 = 86. Every lost point names its diagnostic.
#[test]
fn target_quality_traces_every_lost_point() {
    let text = std::fs::read_to_string(root().join("seeds/changshou-target-table.txt")).unwrap();
    let report = jixiao::check(&text);
    let scores: Vec<f64> = report
        .forms
        .iter()
        .map(|f| f.quality.as_ref().unwrap().score)
        .collect();
    assert_eq!(scores, vec![98.0, 88.0, 98.0, 86.0]);
    for (i, f) in report.forms.iter().enumerate() {
        let q = f.quality.as_ref().unwrap();
        let lost: f64 = q
            .parts
            .iter()
            .flat_map(|p| p.lost.iter().map(|l| l.2))
            .sum();
        assert_eq!(q.score + lost, 100.0);
        for p in &q.parts {
            for (d, code, _) in &p.lost {
                assert_eq!(&report.diagnostics[*d].code, code);
                assert_eq!(report.diagnostics[*d].form, i);
            }
        }
    }
    // Self-evaluations carry no target quality score.
    let text =
        std::fs::read_to_string(root().join("seeds/fushun-2021-self-evaluation.txt")).unwrap();
    assert!(jixiao::check(&text)
        .forms
        .iter()
        .all(|f| f.quality.is_none()));
}

/// FORMS.md's defects, one assertion each (form index, line, code).
#[test]
fn forms_md_defects_one_by_one() {
    let at = |seed: &str, code: &str| -> Vec<(usize, usize)> {
        let text = std::fs::read_to_string(root().join("seeds").join(seed)).unwrap();
        jixiao::check(&text)
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| (d.form, d.lines[0]))
            .collect()
    };
    // changshou, 2nd form: 项目总额 blank although the project has targets and weights.
    assert_eq!(at("changshou-target-table.txt", "F001"), vec![(1, 43)]);
    // changshou, 4th form: 本年权重 80 + 预算执行率权重 10 ≠ 100 (权重 90 + 10 is fine).
    assert_eq!(at("changshou-target-table.txt", "W001"), vec![(3, 154)]);
    // luan, 1st form: 奖励500万 in a 93 万元 project; its last satisfaction indicator has no
    // 本年度指标值 (line 42; line 31's 项目总成本 has none either).
    assert_eq!(
        at("luan-2021-target-declaration.txt", "V007"),
        vec![(0, 21)]
    );
    assert_eq!(
        at("luan-2021-target-declaration.txt", "V001"),
        vec![(0, 31), (0, 42)]
    );
    // luan, 2nd form: costs add up to the funds exactly — no C001, no C002.
    assert!(at("luan-2021-target-declaration.txt", "C001").is_empty());
    assert!(at("luan-2021-target-declaration.txt", "C002").is_empty());
    // yanchi: 64.6 of 68 万元 (C002, first form); second form's cost is 据实报销 (V006); third
    // adds up to exactly 72 万元.
    assert_eq!(at("yanchi-2022-target-approval.txt", "C002"), vec![(0, 22)]);
    assert_eq!(at("yanchi-2022-target-approval.txt", "V006"), vec![(1, 47)]);
    // fushun: rates, D and totals agree (E001, E002, E005 silent); the second department
    // form's tasks 3155.55 against 3155.54 is a rounding (F006, not F005).
    for code in ["E001", "E002", "E005", "F004", "F005"] {
        assert!(
            at("fushun-2021-self-evaluation.txt", code).is_empty(),
            "{code}"
        );
    }
    assert_eq!(
        at("fushun-2021-self-evaluation.txt", "F006"),
        vec![(1, 112)]
    );
}

/// A 二级 written under a 一级 it does not belong to (the merged 满意度指标 cell carried down
/// onto 社会效益指标) keeps the form's 一级, and S004 says so; the row is not moved.
#[test]
fn a_level2_under_another_level1_keeps_it_and_is_flagged() {
    let text = "部门项目支出预算绩效目标批复表\n(2022年度)\n项目名称\t测试项目\n\
        项目资金 (万元)\t年度资金总额:\t20\n\t其中:财政拨款\t20\n\
        名称\t一级指标\t二级指标\t三级指标\t指标值\n\
        \t产出指标\t数量指标\t培训人数\t≥100人\n\
        \t满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\n\
        \t\t社会效益指标\t宣传覆盖率\t≥95%\n";
    let report = jixiao::check(text);
    let form = &report.forms[0];
    let moved = &form.indicators[2];
    assert_eq!(moved.name, "宣传覆盖率");
    assert_eq!(moved.level1, "满意度指标");
    assert_eq!(moved.level2.as_deref(), Some("社会效益指标"));
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == "S004" && d.lines[0] == 9));
}

/// A total line that states the 分值 sum beside the score (`总分 | | | 100 | 93`) is read by
/// its columns: the score is the figure under 得分.
#[test]
fn a_total_line_is_read_by_its_columns() {
    let text = "项目支出绩效自评表\n(2023年度)\n项目名称\t测试项目\n\
        一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
        产出指标\t数量指标\t培训人数\t≥100人\t120人\t90\t90\n\
        总分\t\t\t\t\t100\t93\n";
    let report = jixiao::parse(text);
    let scores = report.forms[0].scores.as_ref().unwrap();
    assert_eq!(scores.total.stated, Some(93.0));
}
