//! Never panics: the parser on arbitrary text and on the seeds with random edits. Whatever it
//! is given, it returns a report whose lines point inside the text.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

const SEEDS: &[&str] = &[
    include_str!("fixtures/seeds/changshou-target-table.txt"),
    include_str!("fixtures/seeds/luan-2021-target-declaration.txt"),
    include_str!("fixtures/seeds/yanchi-2022-target-approval.txt"),
    include_str!("fixtures/seeds/fushun-2021-self-evaluation.txt"),
];

/// The report is well formed: lines inside the text, indicators inside their form.
fn well_formed(text: &str) -> Result<(), TestCaseError> {
    let report = jixiao::check(text);
    // Lines end at \n, \r\n or a lone \r, as the parser counts them.
    let last = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .count()
        .max(1);
    for f in &report.forms {
        prop_assert!(
            f.lines[0] >= 1 && f.lines[0] <= f.lines[1] && f.lines[1] <= last,
            "{:?}",
            f.lines
        );
        for i in &f.indicators {
            prop_assert!(
                i.line >= f.lines[0] && i.line <= f.lines[1],
                "indicator line {} outside {:?}",
                i.line,
                f.lines
            );
        }
    }
    for d in &report.diagnostics {
        prop_assert!(d.form < report.forms.len().max(1));
        prop_assert!(d.lines[0] >= 1 && d.lines[1] <= last, "{:?}", d.lines);
    }
    prop_assert!(serde_json::to_string(&report).is_ok());
    Ok(())
}

/// Text made of the pieces forms are made of, in any order.
fn formish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\t",
        "\n",
        "\r\n",
        " ",
        "  ",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "本年度指标值",
        "中长期指标值",
        "权重(%)",
        "分值",
        "得分",
        "产出指标",
        "数量指标",
        "效益指标",
        "满意度指标",
        "指标1",
        "“=” “≤”",
        ".....",
        "≥",
        "≤",
        ">",
        "95%",
        "2021年6月完成",
        "3-4次",
        "1天150人",
        "576000元/年",
        "15万",
        "项目名称",
        "年度资金总额:",
        "其中:财政拨款",
        "绩效目标表",
        "部门预算财政支出绩效目标申报表",
        "绩效目标自评表",
        "整体绩效自评表",
        "(2021年度)",
        "小计 (C)",
        "预算执行率得分 (D)",
        "总得分 (C+D)",
        "全年预算数(A)",
        "全年执行数(B)",
        "执行率",
        "年初",
        "—",
        "---",
        "：",
        "（",
        "）",
        "％",
        "９",
        "一年四次",
        "目标1",
        "年度目标:",
        "\u{FEFF}",
        "\u{3000}",
        "𝄞",
        "é",
        "0.",
        ".5",
        "99999999999999999999999",
        "-",
    ]);
    prop::collection::vec(pieces, 0..200).prop_map(|v| v.concat())
}

/// A seed with random edits: cuts, insertions, repeated and swapped lines.
fn edited_seed() -> impl Strategy<Value = String> {
    (
        0..SEEDS.len(),
        prop::collection::vec((0u8..4, any::<usize>(), any::<usize>(), ".{0,12}"), 1..12),
    )
        .prop_map(|(s, edits)| {
            let mut lines: Vec<String> = SEEDS[s].split('\n').map(str::to_string).collect();
            for (kind, a, b, ins) in edits {
                if lines.is_empty() {
                    break;
                }
                let i = a % lines.len();
                let j = b % lines.len();
                match kind {
                    0 => {
                        // Cut a line at a character boundary.
                        let chars: Vec<char> = lines[i].chars().collect();
                        let at = b % (chars.len() + 1);
                        lines[i] = chars[..at].iter().collect();
                    }
                    1 => lines[i].push_str(&ins),
                    2 => {
                        let l = lines[i].clone();
                        lines.insert(j, l);
                    }
                    _ => lines.swap(i, j),
                }
            }
            lines.join("\n")
        })
}

/// A seed as a web page gives it: cells apart by ` | ` (rows closed by runs of `|`, or
/// Markdown's), the whole form on one line with single spaces, or one cell a line with a blank
/// line after each; cut at any point.
fn relaid_seed() -> impl Strategy<Value = String> {
    (0..SEEDS.len(), 0u8..4, any::<usize>()).prop_map(|(s, layout, cut)| {
        let rows = SEEDS[s]
            .split('\n')
            .map(|l| l.split('\t').collect::<Vec<_>>());
        let text = match layout {
            0 => rows
                .map(|r| format!("{} | |||", r.join(" | ")))
                .collect::<Vec<_>>()
                .join("\n"),
            1 => rows
                .map(|r| format!("| {} |", r.join(" | ")))
                .collect::<Vec<_>>()
                .join("\n"),
            2 => rows
                .flatten()
                .filter(|c| !c.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            _ => rows
                .flatten()
                .filter(|c| !c.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n\n"),
        };
        let chars: Vec<char> = text.chars().collect();
        chars[..cut % (chars.len() + 1)].iter().collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn seeds_as_web_pages_never_panic(text in relaid_seed()) {
        well_formed(&text)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        well_formed(&text)?;
    }

    #[test]
    fn form_like_text_never_panics(text in formish()) {
        well_formed(&text)?;
    }

    #[test]
    fn edited_seeds_never_panic(text in edited_seed()) {
        well_formed(&text)?;
    }
}

#[test]
fn empty_and_blank_texts_give_p001() {
    for text in ["", "\n\n\n", "\t\t\t", "   "] {
        let r = jixiao::check(text);
        assert!(r.forms.is_empty());
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].code, "P001");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The fast paths of `compact` and `normalize` (which skip text that needs no change) agree
    /// with the character-by-character definition.
    #[test]
    fn fast_paths_agree_on_the_characters_they_look_for(
        s in proptest::collection::vec(proptest::sample::select(vec![
            ' ', '\t', '\u{0085}', '\u{00A0}', '\u{1680}', '\u{2000}', '\u{2007}', '\u{200A}',
            '\u{200B}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}', '\u{FEFF}',
            '\u{FF01}', '\u{FF10}', '\u{FF5E}', '\u{FF5F}', '\u{FF61}', '“', '”', '、', '。', '—',
            '…', '绩', '效', 'a', '1', '%', '(', '）',
        ]), 0..24).prop_map(|v| v.into_iter().collect::<String>()),
    ) {
        fast_paths_agree(&s)?;
    }

    #[test]
    fn fast_paths_agree_with_the_definition(s in any::<String>()) {
        fast_paths_agree(&s)?;
    }
}

/// `compact` and `normalize`, which skip the work when a byte scan finds nothing to fold, give
/// what their definitions say: every character folded, whitespace dropped or collapsed.
fn fast_paths_agree(s: &str) -> Result<(), TestCaseError> {
    use jixiao::core::text::{compact, fold_char, normalize};
    let slow: String = s
        .chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect();
    let fast = compact(s);
    prop_assert_eq!(fast.as_ref(), slow.as_str());
    let folded: String = s.chars().map(fold_char).collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    prop_assert_eq!(normalize(s), words.join(" "));
    Ok(())
}
