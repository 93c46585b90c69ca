//! Finding the layout of a form in its rows: title lines, header labels, table header rows and
//! the role of each column, category names. A small vocabulary drives all of it; every match is
//! made on the cell's compact text (whitespace removed, widths folded), so spaces that a PDF
//! viewer put inside words do not matter.

use super::model::Kind;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::text::{compact, Row};

/// What a table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Level1,
    Level2,
    Name,
    Target,
    MidtermTarget,
    Nature,
    Unit,
    Weight,
    WeightCurrent,
    Direction,
    Actual,
    Degree,
    Score,
    Reason,
    Operator,
    Content,
    History,
    /// The points of a 一级 or 二级 group (a 分值 column before 三级指标): not an indicator's.
    GroupWeight,
    /// A column the form names that the report keeps no field for (调整指标值, 得分系数,
    /// 是否核心指标, 指标解释 …).
    Other,
    /// A header field written as a column of the table, one project a row (项目名称 | 项目单位
    /// | 预算数 | 年度绩效目标 | 一级指标 …).
    Field(Field),
}

pub use super::vocab::HEADER_TYPOS;
use super::vocab::{
    COLUMNS, DEPT_LEVEL1, DEPT_LEVEL2, FALLBACK_COLUMNS, LABELS, LABEL_SUFFIXES, LEVEL1, LEVEL2,
    TITLE_WORDS, WHOLE_DEPARTMENT_WORDS,
};

/// Cuts list numbering off the front of a compact key: `1.`, `1、`, `(1)`, `一、`, `(一)`,
/// and the `其中:` of a part line.
pub fn strip_numbering(c: &str) -> &str {
    let mut t = c;
    loop {
        let before = t.len();
        let digits = t.trim_start_matches(|ch: char| ch.is_ascii_digit());
        if digits.len() < t.len() {
            if let Some(rest) = digits.strip_prefix(['.', '、', ')']) {
                t = rest;
            }
        }
        const CN: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
        let cn = t.trim_start_matches(CN);
        if cn.len() < t.len() && cn.len() + 9 >= t.len() {
            if let Some(rest) = cn.strip_prefix('、') {
                t = rest;
            }
        }
        if let Some(inner) = t.strip_prefix('(') {
            if let Some(close) = inner.find(')') {
                let n = &inner[..close];
                if !n.is_empty()
                    && n.len() <= 6
                    && n.chars().all(|ch| ch.is_ascii_digit() || CN.contains(&ch))
                {
                    t = inner[close + 1..].trim_start_matches(['、', '.']);
                }
            }
        }
        if let Some(rest) = t.strip_prefix("其中:") {
            if !rest.is_empty() {
                t = rest;
            }
        }
        if t.len() == before || t.is_empty() {
            break;
        }
    }
    if t.is_empty() {
        c
    } else {
        t
    }
}

/// The key without its last bracketed group (`数量指标(必填硬性指标)` → `数量指标`), when
/// something stands before it.
fn without_last_bracket(c: &str) -> Option<&str> {
    let open = c.strip_suffix(')')?.rfind('(')?;
    (open > 0).then(|| &c[..open])
}

/// Cuts one trailing qualifier off a compact key: a bracketed group (`(%)`, `(年度)`,
/// `(含数字及文字描述)`, `(A)`) or an affix of [`LABEL_SUFFIXES`] (`及代码`).
fn strip_qualifier(c: &str) -> Option<&str> {
    if let Some(base) = without_last_bracket(c) {
        return Some(base);
    }
    // A cheap first test: the key's last character ends some affix.
    let last = c.chars().next_back()?;
    if !LABEL_SUFFIXES.iter().any(|s| s.ends_with(last)) {
        return None;
    }
    LABEL_SUFFIXES
        .iter()
        .find_map(|s| c.strip_suffix(s).filter(|b| !b.is_empty()))
}

/// A vocabulary table with its index (built on first use), for look-ups in constant time.
pub struct Vocab<T: 'static> {
    table: &'static [(&'static str, T)],
    /// The qualifiers a key may end with beyond its word (`(%)`, `及代码`), for the first test.
    qualifiers: &'static [&'static str],
    index: OnceLock<HashMap<&'static str, T, BuildHasherDefault<Fnv>>>,
    /// The characters its words (and qualifiers) end with, sorted: a cheap first test.
    ends: OnceLock<Vec<char>>,
}

/// FNV-1a: a hash for short keys, quicker than the default one (no untrusted keys here).
#[derive(Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

