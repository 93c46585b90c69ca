//! The editor's core: fields set from typed text and read back, edits undone exactly, reports
//! checked again from edited forms (`check_report`), and fix-its that clear their finding.
//!
//! Expected figures are worked out from the seeds' text (forms counted from 0, as the report
//! indexes them): changshou form 0 (医保服务与保障能力提升, indicators on lines 36–41) has 权重 and
//! 本年权重 10, 15, 10, 15, 20, 20 with 预算执行率权重 10; fushun form 10 (lines 289–344) has
//! A 726.39, B 222.57, 分值 10, 执行率 30.64%, D 3, C 90, total 93.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use jixiao::core::edit::{
    apply, blank_indicator, form_fields, get, Edit, FORM_FIELDS, INDICATOR_FIELDS,
};
use jixiao::core::fix::{fix_for, Fix};
use jixiao::core::model::{Direction, Form, Op};
use jixiao::core::score::Profile;
use jixiao::{check, check_report, check_with, parse, Diagnostic, Report};
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    "changshou-target-table",
    "fushun-2021-self-evaluation",
    "luan-2021-target-declaration",
    "yanchi-2022-target-approval",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(fixtures().join("seeds").join(format!("{name}.txt"))).unwrap()
}

/// Every text of the fixtures: the seeds, the rules' fixtures, the corpus forms.
fn all_texts() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = SEEDS.iter().map(|s| (s.to_string(), seed(s))).collect();
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(fixtures().join("rules")).unwrap() {
        paths.push(entry.unwrap().path());
    }
    for entry in std::fs::read_dir(fixtures().join("corpus")).unwrap() {
        let p = entry.unwrap().path().join("form.tsv");
        if p.exists() {
            paths.push(p);
        }
    }
    paths.sort();
    for p in paths {
        if p.extension().is_some_and(|e| e == "txt" || e == "tsv") {
            let text = std::fs::read_to_string(&p).unwrap();
            out.push((p.display().to_string(), text));
        }
    }
    out
}

fn set(form: usize, indicator: Option<usize>, field: &str, value: &str) -> Edit {
    Edit::Set {
        form,
        indicator,
        field: field.to_string(),
        value: value.to_string(),
    }
}

/// A finding as (code, form, indicator, field).
type Key = (String, usize, Option<usize>, Option<String>);

fn key(d: &Diagnostic) -> Key {
    (d.code.clone(), d.form, d.indicator, d.field.clone())
}

fn keys(r: &Report) -> Vec<Key> {
    r.diagnostics.iter().map(key).collect()
}

/// The findings of `after` that `before` does not have.
fn new_findings(before: &Report, after: &Report) -> Vec<Diagnostic> {
    let old = keys(before);
    after
        .diagnostics
        .iter()
        .filter(|d| !old.contains(&key(d)))
        .cloned()
        .collect()
}

fn default() -> Profile {
    Profile::default()
}

// ---------------------------------------------------------------------------------------------
// Re-checking without the text

#[test]
fn check_report_of_a_checked_seed_is_the_check() {
    for name in SEEDS {
        let text = seed(name);
        let checked = check(&text);
        assert_eq!(check_report(&checked, &default()), checked, "{name}");
    }
}

#[test]
fn check_report_agrees_with_check_on_every_fixture_and_profile() {
    let other = Profile::parse("20+80").unwrap();
    for (name, text) in all_texts() {
        let checked = check(&text);
        assert_eq!(check_report(&checked, &default()), checked, "{name}");
        // From the reading alone: the reader's diagnostics are exactly those kept.
        assert_eq!(check_report(&parse(&text), &default()), checked, "{name}");
        let with = check_with(&text, &other);
        assert_eq!(check_report(&parse(&text), &other), with, "{name} (20+80)");
        assert_eq!(check_report(&with, &other), with, "{name} (20+80)");
    }
}

#[test]
fn the_reader_gives_only_reading_codes() {
    for (name, text) in all_texts() {
        for d in parse(&text).diagnostics {
            assert!(
                jixiao::READING_CODES.contains(&d.code.as_str()),
                "{name}: {} from the reader",
                d.code
            );
        }
    }
}

#[test]
fn stale_computed_figures_are_cleared() {
    let text = seed("fushun-2021-self-evaluation");
    let mut report = check(&text);
    // Computed figures from an older check, and one on a target form that computes none.
    let s = report.forms[10].scores.as_mut().unwrap();
    s.total.computed = Some(1.0);
    s.grade = Some("差".into());
    report.forms[10].quality = None;
    let fresh = check_report(&report, &default());
    assert_eq!(fresh, check(&text));
    let mut target = check(&seed("changshou-target-table"));
    apply(&mut target.forms, &set(0, None, "scores.total", "50")).unwrap();
    target.forms[0].scores.as_mut().unwrap().total.computed = Some(99.0);
    let fresh = check_report(&target, &default());
    let s = fresh.forms[0].scores.as_ref().unwrap();
    assert_eq!((s.total.stated, s.total.computed), (Some(50.0), None));
}

