//! Reading a target value: `≥95%`, `>300000条`, `576000元/年`, `7日内`, `3-4次`,
//! `2021年6月完成`, `满意率95%以上`, `据实报销` …
//!
//! The reader looks for the first measurable figure in the text, the operator written before
//! it (a symbol or a word such as 大于等于 / 不低于) or after it (以上, 以下, 以内, 内), its unit,
//! and a date when the figure is a year. Text without a figure is qualitative.

use super::model::{Op, Value};
use super::text::normalize;

/// Operator words and symbols, longest first so that `大于等于` wins over `大于`.
const OPS_BEFORE: &[(&str, Op)] = &[
    ("大于或等于", Op::Ge),
    ("小于或等于", Op::Le),
    ("大于等于", Op::Ge),
    ("小于等于", Op::Le),
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("不高于", Op::Le),
    ("不超过", Op::Le),
    ("不多于", Op::Le),
    ("不大于", Op::Le),
    ("不晚于", Op::Le),
    ("至少", Op::Ge),
    ("最多", Op::Le),
    ("大于", Op::Gt),
    ("高于", Op::Gt),
    ("超过", Op::Gt),
    ("多于", Op::Gt),
    ("小于", Op::Lt),
    ("低于", Op::Lt),
    ("少于", Op::Lt),
    ("等于", Op::Eq),
    (">=", Op::Ge),
    ("<=", Op::Le),
    ("≥", Op::Ge),
    ("≧", Op::Ge),
    ("≤", Op::Le),
    ("≦", Op::Le),
    (">", Op::Gt),
    ("<", Op::Lt),
    ("=", Op::Eq),
];

/// Words after a figure that imply an operator.
const OPS_AFTER: &[(&str, Op)] = &[
    ("以上", Op::Ge),
    ("及以上", Op::Ge),
    ("以下", Op::Le),
    ("及以下", Op::Le),
    ("以内", Op::Le),
    ("之内", Op::Le),
    ("内", Op::Le),
];

/// Characters that end a clause: the operator before a figure must stand in the same clause.
fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | '、' | ';' | '；' | '。' | '!' | '?' | '\n' | '(' | ')'
    )
}

/// Characters that end a unit.
fn ends_unit(c: char) -> bool {
    is_clause_break(c)
        || c.is_ascii_digit()
        || c.is_whitespace()
        || matches!(
            c,
            '≥' | '≤' | '>' | '<' | '=' | '“' | '”' | '"' | '~' | '～' | '-' | '—'
        )
}

/// An operator read from a 指标性质 or 运算符号 cell (`≥`, `“≥”`, `大于等于`).
pub fn read_op(cell: &str) -> Option<Op> {
    let c: String = normalize(cell)
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '\'' | ' '))
        .collect();
    OPS_BEFORE.iter().find(|(w, _)| c == *w).map(|(_, op)| *op)
}

/// A number starting at byte `i` of `s`: digits with an optional decimal part; commas between
/// digit groups are skipped. Returns the number and the byte just past it.
fn number_at(s: &str, i: usize) -> Option<(f64, usize)> {
    let b = s.as_bytes();
    let mut j = i;
    let mut digits = String::new();
    let mut dot = false;
    while j < b.len() {
        let c = b[j];
        if c.is_ascii_digit() {
            digits.push(c as char);
        } else if c == b'.'
            && !dot
            && j + 1 < b.len()
            && b[j + 1].is_ascii_digit()
            && !digits.is_empty()
        {
            dot = true;
            digits.push('.');
        } else if c == b','
            && !dot
            && !digits.is_empty()
            && j + 3 < b.len()
            && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
            && (j + 4 >= b.len() || !b[j + 4].is_ascii_digit())
        {
            // a thousands separator: "300,000"
        } else {
            break;
        }
        j += 1;
    }
    if digits.is_empty() {
        return None;
    }
    digits.parse::<f64>().ok().map(|n| (n, j))
}

/// What the rest of the row and the form say about a value cell.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The 指标性质 or 运算符号 cell: an operator, or 定性 / 定量.
    pub nature: Option<&'a str>,
    /// The 度量单位 cell.
    pub unit: Option<&'a str>,
    /// The form's year, for deadlines written without one (`3月前`).
    pub year: Option<i32>,
}

/// Reads a value cell on its own.
pub fn read_value(text: &str) -> Value {
    read_value_in(text, Context::default())
}