impl<T: Copy + Send + Sync + 'static> Vocab<T> {
    /// A table whose keys carry no qualifier but a bracketed one.
    pub const fn new(table: &'static [(&'static str, T)]) -> Self {
        Self::with_qualifiers(table, &[")"])
    }

    /// A table whose keys may end with one of `qualifiers` too.
    pub const fn with_qualifiers(
        table: &'static [(&'static str, T)],
        qualifiers: &'static [&'static str],
    ) -> Self {
        Vocab {
            table,
            qualifiers,
            index: OnceLock::new(),
            ends: OnceLock::new(),
        }
    }

    /// False when `key` cannot name any word of the table: it ends with a character that ends
    /// no word (nor a qualifier: `)`, `%`, `及代码`).
    pub fn may_name(&self, key: &str) -> bool {
        let ends = self.ends.get_or_init(|| {
            let words = self.table.iter().map(|(w, _)| *w);
            let mut v: Vec<char> = words
                .chain(self.qualifiers.iter().copied())
                .chain([")"])
                .filter_map(|w| w.chars().next_back())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        });
        key.trim_end_matches(':')
            .chars()
            .next_back()
            .is_some_and(|c| ends.binary_search(&c).is_ok())
    }

    /// The value of a word written exactly so (the first line of the table that writes it).
    pub fn get(&self, word: &str) -> Option<T> {
        self.index
            .get_or_init(|| self.table.iter().rev().copied().collect())
            .get(word)
            .copied()
    }
}

/// Table column names, indexed.
pub static COLUMN_WORDS: Vocab<Role> = Vocab::with_qualifiers(COLUMNS, LABEL_SUFFIXES);
/// Header labels, indexed.
pub static LABEL_WORDS: Vocab<Field> = Vocab::with_qualifiers(LABELS, LABEL_SUFFIXES);

/// Looks a compact key up in a vocabulary: exactly, then with its numbering and qualifiers cut
/// off one by one, then by the longest word the key ends with (Chinese names put their head
/// last: 项目主管部门 is a 主管部门), when what stands before that word is at most `max_prefix`
/// characters and holds no figure.
pub fn lookup<T: Copy + Send + Sync + 'static>(
    key: &str,
    vocab: &Vocab<T>,
    max_prefix: usize,
) -> Option<T> {
    if let Some(v) = vocab.get(key) {
        return Some(v);
    }
    let mut k = strip_numbering(key);
    loop {
        if let Some(v) = vocab.get(k) {
            return Some(v);
        }
        match strip_qualifier(k) {
            Some(shorter) => k = shorter,
            None => break,
        }
    }
    // A qualifier inside the name: 项目(专项)名称, 全年(调整)预算数.
    if k.contains('(') {
        let mut bare = String::with_capacity(k.len());
        let mut depth = 0usize;
        for ch in k.chars() {
            match ch {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ if depth == 0 => bare.push(ch),
                _ => {}
            }
        }
        if let Some(v) = vocab.get(&bare) {
            return Some(v);
        }
    }
    if k.contains([':', ';', ',', '。']) || k.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // The longest word the key ends with: its suffixes from the longest, each of three
    // characters or more.
    let n = k.chars().count();
    for (before, (at, _)) in k.char_indices().enumerate().skip(1) {
        if before > max_prefix || n - before < 3 {
            break;
        }
        if let Some(v) = vocab.get(&k[at..]) {
            return Some(v);
        }
    }
    None
}

/// The role of a table header cell, if it names one.
pub fn column_role(cell: &str) -> Option<Role> {
    if cell.len() > 90 {
        return None;
    }
    let c = compact(cell);
    if c.is_empty() || c.chars().count() > 30 {
        return None;
    }
    if c.starts_with("未完成原因") || c.starts_with("偏差原因") {
        return Some(Role::Reason);
    }
    if !COLUMN_WORDS.may_name(&c) {
        return None;
    }
    lookup(&c, &COLUMN_WORDS, 4)
}

/// A header cell that names a form's field (项目名称, 项目单位, 预算数, 年度绩效目标): the table
/// holds one project a row.
fn field_column(cell: &str) -> Option<Role> {
    match label_field(cell)? {
        f @ (Field::Project
        | Field::ProjectCode
        | Field::Unit
        | Field::Department
        | Field::Total
        | Field::TotalOrMidterm
        | Field::Fiscal
        | Field::Other
        | Field::AnnualGoal
        | Field::MidtermGoal) => Some(Role::Field(f)),
        _ => None,
    }
}

/// A table header row: the columns it names, if it names at least three and one of them is a
/// level of the indicator tree.
pub fn header_roles(row: &Row) -> Option<Vec<(usize, Role)>> {
    row.roles.get_or_init(|| header_roles_of(row)).clone()
}