#[test]
fn a_weight_edited_fires_w001_and_edited_back_clears_it() {
    let text = seed("changshou-target-table");
    let original = check(&text);
    let mut report = original.clone();
    // 居民医保待遇发放准确率: 权重 10 → 20, so the 权重 add up to 100 and with the budget 110.
    let undo = apply(&mut report.forms, &set(0, Some(0), "weight", "20")).unwrap();
    let rechecked = check_report(&report, &default());
    let new = new_findings(&original, &rechecked);
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].code, "W001");
    assert_eq!(new[0].field.as_deref(), Some("weight"));
    assert_eq!(new[0].form, 0);
    assert_eq!(new[0].lines, [36, 41]);
    assert_eq!(
        new[0].message,
        "各指标权重合计 100 加预算执行率权重 10 为 110，不等于 100。"
    );
    // Typed back by hand, then by undo: both give the seed's report again.
    let mut back = rechecked.clone();
    apply(&mut back.forms, &set(0, Some(0), "weight", "10")).unwrap();
    assert_eq!(check_report(&back, &default()), original);
    let mut undone = rechecked;
    apply(&mut undone.forms, &undo).unwrap();
    assert_eq!(check_report(&undone, &default()), original);
}

#[test]
fn deleting_an_indicator_rechecks_the_weights() {
    let original = check(&seed("changshou-target-table"));
    let mut report = original.clone();
    // 参保人员对医保服务的满意度 (权重 20, 本年权重 20) goes: 70 + 10 = 80 for both columns.
    let undo = apply(&mut report.forms, &Edit::DeleteIndicator { form: 0, at: 5 }).unwrap();
    assert_eq!(report.forms[0].indicators.len(), 5);
    let rechecked = check_report(&report, &default());
    let mut new: Vec<(String, Option<String>, String, [usize; 2])> =
        new_findings(&original, &rechecked)
            .into_iter()
            .map(|d| (d.code, d.field, d.message, d.lines))
            .collect();
    new.sort();
    assert_eq!(
        new,
        vec![
            (
                "W001".to_string(),
                Some("weight".to_string()),
                "各指标权重合计 70 加预算执行率权重 10 为 80，不等于 100。".to_string(),
                [36, 40]
            ),
            (
                "W001".to_string(),
                Some("weight_current".to_string()),
                "各指标本年权重合计 70 加预算执行率权重 10 为 80，不等于 100。".to_string(),
                [36, 40]
            ),
        ]
    );
    apply(&mut report.forms, &undo).unwrap();
    assert_eq!(check_report(&report, &default()), original);
}

#[test]
fn moving_an_indicator_moves_its_findings() {
    let original = check(&seed("changshou-target-table"));
    let mut report = original.clone();
    // Form 1 (医保网络维护费): 医疗服务水平 (定性, value 2, line 80) is the fifth indicator.
    assert_eq!(report.forms[1].indicators[4].name, "医疗服务水平");
    let undo = apply(
        &mut report.forms,
        &Edit::MoveIndicator {
            form: 1,
            from: 4,
            to: 0,
        },
    )
    .unwrap();
    let names: Vec<&str> = report.forms[1]
        .indicators
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "医疗服务水平",
            "档案数字化完整率",
            "医保补助系统正常使用率",
            "医保网安全正常使用率",
            "业务档案数字化率",
            "医疗机构满意度",
            "服务群体满意度"
        ]
    );
    let rechecked = check_report(&report, &default());
    let v009: Vec<&Diagnostic> = rechecked
        .diagnostics
        .iter()
        .filter(|d| d.form == 1 && d.code == "V009")
        .collect();
    assert_eq!(v009.len(), 1);
    assert_eq!((v009[0].indicator, v009[0].lines), (Some(0), [80, 80]));
    assert_eq!(rechecked.diagnostics.len(), original.diagnostics.len());
    apply(&mut report.forms, &undo).unwrap();
    assert_eq!(check_report(&report, &default()), original);
}