/// Reads a value cell, with the 指标性质 (operator or 定性/定量) and 度量单位 cells of its row
/// where the form has them.
pub fn read_value_with(text: &str, nature: Option<&str>, unit_cell: Option<&str>) -> Value {
    read_value_in(
        text,
        Context {
            nature,
            unit: unit_cell,
            year: None,
        },
    )
}

/// Reads a value cell in its context. An empty cell is no value at all (not qualitative).
pub fn read_value_in(text: &str, ctx: Context) -> Value {
    let s = normalize(text);
    if s.is_empty() {
        return Value::default();
    }
    let s = arabic_counts(&s);
    let s = arabic_numerals(&s);
    let mut v = Value::default();
    let nature_qualitative = ctx.nature.is_some_and(|n| n.contains("定性"));
    if let Some(n) = ctx.nature {
        v.op = read_op(n);
    }
    if let Some(found) = first_figure(&s, ctx.year) {
        if v.op.is_none() {
            v.op = found.op;
        }
        v.number = found.number;
        v.number_max = found.number_max;
        v.unit = found.unit;
        v.date = found.date;
    }
    if v.unit.is_none() && v.number.is_some() {
        if let Some(u) = ctx.unit.map(normalize).filter(|u| !u.is_empty()) {
            v.unit = Some(fold_unit(&u));
        }
    }
    v.qualitative = nature_qualitative || (v.number.is_none() && v.date.is_none());
    if v.qualitative && v.number.is_none() {
        v.op = None;
        v.unit = None;
    }
    v
}

/// Rewrites a count per period written in Chinese numerals, `一年四次` / `每月两次`, as
/// `1年4次`, so that it reads as 4 次/年. Other Chinese numerals (`二级医院`) stay words.
fn arabic_counts(s: &str) -> std::borrow::Cow<'_, str> {
    const PERIODS: &[&str] = &["年", "季度", "季", "月", "周", "天", "日"];
    const COUNTS: &[&str] = &["次", "场", "期", "批", "轮"];
    fn digit(c: char) -> Option<u32> {
        Some(match c {
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            '十' => 10,
            _ => return None,
        })
    }
    for lead in ["一", "每"] {
        let Some(at) = s.find(lead) else { continue };
        let rest = &s[at + lead.len()..];
        let Some(period) = PERIODS.iter().find(|p| rest.starts_with(**p)) else {
            continue;
        };
        let rest = &rest[period.len()..];
        let mut chars = rest.chars();
        let (Some(d), Some(next)) = (chars.next().and_then(digit), Some(chars.as_str())) else {
            continue;
        };
        // 十二 → 12, 二十 → 20: enough for counts per period.
        let (n, next) = match (next.chars().next().and_then(digit), d) {
            (Some(10), d) if d < 10 => (d * 10, &next['十'.len_utf8()..]),
            (Some(u), 10) if u < 10 => (
                10 + u,
                &next[next.chars().next().map_or(0, char::len_utf8)..],
            ),
            _ => (d, next),
        };
        if let Some(count) = COUNTS.iter().find(|c| next.starts_with(**c)) {
            let tail = &next[count.len()..];
            return std::borrow::Cow::Owned(format!("{}1{period}{n}{count}{tail}", &s[..at]));
        }
    }
    std::borrow::Cow::Borrowed(s)
}

/// What a Chinese numeral character stands for: a digit (零 to 九, 〇, 两, and the capitals
/// 壹 to 玖 that amounts are written in), or a multiplier (十 百 千 万 亿, 拾 佰 仟).
fn numeral(c: char) -> Option<(u32, bool)> {
    Some(match c {
        '零' | '〇' => (0, false),
        '一' | '壹' => (1, false),
        '二' | '两' | '贰' => (2, false),
        '三' | '叁' => (3, false),
        '四' | '肆' => (4, false),
        '五' | '伍' => (5, false),
        '六' | '陆' => (6, false),
        '七' | '柒' => (7, false),
        '八' | '捌' => (8, false),
        '九' | '玖' => (9, false),
        '十' | '拾' => (10, true),
        '百' | '佰' => (100, true),
        '千' | '仟' => (1000, true),
        '万' => (10_000, true),
        '亿' => (100_000_000, true),
        _ => return None,
    })
}