/// The role of a column name of four characters or more whose characters stand out of order,
/// one more at most (`年成值全完值` for 全年完成值): the one such name, if only one fits.
fn scrambled_column(c: &str) -> Option<Role> {
    let n = c.chars().count();
    if !(4..=12).contains(&n) {
        return None;
    }
    let mut have: Vec<char> = c.chars().collect();
    have.sort_unstable();
    let mut found: Option<Role> = None;
    for (w, role) in COLUMNS {
        let wn = w.chars().count();
        if wn < 4 || wn > n || n - wn > 1 {
            continue;
        }
        let mut want: Vec<char> = w.chars().collect();
        want.sort_unstable();
        // Every character of the name, as often as it stands there, is in the cell.
        let (mut i, mut j) = (0, 0);
        while i < have.len() && j < want.len() {
            match have[i].cmp(&want[j]) {
                std::cmp::Ordering::Equal => j += 1,
                std::cmp::Ordering::Greater => break,
                std::cmp::Ordering::Less => {}
            }
            i += 1;
        }
        if j == want.len() {
            if found.is_some_and(|f| f != *role) {
                return None;
            }
            found = Some(*role);
        }
    }
    found
}

/// Gives each header cell that names no role the role `role_of` finds for its compact text,
/// where no other column has that role.
fn fill_unnamed(row: &Row, roles: &mut Vec<(usize, Role)>, role_of: impl Fn(&str) -> Option<Role>) {
    for (i, c) in row.filled() {
        if roles.iter().any(|(k, _)| *k == i) {
            continue;
        }
        if let Some(role) = role_of(&compact(c)) {
            if !roles.iter().any(|(_, r)| *r == role) {
                roles.push((i, role));
            }
        }
    }
    crate::core::order::sort_by_key(roles, |(i, _)| *i);
}

/// The fallback role of a column name ([`FALLBACK_COLUMNS`]).
fn fallback_role(key: &str) -> Option<Role> {
    FALLBACK_COLUMNS
        .iter()
        .find(|(w, _)| *w == key)
        .map(|(_, r)| *r)
}

/// [`header_roles`], worked out.
fn header_roles_of(row: &Row) -> Option<Vec<(usize, Role)>> {
    // A header names its columns: most of its cells are no figure or value (`95%`, `≥90%`);
    // a page may run a row of figures onto it.
    let values = row
        .filled()
        .filter(|(_, c)| {
            c.starts_with(|ch: char| "≥≤<>=≧≦".contains(ch))
                || (c.len() <= 12 && c.starts_with(|ch: char| ch.is_ascii_digit()))
        })
        .count();
    if 2 * values >= row.filled_count() {
        return None;
    }
    // A row with a value among its cells is a header only where it names a level of the tree
    // outright (一级指标, 三级指标, 指标名称): a cheap test for the many indicator rows.
    if values > 0
        && !row
            .filled()
            .any(|(_, c)| c.contains("级指标") || c.contains("指标名称"))
    {
        return None;
    }
    // A header names a level of the tree (一级 / 二级 / 三级 / 指标名称 …): a cheap first test.
    if row.filled_count() < 3
        || !row
            .filled()
            .any(|(_, c)| c.contains('级') || c.contains("指标"))
    {
        return None;
    }
    let roles: Vec<(usize, Role)> = row
        .filled()
        .filter_map(|(i, c)| column_role(c).or_else(|| field_column(c)).map(|r| (i, r)))
        .collect();
    let mut roles = roles;
    // Fallback wordings, for roles no other column of the header takes.
    fill_unnamed(row, &mut roles, fallback_role);
    // A column name whose characters a PDF copy put out of order (`年成值全完值`).
    if roles.len() >= 3 {
        fill_unnamed(row, &mut roles, scrambled_column);
    }
    // A form's fields stand as columns before the indicator tree (项目名称 | … | 一级指标);
    // after it, a field's word names the indicators' column (`绩效目标`: their targets).
    if let Some(first_tree) = roles
        .iter()
        .find(|(_, r)| matches!(r, Role::Level1 | Role::Level2 | Role::Name))
        .map(|(c, _)| *c)
    {
        roles.retain(|(c, r)| !matches!(r, Role::Field(_)) || *c < first_tree);
    }
    // The word of a form's field that the tree's columns left: the fallback role it has.
    fill_unnamed(row, &mut roles, fallback_role);
    let tree = roles
        .iter()
        .any(|(_, r)| matches!(r, Role::Level1 | Role::Level2 | Role::Name));
    if roles.len() < 3 || !tree {
        return None;
    }
    // 分值 beside each level (一级 | 分值 | 二级 | 分值 | 三级 | 分值): the indicator's is the one
    // after 三级指标; those before it are the groups' points.
    if let Some(name_col) = roles
        .iter()
        .find(|(_, r)| *r == Role::Name)
        .map(|(c, _)| *c)
    {
        if roles
            .iter()
            .any(|(c, r)| *r == Role::Weight && *c > name_col)
        {
            for (col, role) in roles.iter_mut() {
                if *role == Role::Weight && *col < name_col {
                    *role = Role::GroupWeight;
                }
            }
        }
    }
    // Two value columns (指标值 beside 本年指标值): the plain one is the whole period's.
    let targets = roles.iter().filter(|(_, r)| *r == Role::Target).count();
    if targets >= 2 {
        let yearly = |col: usize| {
            let c = compact(row.cell(col));
            c.contains("本年") || c.contains("年度")
        };
        let named = roles.iter().any(|(c, r)| *r == Role::Target && yearly(*c));
        // Neither names the year (指标值 | 计划指标值): the later block is the year's.
        let last = roles
            .iter()
            .rev()
            .find(|(_, r)| *r == Role::Target)
            .map(|(c, _)| *c);
        for (col, role) in roles.iter_mut() {
            let midterm = if named {
                !yearly(*col)
            } else {
                Some(*col) != last
            };
            if *role == Role::Target && midterm {
                *role = Role::MidtermTarget;
            }
        }
    }
    Some(roles)
}