#[test]
fn adding_a_blank_indicator_then_filling_it() {
    let original = check(&seed("changshou-target-table"));
    let mut report = original.clone();
    let blank = blank_indicator(&report.forms[0], 6);
    // It takes the category and line of 参保人员对医保服务的满意度 (line 41).
    assert_eq!(blank.level1, "满意度指标");
    assert_eq!(blank.level2.as_deref(), Some("服务对象满意度指标"));
    assert_eq!(blank.line, 41);
    assert_eq!(blank_indicator(&report.forms[0], 0).level1, "产出指标");
    let mut undo = vec![apply(
        &mut report.forms,
        &Edit::AddIndicator {
            form: 0,
            at: 6,
            indicator: blank,
        },
    )
    .unwrap()];
    let rechecked = check_report(&report, &default());
    let mut new: Vec<(String, Option<usize>, Option<String>)> = new_findings(&original, &rechecked)
        .into_iter()
        .map(|d| (d.code, d.indicator, d.field))
        .collect();
    new.sort();
    // No value; and no weights where the others have them.
    assert_eq!(
        new,
        vec![
            ("V001".into(), Some(6), Some("target".into())),
            ("W002".into(), Some(6), Some("weight".into())),
            ("W002".into(), Some(6), Some("weight_current".into())),
        ]
    );
    for (field, value) in [
        ("name", "投诉处理满意度"),
        ("target", "≥90%"),
        ("weight", "0"),
        ("weight_current", "0"),
    ] {
        undo.push(apply(&mut report.forms, &set(0, Some(6), field, value)).unwrap());
    }
    let filled = check_report(&report, &default());
    assert!(new_findings(&original, &filled).is_empty());
    for u in undo.iter().rev() {
        apply(&mut report.forms, u).unwrap();
    }
    assert_eq!(check_report(&report, &default()), original);
}

// ---------------------------------------------------------------------------------------------
// Fields

/// Typed text → what `get` shows, for every form field (goal 0 for the goals' fields).
const FORM_CASES: &[(&str, &str, &str)] = &[
    ("title", "  新的   标题 ", "新的 标题"),
    ("year", "２０２２年", "2022"),
    ("project", "医保 服务", "医保 服务"),
    (
        "project_code",
        "50011522T000002056269",
        "50011522T000002056269",
    ),
    ("department", "长寿区医疗保障局", "长寿区医疗保障局"),
    ("unit", "（本级）", "(本级)"),
    ("funds.total", "12万元", "12"),
    ("funds.fiscal", "120000元", "12"),
    ("funds.other", "1,269.90", "1269.9"),
    ("funds.midterm_total", "１０", "10"),
    ("funds.initial", "0.5亿", "5000"),
    ("funds.executed", "10.5", "10.5"),
    ("budget_weight", "10分", "10"),
    ("goals.0.text", "目标 一", "目标 一"),
    ("goals.0.achieved", "已完成", "已完成"),
    ("scores.budget_points", "20", "20"),
    ("scores.execution_rate", "95.5%", "95.5%"),
    ("scores.budget_score", "9.55", "9.55"),
    ("scores.indicator_score", "85分", "85"),
    ("scores.total", "94.55", "94.55"),
    ("scores.grade", "优秀", "优"),
];

/// Typed text → what `get` shows, for every indicator field.
const INDICATOR_CASES: &[(&str, &str, &str)] = &[
    ("level1", "产出", "产出指标"),
    ("level2", "数量", "数量指标"),
    ("name", " 培训 人数 ", "培训 人数"),
    ("target", "≥１００人", "≥100人"),
    ("midterm_target", "≥300人", "≥300人"),
    ("weight", "１５分", "15"),
    ("weight_current", "12.5", "12.5"),
    ("direction", "反向指标", "反向"),
    ("actual", "120人", "120人"),
    ("score", "9.5", "9.5"),
    ("reason", "无", "无"),
];

#[test]
fn every_field_round_trips_through_apply_and_get() {
    let named: Vec<&str> = FORM_CASES.iter().map(|c| c.0).collect();
    for f in FORM_FIELDS {
        let f = f.replace(".N.", ".0.");
        assert!(named.contains(&f.as_str()), "no case for {f}");
    }
    let named: Vec<&str> = INDICATOR_CASES.iter().map(|c| c.0).collect();
    assert_eq!(named, INDICATOR_FIELDS);

    // A target table (no scores yet: a stated score creates them) and a self-evaluation.
    for (name, form) in [
        ("changshou-target-table", 0),
        ("fushun-2021-self-evaluation", 10),
    ] {
        let original = check(&seed(name)).forms;
        for (field, typed, shown) in FORM_CASES {
            let mut forms = original.clone();
            let undo = apply(&mut forms, &set(form, None, field, typed))
                .unwrap_or_else(|e| panic!("{name} {field}: {e}"));
            assert_eq!(
                get(&forms, form, None, field).as_deref(),
                Some(*shown),
                "{name} {field}"
            );
            // What get shows, typed again, changes nothing.
            let mut again = forms.clone();
            apply(&mut again, &set(form, None, field, shown)).unwrap();
            assert_eq!(again, forms, "{name} {field} typed as shown");
            // Cleared.
            let mut cleared = forms.clone();
            apply(&mut cleared, &set(form, None, field, "")).unwrap();
            assert_eq!(
                get(&cleared, form, None, field),
                None,
                "{name} {field} cleared"
            );
            apply(&mut forms, &undo).unwrap();
            assert_eq!(forms, original, "{name} {field} undone");
        }
        for (field, typed, shown) in INDICATOR_CASES {
            let mut forms = original.clone();
            let undo = apply(&mut forms, &set(form, Some(1), field, typed)).unwrap();
            assert_eq!(
                get(&forms, form, Some(1), field).as_deref(),
                Some(*shown),
                "{name} {field}"
            );
            let mut again = forms.clone();
            apply(&mut again, &set(form, Some(1), field, shown)).unwrap();
            assert_eq!(again, forms, "{name} {field} typed as shown");
            let mut cleared = forms.clone();
            apply(&mut cleared, &set(form, Some(1), field, "")).unwrap();
            assert_eq!(
                get(&cleared, form, Some(1), field),
                None,
                "{name} {field} cleared"
            );
            apply(&mut forms, &undo).unwrap();
            assert_eq!(forms, original, "{name} {field} undone");
        }
    }
}

