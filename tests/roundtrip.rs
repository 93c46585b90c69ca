//! Round trip under disturbance: a form is generated, written as tab-separated text in its
//! family's layout (`export::form_to_tsv`), disturbed the way real copies are, and read back.
//! The parse must give the form back.
#![cfg(not(target_arch = "wasm32"))]

use jixiao::core::export::form_to_tsv;
use jixiao::core::model::{
    Direction, Form, Goal, Indicator, Kind, Op, Pair, Period, Scores, Value,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Building blocks, with the values they must read as (worked out by hand, not by the reader).

/// (一级, 二级) of project forms.
const CATEGORIES: &[(&str, &str)] = &[
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "经济效益指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
];

/// (一级, 二级) of department self-evaluations.
const DEPT_CATEGORIES: &[(&str, &str)] = &[
    ("履职效能", "重点工作履行情况"),
    ("管理效率", "预算编制管理"),
    ("管理效率", "预算监督管理"),
    ("社会效应", "社会效益"),
    ("社会效应", "服务对象满意度"),
    ("可持续性", "创新驱动发展"),
];

const NAMES: &[&str] = &[
    "参保人员就医短信业务提醒",
    "定点医药机构监督检查覆盖率",
    "医保政策宣传覆盖人数",
    "网络设备维护修复次数",
    "业务审核工作准确率",
    "报销支付时限",
    "网络线路租用成本",
    "医保基金有效节约",
    "群众满意度",
    "困难群众医疗费用负担程度",
    "系统软硬件正常运行率",
    "档案数字化完整率",
];

const PLACES: &[&str] = &[
    "重庆市长寿区医疗保障局",
    "盐池县医疗保障局",
    "六安市医疗保障局本级",
    "抚顺市医疗保障事务服务中心",
];
const PROJECTS: &[&str] = &[
    "医保服务与保障能力提升",
    "社会保障网络租用维护费",
    "离休人员医疗费",
    "医保政策宣传及培训(一般性)",
];
const GOALS: &[&str] = &[
    "切实做好各项医保工作,确保应保尽保、应参尽参。",
    "维护网络正常运转,为参保群众就医提供便利。",
    "提高离休干部医疗待遇水平,确保医疗保障资金发挥最大效益。",
];

fn v(
    op: Option<Op>,
    number: Option<f64>,
    max: Option<f64>,
    unit: Option<&str>,
    date: Option<&str>,
    q: bool,
) -> Value {
    Value {
        op,
        number,
        number_max: max,
        unit: unit.map(str::to_string),
        date: date.map(str::to_string),
        qualitative: q,
    }
}

/// Free-text targets (approval, declaration) and what they mean.
fn text_targets() -> Vec<(&'static str, Value)> {
    vec![
        (
            "≥95%",
            v(Some(Op::Ge), Some(95.0), None, Some("%"), None, false),
        ),
        ("124个", v(None, Some(124.0), None, Some("个"), None, false)),
        ("100%", v(None, Some(100.0), None, Some("%"), None, false)),
        ("及时", v(None, None, None, None, None, true)),
        (
            "576000元/年",
            v(None, Some(576000.0), None, Some("元/年"), None, false),
        ),
        (
            "7日内",
            v(Some(Op::Le), Some(7.0), None, Some("日"), None, false),
        ),
        ("据实报销", v(None, None, None, None, None, true)),
        (
            "3-4次",
            v(None, Some(3.0), Some(4.0), Some("次"), None, false),
        ),
        (
            ">300000条",
            v(Some(Op::Gt), Some(300000.0), None, Some("条"), None, false),
        ),
        (
            "满意率95%以上",
            v(Some(Op::Ge), Some(95.0), None, Some("%"), None, false),
        ),
        (
            "2021年6月完成",
            v(Some(Op::Le), None, None, None, Some("2021-06"), false),
        ),
    ]
}

/// Target-table cells: (指标值, 指标性质, 度量单位) and what they mean.
fn table_targets() -> Vec<(&'static str, &'static str, &'static str, Value)> {
    vec![
        (
            "95",
            "≥",
            "%",
            v(Some(Op::Ge), Some(95.0), None, Some("%"), None, false),
        ),
        (
            "100",
            "=",
            "%",
            v(Some(Op::Eq), Some(100.0), None, Some("%"), None, false),
        ),
        ("2", "定性", "", v(None, Some(2.0), None, None, None, true)),
        (
            "780000",
            "≥",
            "人数",
            v(
                Some(Op::Ge),
                Some(780000.0),
                None,
                Some("人数"),
                None,
                false,
            ),
        ),
        (
            "60",
            "≤",
            "分钟",
            v(Some(Op::Le), Some(60.0), None, Some("分钟"), None, false),
        ),
    ]
}

/// Self-evaluation contents (the 内容 cell, which is both name and target) and what they mean.
fn contents() -> Vec<(&'static str, Value)> {
    vec![
        (
            "医保信息系统验收合格率≥90%",
            v(Some(Op::Ge), Some(90.0), None, Some("%"), None, false),
        ),
        (
            "参保人员满意度大于等于80%",
            v(Some(Op::Ge), Some(80.0), None, Some("%"), None, false),
        ),
        (
            "重大安全事件响应时间≤60分钟",
            v(Some(Op::Le), Some(60.0), None, Some("分钟"), None, false),
        ),
        (
            "按时完成年度服务质量考核",
            v(None, None, None, None, None, true),
        ),
        (
            "跨省异地就医直接结算率有所提高",
            v(None, None, None, None, None, true),
        ),
        (
            "减少医保基金不合理支出。",
            v(None, None, None, None, None, true),
        ),
    ]
}

fn indicator(
    level1: &str,
    level2: &str,
    name: String,
    target: Option<String>,
    value: Value,
) -> Indicator {
    Indicator {
        level1: level1.to_string(),
        level2: Some(level2.to_string()),
        name,
        target,
        midterm_target: None,
        value,
        weight: None,
        weight_current: None,
        direction: None,
        actual: None,
        score: None,
        reason: None,
        line: 0,
    }
}

fn base(kind: Kind) -> Form {
    Form::new(kind, 1)
}

/// Indicators grouped by category, as forms write them: (category index, template index).
fn rows_strategy(
    categories: usize,
    templates: usize,
) -> impl Strategy<Value = Vec<(usize, usize)>> {
    prop::collection::vec((0..categories, 0..templates), 1..9).prop_map(|mut v| {
        v.sort_by_key(|(c, _)| *c);
        v
    })
}

/// A unique indicator name: names from the pool, numbered when the pool runs out.
fn name(k: usize) -> String {
    let n = NAMES[k % NAMES.len()];
    if k < NAMES.len() {
        n.to_string()
    } else {
        format!("{n}{}", k / NAMES.len() + 1)
    }
}

fn money() -> impl Strategy<Value = f64> {
    (1u32..100_000).prop_map(|c| c as f64 / 100.0)
}

fn target_table() -> impl Strategy<Value = Form> {
    (
        rows_strategy(CATEGORIES.len(), 5),
        0..4usize,
        0..4usize,
        prop::option::of(money()),
        1u32..9,
        0..3usize,
    )
        .prop_map(|(rows, p, u, total, w, g)| {
            let mut f = base(Kind::TargetTable);
            f.title = Some("绩效目标表".into());
            f.project = Some(PROJECTS[p].into());
            f.project_code = Some(format!("50011522T0000020{:05}", p * 7919 + u));
            f.unit = Some(format!("{}(本级)", PLACES[u]));
            f.department = Some(PLACES[u].into());
            f.funds.total = total;
            f.funds.fiscal = total;
            f.budget_weight = Some(10.0);
            f.goals.push(Goal {
                line: 0,
                period: Period::Annual,
                text: GOALS[g].into(),
                achieved: None,
            });
            let t = table_targets();
            for (k, (c, tv)) in rows.into_iter().enumerate() {
                let (text, _, _, value) = &t[tv];
                let (l1, l2) = CATEGORIES[c];
                let mut ind = indicator(l1, l2, name(k), Some(text.to_string()), value.clone());
                ind.midterm_target = Some(text.to_string());
                ind.weight = Some((5 * w + k as u32) as f64);
                ind.weight_current = Some((5 * w) as f64);
                ind.direction = Some(Direction::Positive);
                f.indicators.push(ind);
            }
            f
        })
}

fn target_approval() -> impl Strategy<Value = Form> {
    let n = text_targets().len();
    (
        rows_strategy(CATEGORIES.len(), n),
        0..4usize,
        0..4usize,
        money(),
        0..3usize,
    )
        .prop_map(|(rows, p, u, total, g)| {
            let mut f = base(Kind::TargetApproval);
            f.title = Some("部门项目支出预算绩效目标批复表".into());
            f.year = Some(2022);
            f.project = Some(PROJECTS[p].into());
            f.department = Some(PLACES[u].into());
            f.unit = Some(PLACES[(u + 1) % PLACES.len()].into());
            f.funds.total = Some(total);
            f.funds.fiscal = Some(total);
            f.goals.push(Goal {
                line: 0,
                period: Period::Annual,
                text: GOALS[g].into(),
                achieved: None,
            });
            let t = text_targets();
            for (k, (c, tv)) in rows.into_iter().enumerate() {
                let (l1, l2) = CATEGORIES[c];
                f.indicators.push(indicator(
                    l1,
                    l2,
                    name(k),
                    Some(t[tv].0.to_string()),
                    t[tv].1.clone(),
                ));
            }
            f
        })
}

fn target_declaration() -> impl Strategy<Value = Form> {
    let n = text_targets().len();
    (
        rows_strategy(CATEGORIES.len(), n),
        0..n,
        0..4usize,
        0..4usize,
        money(),
        0..3usize,
    )
        .prop_map(move |(rows, mid, p, u, total, g)| {
            let mut f = base(Kind::TargetDeclaration);
            f.title = Some("部门预算财政支出绩效目标申报表".into());
            f.year = Some(2021);
            f.project = Some(PROJECTS[p].into());
            f.unit = Some(PLACES[u].into());
            f.department = Some(PLACES[(u + 2) % PLACES.len()].into());
            f.funds.total = Some(total);
            f.funds.fiscal = Some(total);
            f.funds.midterm_total = Some((total * 300.0).round() / 100.0);
            f.goals.push(Goal {
                line: 0,
                period: Period::Midterm,
                text: GOALS[(g + 1) % 3].into(),
                achieved: None,
            });
            f.goals.push(Goal {
                line: 0,
                period: Period::Annual,
                text: GOALS[g].into(),
                achieved: None,
            });
            let t = text_targets();
            for (k, (c, tv)) in rows.into_iter().enumerate() {
                let (l1, l2) = CATEGORIES[c];
                let mut ind =
                    indicator(l1, l2, name(k), Some(t[tv].0.to_string()), t[tv].1.clone());
                ind.midterm_target = Some(t[(tv + mid) % n].0.to_string());
                f.indicators.push(ind);
            }
            f
        })
}

/// Indicators of a self-evaluation: content as name and target, a result, 分值 and 得分.
fn evaluation_indicators(f: &mut Form, rows: Vec<(usize, usize)>, categories: &[(&str, &str)]) {
    let cs = contents();
    for (k, (c, tv)) in rows.into_iter().enumerate() {
        let (l1, l2) = categories[c];
        let (text, value) = &cs[tv];
        let content = if k < cs.len() {
            text.to_string()
        } else {
            format!("{}{}", text, k)
        };
        let value = if k < cs.len() {
            value.clone()
        } else {
            jixiao::core::value::read_value(&content)
        };
        let mut ind = indicator(l1, l2, content.clone(), Some(content), value);
        ind.actual = Some(["完成", "≥92%", "有所提高", "严格把关很好完成"][k % 4].to_string());
        ind.weight = Some(5.0 + (k % 4) as f64 * 5.0);
        ind.score = Some(5.0 + (k % 4) as f64 * 5.0 - (k % 2) as f64);
        f.indicators.push(ind);
    }
}

fn project_self_evaluation() -> impl Strategy<Value = Form> {
    (
        rows_strategy(CATEGORIES.len(), contents().len()),
        0..4usize,
        0..4usize,
        money(),
        0..3usize,
    )
        .prop_map(|(rows, p, u, total, g)| {
            let mut f = base(Kind::ProjectSelfEvaluation);
            f.title = Some(format!("2021年{}预算项目(政策)绩效目标自评表", PLACES[u]));
            f.year = Some(2021);
            f.project = Some(PROJECTS[p].into());
            f.department = Some(PLACES[u].into());
            f.unit = Some(PLACES[u].into());
            f.funds.initial = Some(total);
            f.funds.total = Some(total);
            f.funds.fiscal = Some(total);
            f.funds.executed = Some((total * 0.5 * 100.0).round() / 100.0);
            f.goals.push(Goal {
                line: 0,
                period: Period::Annual,
                text: GOALS[g].into(),
                achieved: Some("全部完成。".into()),
            });
            evaluation_indicators(&mut f, rows, CATEGORIES);
            f.scores = Some(Scores {
                budget_points: Some(10.0),
                execution_rate: Pair {
                    stated: Some(0.5),
                    computed: None,
                },
                budget_score: Pair {
                    stated: Some(5.0),
                    computed: None,
                },
                indicator_score: Pair {
                    stated: Some(88.0),
                    computed: None,
                },
                total: Pair {
                    stated: Some(93.0),
                    computed: None,
                },
                grade: None,
                grade_stated: None,
            });
            f
        })
}

fn department_self_evaluation() -> impl Strategy<Value = Form> {
    (
        rows_strategy(DEPT_CATEGORIES.len(), contents().len()),
        0..4usize,
        money(),
        0..3usize,
    )
        .prop_map(|(rows, u, total, g)| {
            let mut f = base(Kind::DepartmentSelfEvaluation);
            f.title = Some(format!("2021年{}整体绩效自评表", PLACES[u]));
            f.year = Some(2021);
            f.department = Some(PLACES[u].into());
            f.funds.initial = Some(total);
            f.funds.total = Some(total);
            f.funds.fiscal = Some(total);
            f.funds.executed = Some((total * 0.8 * 100.0).round() / 100.0);
            f.goals.push(Goal {
                line: 0,
                period: Period::Annual,
                text: GOALS[g].into(),
                achieved: Some("已完成。".into()),
            });
            evaluation_indicators(&mut f, rows, DEPT_CATEGORIES);
            f.scores = Some(Scores {
                total: Pair {
                    stated: Some(96.0),
                    computed: None,
                },
                ..Scores::default()
            });
            f
        })
}

fn fragment() -> impl Strategy<Value = Form> {
    (rows_strategy(CATEGORIES.len(), contents().len()), 0..20u32).prop_map(|(rows, d)| {
        let mut f = base(Kind::Fragment);
        evaluation_indicators(&mut f, rows, CATEGORIES);
        let d = d as f64 / 2.0;
        f.scores = Some(Scores {
            budget_score: Pair {
                stated: Some(d),
                computed: None,
            },
            indicator_score: Pair {
                stated: Some(90.0),
                computed: None,
            },
            total: Pair {
                stated: Some(90.0 + d),
                computed: None,
            },
            ..Scores::default()
        });
        f
    })
}

// ---------------------------------------------------------------------------------------------
// Disturbances, as real copies make them.

#[derive(Debug, Clone, Copy, PartialEq)]
enum Disturbance {
    /// None: the layout as written.
    Clean,
    /// Rows lose their leading empty cells (`信息化系统运行维护\t\t\t260万`).
    ShiftLeft,
    /// Rows gain an empty cell at the start.
    ExtraCell,
    /// Repeated category cells are blanked (merged cells).
    MergedBlank,
    /// A page break that repeats the table's header row.
    PageBreakHeader,
    /// A page break without the header.
    PageBreakBare,
    /// Half-width characters turned full-width (`：（）％，０-９`).
    WidthFold,
    /// Spaces inside category names and header labels (`满意度指 标`, `全年 预算数`).
    SpacesInWords,
    /// A PDF viewer's copy of the table: every non-empty cell on a line of its own.
    OneCellPerLine,
    /// A Word copy: cells apart by runs of spaces instead of tabs (empty cells vanish).
    SpaceSeparated,
    /// A web page's table as text: cells apart by ` | `, empty cells kept, each row closed by
    /// `|` (or, Markdown's way, opened and closed by it).
    PipeCells,
    /// Header fields written `label value`, apart by one space instead of a cell.
    SingleSpacePairs,
    /// The whole form on one line, its non-empty cells apart by single spaces.
    OneLine,
}

const DISTURBANCES: &[Disturbance] = &[
    Disturbance::Clean,
    Disturbance::ShiftLeft,
    Disturbance::ExtraCell,
    Disturbance::MergedBlank,
    Disturbance::PageBreakHeader,
    Disturbance::PageBreakBare,
    Disturbance::WidthFold,
    Disturbance::SpacesInWords,
    Disturbance::OneCellPerLine,
    Disturbance::SpaceSeparated,
    Disturbance::PipeCells,
    Disturbance::SingleSpacePairs,
    Disturbance::OneLine,
];

fn is_category(cell: &str) -> bool {
    CATEGORIES
        .iter()
        .chain(DEPT_CATEGORIES)
        .any(|(a, b)| cell == *a || cell == *b)
}

/// The indicator header rows' positions and the indicator rows' positions in `lines`.
fn table_rows(lines: &[String], kind: Kind) -> (Vec<usize>, Vec<usize>) {
    let header = lines
        .iter()
        .position(|l| l.contains("三级指标"))
        .map(|h| {
            if l_has_second_header(lines, h) {
                vec![h, h + 1]
            } else {
                vec![h]
            }
        })
        .unwrap_or_default();
    let start = header.last().map(|h| h + 1).unwrap_or(0);
    let body = (start..lines.len())
        .filter(|&i| {
            let l = &lines[i];
            !l.trim().is_empty()
                && !l.contains("得分小计")
                && !l.contains("总得分")
                && !l.contains("总评价得分")
        })
        .collect();
    let _ = kind;
    (header, body)
}

fn l_has_second_header(lines: &[String], h: usize) -> bool {
    lines.get(h + 1).is_some_and(|l| l.contains("运算符号"))
}

fn fold_wide(s: &str, seed: usize) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            let wide = (i + seed).is_multiple_of(2);
            match c {
                ':' | '(' | ')' | '%' | ',' | '0'..='9' if wide => {
                    char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
                }
                _ => c,
            }
        })
        .collect()
}

