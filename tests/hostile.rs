//! Odd and hostile input: what each gives, read by hand from the text. Traditional characters,
//! figures with thousands separators or in Chinese numerals, amounts in 元 and 万元 in one
//! form, invisible characters, and markup or template syntax in cells (kept as text).
#![cfg(not(target_arch = "wasm32"))]

use jixiao::core::hant::PAIRS;
use jixiao::core::model::Op;

const CHANGSHOU: &str = include_str!("fixtures/seeds/changshou-target-table.txt");
const FUSHUN: &str = include_str!("fixtures/seeds/fushun-2021-self-evaluation.txt");

/// The text with every simplified character of [`PAIRS`] written in its traditional form.
fn traditional(text: &str) -> String {
    text.chars()
        .map(|c| PAIRS.iter().find(|p| p.1 == c).map_or(c, |p| p.0))
        .collect()
}

fn codes(report: &jixiao::Report) -> Vec<(String, usize)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code.clone(), d.lines[0]))
        .collect()
}

#[test]
fn a_form_in_traditional_characters_reads_as_the_simplified_one() {
    for seed in [CHANGSHOU, FUSHUN] {
        let hant = traditional(seed);
        assert_ne!(hant, seed, "the seed has characters to write traditionally");
        assert!(
            hant.contains("績效") || hant.contains("項目"),
            "traditional text"
        );
        let (a, b) = (jixiao::check(seed), jixiao::check(&hant));
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap()
        );
    }
    // Read by hand: 績效目標表 with 項目名稱 and 產出指標 gives a target table of the project.
    let r = jixiao::check(
        "績效目標表\n項目名稱\t社區培訓\n項目總額：20萬元\n一級指標\t二級指標\t三級指標\t指標值\t權重(%)\n產出指標\t數量指標\t培訓人數\t≥100人\t90\n",
    );
    assert_eq!(r.forms.len(), 1);
    let f = &r.forms[0];
    assert_eq!(f.project.as_deref(), Some("社区培训"));
    assert_eq!(f.funds.total, Some(20.0));
    assert_eq!(f.indicators[0].level1, "产出指标");
    assert_eq!(f.indicators[0].name, "培训人数");
    assert_eq!(f.indicators[0].value.number, Some(100.0));
}

const NUMERALS: &str = "绩效目标表
项目名称\t测试项目
项目总额：1,269.90万元
其中：财政拨款：一千二百六十九万九千元
其他资金：0
预算执行率权重：10
一级指标\t二级指标\t三级指标\t指标值\t权重(%)
产出指标\t数量指标\t培训人数\t≥1,200人\t30
产出指标\t成本指标\t培训成本\t≤一百二十万元\t30
效益指标\t社会效益指标\t就业率\t≥百分之六十\t20
满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t10
";

#[test]
fn thousands_separators_and_chinese_numerals_read_as_figures() {
    let r = jixiao::check(NUMERALS);
    let f = &r.forms[0];
    // 1,269.90万元; 一千二百六十九万九千元 = 12 699 000 元 = 1269.9 万元.
    assert_eq!(f.funds.total, Some(1269.9));
    assert_eq!(f.funds.fiscal, Some(1269.9));
    assert_eq!(f.funds.other, Some(0.0));
    let v = |i: usize| &f.indicators[i].value;
    assert_eq!((v(0).op, v(0).number), (Some(Op::Ge), Some(1200.0)));
    assert_eq!(v(0).unit.as_deref(), Some("人"));
    assert_eq!((v(1).op, v(1).number), (Some(Op::Le), Some(120.0)));
    assert_eq!(v(1).unit.as_deref(), Some("万元"));
    assert_eq!((v(2).number, v(2).unit.as_deref()), (Some(60.0), Some("%")));
    // The cells keep what was written.
    assert_eq!(f.indicators[1].target.as_deref(), Some("≤一百二十万元"));
    // Funds add up (1269.9 = 1269.9 + 0), weights add up (30+30+20+10+10): no error; the cost
    // of 120 万元 covers 9.4% of the total (C002, info).
    let found = codes(&r);
    assert!(found.iter().all(|(c, _)| c == "C002"), "{found:?}");
    assert!(
        r.diagnostics[0].message.contains("9.4%"),
        "{}",
        r.diagnostics[0].message
    );
}