/// The family a title names, if the cell is a title: a title word (申报表, 批复表, 自评表,
/// 目标表 …) with at most bracketed qualifiers after it (`（道路养护类）`, `(2024年度)`) and,
/// before it, no label and no sentence.
pub fn title_kind_of(cell: &str) -> Option<Kind> {
    if cell.len() > 240 || !cell.contains('表') {
        return None;
    }
    let c = compact(cell);
    let c = c.trim_end_matches(['|', ':']);
    let (kind, at, word) = TITLE_WORDS
        .iter()
        .find_map(|(w, k)| c.rfind(w).map(|at| (*k, at, *w)))?;
    let head = &c[..at];
    let mut tail = &c[at + word.len()..];
    // Only bracketed qualifiers after the title word.
    while !tail.is_empty() {
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 4 {
            let rest = &tail[4..];
            if let Some(r) = rest
                .strip_prefix("年度")
                .or_else(|| rest.strip_prefix('年'))
            {
                tail = r;
                continue;
            }
        }
        let close = if tail.starts_with('(') {
            tail.find(')')
        } else if tail.starts_with('【') {
            tail.find('】')
        } else {
            None
        };
        match close {
            Some(k) => tail = &tail[k + tail[k..].chars().next().map_or(1, char::len_utf8)..],
            None => return None,
        }
    }
    let head = head
        .trim_start_matches("附件")
        .trim_start_matches("附表")
        .trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == '-' || ch == '.')
        .trim_start_matches([':', '、']);
    let labelled = head
        .split_once(':')
        .is_some_and(|(label, _)| label_field(label).is_some());
    if head.chars().count() > 70 || head.contains(['。', ';', ',']) || labelled {
        return None;
    }
    Some(match kind {
        Kind::ProjectSelfEvaluation if WHOLE_DEPARTMENT_WORDS.iter().any(|w| c.contains(w)) => {
            Kind::DepartmentSelfEvaluation
        }
        k => k,
    })
}

/// The family a title line names, if the row is a title: one cell (or two, the second a
/// qualifier such as `(2022年度)` or `单位：万元`) that is a title.
pub fn title_kind(row: &Row) -> Option<Kind> {
    let n = row.filled_count();
    if n == 0 || n > 3 || !row.filled().any(|(_, c)| c.contains('表')) {
        return None;
    }
    let mut cells = row.filled().map(|(_, c)| c);
    let mut first = cells.next()?;
    // `标题： | 项目支出绩效目标申报表`: a page's caption before the title.
    let k = compact(first);
    let captioned = n >= 2 && k.chars().count() <= 4 && k.ends_with(':');
    if captioned {
        first = cells.next()?;
    } else if n == 3 {
        return None;
    }
    if let Some(second) = cells.next() {
        let s = compact(second);
        let qualifier = s.starts_with('(')
            || s.contains("单位:")
            || s.contains("年度")
            || s.chars().all(|ch| ch.is_ascii_digit() || ch == '年')
            || (s.contains(':') && match_label(second).is_some());
        if !qualifier {
            return None;
        }
    }
    title_kind_of(first)
}