#[test]
fn typed_values_are_read_as_the_reader_reads_them() {
    let mut forms = check(&seed("changshou-target-table")).forms;
    // 居民医保待遇发放准确率: 指标性质 ≥, 度量单位 %, 95. A new figure keeps both.
    apply(&mut forms, &set(0, Some(0), "target", "98")).unwrap();
    let v = &forms[0].indicators[0].value;
    assert_eq!(
        (v.op, v.number, v.unit.as_deref(), v.qualitative),
        (Some(Op::Ge), Some(98.0), Some("%"), false)
    );
    // 医保基金有效节约: 指标性质 定性, value 2. A new code is still qualitative.
    apply(&mut forms, &set(0, Some(3), "target", "3")).unwrap();
    let v = &forms[0].indicators[3].value;
    assert_eq!((v.number, v.qualitative), (Some(3.0), true));
    // A value written out in full reads by itself.
    apply(&mut forms, &set(0, Some(3), "target", "节约 5% 以上")).unwrap();
    let v = &forms[0].indicators[3].value;
    assert_eq!(
        (v.op, v.number, v.unit.as_deref()),
        (Some(Op::Ge), Some(5.0), Some("%"))
    );
    assert_eq!(
        forms[0].indicators[3].target.as_deref(),
        Some("节约 5% 以上")
    );
    // Cleared: no value at all.
    apply(&mut forms, &set(0, Some(3), "target", "  ")).unwrap();
    assert_eq!(forms[0].indicators[3].target, None);
    assert_eq!(forms[0].indicators[3].value, Default::default());

    apply(&mut forms, &set(0, Some(0), "direction", "negative")).unwrap();
    assert_eq!(forms[0].indicators[0].direction, Some(Direction::Negative));
    apply(&mut forms, &set(0, Some(0), "direction", "正向")).unwrap();
    assert_eq!(forms[0].indicators[0].direction, Some(Direction::Positive));
    apply(&mut forms, &set(0, Some(0), "level1", "产出指标（50分）")).unwrap();
    assert_eq!(forms[0].indicators[0].level1, "产出指标");
    apply(&mut forms, &set(0, Some(0), "level1", "自定义类别")).unwrap();
    assert_eq!(forms[0].indicators[0].level1, "自定义类别");
    apply(&mut forms, &set(0, Some(0), "level2", "生态双血指标")).unwrap();
    assert_eq!(
        forms[0].indicators[0].level2.as_deref(),
        Some("生态效益指标")
    );
    apply(&mut forms, &set(0, None, "scores.execution_rate", "0.955")).unwrap();
    assert_eq!(
        get(&forms, 0, None, "scores.execution_rate").as_deref(),
        Some("95.5%")
    );
    apply(&mut forms, &set(0, None, "funds.total", "1,269.90万元")).unwrap();
    assert_eq!(forms[0].funds.total, Some(1269.9));
}

#[test]
fn refused_edits_change_nothing() {
    let original = check(&seed("changshou-target-table")).forms;
    let n = original[0].indicators.len();
    let refused = [
        set(0, Some(0), "weight", "abc"),
        set(0, None, "funds.total", "12万元元"),
        set(0, None, "year", "去年"),
        set(0, Some(0), "direction", "向上"),
        set(0, None, "scores.grade", "甲"),
        set(0, None, "scores", "x"),
        set(0, None, "no_such_field", "1"),
        set(0, Some(0), "no_such_field", "1"),
        set(0, None, "goals.9.text", "目标"),
        set(9, None, "title", "x"),
        set(0, Some(n), "name", "x"),
        Edit::AddIndicator {
            form: 0,
            at: n + 1,
            indicator: blank_indicator(&original[0], n),
        },
        Edit::DeleteIndicator { form: 0, at: n },
        Edit::MoveIndicator {
            form: 0,
            from: 0,
            to: n,
        },
        Edit::Batch {
            edits: vec![
                set(0, Some(0), "weight", "20"),
                Edit::DeleteIndicator { form: 0, at: 0 },
                set(0, Some(0), "weight", "x"),
            ],
        },
    ];
    for edit in refused {
        let mut forms = original.clone();
        assert!(apply(&mut forms, &edit).is_err(), "{edit:?}");
        assert_eq!(forms, original, "{edit:?}");
    }
    let mut forms = original.clone();
    let e = apply(&mut forms, &set(0, Some(0), "weight", "abc")).unwrap_err();
    assert_eq!(e.zh, "“abc”不是数字");
    assert_eq!(e.en, "“abc” is not a number");
    assert_eq!(get(&forms, 9, None, "title"), None);
    assert_eq!(get(&forms, 0, Some(n), "name"), None);
    assert_eq!(get(&forms, 0, None, "no_such_field"), None);
}