#[test]
fn amounts_in_yuan_and_wan_yuan_in_one_form_agree() {
    // The header says 元; one line says 万元 in its own cell. 576000 元 = 57.6 万元.
    let r = jixiao::check(
        "绩效目标表\n金额单位：元\n项目名称\t测试项目\n年度资金总额\t576000\n财政拨款\t57.6万元\n其他资金\t0\n预算执行率权重：10\n一级指标\t二级指标\t三级指标\t指标值\t权重(%)\n产出指标\t数量指标\t培训人数\t≥1200人\t30\n产出指标\t成本指标\t培训成本\t≤50000元\t30\n效益指标\t社会效益指标\t就业率\t≥60%\t20\n满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t10\n",
    );
    let f = &r.forms[0];
    assert_eq!(f.funds.total, Some(57.6));
    assert_eq!(f.funds.fiscal, Some(57.6));
    // The cost: 50000 元 = 5 万元 of 57.6, 8.7%; no F002, no C001.
    let found = codes(&r);
    assert_eq!(found, vec![("C002".to_string(), 10)], "{found:?}");
    assert!(r.diagnostics[0].message.contains("5 万元"));
}

#[test]
fn invisible_characters_are_removed_and_flagged_where_they_were() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/rules/P005-fires.txt"
    ))
    .unwrap();
    let r = jixiao::check(&text);
    let f = &r.forms[0];
    // 社区培训<U+200B>项目, ≥1<U+200B>00人, <U+202E>≥95%: read without them.
    assert_eq!(f.project.as_deref(), Some("社区培训项目"));
    assert_eq!(f.indicators[0].target.as_deref(), Some("≥100人"));
    assert_eq!(f.indicators[0].value.number, Some(100.0));
    assert_eq!(f.indicators[1].target.as_deref(), Some("≥95%"));
    assert_eq!(f.indicators[1].value.op, Some(Op::Ge));
    let p005: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "P005").collect();
    assert_eq!(
        p005.iter().map(|d| d.lines[0]).collect::<Vec<_>>(),
        vec![3, 7, 8]
    );
    // The message shows each one written out, where it stood.
    assert!(
        p005[1].message.contains("≥1⟨U+200B⟩00人"),
        "{}",
        p005[1].message
    );
    assert!(
        p005[2].message.contains("⟨U+202E⟩≥95%"),
        "{}",
        p005[2].message
    );
    assert!(p005[2].message_en.contains("direction override"));
    // The indicators read, the weights add up: nothing else but what the fixture holds.
    assert_eq!(f.indicators.len(), 4);
    // A byte order mark that opens the text only says it is UTF-8.
    let bom = format!("\u{FEFF}{}", CHANGSHOU);
    assert!(jixiao::check(&bom)
        .diagnostics
        .iter()
        .all(|d| d.code != "P005"));
}

#[test]
fn markup_and_template_syntax_in_cells_stay_text() {
    let evil = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "{{constructor.constructor('alert(1)')()}}",
    ];
    let text = format!(
        "绩效目标表\n项目名称\t{}\n项目总额：20万元\n预算执行率权重：10\n一级指标\t二级指标\t三级指标\t指标值\t权重(%)\n产出指标\t数量指标\t{}\t{}\t50\n产出指标\t质量指标\t合格率\t{}\t40\n",
        evil[3], evil[0], evil[1], evil[2]
    );
    let r = jixiao::check(&text);
    let f = &r.forms[0];
    assert_eq!(f.project.as_deref(), Some(evil[3]));
    assert_eq!(f.indicators[0].name, evil[0]);
    assert_eq!(f.indicators[0].target.as_deref(), Some(evil[1]));
    assert_eq!(f.indicators[1].target.as_deref(), Some(evil[2]));
    // The export writes them back as they were, in their cells; the JSON as strings.
    let tsv = jixiao::core::export::report_to_tsv(&r);
    for e in evil {
        assert!(tsv.contains(e), "{e} in {tsv}");
    }
    let json = jixiao::core::export::to_json(&r);
    let back: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(back["forms"][0]["indicators"][0]["name"], evil[0]);
}