/// A unit written as its numeric code and its name, `207101天津市河北区人民法院` or
/// `306001-重庆市长寿区医疗保障局`: the name, when it ends as an organisation's name does.
pub fn coded_unit(cell: &str) -> Option<&str> {
    let t = cell.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if !(3..=12).contains(&digits) {
        return None;
    }
    let name = t[digits..].trim_start_matches(['-', ' ', '_']);
    const ENDS: &[char] = &[
        '局', '院', '委', '心', '办', '所', '站', '校', '室', '会', '部', '厅', '处', '队', '馆',
        '团', '社', '府', '区', '县', '园', '司', '镇', '乡', '街', '宫', '台', '场', '组',
    ];
    let n = name.chars().count();
    ((4..=30).contains(&n) && name.ends_with(ENDS) && !name.contains([':', ',', '。', ' ']))
        .then_some(name)
}

/// A header field of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Project,
    ProjectCode,
    Unit,
    Department,
    Year,
    Total,
    /// 资金总额: the year's total, unless the form also states 本年资金 (then the whole period's).
    TotalOrMidterm,
    Fiscal,
    Other,
    OtherPart,
    MidtermTotal,
    /// 全年执行数 written as a field (`实际使用情况(万元) | 395.86`).
    Executed,
    BudgetWeight,
    /// 单位：元 / 金额单位：万元 — the unit the form's bare amounts are in.
    MoneyUnit,
    AnnualGoal,
    MidtermGoal,
    ProjectPeriod,
    /// A label the form carries that the report does not keep (经办人, 电话, 项目属性 …).
    Ignored,
}

/// The field a label names (the label alone, without its value).
pub fn label_field(label: &str) -> Option<Field> {
    if label.len() > 60 {
        return None;
    }
    let c = compact(label);
    if c.is_empty() || !LABEL_WORDS.may_name(&c) {
        return None;
    }
    lookup(&c, &LABEL_WORDS, 4)
}

/// Matches a header label at the start of a cell. Returns the field and the number of
/// non-whitespace characters the label (and its colon) takes, so the caller can cut it off.
/// A label must be the whole cell, or be followed by a colon or a space: `项目名称`,
/// `项目名称：X` and `项目名称 X` match, `项目名称说明` does not.
pub fn match_label(cell: &str) -> Option<(Field, usize)> {
    let t = cell.trim_start();
    let first = t.chars().next()?;
    if first.is_ascii_digit() && !t.contains(['.', '、']) {
        return None;
    }
    let consider = |label: &str, extra: usize, best: &mut Option<(Field, usize)>| {
        if let Some(f) = label_field(label) {
            let taken = compact(label).chars().count() + extra;
            if best.is_none_or(|(_, b)| taken > b) {
                *best = Some((f, taken));
            }
        }
    };
    let mut best: Option<(Field, usize)> = None;
    // The label before each colon (a label may hold one: 其中：财政资金：).
    for (i, ch) in t.char_indices() {
        if i > 60 {
            break;
        }
        if ch == ':' || ch == '：' {
            consider(&t[..i], 1, &mut best);
        }
    }
    if best.is_none() && t.len() <= 60 {
        consider(t, 0, &mut best);
    }
    // A label apart from its value by one space: only a label written as the vocabulary
    // writes it (`项目名称 乡道养护`), not one found inside a longer phrase.
    if best.is_none() {
        if let Some((label, rest)) = t.split_once(' ') {
            let exact = LABEL_WORDS.get(&compact(label)).is_some();
            if exact && !rest.trim().is_empty() && label.len() <= 30 {
                consider(label, 0, &mut best);
            }
        }
    }
    best
}

/// The standard 一级指标 a cell names (with variants, short forms and known garbles).
pub fn level1_name(cell: &str) -> Option<&'static str> {
    if cell.len() > MAX_CATEGORY_BYTES {
        return None;
    }
    level1_key(&compact(cell))
}

/// [`level1_name`] of a compact key.
fn level1_key(c: &str) -> Option<&'static str> {
    level1_exact(c)
        .or_else(|| {
            // 社会效益指标 ends with 效益指标 but is a 二级.
            category_lookup(c, &LEVEL2_WORDS)
                .is_none()
                .then(|| category_lookup(c, &LEVEL1_WORDS))
                .flatten()
        })
        .or_else(|| nearest(c, LEVEL1_NAMES).and_then(level1_exact))
}

/// A category cell with its list numbering and bracketed qualifiers cut off (`一、产出指标`,
/// `数量指标(必填硬性指标)`, `时效指标(工期指标)`), looked up exactly, then by the standard name it
/// ends with after a word or two (`预期产出指标`).
fn category_lookup<T: Copy + Send + Sync + 'static>(c: &str, vocab: &Vocab<T>) -> Option<T> {
    let mut k = strip_numbering(c);
    while let Some(base) = without_last_bracket(k) {
        k = base;
    }
    if let Some(hit) = vocab.get(k) {
        return Some(hit);
    }
    if k.contains(['、', ',', ';', ':', '。', '(', ')']) {
        return None;
    }
    // Only the standard names (not variants such as 效果指标), after a word or two: 预期产出指标.
    if !k.ends_with("指标") {
        return None;
    }
    let n = k.chars().count();
    standard_names()
        .filter(|w| k.ends_with(*w) && n - w.chars().count() <= 2)
        .max_by_key(|w| w.len())
        .and_then(|w| vocab.get(w))
}