#[test]
fn edits_are_plain_data() {
    let edit = Edit::Batch {
        edits: vec![
            set(0, Some(1), "weight", "15"),
            Edit::MoveIndicator {
                form: 0,
                from: 1,
                to: 0,
            },
        ],
    };
    let json = serde_json::to_value(&edit).unwrap();
    assert_eq!(json["op"], "batch");
    assert_eq!(json["edits"][0]["op"], "set");
    assert_eq!(json["edits"][1]["op"], "move_indicator");
    let back: Edit = serde_json::from_value(json).unwrap();
    assert_eq!(back, edit);
}

// ---------------------------------------------------------------------------------------------
// Undo is exact: random edits on the seeds' forms, garbage included

fn seeds_forms() -> Vec<Vec<Form>> {
    SEEDS.iter().map(|s| check(&seed(s)).forms).collect()
}

fn texts() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("  ".to_string()),
        Just("abc".to_string()),
        Just("１０".to_string()),
        Just("10分".to_string()),
        Just("1,269.90".to_string()),
        Just("12万元".to_string()),
        Just("500000元".to_string()),
        Just("95.5%".to_string()),
        Just("0.955".to_string()),
        Just("150%".to_string()),
        Just("1.7".to_string()),
        Just("≥95%".to_string()),
        Just("7日内".to_string()),
        Just("2021年6月完成".to_string()),
        Just("产出".to_string()),
        Just("社会效益".to_string()),
        Just("正向".to_string()),
        Just("优".to_string()),
        Just("2022年".to_string()),
        "[0-9.,%万元分年 ≥≤]{0,8}",
        any::<String>(),
    ]
}

fn fields() -> impl Strategy<Value = String> {
    let mut all: Vec<String> = FORM_FIELDS
        .iter()
        .chain(INDICATOR_FIELDS)
        .map(|f| f.replace(".N.", ".0."))
        .collect();
    all.extend(["goals.1.text".into(), "scores".into(), "bogus".into()]);
    proptest::sample::select(all)
}