/// The value of a run of Chinese numerals (`一千二百六十九万九千` = 12 699 000, `十五` = 15,
/// `三点五` = 3.5), or None when the run does not spell a number (`万万`, `点`).
fn numeral_value(run: &[char]) -> Option<f64> {
    let (whole, mut fraction) = match run.iter().position(|&c| c == '点') {
        Some(p) => (&run[..p], Some(&run[p + 1..])),
        None => (run, None),
    };
    // 三点五万: the fraction's scale follows it.
    let mut scale_after = 1.0;
    if let Some(f) = fraction {
        match f.last() {
            Some('万') => (fraction, scale_after) = (Some(&f[..f.len() - 1]), 1e4),
            Some('亿') => (fraction, scale_after) = (Some(&f[..f.len() - 1]), 1e8),
            _ => {}
        }
    }
    let (mut yi, mut wan, mut section, mut digit) = (0f64, 0f64, 0f64, None::<f64>);
    let mut last_big = u32::MAX;
    for &c in whole {
        let (n, multiplier) = numeral(c)?;
        if !multiplier {
            digit = Some(n as f64);
            continue;
        }
        let d = digit.take();
        match n {
            100_000_000 => {
                yi = (yi + wan + section + d.unwrap_or(0.0)) * 1e8;
                (wan, section) = (0.0, 0.0);
            }
            10_000 => {
                if last_big <= 10_000 && wan > 0.0 && section == 0.0 && d.is_none() {
                    return None;
                }
                wan = (section + d.unwrap_or(0.0)) * 1e4;
                section = 0.0;
            }
            _ => {
                // 十五: a 十 with no digit before it is one ten.
                let d = match d {
                    Some(d) => d,
                    None if n == 10 => 1.0,
                    None => return None,
                };
                section += d * n as f64;
            }
        }
        last_big = n;
    }
    let mut value = yi + wan + section + digit.unwrap_or(0.0);
    if let Some(f) = fraction {
        if f.is_empty() {
            return None;
        }
        let mut scale = 0.1;
        for &c in f {
            match numeral(c) {
                Some((n, false)) => value += n as f64 * scale,
                _ => return None,
            }
            scale /= 10.0;
        }
    }
    Some(value * scale_after)
}

/// Words a number written in Chinese numerals is followed by when it counts or pays
/// something: only such a run is read as a number (`一百二十万元`, `两千人`), so that names
/// (`二级医院`, `十三五规划`, `一级指标`) stay words.
const NUMERAL_UNITS: &[&str] = &[
    "元",
    "人",
    "个",
    "次",
    "家",
    "户",
    "所",
    "场",
    "项",
    "天",
    "日",
    "公里",
    "千米",
    "米",
    "亩",
    "吨",
    "台",
    "套",
    "件",
    "册",
    "本",
    "名",
    "位",
    "座",
    "处",
    "条",
    "篇",
    "期",
    "批",
    "辆",
    "株",
    "棵",
    "间",
    "平方米",
    "小时",
    "年",
    "月",
    "周",
];

/// A quick first test for [`arabic_numerals`]: false when no run of Chinese numerals is
/// followed by a unit word and none follows 百分之.
fn may_hold_numerals(s: &str) -> bool {
    let mut rest = s;
    while let Some(at) = rest.find(|c: char| numeral(c).is_some()) {
        let after = &rest[at..];
        let end = after
            .find(|c: char| numeral(c).is_none() && c != '点')
            .unwrap_or(after.len());
        let tail = &after[end..];
        if rest[..at].ends_with("百分之")
            || after.starts_with("百分之")
            || NUMERAL_UNITS.iter().any(|u| tail.starts_with(u))
        {
            return true;
        }
        if end == after.len() {
            return false;
        }
        rest = tail;
    }
    false
}