fn space_inside(cell: &str) -> String {
    let chars: Vec<char> = cell.chars().collect();
    if chars.len() < 3 {
        return cell.to_string();
    }
    let mid = chars.len() - 1;
    let mut s: String = chars[..mid].iter().collect();
    s.push(' ');
    s.extend(&chars[mid..]);
    s
}

fn disturb(text: &str, kind: Kind, d: Disturbance, pick: usize) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let (header, body) = table_rows(&lines, kind);
    let chosen = |k: usize| (k + pick).is_multiple_of(2);
    match d {
        Disturbance::Clean => {}
        Disturbance::ShiftLeft => {
            // Merged cells first (so rows start with empty cells), then the copy drops them.
            let merged = disturb(text, kind, Disturbance::MergedBlank, pick);
            lines = merged.lines().map(str::to_string).collect();
            for &i in &body {
                lines[i] = lines[i].trim_start_matches('\t').to_string();
            }
        }
        Disturbance::ExtraCell => {
            for (k, &i) in body.iter().enumerate() {
                if chosen(k) {
                    lines[i] = format!("\t{}", lines[i]);
                }
            }
        }
        Disturbance::MergedBlank => {
            let mut prev: Vec<String> = Vec::new();
            for &i in &body {
                let cells: Vec<String> = lines[i].split('\t').map(str::to_string).collect();
                let blanked: Vec<String> = cells
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        if c < 3 && is_category(cell) && prev.get(c) == Some(cell) {
                            String::new()
                        } else {
                            cell.clone()
                        }
                    })
                    .collect();
                // Only blank down a column while the cells to its left repeat too.
                lines[i] = blanked.join("\t");
                prev = cells;
            }
        }
        Disturbance::PageBreakHeader | Disturbance::PageBreakBare => {
            if body.len() >= 2 {
                let at = body[1 + pick % (body.len() - 1)];
                let mut insert = vec![String::new(), "第 2 页".to_string(), String::new()];
                if matches!(d, Disturbance::PageBreakHeader) {
                    insert.extend(header.iter().map(|&h| lines[h].clone()));
                }
                insert.retain(|l| !l.starts_with('第'));
                for (n, l) in insert.into_iter().enumerate() {
                    lines.insert(at + n, l);
                }
            }
        }
        Disturbance::WidthFold => {
            return fold_wide(text, pick);
        }
        Disturbance::OneLine => {
            let cells: Vec<String> = lines
                .iter()
                .flat_map(|l| l.split('\t').map(str::trim).filter(|c| !c.is_empty()))
                .map(str::to_string)
                .collect();
            lines = vec![cells.join(" ")];
        }
        Disturbance::PipeCells => {
            for l in lines.iter_mut() {
                if l.trim().is_empty() {
                    continue;
                }
                let row = l.split('\t').collect::<Vec<_>>().join(" | ");
                *l = if pick.is_multiple_of(2) {
                    format!("{row} |")
                } else {
                    format!("| {row} |")
                };
            }
        }
        Disturbance::SingleSpacePairs => {
            let first = header.first().or(body.first()).copied().unwrap_or(0);
            for l in lines[..first].iter_mut() {
                let cells: Vec<&str> = l.split('\t').filter(|c| !c.trim().is_empty()).collect();
                let label = jixiao::core::layout::label_field(cells.first().unwrap_or(&""));
                if cells.len() == 2 && label.is_some() && !cells[0].ends_with([':', '：']) {
                    *l = cells.join(" ");
                } else if let [cell] = cells[..] {
                    // `项目总额：170万元` → `项目总额 170万元`
                    if let Some(at) = cell.rfind('：') {
                        let value = &cell[at + '：'.len_utf8()..];
                        let label = jixiao::core::layout::label_field(&cell[..at]);
                        if label.is_some() && !value.trim().is_empty() {
                            *l = format!("{} {value}", &cell[..at]);
                        }
                    }
                }
            }
        }
        Disturbance::SpaceSeparated => {
            for l in lines.iter_mut() {
                let cells: Vec<&str> = l.split('\t').filter(|c| !c.trim().is_empty()).collect();
                *l = cells.join(if pick.is_multiple_of(2) { "  " } else { "   " });
            }
        }
        Disturbance::OneCellPerLine => {
            let first = header
                .first()
                .or(body.first())
                .copied()
                .unwrap_or(lines.len());
            let mut out: Vec<String> = lines[..first].to_vec();
            for l in &lines[first..] {
                out.extend(
                    l.split('\t')
                        .filter(|c| !c.trim().is_empty())
                        .map(str::to_string),
                );
            }
            lines = out;
        }
        Disturbance::SpacesInWords => {
            for &i in header.iter().chain(&body) {
                let cells: Vec<String> = lines[i]
                    .split('\t')
                    .map(|c| {
                        if is_category(c) || c.ends_with("指标") {
                            space_inside(c)
                        } else {
                            c.to_string()
                        }
                    })
                    .collect();
                lines[i] = cells.join("\t");
            }
        }
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------------------------
// The property.

