//! Normalising text and splitting it into rows of cells.
//!
//! Copies from Excel arrive tab-separated; copies from Word or a PDF viewer often use runs of
//! spaces between cells. Both become [`Row`]s whose cells are normalised the way the contract
//! writes strings: full-width ASCII folded to half-width, whitespace inside a cell collapsed.

use std::borrow::Cow;
use std::cell::OnceCell;

use super::hant::PAIRS;
use super::layout::{match_label, Field, Role};

/// One source line, split into normalised cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// 1-based source line.
    pub line: usize,
    /// The cells as normalised text; empty cells are kept so columns line up.
    pub cells: Vec<String>,
    /// The cells were split on runs of spaces (a copy from Word or a PDF viewer): empty cells
    /// are lost, so the columns do not line up and the cells must be placed by meaning.
    pub sparse: bool,
    /// The row read as a table header (its columns' roles), worked out once.
    pub(crate) roles: OnceCell<Option<Vec<(usize, Role)>>>,
    /// The header label its first cell opens with, worked out once.
    pub(crate) first_label: OnceCell<Option<(Field, usize)>>,
}

impl Row {
    /// True when no cell holds anything.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.is_empty())
    }

    /// The non-empty cells with their column index.
    pub fn filled(&self) -> impl Iterator<Item = (usize, &str)> {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (i, c.as_str()))
    }

    /// The number of non-empty cells.
    pub fn filled_count(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_empty()).count()
    }

    /// The header label the row's first filled cell opens with ([`match_label`]).
    pub fn first_label(&self) -> Option<(Field, usize)> {
        *self
            .first_label
            .get_or_init(|| self.filled().next().and_then(|(_, c)| match_label(c)))
    }

    /// The cell at `col`, or "" past the end.
    pub fn cell(&self, col: usize) -> &str {
        self.cells.get(col).map(String::as_str).unwrap_or("")
    }
}

/// Folds one character: full-width ASCII (U+FF01–U+FF5E) to ASCII, ideographic and
/// no-break spaces to a plain space.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{200B}' => ' ',
        _ => c,
    }
}

/// What a byte may begin, for [`may_change`]: 0 nothing that changes, 1 a change (ASCII
/// whitespace and controls), 2 a lead byte whose character must be looked at (C2: U+0085 and
/// U+00A0; E1: U+1680; E2: U+2000–U+205F; E3: U+3000; EF: full-width forms and U+FEFF).
const CHANGE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b <= 0x20 {
        t[b] = 1;
        b += 1;
    }
    t[0xC2] = 2;
    t[0xE1] = 2;
    t[0xE2] = 2;
    t[0xE3] = 2;
    t[0xEF] = 2;
    t
};

/// A quick byte scan: false when `s` holds no whitespace and no character that folds (full-width
/// forms, ideographic and no-break spaces). Chinese text and its punctuation (、。“”) pass.
fn may_change(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    // One table look-up a byte; the characters after a lead byte are looked at only there.
    while let Some(k) = b[i..].iter().position(|&x| CHANGE[x as usize] != 0) {
        i += k;
        if CHANGE[b[i] as usize] == 1 {
            return true;
        }
        let (b1, b2) = (b.get(i + 1).copied(), b.get(i + 2).copied());
        let changes = match b[i] {
            0xC2 => matches!(b1, Some(0xA0 | 0x85)),
            0xE1 => b1 == Some(0x9A) && b2 == Some(0x80),
            0xE2 => match b1 {
                Some(0x80) => b2
                    .is_some_and(|c| (0x80..=0x8B).contains(&c) || matches!(c, 0xA8 | 0xA9 | 0xAF)),
                Some(0x81) => b2 == Some(0x9F),
                _ => false,
            },
            0xE3 => b1 == Some(0x80) && b2 == Some(0x80),
            _ => matches!(b1, Some(0xBC | 0xBD)) || (b1 == Some(0xBB) && b2 == Some(0xBF)),
        };
        if changes {
            return true;
        }
        i += 1;
    }
    false
}