/// The beginning of a category's name cut off by the page (`经济`, `生态效益`), shorter than
/// any indicator's name.
pub fn is_cut_category(cell: &str) -> bool {
    let c = compact(cell);
    let n = c.chars().count();
    (1..=4).contains(&n) && standard_names().any(|w| w.starts_with(&*c) && *w != c)
}

/// Every standard category name, 一级 and 二级.
fn standard_names() -> impl Iterator<Item = &'static &'static str> {
    LEVEL1_NAMES.iter().chain(LEVEL2_NAMES)
}

/// The standard 一级 names.
const LEVEL1_NAMES: &[&str] = &["产出指标", "效益指标", "满意度指标", "成本指标"];

/// The standard 二级 names.
const LEVEL2_NAMES: &[&str] = &[
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
];

/// The one standard name within one edit of a garbled category name that ends in 标
/// (`社会效益值标` → 社会效益指标); none when two are as near.
fn nearest(c: &str, names: &[&'static str]) -> Option<&'static str> {
    if !c.ends_with('标') {
        return None;
    }
    let n = c.chars().count();
    if !(4..=10).contains(&n) {
        return None;
    }
    let mut found = None;
    for name in names {
        if within_one_edit(c, n, name) {
            if found.is_some() {
                return None;
            }
            found = Some(*name);
        }
    }
    found
}

/// True when `a` (of `na` characters) and `b` differ by at most one substitution, insertion or
/// deletion.
fn within_one_edit(a: &str, na: usize, b: &str) -> bool {
    let nb = b.chars().count();
    if na.abs_diff(nb) > 1 {
        return false;
    }
    let (long, short) = if na >= nb { (a, b) } else { (b, a) };
    let (l, mut s) = (long.chars(), short.chars().peekable());
    let mut edits = 0;
    for x in l {
        match s.peek() {
            Some(&y) if y == x => {
                s.next();
            }
            _ => {
                edits += 1;
                if edits > 1 {
                    return false;
                }
                if na == nb {
                    s.next();
                }
            }
        }
    }
    edits + s.count() <= 1
}

fn level1_exact(c: &str) -> Option<&'static str> {
    LEVEL1_WORDS.get(c)
}

/// Department 二级 (the 一级 are few, [`DEPT_LEVEL1`]), for the cheap first test of
/// [`category`].
static DEPT_WORDS: Vocab<&'static str> = Vocab::new(DEPT_LEVEL2);

/// The 一级 names and their variants, indexed.
static LEVEL1_WORDS: Vocab<&'static str> = Vocab::new(LEVEL1);
/// The 二级 names and their variants, indexed.
static LEVEL2_WORDS: Vocab<(&'static str, &'static str)> = Vocab::new(LEVEL2);

/// The standard 二级指标 a cell names, and the 一级 it belongs under.
pub fn level2_name(cell: &str) -> Option<(&'static str, &'static str)> {
    if cell.len() > MAX_CATEGORY_BYTES {
        return None;
    }
    level2_key(&compact(cell))
}

/// [`level2_name`] of a compact key.
fn level2_key(c: &str) -> Option<(&'static str, &'static str)> {
    level2_exact(c)
        .or_else(|| category_lookup(c, &LEVEL2_WORDS))
        .or_else(|| nearest(c, LEVEL2_NAMES).and_then(level2_exact))
}

fn level2_exact(c: &str) -> Option<(&'static str, &'static str)> {
    LEVEL2_WORDS.get(c)
}

/// The longest a category cell can be, spaces included (a cheap first test).
const MAX_CATEGORY_BYTES: usize = 48;

/// A category cell: the standard 一级 it names, or a 二级 with the 一级 it belongs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Level1(&'static str),
    Level2(&'static str, &'static str),
}