/// Rewrites amounts and counts written in Chinese numerals with Arabic figures, so that they
/// read as numbers: `≤一百二十万元` → `≤120万元`, `一千二百六十九万九千元` → `12699000元`,
/// `壹佰万元` → `100万元`, `百分之九十五` → `95%`. A run ending in 万 or 亿 keeps it as the
/// unit. Runs not followed by a unit word stay as written.
pub fn arabic_numerals(s: &str) -> std::borrow::Cow<'_, str> {
    if !may_hold_numerals(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let percent = chars[i..].starts_with(&['百', '分', '之']);
        let start = if percent { i + 3 } else { i };
        let mut j = start;
        while j < chars.len() && (numeral(chars[j]).is_some() || (chars[j] == '点' && j > start)) {
            j += 1;
        }
        let run = &chars[start..j];
        // 20万元: a 万 after a figure is its unit. 万 alone is no number (十 alone is ten).
        let after_figure =
            start > 0 && (chars[start - 1].is_ascii_digit() || chars[start - 1] == '.');
        let counted = run.first().is_some_and(|&c| c == '十' || c == '拾')
            || run.iter().any(|&c| numeral(c).is_some_and(|n| !n.1));
        let run = if after_figure || !counted {
            &run[..0]
        } else {
            run
        };
        let rest: String = chars[j..].iter().take(3).collect();
        let unit = NUMERAL_UNITS.iter().any(|u| rest.starts_with(u));
        let money = rest.starts_with('元');
        let long = run.len() >= 2
            || run
                .first()
                .is_some_and(|&c| numeral(c).is_some_and(|n| n.1));
        let read = (!run.is_empty() && (percent || (unit && (long || money))))
            .then(|| numeral_value(run))
            .flatten();
        let Some(mut value) = read else {
            out.push(chars[i]);
            i += 1;
            continue;
        };
        // Keep a closing 万 or 亿 as the unit: 一百二十万元 is 120 万元.
        let big = match run.last() {
            Some('亿') if !percent => Some(('亿', 1e8)),
            Some('万') if !percent => Some(('万', 1e4)),
            _ => None,
        };
        if let Some((_, scale)) = big {
            value /= scale;
        }
        out.push_str(&value.to_string());
        if let Some((c, _)) = big {
            out.push(c);
        }
        if percent {
            out.push('%');
        }
        changed = true;
        i = j;
    }
    if changed {
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Units as the contract writes them: 百分比 and 百分点 of a rate fold to `%`.
fn fold_unit(u: &str) -> String {
    match u {
        "百分比" | "％" => "%".to_string(),
        _ => u.to_string(),
    }
}

struct Figure {
    op: Option<Op>,
    number: Option<f64>,
    number_max: Option<f64>,
    unit: Option<String>,
    date: Option<String>,
}

/// Finds the first figure of `s` and reads what surrounds it.
fn first_figure(s: &str, year: Option<i32>) -> Option<Figure> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let (n, mut end) = number_at(s, start)?;

    // A list index ("1、…", "1全市医保工作会议，年初；2、…") is no figure: the value is a list
    // of items in words.
    if start == 0 && n.fract() == 0.0 && n < 10.0 {
        let after = &s[end..];
        let words = after
            .chars()
            .take_while(|c| !is_clause_break(*c) && !c.is_ascii_digit())
            .count();
        if after.starts_with('、')
            || after.starts_with('.') && !after[1..].starts_with(|c: char| c.is_ascii_digit())
            || words > 6
        {
            return None;
        }
    }

    // A month deadline without a year: 3月前, 12月底前, 6月底.
    if (1.0..=12.0).contains(&n) && n.fract() == 0.0 && s[end..].starts_with('月') {
        if let Some(y) = year {
            let tail = s[end + '月'.len_utf8()..].trim_start();
            if ["前", "底", "以前", "之前", "完成", "止"]
                .iter()
                .any(|w| tail.starts_with(w))
            {
                return Some(Figure {
                    op: Some(Op::Le),
                    number: None,
                    number_max: None,
                    unit: None,
                    date: Some(format!("{y:04}-{:02}", n as u32)),
                });
            }
        }
    }

    // A date: 2021年6月(30日), read as a deadline when followed by 完成/前/底.
    if (1900.0..=2100.0).contains(&n) && n.fract() == 0.0 && s[end..].starts_with('年') {
        if let Some(f) = read_date(s, n as i32, end + '年'.len_utf8()) {
            return Some(f);
        }
    }

    let op_before = op_before(&s[..start]);
    let mut number_max = None;

    // A range: 3-4次, 3~4次, 3至4次.
    for sep in ["-", "~", "～", "—", "至", "到"] {
        if let Some(rest) = s[end..].strip_prefix(sep) {
            let at = s.len() - rest.len();
            if let Some((m, e)) = number_at(s, at) {
                if m >= n {
                    number_max = Some(m);
                    end = e;
                }
            }
            break;
        }
    }

    let (mut unit, after_unit) = read_unit(s, end);
    let mut number = Some(n);

    // A rate written as "1天150人": one of something, then the count → 150 人/天.
    if n == 1.0 && number_max.is_none() {
        if let Some(u) = unit.as_deref() {
            if let Some((m, e)) = number_at(s, after_unit) {
                let (u2, _) = read_unit(s, e);
                if let Some(u2) = u2 {
                    number = Some(m);
                    unit = Some(format!("{u2}/{u}"));
                    let op_after = op_after(&s[e..]);
                    return Some(Figure {
                        op: op_before.or(op_after),
                        number,
                        number_max: None,
                        unit,
                        date: None,
                    });
                }
            }
        }
    }

    // Unit then operator word: 7日内, 95%以上, 2周内.
    let mut op_after_unit = op_after(&s[after_unit..]);
    // Units that swallowed the word (内 read as part of 日内): split it off.
    if let Some(u) = unit.clone() {
        for (w, op) in OPS_AFTER {
            if let Some(base) = u.strip_suffix(w) {
                if !base.is_empty() {
                    unit = Some(base.to_string());
                    op_after_unit = op_after_unit.or(Some(*op));
                }
                break;
            }
        }
    }
    if unit.as_deref() == Some("") {
        unit = None;
    }
    Some(Figure {
        op: op_before.or(op_after_unit),
        number: number.take(),
        number_max,
        unit,
        date: None,
    })
}