/// Normalises a cell: folds widths, collapses whitespace runs to one space, trims.
pub fn normalize(s: &str) -> String {
    if !may_change(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars().map(fold_char) {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The cell with every whitespace removed: the key used to match labels and category names,
/// so that `全年 预算数` and `满意度指 标` match `全年预算数` and `满意度指标`.
///
/// Borrows when there is nothing to remove or fold (the usual case for a normalised cell).
pub fn compact(s: &str) -> Cow<'_, str> {
    if !may_change(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(fold_char)
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

/// Skips the first `n` non-whitespace characters of `s` and returns the rest, with leading
/// colons and spaces removed. Used to cut a matched label off a normalised cell.
pub fn after_compact_prefix(s: &str, n: usize) -> &str {
    let mut seen = 0;
    let mut cut = s.len();
    for (i, c) in s.char_indices() {
        if seen == n {
            cut = i;
            break;
        }
        if !c.is_whitespace() {
            seen += 1;
        }
    }
    if seen < n {
        return "";
    }
    s[cut..].trim_start_matches(|c: char| c == ':' || c == '：' || c.is_whitespace())
}

/// Splits one line into raw cells: on tabs when the line has any, else on runs of two or more
/// spaces (a copy from Word or a PDF viewer), else the whole line is one cell.
fn split_cells(line: &str, markdown: bool) -> (Vec<String>, bool) {
    if line.contains('\t') {
        return (line.split('\t').map(normalize).collect(), false);
    }
    if line.contains('|') {
        // A web page's table as text: `cell | cell | |||`, where a line that starts with `|`
        // starts with an empty cell; or Markdown's `| cell | cell |`, every row opened by `|`.
        let t = line.trim();
        let t = t
            .strip_prefix('|')
            .filter(|_| markdown && t.len() > 1 && t.ends_with('|'))
            .unwrap_or(t);
        let t = t.strip_suffix('|').unwrap_or(t);
        return (t.split('|').map(normalize).collect(), false);
    }
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut spaces = 0usize;
    for c in line.chars().map(fold_char) {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        if spaces >= 2 && !cur.is_empty() {
            cells.push(normalize(&cur));
            cur.clear();
        } else if spaces == 1 {
            cur.push(' ');
        }
        spaces = 0;
        cur.push(c);
    }
    if !cur.trim().is_empty() || cells.is_empty() {
        cells.push(normalize(&cur));
    }
    let sparse = cells.len() > 1;
    (cells, sparse)
}

/// Which characters of the CJK block U+4E00–U+9FFF are traditional ones of [`PAIRS`], a bit
/// each. With [`RANK`] and [`SIMPLIFIED`] it stands for the pairs in a quarter of their size
/// (the pairs themselves are only read here, when compiling).
const HANT_BITS: [u64; 328] = hant_bits();

const fn hant_bits() -> [u64; 328] {
    let mut bits = [0u64; 328];
    let mut i = 0;
    while i < PAIRS.len() {
        let k = PAIRS[i].0 as u32 - 0x4E00;
        assert!(
            i == 0 || PAIRS[i - 1].0 < PAIRS[i].0,
            "PAIRS is sorted by the traditional character, each once"
        );
        bits[(k / 64) as usize] |= 1 << (k % 64);
        i += 1;
    }
    bits
}

/// How many traditional characters come before every eighth word of [`HANT_BITS`].
const RANK: [u16; 41] = {
    let mut rank = [0u16; 41];
    let mut w = 0;
    let mut seen = 0u16;
    while w < 328 {
        if w % 8 == 0 {
            rank[w / 8] = seen;
        }
        seen += HANT_BITS[w].count_ones() as u16;
        w += 1;
    }
    rank
};

/// The simplified character of each pair, as its offset from U+4E00, in the order of the
/// traditional ones.
const SIMPLIFIED: [u16; PAIRS.len()] = {
    let mut out = [0u16; PAIRS.len()];
    let mut i = 0;
    while i < PAIRS.len() {
        let s = PAIRS[i].1 as u32;
        assert!(
            s >= 0x4E00 && s < 0xA000,
            "simplified characters are CJK ideographs"
        );
        out[i] = (s - 0x4E00) as u16;
        i += 1;
    }
    out
};

/// The simplified character a traditional one is read as (績 → 绩), if `c` is one.
pub fn simplified(c: char) -> Option<char> {
    let u = c as u32;
    if !(0x4E00..0xA000).contains(&u) {
        return None;
    }
    let k = u - 0x4E00;
    let (w, bit) = ((k / 64) as usize, k % 64);
    let word = HANT_BITS[w];
    if word & (1 << bit) == 0 {
        return None;
    }
    let before: u32 = HANT_BITS[w / 8 * 8..w].iter().map(|b| b.count_ones()).sum();
    let at =
        RANK[w / 8] as usize + before as usize + (word & ((1u64 << bit) - 1)).count_ones() as usize;
    char::from_u32(0x4E00 + SIMPLIFIED[at] as u32)
}

/// The text with its traditional characters folded to simplified ones (`績效目標` →
/// `绩效目标`), one character for one, so lines and columns stay where they were. Borrows when
/// there is none.
pub fn to_simplified(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| simplified(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| simplified(c).unwrap_or(c)).collect())
}

/// Vowels with a tone mark, as pinyin writes them.
const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";

/// The text without the pinyin that some copies of a page put after each character
/// (`項(xiàng)目` → `項目`): a bracketed syllable with a tone mark, right after a Chinese
/// character.
pub fn without_pinyin(text: &str) -> Cow<'_, str> {
    // Every toned vowel is written with a lead byte C3–C7: a byte scan first.
    if !text.bytes().any(|b| (0xC3..=0xC7).contains(&b))
        || !text.contains(|c: char| TONED.contains(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let (before, after) = rest.split_at(open);
        let han = before
            .chars()
            .next_back()
            .is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        let close = after[1..].find(')').map(|k| k + 1);
        let syllable = close.map(|k| &after[1..k]).filter(|s| {
            let n = s.chars().count();
            (1..=7).contains(&n)
                && s.chars().any(|c| TONED.contains(c))
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || TONED.contains(c) || c == 'ü')
        });
        out.push_str(before);
        match (han, syllable, close) {
            (true, Some(_), Some(k)) => rest = &after[k + 1..],
            _ => {
                out.push('(');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Characters that show nothing but change what a text says or how it is shown: zero-width
/// spaces and joiners, direction marks, embeddings, overrides and isolates (`5⟨U+202E⟩9` shows as
/// 95 and holds 59), word joiners and invisible operators, the soft hyphen, and a byte order
/// mark inside the text. The reader removes them and says where they were (P005).
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// A character's code point as Unicode writes it: `U+200B`, at least four hex digits.
pub fn code_point(c: char) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let u = c as u32;
    let digits = (32 - u.leading_zeros()).div_ceil(4).max(4);
    let mut out = String::from("U+");
    for k in (0..digits).rev() {
        out.push(HEX[((u >> (4 * k)) & 0xF) as usize] as char);
    }
    out
}

/// What a hidden character is called, in Chinese and English.
pub fn hidden_name(c: char) -> (&'static str, &'static str) {
    match c {
        '\u{200B}' => ("零宽空格", "zero-width space"),
        '\u{200C}' | '\u{200D}' => ("零宽连接符", "zero-width joiner"),
        '\u{200E}' | '\u{200F}' | '\u{061C}' => ("方向标记", "direction mark"),
        '\u{202A}' | '\u{202B}' => ("方向嵌入符", "direction embedding"),
        '\u{202C}' => ("方向格式结束符", "pop directional formatting"),
        '\u{202D}' | '\u{202E}' => ("方向强制符", "direction override"),
        '\u{2066}'..='\u{2069}' => ("方向隔离符", "direction isolate"),
        '\u{00AD}' => ("软连字符", "soft hyphen"),
        '\u{FEFF}' => ("字节顺序标记", "byte order mark"),
        _ => ("不可见字符", "invisible character"),
    }
}

/// A quick byte scan: false when `text` holds no [`is_hidden`] character.
fn may_hide(text: &str) -> bool {
    let b = text.as_bytes();
    let mut at = 0;
    while let Some(k) = b[at..]
        .iter()
        .position(|&x| matches!(x, 0xC2 | 0xD8 | 0xE2 | 0xEF))
    {
        let i = at + k;
        let (b1, b2) = (b.get(i + 1).copied(), b.get(i + 2).copied());
        let hit = match b[i] {
            0xC2 => b1 == Some(0xAD),
            0xD8 => b1 == Some(0x9C),
            0xE2 => matches!(
                (b1, b2),
                (Some(0x80), Some(0x8B..=0x8F | 0xAA..=0xAE)) | (Some(0x81), Some(0xA0..=0xA4 | 0xA6..=0xA9))
            ),
            _ => b1 == Some(0xBB) && b2 == Some(0xBF),
        };
        if hit {
            return true;
        }
        at = i + 1;
    }
    false
}

/// The text without its hidden characters ([`is_hidden`]). Borrows when there is none.
pub fn without_hidden(text: &str) -> Cow<'_, str> {
    if !may_hide(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|&c| !is_hidden(c)).collect())
}

/// A line that held hidden characters: its 1-based number, the characters (each once, in the
/// order met) and the line with each of them written out as `⟨U+202E⟩`, cut to about 60
/// characters around the first.
#[derive(Debug, Clone, PartialEq)]
pub struct Hidden {
    pub line: usize,
    pub chars: Vec<char>,
    pub shown: String,
}

/// Every line of `text` that holds hidden characters (a byte order mark that opens the text is
/// not one: it only says the encoding). Lines are counted as [`rows`] counts them.
pub fn hidden_in(text: &str) -> Vec<Hidden> {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if !may_hide(body) {
        return Vec::new();
    }
    let unified = body.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    for (i, line) in unified.split('\n').enumerate() {
        if !may_hide(line) {
            continue;
        }
        let mut chars: Vec<char> = Vec::new();
        for c in line.chars().filter(|&c| is_hidden(c)) {
            if !chars.contains(&c) {
                chars.push(c);
            }
        }
        let first = line.chars().position(is_hidden).unwrap_or(0);
        let from = first.saturating_sub(30);
        let mut shown = String::from(if from > 0 { "…" } else { "" });
        for (n, c) in line.chars().skip(from).enumerate() {
            if n == 60 {
                shown.push('…');
                break;
            }
            if is_hidden(c) {
                shown.push('⟨');
                shown.push_str(&code_point(c));
                shown.push('⟩');
            } else if c == '\t' {
                shown.push_str(" | ");
            } else {
                shown.push(c);
            }
        }
        out.push(Hidden {
            line: i + 1,
            chars,
            shown: shown.trim().to_string(),
        });
    }
    out
}

/// Splits a whole text into rows, one per source line (`\n`, `\r\n` or `\r`). Traditional
/// characters are read as simplified ones.
pub fn rows(text: &str) -> Vec<Row> {
    let folded = to_simplified(text);
    let bare = without_pinyin(folded.as_ref());
    let shown = without_hidden(bare.as_ref());
    let text = shown.as_ref();
    let unified;
    let text = if text.contains('\r') {
        unified = text.replace("\r\n", "\n").replace('\r', "\n");
        unified.as_str()
    } else {
        text
    };
    let mut out: Vec<Row> = Vec::new();
    // Web tables as text end their rows in one of two ways: with a run of `|` (`a | b | |||`),
    // so that a line ending in one `|` is a row whose cell broke onto the next line; or each
    // line with one `|`, so that the rest of a row broken after its first cell starts its line
    // with `|` (`年度资金总额 |` then `| 32.4 | 31.69 |`).
    let runs = text.split('\n').any(|l| {
        let t = l.trim_end();
        t.ends_with("||") && !t.trim_start_matches('|').trim().is_empty()
    });
    // Markdown: (nearly) every line with `|` opens with it, those with a first cell too.
    let (opened, piped) = text
        .split('\n')
        .filter(|l| l.contains('|'))
        .fold((0, 0), |(o, p), l| {
            (o + l.trim_start().starts_with('|') as usize, p + 1)
        });
    let markdown = piped > 0 && 10 * opened >= 9 * piped;
    let mut open_row: Option<usize> = None;
    let mut last_piped: Option<usize> = None;
    for (i, line) in text.split('\n').enumerate() {
        let (mut cells, sparse) = split_cells(line, markdown);
        while cells.len() > 1 && cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        let t = line.trim();
        let continues_above = !runs
            && t.starts_with('|')
            && !t
                .trim_matches(|c: char| c == '|' || c.is_whitespace())
                .is_empty();
        let target = if runs {
            open_row.take()
        } else {
            last_piped.take()
        };
        if let Some(k) = target.filter(|_| (runs && !t.is_empty()) || continues_above) {
            if !line.contains('\t') {
                let cells = if continues_above && cells.first().is_some_and(|c| c.is_empty()) {
                    cells[1..].to_vec()
                } else {
                    cells
                };
                out[k].cells.extend(cells);
                out.push(Row {
                    line: i + 1,
                    cells: vec![String::new()],
                    sparse: false,
                    ..Default::default()
                });
                if runs && ends_open(line) {
                    open_row = Some(k);
                }
                continue;
            }
        }
        if runs && ends_open(line) {
            open_row = Some(out.len());
        }
        if !runs && ends_open(line) && !line.trim_end().trim_end_matches('|').contains('|') {
            last_piped = Some(out.len());
        }
        // A whole form on one line, its cells apart by single spaces (a page that lost its
        // table's layout): one cell a row, for the regrouping under its header.
        if let Some(tokens) = form_on_one_line(&cells) {
            out.extend(tokens.into_iter().map(|c| Row {
                line: i + 1,
                cells: vec![c],
                ..Default::default()
            }));
            continue;
        }
        out.push(Row {
            line: i + 1,
            cells,
            sparse,
            ..Default::default()
        });
    }
    out
}

/// The single-space tokens of a line that holds a whole form: one long cell whose tokens name
/// at least two levels of an indicator table's header (一级指标 二级指标 三级指标).
fn form_on_one_line(cells: &[String]) -> Option<Vec<String>> {
    let [cell] = cells else { return None };
    if cell.len() < 300 || !cell.contains("级指标") {
        return None;
    }
    let levels = cell
        .split(' ')
        .filter(|t| {
            matches!(
                super::layout::column_role(t),
                Some(Role::Level1 | Role::Level2 | Role::Name)
            )
        })
        .count();
    (levels >= 2).then(|| {
        cell.split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    })
}

/// True when a line of a web table ends inside its row: a cell and one `|`, not the run of
/// `|` that closes a row (`a | b |` continues on the next line, `a | b | |||` does not).
fn ends_open(line: &str) -> bool {
    if line.contains('\t') {
        return false;
    }
    let t = line.trim_end();
    let Some(body) = t.strip_suffix('|') else {
        return false;
    };
    let body = body.trim_end();
    // One cell before the `|` (two where rows close with runs): a cell that spans rows.
    !body.is_empty()
        && !body.ends_with('|')
        && !t.trim_start().starts_with('|')
        && body.matches('|').count() <= 1
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_pair_reads_as_its_simplified_character() {
        for &(hant, hans) in PAIRS {
            assert_eq!(simplified(hant), Some(hans), "{hant}");
        }
        // Simplified characters, and characters outside the table, stay as they are.
        for c in [
            '绩', '效', '目', '标', 'a', '1', '一', '\u{9FFF}', '\u{4E00}',
        ] {
            assert_eq!(simplified(c), None, "{c}");
        }
    }

    #[test]
    fn code_points_are_written_as_unicode_does() {
        assert_eq!(code_point('\u{200B}'), "U+200B");
        assert_eq!(code_point('\u{AD}'), "U+00AD");
        assert_eq!(code_point('a'), "U+0061");
        assert_eq!(code_point('\u{1F600}'), "U+1F600");
    }

    use super::*;

    #[test]
    fn folds_widths_and_collapses_spaces() {
        assert_eq!(
            normalize("  全年　预算数（Ａ）：  ９５％ "),
            "全年 预算数(A): 95%"
        );
        assert_eq!(compact("满意度指 标"), "满意度指标");
    }

    #[test]
    fn splits_tabs_keeping_empty_cells() {
        let r = rows("a\t\tb\t\n");
        assert_eq!(r[0].cells, vec!["a", "", "b"]);
        assert_eq!(r.len(), 2);
        assert!(r[1].is_blank());
    }

    #[test]
    fn splits_runs_of_spaces_but_not_single_spaces() {
        let r = rows("产出指标  数量指标   全年 预算数");
        assert_eq!(r[0].cells, vec!["产出指标", "数量指标", "全年 预算数"]);
    }

    #[test]
    fn counts_crlf_lines_once() {
        let r = rows("a\r\nb\r\nc");
        let lines: Vec<usize> = r.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 3]);
        assert_eq!(r[1].cells, vec!["b"]);
    }

    #[test]
    fn traditional_characters_read_as_simplified() {
        assert_eq!(to_simplified("項目績效目標表"), "项目绩效目标表");
        assert_eq!(to_simplified("滿意度指標 ≥95％"), "满意度指标 ≥95％");
        // A simplified text is borrowed, untouched.
        assert!(matches!(to_simplified("项目绩效目标表"), Cow::Borrowed(_)));
        let r = rows("一級指標\t二級指標\t三級指標");
        assert_eq!(r[0].cells, vec!["一级指标", "二级指标", "三级指标"]);
    }

    #[test]
    fn pinyin_after_each_character_is_dropped() {
        assert_eq!(without_pinyin("項(xiàng)目績(jī)效(分)"), "項目績效(分)");
        assert_eq!(without_pinyin("产出指标(50分)"), "产出指标(50分)");
    }

    #[test]
    fn cuts_a_label_prefix() {
        assert_eq!(after_compact_prefix("其中:财政资金: 170万元", 7), "170万元");
        assert_eq!(after_compact_prefix("全年 预算数 12", 5), "12");
        assert_eq!(after_compact_prefix("短", 5), "");
    }
}