/// What a cell names as a category in a form of `kind`. In project forms `成本指标` is a 二级
/// under 产出指标 unless the row names one of the 成本 二级 (经济成本指标 …) beside it.
pub fn category(cell: &str, kind: Kind, row_has_cost_level2: bool) -> Option<Category> {
    if cell.len() > MAX_CATEGORY_BYTES {
        return None;
    }
    let c = compact(cell);
    // `服务对象满意度指标等`: the template's "and others" after the name.
    let c = match c.strip_suffix('等').filter(|b| b.chars().count() >= 2) {
        Some(base) => std::borrow::Cow::Owned(base.to_string()),
        None => c,
    };
    // A category ends as a category's name does (指标, 效益, 满意度 …): a cheap first test.
    // Department categories are also written without their 指标.
    let bare = c.strip_suffix("指标").unwrap_or(&c);
    let may_be = LEVEL1_WORDS.may_name(&c)
        || LEVEL2_WORDS.may_name(&c)
        || DEPT_WORDS.may_name(bare)
        || DEPT_LEVEL1.iter().any(|w| bare.ends_with(w));
    if !may_be {
        return None;
    }
    let c = match stated_points(&c) {
        Some((base, _)) => std::borrow::Cow::Owned(base.to_string()),
        None => c,
    };
    if kind == Kind::DepartmentSelfEvaluation {
        let bare = c.strip_suffix("指标").unwrap_or(&c);
        if let Some(l1) = DEPT_LEVEL1.iter().find(|l| **l == bare) {
            return Some(Category::Level1(l1));
        }
        if let Some((l2, l1)) = DEPT_LEVEL2.iter().find(|(l, _)| *l == bare) {
            return Some(Category::Level2(l2, l1));
        }
    }
    if c == "成本指标" && !row_has_cost_level2 {
        return Some(Category::Level2("成本指标", "产出指标"));
    }
    level1_exact(&c)
        .map(Category::Level1)
        .or_else(|| level2_exact(&c).map(|(l2, l1)| Category::Level2(l2, l1)))
        .or_else(|| level1_key(&c).map(Category::Level1))
        .or_else(|| level2_key(&c).map(|(l2, l1)| Category::Level2(l2, l1)))
}

/// A category cell that states its points: `产出指标(50分)` → (`产出指标`, 50).
pub fn stated_points(cell: &str) -> Option<(&str, f64)> {
    let c = cell.trim();
    let inner = c.strip_suffix("分)").or_else(|| c.strip_suffix("分）"))?;
    let open = inner.rfind(['(', '（'])?;
    let base = &inner[..open];
    let n: f64 = inner[open..]
        .trim_start_matches(['(', '（'])
        .trim()
        .parse()
        .ok()?;
    (!base.is_empty()).then_some((base, n))
}

/// Which score a score line states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreLabel {
    /// 自评得分小计 (C)
    Subtotal,
    /// 预算执行率得分 (D)
    Budget,
    /// 总得分 (C+D), 总评价得分
    Total,
    /// `(C)`, `(D)`: the rest of a label wrapped onto the next line
    Marker,
}

/// The score a cell labels, if it is a score label.
pub fn score_label(cell: &str) -> Option<ScoreLabel> {
    // Every score label says 分 or is a bracketed letter.
    if !cell.contains('分') && !cell.contains('(') && !cell.contains('（') {
        return None;
    }
    if cell.contains('分') && !cell.contains("得") && !cell.contains('总') && !cell.contains(' ')
    {
        return None;
    }
    let c = compact(cell);
    // `自评总分(分)`: the unit after the label.
    let c = c
        .strip_suffix("(分)")
        .map_or(c.clone(), |b| std::borrow::Cow::Owned(b.to_string()));
    if c.contains("预算执行率得分") {
        Some(ScoreLabel::Budget)
    } else if c.contains("小计") && (c.contains("得分") || c.contains("自评")) {
        Some(ScoreLabel::Subtotal)
    } else if c.contains("总得分") || c.contains("总评价得分") || c == "总分" || c == "自评总分"
    {
        Some(ScoreLabel::Total)
    } else if matches!(&*c, "(C)" | "(D)" | "(C+D)") {
        Some(ScoreLabel::Marker)
    } else {
        None
    }
}

/// Words that stand in the second and third rows of a self-evaluation's table header.
pub fn is_header_word(cell: &str) -> bool {
    let c = compact(cell);
    column_role(cell).is_some()
        || c.contains("请在相应选项")
        || matches!(
            &*c,
            "经费保障"
                | "制度保障"
                | "人员保障"
                | "硬件条件保障"
                | "其他"
                | "原因说明"
                | "原因"
                | "目标值"
                | "完成值"
                | "符号"
                | "运算"
                | "预算数"
                | "年初"
                | "(分值*B/A)"
                | "改进措施"
                | "优"
                | "良"
                | "中"
                | "差"
                | "指标"
                | "一级"
                | "二级"
                | "三级"
                | "年度"
                | "全年"
                | "措施"
        )
}