/// The operator written just before a figure, within its clause.
fn op_before(head: &str) -> Option<Op> {
    let clause = head.rsplit(is_clause_break).next().unwrap_or(head);
    // The operator nearest the figure wins, the longest of those that end at one place: one
    // pass from the end, trying the words only where a character ends one of them.
    const ENDS: &str = "≥≤≧≦><=于少多过至低高等最";
    for (at, c) in clause.char_indices().rev() {
        if !ENDS.contains(c) {
            continue;
        }
        let upto = &clause[..at + c.len_utf8()];
        let found = OPS_BEFORE
            .iter()
            .filter(|(w, _)| upto.ends_with(w))
            .max_by_key(|(w, _)| w.len());
        if let Some((_, op)) = found {
            return Some(*op);
        }
    }
    None
}

/// The operator implied by a word right after a figure or its unit.
fn op_after(tail: &str) -> Option<Op> {
    let tail = tail.trim_start();
    OPS_AFTER
        .iter()
        .find(|(w, _)| tail.starts_with(w))
        .map(|(_, op)| *op)
}

/// Words that end a unit: an operator word or a deadline word follows the figure.
const STOP_WORDS: &[&str] = &[
    "以上", "以下", "以内", "之内", "及以", "左右", "完成", "以前", "之前",
];

/// Reads the unit at byte `i`: up to a clause break, a digit, an operator or an operator word;
/// `%` ends a unit by itself. Returns the unit and the byte past it.
fn read_unit(s: &str, i: usize) -> (Option<String>, usize) {
    let rest = &s[i..];
    if let Some(r) = rest.strip_prefix('%') {
        return (Some("%".to_string()), s.len() - r.len());
    }
    if let Some(r) = rest
        .strip_prefix("百分比")
        .or_else(|| rest.strip_prefix("百分点"))
    {
        return (Some("%".to_string()), s.len() - r.len());
    }
    let mut end = i;
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    for (k, &(off, c)) in chars.iter().enumerate() {
        let here = &rest[off..];
        let next = chars.get(k + 1).map(|(_, n)| *n);
        let compound = rest[..off].contains('/');
        // "元/人、天": after a "/", 、 joins two one-character denominators.
        let joins = c == '、'
            && compound
            && next.is_some_and(|n| !ends_unit(n))
            && chars.get(k + 2).is_none_or(|(_, t)| ends_unit(*t));
        if (ends_unit(c) && !joins)
            || k >= 8
            || STOP_WORDS.iter().any(|w| here.starts_with(w))
            // "/" joins a compound unit (元/年) only when a unit character follows.
            || (c == '/' && next.is_none_or(ends_unit))
        {
            break;
        }
        end = i + off + c.len_utf8();
    }
    let u = s[i..end].trim();
    if u.is_empty() {
        (None, end)
    } else {
        (Some(fold_unit(u)), end)
    }
}