fn edits() -> impl Strategy<Value = Edit> {
    let set = (
        0usize..5,
        proptest::option::of(0usize..30),
        fields(),
        texts(),
    )
        .prop_map(|(form, indicator, field, value)| Edit::Set {
            form,
            indicator,
            field,
            value,
        });
    prop_oneof![
        6 => set,
        1 => (0usize..5, 0usize..30).prop_map(|(form, at)| Edit::DeleteIndicator { form, at }),
        1 => (0usize..5, 0usize..30, 0usize..30)
            .prop_map(|(form, from, to)| Edit::MoveIndicator { form, from, to }),
        1 => (0usize..5, 0usize..30).prop_map(|(form, at)| Edit::AddIndicator {
            form,
            at,
            indicator: jixiao::core::edit::blank_indicator(&Form::new(jixiao::Kind::TargetTable, 1), 0),
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Apply a few edits (refused ones change nothing), then their inverses in reverse order:
    /// the forms are exactly as they were. A batch of the same edits undoes as one.
    #[test]
    fn inverse_restores_exactly(which in 0usize..4, script in proptest::collection::vec(edits(), 1..6)) {
        let original = seeds_forms().swap_remove(which);
        let mut forms = original.clone();
        let mut undo = Vec::new();
        for edit in &script {
            let before = forms.clone();
            match apply(&mut forms, edit) {
                Ok(inverse) => undo.push(inverse),
                Err(_) => prop_assert_eq!(&forms, &before),
            }
            for f in 0..forms.len() + 1 {
                for field in FORM_FIELDS {
                    let _ = get(&forms, f, None, field);
                }
            }
        }
        for inverse in undo.iter().rev() {
            prop_assert!(apply(&mut forms, inverse).is_ok());
        }
        prop_assert_eq!(&forms, &original);

        let batch = Edit::Batch { edits: script };
        let mut forms = original.clone();
        if let Ok(inverse) = apply(&mut forms, &batch) {
            apply(&mut forms, &inverse).unwrap();
        }
        prop_assert_eq!(&forms, &original);
    }
}

// ---------------------------------------------------------------------------------------------
// Fix-its

/// The report's finding of `code` on `form` (and `field`, where given), its index.
fn finding(r: &Report, code: &str, form: usize, field: Option<&str>) -> usize {
    r.diagnostics
        .iter()
        .position(|d| {
            d.code == code && d.form == form && (field.is_none() || d.field.as_deref() == field)
        })
        .unwrap_or_else(|| panic!("no {code} on form {form}: {:?}", keys(r)))
}

/// Fixes finding `code` of `broken` (a seed's text changed so that it fires): the fix applies,
/// the finding is gone on a recheck, and no finding appears that the seed did not have.
/// Returns the fix and the fixed forms.
fn fix_and_recheck(
    seed_text: &str,
    broken: &str,
    code: &str,
    form: usize,
    field: Option<&str>,
) -> (Fix, Vec<Form>) {
    let before = check(seed_text);
    let report = check(broken);
    let at = finding(&report, code, form, field);
    let wanted = key(&report.diagnostics[at]);
    let fix = fix_for(&report, at).unwrap_or_else(|| panic!("no fix for {code}"));
    assert_eq!(fix.code, code);
    let mut forms = report.forms.clone();
    apply(&mut forms, &fix.edit).unwrap();
    let fixed = check_report(
        &Report {
            forms: forms.clone(),
            diagnostics: report.diagnostics.clone(),
        },
        &default(),
    );
    assert!(
        !keys(&fixed).contains(&wanted),
        "{code} still there: {:?}",
        keys(&fixed)
    );
    let new = new_findings(&before, &fixed);
    assert!(new.is_empty(), "{code}: new findings {new:?}");
    (fix, forms)
}

/// The forms of `broken` with the fixed fields of `fixed` put back: everything else unchanged.
fn assert_only_fields_changed(broken: &str, fixed: &[Form], edit: &Edit) {
    let original = check(broken).forms;
    let mut put_back = fixed.to_vec();
    let sets = match edit {
        Edit::Batch { edits } => edits.clone(),
        other => vec![other.clone()],
    };
    for e in sets {
        let Edit::Set {
            form,
            indicator,
            field,
            ..
        } = e
        else {
            panic!("{e:?}")
        };
        let (f, o) = (&mut put_back[form], &original[form]);
        match (indicator, field.as_str()) {
            (Some(i), "weight") => f.indicators[i].weight = o.indicators[i].weight,
            (Some(i), "weight_current") => {
                f.indicators[i].weight_current = o.indicators[i].weight_current
            }
            (Some(i), "target") => {
                f.indicators[i].target = o.indicators[i].target.clone();
                f.indicators[i].value = o.indicators[i].value.clone();
            }
            (None, "funds.total") => f.funds.total = o.funds.total,
            (None, "scores.execution_rate") => {
                f.scores.as_mut().unwrap().execution_rate.stated =
                    o.scores.as_ref().unwrap().execution_rate.stated
            }
            (None, "scores.budget_score") => {
                f.scores.as_mut().unwrap().budget_score.stated =
                    o.scores.as_ref().unwrap().budget_score.stated
            }
            (None, "scores.indicator_score") => {
                f.scores.as_mut().unwrap().indicator_score.stated =
                    o.scores.as_ref().unwrap().indicator_score.stated
            }
            (None, "scores.total") => {
                f.scores.as_mut().unwrap().total.stated = o.scores.as_ref().unwrap().total.stated
            }
            (None, "scores.grade") => {
                f.scores.as_mut().unwrap().grade_stated =
                    o.scores.as_ref().unwrap().grade_stated.clone()
            }
            other => panic!("unexpected field {other:?}"),
        }
    }
    assert_eq!(put_back, original);
}

fn weights_of(forms: &[Form], form: usize, current: bool) -> Vec<f64> {
    forms[form]
        .indicators
        .iter()
        .map(|i| if current { i.weight_current } else { i.weight }.unwrap())
        .collect()
}

#[test]
fn fix_w001_rescales_the_weights() {
    let text = seed("changshou-target-table");
    // 居民医保待遇发放准确率's 权重 10 → 20: 权重 20, 15, 10, 15, 20, 20 = 100, with 10 → 110.
    // × 90/100 = 18, 13.5, 9, 13.5, 18, 18: whole, 18, 13, 9, 13, 18, 18 = 89; the one unit
    // short goes to the first of the two that lost .5: 18, 14, 9, 13, 18, 18 = 90.
    let broken = text.replacen("%\t10\t10\t正向指标", "%\t20\t10\t正向指标", 1);
    let (fix, forms) = fix_and_recheck(&text, &broken, "W001", 0, Some("weight"));
    assert_eq!(
        weights_of(&forms, 0, false),
        [18.0, 14.0, 9.0, 13.0, 18.0, 18.0]
    );
    assert_eq!(
        weights_of(&forms, 0, true),
        [10.0, 15.0, 10.0, 15.0, 20.0, 20.0]
    );
    assert_eq!(
        fix.zh,
        "将各指标权重由 20、15、10、15、20、20（合计 100）按比例调整为 18、14、9、13、18、18（合计 90），使其与预算执行率权重 10 合计为 100。"
    );
    assert_only_fields_changed(&broken, &forms, &fix.edit);

    // The seed's own W001: form 3's 本年权重 20 × 4 = 80. × 90/80 = 22.5 each: whole, 22 × 4 =
    // 88; the two units short go to the first two: 23, 23, 22, 22.
    let (fix, forms) = fix_and_recheck(&text, &text, "W001", 3, Some("weight_current"));
    assert_eq!(weights_of(&forms, 3, true), [23.0, 23.0, 22.0, 22.0]);
    assert_eq!(weights_of(&forms, 3, false), [15.0, 25.0, 25.0, 25.0]);
    assert_only_fields_changed(&text, &forms, &fix.edit);
}

#[test]
fn fix_e001_states_b_over_a() {
    let text = seed("fushun-2021-self-evaluation");
    // 执行率 30.64% → 40%; 222.57 ÷ 726.39 = 30.64%.
    let broken = text.replacen("\t\t10\t30.64%\t\t3\t", "\t\t10\t40%\t\t3\t", 1);
    let (fix, forms) = fix_and_recheck(&text, &broken, "E001", 10, None);
    assert_eq!(fix.edit, set(10, None, "scores.execution_rate", "30.64%"));
    assert_eq!(
        fix.zh,
        "将执行率由 40% 改为 全年执行数 222.57 ÷ 全年预算数 726.39 = 30.64%。"
    );
    assert_eq!(
        forms[10].scores.as_ref().unwrap().execution_rate.stated,
        Some(30.64 / 100.0)
    );
    assert_only_fields_changed(&broken, &forms, &fix.edit);
}

#[test]
fn fix_e002_states_the_budget_score() {
    let text = seed("fushun-2021-self-evaluation");
    // 预算执行率得分 3 → 5 (E002, and E005: 90 + 5 ≠ 93); 10 × 30.64% = 3.06, and 90 + 3.06
    // rounds to the stated 93.
    let broken = text.replacen(
        "预算执行率得分\t\t\t\t\t3\t",
        "预算执行率得分\t\t\t\t\t5\t",
        1,
    );
    assert!(keys(&check(&broken)).iter().any(|k| k.0 == "E005"));
    let (fix, forms) = fix_and_recheck(&text, &broken, "E002", 10, None);
    assert_eq!(fix.edit, set(10, None, "scores.budget_score", "3.06"));
    assert_eq!(
        fix.zh,
        "将预算执行率得分由 5 改为 分值 10 × 执行率 30.64% = 3.06。"
    );
    assert_only_fields_changed(&broken, &forms, &fix.edit);
    // The total's finding follows from the wrong D: it gets no fix of its own.
    let report = check(&broken);
    assert_eq!(fix_for(&report, finding(&report, "E005", 10, None)), None);
}

#[test]
fn fix_e004_states_the_subtotal() {
    let text = seed("fushun-2021-self-evaluation");
    // 小计 (C) 90 → 85; the scores 5 + 6 + 6 + 6 + 6 + 5 + 10 + 6 + 10 + 20 + 10 = 90.
    let broken = text.replacen(
        "\t90\t\t预算执行率得分\t\t\t\t\t3\t",
        "\t85\t\t预算执行率得分\t\t\t\t\t3\t",
        1,
    );
    let (fix, forms) = fix_and_recheck(&text, &broken, "E004", 10, Some("indicator_score"));
    assert_eq!(fix.edit, set(10, None, "scores.indicator_score", "90"));
    assert_eq!(fix.zh, "将自评得分小计 (C) 由 85 改为各指标得分合计 90。");
    assert_only_fields_changed(&broken, &forms, &fix.edit);
}

#[test]
fn fix_e005_states_c_plus_d() {
    let text = seed("fushun-2021-self-evaluation");
    // 总得分 93 → 96; C 90 + D 3 = 93.
    let broken = text.replacen("\t93\t\t\t\t\t\t", "\t96\t\t\t\t\t\t", 1);
    let (fix, forms) = fix_and_recheck(&text, &broken, "E005", 10, None);
    assert_eq!(fix.edit, set(10, None, "scores.total", "93"));
    assert_eq!(
        fix.zh,
        "将总得分由 96 改为 自评得分小计 (C) 90 + 预算执行率得分 (D) 3 = 93。"
    );
    assert_only_fields_changed(&broken, &forms, &fix.edit);
}

#[test]
fn fix_e011_states_the_grade_of_the_total() {
    let text = seed("fushun-2021-self-evaluation");
    // A 评价等级 line under the total: 良 for a total of 93 (优).
    let graded = |g: &str| {
        text.replacen(
            "\t93\t\t\t\t\t\t\n",
            &format!("\t93\t\t\t\t\t\t\n评价等级\t{g}\n"),
            1,
        )
    };
    let (good, broken) = (graded("优"), graded("良"));
    let (fix, forms) = fix_and_recheck(&good, &broken, "E011", 10, None);
    assert_eq!(fix.edit, set(10, None, "scores.grade", "优"));
    assert_eq!(fix.zh, "将评价等级由“良”改为总得分 93 对应的“优”。");
    assert_only_fields_changed(&broken, &forms, &fix.edit);
}

#[test]
fn fix_v007_reads_wan_as_yuan() {
    // The seed's own V007: 奖励500万 in a 93 万元 project; 500 元 is 0.05 万元.
    let text = seed("luan-2021-target-declaration");
    let (fix, forms) = fix_and_recheck(&text, &text, "V007", 0, None);
    let new = "查实举报5万以下,奖励500元;5万以上,奖励1%,最高10万。";
    assert_eq!(fix.edit, set(0, Some(3), "target", new));
    assert_eq!(forms[0].indicators[3].target.as_deref(), Some(new));
    assert_only_fields_changed(&text, &forms, &fix.edit);
}

#[test]
fn fix_c001_and_v007_read_a_cost_in_yuan() {
    // 网络线路租用成本 576000元/年 → 576000万元/年: costs 576007 万元 above 68 (C001), the
    // amount above the total (V007). Read in 元 it is 57.6 万元 again.
    let text = seed("yanchi-2022-target-approval");
    let broken = text.replacen("576000元/年", "576000万元/年", 1);
    for code in ["C001", "V007"] {
        let (fix, forms) = fix_and_recheck(&text, &broken, code, 0, None);
        assert_eq!(fix.edit, set(0, Some(7), "target", "576000元/年"));
        assert_eq!(
            forms[0].indicators[7].value,
            check(&text).forms[0].indicators[7].value
        );
        assert_only_fields_changed(&broken, &forms, &fix.edit);
    }
}

#[test]
fn fix_f002_reads_a_total_in_yuan() {
    // 项目总额 170万元 written 1700000 (read as 万元): 1700000 ≠ 财政资金 170. In 元 it is 170.
    let text = seed("changshou-target-table");
    let broken = text.replacen("项目总额：170万元", "项目总额：1700000", 1);
    let (fix, forms) = fix_and_recheck(&text, &broken, "F002", 0, None);
    assert_eq!(fix.edit, set(0, None, "funds.total", "1700000元"));
    assert_eq!(forms[0].funds.total, Some(170.0));
    assert_only_fields_changed(&broken, &forms, &fix.edit);
}

#[test]
fn findings_without_one_obvious_repair_get_none() {
    let changshou = check(&seed("changshou-target-table"));
    // S007: the form already holds the standard name; P004: the header was read as meant;
    // V009: which words the code stands for is the user's to say; F001: the total is unknown.
    for (code, form) in [("S007", 1), ("P004", 1), ("V009", 0), ("F001", 1)] {
        assert_eq!(
            fix_for(&changshou, finding(&changshou, code, form, None)),
            None,
            "{code}"
        );
    }
    let yanchi = check(&seed("yanchi-2022-target-approval"));
    for (code, form) in [("V002", 0), ("V006", 1), ("C002", 0)] {
        assert_eq!(
            fix_for(&yanchi, finding(&yanchi, code, form, None)),
            None,
            "{code}"
        );
    }
    // E004 for points that do not add up to 90 (a table cut short): nothing to compute from.
    let fushun = check(&seed("fushun-2021-self-evaluation"));
    assert_eq!(
        fix_for(&fushun, finding(&fushun, "E004", 1, Some("weight"))),
        None
    );
    assert_eq!(fix_for(&fushun, finding(&fushun, "E010", 10, None)), None);
    // Out of range.
    assert_eq!(fix_for(&fushun, fushun.diagnostics.len()), None);
    // W001 where some indicators have no weight (W002): which one is missing is not known.
    let text = seed("changshou-target-table");
    let partial = text.replacen("%\t10\t10\t正向指标", "%\t\t10\t正向指标", 1);
    let report = check(&partial);
    assert!(keys(&report).iter().any(|k| k.0 == "W002"));
    assert_eq!(
        fix_for(&report, finding(&report, "W001", 0, Some("weight"))),
        None
    );
}

#[test]
fn every_fixture_field_typed_as_shown_changes_nothing() {
    let mut differ = Vec::new();
    for (name, text) in all_texts() {
        let original = check(&text).forms;
        for f in 0..original.len() {
            let mut fields: Vec<(Option<usize>, String)> = form_fields(&original[f])
                .into_iter()
                .map(|x| (None, x))
                .collect();
            for i in 0..original[f].indicators.len() {
                fields.extend(INDICATOR_FIELDS.iter().map(|x| (Some(i), x.to_string())));
            }
            for (i, field) in fields {
                let Some(shown) = get(&original, f, i, &field) else {
                    continue;
                };
                let mut forms = original.clone();
                apply(&mut forms, &set(f, i, &field, &shown)).unwrap();
                if forms != original {
                    differ.push(format!(
                        "{name}: form {f} indicator {i:?} {field} = {shown}"
                    ));
                }
            }
        }
    }
    assert!(differ.is_empty(), "{differ:#?}");
}