/// True when a cell is a template placeholder rather than content: `指标1`, `指标2`, `.....`,
/// a bare list of operators.
pub fn is_placeholder(cell: &str) -> bool {
    let c = compact(cell);
    if c.is_empty() {
        return true;
    }
    if let Some(rest) = c.strip_prefix("指标") {
        if !rest.is_empty()
            && rest
                .chars()
                .all(|ch| ch.is_ascii_digit() || ch == '指' || ch == '标')
        {
            return true;
        }
    }
    c.chars().all(|ch| {
        matches!(
            ch,
            '.' | '。' | '…' | '“' | '”' | '"' | '=' | '≤' | '≥' | '<' | '>' | '-' | '—' | '*'
        )
    })
}

/// True when a cell is the table's own merged label (`绩效指标`, split by a page as `绩效` and
/// `指标`) standing in a data row: it belongs to no indicator.
pub fn is_table_label(cell: &str) -> bool {
    if cell.len() > 16 {
        return false;
    }
    matches!(&*compact(cell), "绩效指标" | "绩效" | "指标" | "名称")
}

/// Removes a template prefix such as `指标1：` from an indicator name.
pub fn strip_placeholder_prefix(name: &str) -> &str {
    let t = name.trim();
    if let Some(rest) = t.strip_prefix("指标") {
        let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if digits.len() < rest.len() {
            if let Some(after) = digits
                .strip_prefix(':')
                .or_else(|| digits.strip_prefix('：'))
                .or_else(|| digits.strip_prefix('、'))
                .or_else(|| digits.strip_prefix('.'))
            {
                return after.trim();
            }
            // `指标3绿化覆盖率`: the template's number glued to the name.
            if digits
                .chars()
                .next()
                .is_some_and(|c| !c.is_ascii() && c != '%')
            {
                return digits.trim();
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::rows;

    #[test]
    fn header_roles_of_the_target_table() {
        let r = &rows("一级指标\t二级指标\t三级指标\t指标性质\t历史参考值\t指标值\t本年指标值\t度量单位\t权重(%)\t本权重(%)\t指标方向性")[0];
        let roles: Vec<Role> = header_roles(r)
            .unwrap()
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        assert_eq!(
            roles,
            vec![
                Role::Level1,
                Role::Level2,
                Role::Name,
                Role::Nature,
                Role::History,
                Role::MidtermTarget,
                Role::Target,
                Role::Unit,
                Role::Weight,
                Role::WeightCurrent,
                Role::Direction
            ]
        );
    }

    #[test]
    fn labels_need_a_colon_or_the_whole_cell() {
        assert_eq!(match_label("项目总额：170万元"), Some((Field::Total, 5)));
        assert_eq!(
            match_label("其中：财政资金：170万元"),
            Some((Field::Fiscal, 8))
        );
        assert_eq!(match_label("项目名称"), Some((Field::Project, 4)));
        assert_eq!(match_label("项目名称说明"), None);
        assert_eq!(match_label("项目经办人电话：1"), Some((Field::Ignored, 8)));
    }

    #[test]
    fn categories_with_garbles() {
        assert_eq!(
            level2_name("生态双血 指标"),
            Some(("生态效益指标", "效益指标"))
        );
        assert_eq!(level2_name("满意度指 标"), None);
        assert_eq!(level1_name("满意度指 标"), Some("满意度指标"));
    }

    #[test]
    fn garbled_categories_take_the_one_nearest_name() {
        assert_eq!(
            level2_name("社会效益值标"),
            Some(("社会效益指标", "效益指标"))
        );
        assert_eq!(
            level2_name("可持续影向指标"),
            Some(("可持续影响指标", "效益指标"))
        );
        assert_eq!(level1_name("满意渡指标"), Some("满意度指标"));
        // 数量 and 质量 are both one edit from 重量指标: no guess.
        assert_eq!(level2_name("重量指标"), None);
        // An indicator name is not a category.
        assert_eq!(level2_name("医疗机构满意度"), None);
    }

    #[test]
    fn categories_that_state_their_points() {
        assert_eq!(stated_points("产出指标(50分)"), Some(("产出指标", 50.0)));
        assert_eq!(stated_points("产出指标"), None);
        assert_eq!(
            category("产出指标(50分)", Kind::TargetTable, false),
            Some(Category::Level1("产出指标"))
        );
    }

    #[test]
    fn column_names_out_of_order() {
        assert_eq!(scrambled_column("年成值全完值"), Some(Role::Actual));
        assert_eq!(scrambled_column("完成值"), None);
        assert_eq!(scrambled_column("保障人员数量"), None);
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("指标1"));
        assert!(is_placeholder("指标1 指标2"));
        assert!(is_placeholder("....."));
        assert!(is_placeholder("“=” “ ≤” “≥ ” “<” “>”"));
        assert!(!is_placeholder("指标值达成"));
        assert_eq!(strip_placeholder_prefix("指标1：档案完整率"), "档案完整率");
    }
}