/// Reads a date after "YYYY年": 6月, 6月30日; a following 完成 / 前 / 底 / 止 marks a deadline.
fn read_date(s: &str, year: i32, i: usize) -> Option<Figure> {
    let (m, e) = number_at(s, i)?;
    if !(1.0..=12.0).contains(&m) || m.fract() != 0.0 || !s[e..].starts_with('月') {
        return None;
    }
    let mut end = e + '月'.len_utf8();
    let mut date = format!("{year:04}-{:02}", m as u32);
    if let Some((d, e2)) = number_at(s, end) {
        if (1.0..=31.0).contains(&d) && d.fract() == 0.0 && s[e2..].starts_with('日') {
            date.push_str(&format!("-{:02}", d as u32));
            end = e2 + '日'.len_utf8();
        }
    }
    let tail = &s[end..];
    let deadline = ["完成", "前", "底", "止", "以前", "之前", "内"]
        .iter()
        .any(|w| tail.trim_start().starts_with(w))
        || op_before(&s[..i]).is_some_and(|o| matches!(o, Op::Le | Op::Lt));
    Some(Figure {
        op: if deadline { Some(Op::Le) } else { None },
        number: None,
        number_max: None,
        unit: None,
        date: Some(date),
    })
}

/// A cell that holds a plain number and nothing else (a 分值, a 得分): `10`, `5.1`.
pub fn plain_number(cell: &str) -> Option<f64> {
    let c = crate::core::text::compact(cell);
    let plain = !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit() || ch == '.');
    if plain {
        c.parse().ok()
    } else {
        None
    }
}

/// The first number in a cell (`10`, `95%`, `19.76 万元`), ignoring what follows.
pub fn number_in(cell: &str) -> Option<f64> {
    let s = normalize(cell);
    let s = arabic_numerals(&s);
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let negative = s[..start].ends_with('-');
    number_at(&s, start).map(|(n, _)| if negative { -n } else { n })
}