/// The project and the indicator tree: 一级, 二级, name and target of each indicator.
fn tree(f: &Form) -> serde_json::Value {
    serde_json::json!({
        "project": f.project,
        "indicators": f
            .indicators
            .iter()
            .map(|i| serde_json::json!([i.level1, i.level2, i.name, i.target]))
            .collect::<Vec<_>>(),
    })
}

/// The parts of a form its layout carries, for comparison (source lines aside).
fn comparable(f: &Form) -> serde_json::Value {
    let mut v = serde_json::to_value(f).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("lines");
    o.remove("budget_lines");
    o.remove("quality");
    o.remove("level1_points");
    for ind in o["indicators"].as_array_mut().unwrap() {
        ind.as_object_mut().unwrap().remove("line");
    }
    for goal in o["goals"].as_array_mut().unwrap() {
        goal.as_object_mut().unwrap().remove("line");
    }
    if let Some(s) = o.get_mut("scores").and_then(|s| s.as_object_mut()) {
        for k in ["execution_rate", "budget_score", "indicator_score", "total"] {
            s[k] = s[k]["stated"].clone();
        }
        s.remove("grade");
        s.remove("grade_stated");
    }
    v
}

fn check(form: &Form, d: Disturbance, pick: usize) -> Result<(), TestCaseError> {
    // A fragment on one line has neither title nor header to be found by.
    if d == Disturbance::OneLine && form.kind == Kind::Fragment {
        return Ok(());
    }
    let text = disturb(&form_to_tsv(form), form.kind, d, pick);
    let report = jixiao::parse(&text);
    prop_assert_eq!(report.forms.len(), 1, "{:?}: forms read from\n{}", d, text);
    let (want, got) = if d == Disturbance::OneLine {
        // A form on one line keeps no table layout for its budget and goals: what must come
        // back is the project and its indicator tree.
        (tree(form), tree(&report.forms[0]))
    } else {
        (comparable(form), comparable(&report.forms[0]))
    };
    let mut diffs = Vec::new();
    diff("", &want, &got, &mut diffs);
    prop_assert!(
        diffs.is_empty(),
        "{:?} of {:?}: {}\n{}",
        d,
        form.kind,
        diffs.join("; "),
        text
    );
    Ok(())
}

/// The paths where two JSON values differ, with both sides.
fn diff(path: &str, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value as J;
    match (a, b) {
        (J::Object(x), J::Object(y)) => {
            for (k, v) in x {
                diff(&format!("{path}.{k}"), v, y.get(k).unwrap_or(&J::Null), out);
            }
        }
        (J::Array(x), J::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                diff(&format!("{path}[{i}]"), v, w, out);
            }
        }
        _ if a != b => out.push(format!("{path}: expected {a} got {b}")),
        _ => {}
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

macro_rules! round_trip {
    ($($name:ident: $strategy:expr;)*) => {
        $(
            proptest! {
                #![proptest_config(config())]
                #[test]
                fn $name(form in $strategy, pick in 0usize..8) {
                    for d in DISTURBANCES {
                        check(&form, *d, pick)?;
                    }
                }
            }
        )*
    };
}

round_trip! {
    target_table_round_trips: target_table();
    target_approval_round_trips: target_approval();
    target_declaration_round_trips: target_declaration();
    project_self_evaluation_round_trips: project_self_evaluation();
    department_self_evaluation_round_trips: department_self_evaluation();
    fragment_round_trips: fragment();
}

/// Shows what each disturbance does to one form of each family (`--nocapture`), and checks
/// that it changed the text.
#[test]
fn disturbances_change_the_text() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    // A form with several indicators of each family, so that every disturbance has rows to act on.
    let mut sample = |strategy: BoxedStrategy<Form>| loop {
        let f = strategy.new_tree(&mut runner).unwrap().current();
        if f.indicators.len() >= 3
            && f.indicators.first().map(|i| &i.level1) == f.indicators.get(1).map(|i| &i.level1)
        {
            break f;
        }
    };
    let forms = [
        sample(target_table().boxed()),
        sample(target_approval().boxed()),
        sample(project_self_evaluation().boxed()),
    ];
    for form in &forms {
        let clean = form_to_tsv(form);
        for d in &DISTURBANCES[1..] {
            let t = disturb(&clean, form.kind, *d, 0);
            println!("--- {:?} {:?}\n{t}", form.kind, d);
            // Approval and evaluation layouts are written merged already.
            let merged_already =
                form.kind != Kind::TargetTable && matches!(d, Disturbance::MergedBlank);
            if !merged_already {
                assert_ne!(t, clean, "{d:?} left {:?} as it was", form.kind);
            }
        }
    }
}