/// An amount in 万元: `170万元`, `19.76 万元`, `279.0` (万元 implied), `576000元` (÷ 10000).
/// A cell that says only `万元` is no amount.
pub fn amount_wan(cell: &str) -> Option<f64> {
    let s = normalize(cell);
    let s = arabic_numerals(&s);
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let (n, end) = number_at(&s, start)?;
    let unit = s[end..].trim_start();
    if unit.starts_with("亿") {
        Some(n * 10000.0)
    } else if unit.starts_with('万') {
        Some(n)
    } else if unit.starts_with('元') {
        Some(n / 10000.0)
    } else {
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, op, number, number_max, unit, date, qualitative) — CONTRACT.md's table.
    macro_rules! cases {
        ($($name:ident: $text:expr => $op:expr, $n:expr, $max:expr, $unit:expr, $date:expr, $q:expr;)*) => {
            $(
                #[test]
                fn $name() {
                    let v = read_value($text);
                    assert_eq!(v.op, $op, "op of {}", $text);
                    assert_eq!(v.number, $n, "number of {}", $text);
                    assert_eq!(v.number_max, $max, "number_max of {}", $text);
                    assert_eq!(v.unit.as_deref(), $unit, "unit of {}", $text);
                    assert_eq!(v.date.as_deref(), $date, "date of {}", $text);
                    assert_eq!(v.qualitative, $q, "qualitative of {}", $text);
                }
            )*
        };
    }

    cases! {
        ge_percent: "≥95%" => Some(Op::Ge), Some(95.0), None, Some("%"), None, false;
        gt_count: ">300000条" => Some(Op::Gt), Some(300000.0), None, Some("条"), None, false;
        per_year: "576000元/年" => None, Some(576000.0), None, Some("元/年"), None, false;
        wan: "15万" => None, Some(15.0), None, Some("万"), None, false;
        above_word: "满意率95%以上" => Some(Op::Ge), Some(95.0), None, Some("%"), None, false;
        le_minutes: "≤60分钟" => Some(Op::Le), Some(60.0), None, Some("分钟"), None, false;
        within_days: "7日内" => Some(Op::Le), Some(7.0), None, Some("日"), None, false;
        range: "3-4次" => None, Some(3.0), Some(4.0), Some("次"), None, false;
        deadline: "2021年6月完成" => Some(Op::Le), None, None, None, Some("2021-06"), false;
        percent_word: "≥100百分比" => Some(Op::Ge), Some(100.0), None, Some("%"), None, false;
        plain_percent: "100%" => None, Some(100.0), None, Some("%"), None, false;
        reimbursed: "据实报销" => None, None, None, None, None, true;
        vague: "程度提高" => None, None, None, None, None, true;
        marked: "效果显著" => None, None, None, None, None, true;
        per_day: "1天150人" => None, Some(150.0), None, Some("人/天"), None, false;
        words_ge: "参保人员对医保服务的满意度大于等于80%" => Some(Op::Ge), Some(80.0), None, Some("%"), None, false;
        two_figures: "满意率95%以上、零核实投诉" => Some(Op::Ge), Some(95.0), None, Some("%"), None, false;
        lt_per_person: "<300元/人、天" => Some(Op::Lt), Some(300.0), None, Some("元/人、天"), None, false;
        count_per_year: "一年四次" => None, Some(4.0), None, Some("次/年"), None, false;
        monthly: "2次/月" => None, Some(2.0), None, Some("次/月"), None, false;
        list_of_items: "1全市医保工作会议，年初；2、民生工程推进会，7月，11月两次" => None, None, None, None, None, true;
        hospital_grade: "覆盖二级以上定点医院" => None, None, None, None, None, true;
        empty_is_no_value: "" => None, None, None, None, None, false;
        percent_done: "100%完成" => None, Some(100.0), None, Some("%"), None, false;
        weeks_within: "2周内" => Some(Op::Le), Some(2.0), None, Some("周"), None, false;
        bare_ge: "≥2" => Some(Op::Ge), Some(2.0), None, None, None, false;
        thousands: "300,000条" => None, Some(300000.0), None, Some("条"), None, false;
        full_date: "2021年6月30日前" => Some(Op::Le), None, None, None, Some("2021-06-30"), false;
        wan_yuan: "9000万元" => None, Some(9000.0), None, Some("万元"), None, false;
    }

    #[test]
    fn month_deadlines_take_the_form_year() {
        let ctx = Context {
            year: Some(2021),
            ..Context::default()
        };
        let v = read_value_in("3月前", ctx);
        assert_eq!(
            (v.op, v.date.as_deref(), v.qualitative),
            (Some(Op::Le), Some("2021-03"), false)
        );
        let v = read_value_in("不晚于12月底", ctx);
        assert_eq!((v.op, v.date.as_deref()), (Some(Op::Le), Some("2021-12")));
    }

    #[test]
    fn qualitative_nature_keeps_the_code() {
        let v = read_value_with("2", Some("定性"), None);
        assert_eq!(v.number, Some(2.0));
        assert!(v.qualitative);
        assert_eq!(v.op, None);
    }

    #[test]
    fn nature_and_unit_columns_complete_the_value() {
        let v = read_value_with("95", Some("≥"), Some("%"));
        assert_eq!(
            (v.op, v.number, v.unit.as_deref()),
            (Some(Op::Ge), Some(95.0), Some("%"))
        );
        let v = read_value_with("780000", Some("≥"), Some("人数"));
        assert_eq!(v.unit.as_deref(), Some("人数"));
    }

    #[test]
    fn operator_cells_with_quotes() {
        assert_eq!(read_op("“≥”"), Some(Op::Ge));
        assert_eq!(read_op(" = "), Some(Op::Eq));
        assert_eq!(read_op("定性"), None);
    }
}

#[cfg(test)]
mod numeral_tests {
    use super::*;

    #[test]
    fn chinese_numerals_before_a_unit_read_as_figures() {
        for (text, want) in [
            ("≤一百二十万元", "≤120万元"),
            ("一千二百六十九万九千元", "12699000元"),
            ("壹佰万元", "100万元"),
            ("百分之九十五", "95%"),
            ("培训两千人", "培训2000人"),
            ("十五个", "15个"),
            ("一亿二千万元", "12000万元"),
            ("三亿元", "3亿元"),
            ("三点五万元", "3.5万元"),
            ("五元", "5元"),
            ("20万元", "20万元"),
            ("3.5万元", "3.5万元"),
            ("万元", "万元"),
            ("一千零五人", "1005人"),
        ] {
            assert_eq!(arabic_numerals(text), want, "{text}");
        }
    }

    #[test]
    fn numerals_in_names_stay_words() {
        for text in [
            "二级医院",
            "十三五规划",
            "一级指标",
            "一个中心",
            "万无一失",
            "百分比",
        ] {
            assert_eq!(arabic_numerals(text), text);
        }
    }
}
