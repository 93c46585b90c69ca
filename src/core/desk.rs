//! The reviewer's desk: many checked forms at once.
//!
//! A finance bureau takes in hundreds of forms. The desk gives one summary row a form
//! ([`summary`], [`summaries`]), finds each self-evaluation's target form ([`project_key`],
//! [`matches()`]) and compares the two with the cross-form rules X001–X006 ([`cross_check`]).
//! It reads no text: it works on checked [`Report`]s, each with the name of its source.
//!
//! # Which forms are the same project
//!
//! [`project_key`] gives a form's key:
//! - **by project code** when the form states one: trimmed, full-width folded, whitespace
//!   removed, upper-case (`50011522t000002056269 ` → `50011522T000002056269`);
//! - **else by name and unit**: the project name as [`normalize_project_name`] gives it, with
//!   the implementing unit as [`normalize_org`] gives it (the department where the form names no
//!   unit);
//! - **department-wide forms** (整体 self-evaluations, and target forms with a department but no
//!   project) by department and year; without a year there is no key, since a department has a
//!   form every year.
//!
//! A self-evaluation is matched to a target form ([`matches()`]) when either key agrees: its code
//! (when it states one), or its name and unit — unless both forms state codes and the codes
//! differ. Target forms are indexed by key in a hash map, so matching is linear in the number of
//! forms. Where both forms state a year the years must be equal. Among several candidates the
//! desk prefers a 批复表 to a 目标表 to a 申报表, then one of the same stated year, then one found
//! by code, then one whose project name is written exactly alike, then the first given.
//!
//! # The cross-form rules
//!
//! Each project self-evaluation with a target form is compared with it ([`cross_check`]);
//! department self-evaluations are matched (and shown in the summary) but not compared, since
//! their indicator trees (履职效能, 管理效率 …) are not the target forms'.
//!
//! | code | severity | rule |
//! | --- | --- | --- |
//! | X001 | warning | an approved indicator is missing from the self-evaluation |
//! | X002 | warning | an indicator of the self-evaluation was never approved |
//! | X003 | warning | an indicator's target differs from the approved one (op, number, range, unit, date as read) |
//! | X004 | warning | an indicator's 分值 differs from its approved weight, both weights on one scale |
//! | X005 | error | 全年预算数 differs from the approved 年度资金总额 beyond 0.01 万元 |
//! | X006 | info | 全年预算数 differs from the approved total, but 年初预算数 matches it (adjusted in the year) |
//!
//! Indicators are paired by their normalised 三级指标 name ([`normalize_indicator_name`]) within
//! the same 一级, then by name alone for those left (an indicator the self-evaluation files
//! under another 一级 is the same indicator).
//!
//! Targets (X003) compare as read ([`Value`]), not as written: `95%`, `95百分比` and `=95%`
//! are one target, `≥95%` and `95%以上` another; a unit written on one side only is no change,
//! and a date compares equal to a longer date it begins (`2021-12` and `2021-12-31`). Two
//! targets that neither hold a number nor a date (words only) are not compared.
//!
//! Weights (X004): a target form's weight is its 本年权重 where it states one, else its 权重; the
//! self-evaluation's is its 分值. They are compared only when they are on one scale: the
//! paired indicators' weights add up to about the same total on both forms (within 5 %). A
//! 20 + 80 self-evaluation (分值 80 in all) against a target table whose 权重 add up to 90 is on
//! another scale, and its 分值 are not compared.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use super::diagnostic::{Diagnostic, Severity};
use super::export::fmt_num;
use super::model::{Form, Indicator, Kind, Op, Report, Section, Value};
use super::rules::{compare_sum, rule, Sum};
use super::score::is_budget_indicator;
use super::text::{fold_char, to_simplified};
use super::vocab::{PROJECT_NAME_SUFFIXES, UNIT_NAME_SUFFIXES};

/// One form's row of the desk's summary table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryRow {
    /// The name of the source the form was read from (a file name, `-` for standard input).
    pub file: String,
    /// The form's index in its report (0-based).
    pub form: usize,
    pub kind: Kind,
    /// First and last source line, 1-based, inclusive.
    pub lines: [usize; 2],
    pub year: Option<i32>,
    pub department: Option<String>,
    pub unit: Option<String>,
    pub project: Option<String>,
    pub project_code: Option<String>,
    /// `funds.total`, in 万元.
    pub funds_total: Option<f64>,
    /// The number of indicators read.
    pub indicators: usize,
    /// Diagnostics of the form by severity (cross-form findings included once merged).
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// `scores.total.stated` and `scores.total.computed`.
    pub total_stated: Option<f64>,
    pub total_computed: Option<f64>,
    /// `scores.grade`: the grade of the computed total.
    pub grade: Option<String>,
    /// `quality.score`: this tool's target quality rubric (target forms only; not official).
    pub quality: Option<f64>,
    /// The codes of the form's diagnostics, each once, in code order.
    pub codes: Vec<String>,
    /// The form this one is matched with: a self-evaluation's target form, or for a target
    /// form the first self-evaluation matched to it. (file, form index in that file's report.)
    pub matched_with: Option<(String, usize)>,
}

/// The summary rows of one report's forms, in form order. `matched_with` is left empty: it
/// needs the other reports ([`summaries`]).
pub fn summary(file: &str, report: &Report) -> Vec<SummaryRow> {
    let n = report.forms.len();
    let mut counts = vec![[0usize; 3]; n];
    let mut codes: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); n];
    for d in &report.diagnostics {
        if d.form >= n {
            continue;
        }
        let slot = match d.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        counts[d.form][slot] += 1;
        codes[d.form].insert(d.code.as_str());
    }
    report
        .forms
        .iter()
        .enumerate()
        .map(|(i, f)| SummaryRow {
            file: file.to_string(),
            form: i,
            kind: f.kind,
            lines: f.lines,
            year: f.year,
            department: f.department.clone(),
            unit: f.unit.clone(),
            project: f.project.clone(),
            project_code: f.project_code.clone(),
            funds_total: f.funds.total,
            indicators: f.indicators.len(),
            errors: counts[i][0],
            warnings: counts[i][1],
            infos: counts[i][2],
            total_stated: f.scores.as_ref().and_then(|s| s.total.stated),
            total_computed: f.scores.as_ref().and_then(|s| s.total.computed),
            grade: f.scores.as_ref().and_then(|s| s.grade.clone()),
            quality: f.quality.as_ref().map(|q| q.score),
            codes: codes[i].iter().map(|c| c.to_string()).collect(),
            matched_with: None,
        })
        .collect()
}

/// The summary rows of every form of every report, in the order given, with `matched_with`
/// filled from [`matches()`].
pub fn summaries(reports: &[(&str, &Report)]) -> Vec<SummaryRow> {
    let mut offsets = Vec::with_capacity(reports.len());
    let mut rows = Vec::new();
    for (file, report) in reports {
        offsets.push(rows.len());
        rows.extend(summary(file, report));
    }
    for m in matches(reports) {
        let (e, t) = (m.evaluation, m.target);
        let with = |r: FormRef| Some((reports[r.report].0.to_string(), r.form));
        rows[offsets[e.report] + e.form].matched_with = with(t);
        let target_row = &mut rows[offsets[t.report] + t.form];
        if target_row.matched_with.is_none() {
            target_row.matched_with = with(e);
        }
    }
    rows
}

/// [`summaries`] of reports into which their cross-form findings `cross` (from
/// [`cross_check`] over the same reports) are not merged, counted as if they were: the same
/// rows as [`add_cross_findings`] then [`summaries`], without copying the reports.
pub fn summaries_counting(
    reports: &[(&str, &Report)],
    cross: &[(usize, Diagnostic)],
) -> Vec<SummaryRow> {
    let mut rows = summaries(reports);
    let mut offsets = Vec::with_capacity(reports.len());
    let mut at = 0;
    for (_, r) in reports {
        offsets.push(at);
        at += r.forms.len();
    }
    for (k, d) in cross {
        let Some(row) = offsets
            .get(*k)
            .map(|o| o + d.form)
            .and_then(|i| rows.get_mut(i))
        else {
            continue;
        };
        match d.severity {
            Severity::Error => row.errors += 1,
            Severity::Warning => row.warnings += 1,
            Severity::Info => row.infos += 1,
        }
        if let Err(i) = row.codes.binary_search(&d.code) {
            row.codes.insert(i, d.code.clone());
        }
    }
    rows
}

/// What makes two forms the same project (or the same department's year). See the module
/// documentation for the normalisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum ProjectKey {
    /// The project code, normalised ([`normalize_code`]).
    Code { code: String },
    /// The project name ([`normalize_project_name`]) and the unit, or the department where the
    /// form names no unit ([`normalize_org`]; empty when it names neither).
    Name { name: String, unit: String },
    /// A department-wide form: the department ([`normalize_org`]) and the year.
    Department { department: String, year: i32 },
}

/// A form's key: by code when it states one, else by name and unit; department-wide forms by
/// department and year. `None` for fragments, for forms with neither code nor name, and for
/// department-wide forms without a department or a year.
pub fn project_key(form: &Form) -> Option<ProjectKey> {
    if is_department_wide(form) {
        return department_key(form);
    }
    if form.kind == Kind::Fragment {
        return None;
    }
    code_key(form).or_else(|| name_key(form))
}

/// A project code as a key: full-width folded, whitespace removed, upper-case.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A project name as a key:
/// 1. full-width folded, traditional characters read as simplified;
/// 2. trailing bracketed qualifiers dropped (`（2021年）`, `(医保服务能力提升)`, `【续建】`) while
///    something is left before them;
/// 3. a leading year dropped (`2021年`, `2021年度`, `2021`);
/// 4. everything but letters and digits dropped (whitespace, punctuation, symbols), ASCII
///    upper-cased;
/// 5. the suffixes of [`PROJECT_NAME_SUFFIXES`] (项目, 经费, 资金, 专项) dropped again and again
///    while something is left.
///
/// `2021年医疗保障 专项业务费项目（2021年）` → `医疗保障专项业务费`.
pub fn normalize_project_name(name: &str) -> String {
    let text = folded(name);
    let text = without_bracket_tail(&text);
    let text = without_leading_year(text);
    let mut key = letters_and_digits(text);
    strip_suffixes(&mut key, PROJECT_NAME_SUFFIXES);
    key
}

/// A unit's or department's name as a key: folded as [`normalize_project_name`] folds, trailing
/// bracketed qualifiers (`（本级）`) dropped, letters and digits only, and the suffixes of
/// [`UNIT_NAME_SUFFIXES`] (本级) dropped while something is left.
pub fn normalize_org(name: &str) -> String {
    let text = folded(name);
    let mut key = letters_and_digits(without_bracket_tail(&text));
    strip_suffixes(&mut key, UNIT_NAME_SUFFIXES);
    key
}

/// A 三级指标 name as the desk pairs indicators by it: folded, letters and digits only, ASCII
/// upper-cased (`定点医药机构 监督检查覆盖率。` → `定点医药机构监督检查覆盖率`).
pub fn normalize_indicator_name(name: &str) -> String {
    letters_and_digits(&folded(name))
}

fn folded(s: &str) -> String {
    let s: String = s.chars().map(fold_char).collect();
    to_simplified(&s).into_owned()
}

fn letters_and_digits(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// `s` without its trailing bracketed groups, as long as something is left before them.
fn without_bracket_tail(s: &str) -> &str {
    const PAIRS: [(char, char); 5] = [
        ('(', ')'),
        ('[', ']'),
        ('【', '】'),
        ('〔', '〕'),
        ('〈', '〉'),
    ];
    let mut rest = s.trim_end();
    loop {
        let Some(last) = rest.chars().next_back() else {
            return rest;
        };
        let Some(&(open, close)) = PAIRS.iter().find(|(_, c)| *c == last) else {
            return rest;
        };
        // The opening bracket that matches the last closing one.
        let mut depth = 0usize;
        let mut start = None;
        for (i, c) in rest.char_indices().rev() {
            if c == close {
                depth += 1;
            } else if c == open {
                depth -= 1;
                if depth == 0 {
                    start = Some(i);
                    break;
                }
            }
        }
        match start {
            Some(i) if !rest[..i].trim().is_empty() => rest = rest[..i].trim_end(),
            _ => return rest,
        }
    }
}

/// `s` without a leading year (`2021年度`, `2021年`, `2021`), as long as something is left.
fn without_leading_year(s: &str) -> &str {
    let t = s.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 || !(t.starts_with("19") || t.starts_with("20")) {
        return s;
    }
    let rest = &t[4..];
    let rest = rest
        .strip_prefix("年度")
        .or_else(|| rest.strip_prefix('年'))
        .unwrap_or(rest);
    if rest.trim().is_empty() {
        s
    } else {
        rest
    }
}

fn strip_suffixes(key: &mut String, suffixes: &[&str]) {
    while let Some(s) = suffixes
        .iter()
        .find(|s| key.ends_with(*s) && key.len() > s.len())
    {
        key.truncate(key.len() - s.len());
    }
}

/// A department's whole: an 整体 self-evaluation, or a target form that names a department but
/// no project (部门整体支出绩效目标表).
fn is_department_wide(form: &Form) -> bool {
    form.kind == Kind::DepartmentSelfEvaluation
        || (form.kind.is_target_form() && form.project.is_none() && form.department.is_some())
}

fn department_key(form: &Form) -> Option<ProjectKey> {
    let department = normalize_org(form.department.as_deref()?);
    (!department.is_empty()).then_some(ProjectKey::Department {
        department,
        year: form.year?,
    })
}

fn code_key(form: &Form) -> Option<ProjectKey> {
    let code = normalize_code(form.project_code.as_deref()?);
    (!code.is_empty()).then_some(ProjectKey::Code { code })
}

fn name_key(form: &Form) -> Option<ProjectKey> {
    let name = normalize_project_name(form.project.as_deref()?);
    if name.is_empty() {
        return None;
    }
    let unit = form
        .unit
        .as_deref()
        .or(form.department.as_deref())
        .map(normalize_org)
        .unwrap_or_default();
    Some(ProjectKey::Name { name, unit })
}

/// One form among the reports given: which report, which form of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FormRef {
    pub report: usize,
    pub form: usize,
}

/// A self-evaluation and the target form it is matched with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Match {
    pub evaluation: FormRef,
    pub target: FormRef,
}

/// Every self-evaluation (project or department) that has a target form among the reports,
/// with that form, in the order the self-evaluations are given. See the module documentation
/// for the keys and the preference among candidates.
pub fn matches(reports: &[(&str, &Report)]) -> Vec<Match> {
    let form = |r: FormRef| &reports[r.report].1.forms[r.form];
    let mut index: HashMap<ProjectKey, Vec<FormRef>> = HashMap::new();
    // A target form alike in everything the choice looks at (key, kind, year, code, whole name)
    // to one already indexed can never be chosen before it: it is left out, so that a pile of
    // copies of one form keeps matching linear.
    let mut seen: HashSet<Alike> = HashSet::new();
    let mut evaluations = Vec::new();
    for (ri, (_, report)) in reports.iter().enumerate() {
        for (fi, f) in report.forms.iter().enumerate() {
            let at = FormRef {
                report: ri,
                form: fi,
            };
            if f.kind.is_target_form() {
                let keys = if is_department_wide(f) {
                    [department_key(f), None]
                } else {
                    [code_key(f), name_key(f)]
                };
                for k in keys.into_iter().flatten() {
                    let code = f.project_code.as_deref().map(normalize_code);
                    let alike = (
                        k.clone(),
                        f.kind,
                        f.year,
                        code,
                        normalized_whole(&f.project),
                    );
                    if seen.insert(alike) {
                        index.entry(k).or_default().push(at);
                    }
                }
            } else if matches!(
                f.kind,
                Kind::ProjectSelfEvaluation | Kind::DepartmentSelfEvaluation
            ) {
                evaluations.push(at);
            }
        }
    }
    let mut out = Vec::new();
    for e in evaluations {
        let ef = form(e);
        // (candidate, found by code)
        let mut candidates: Vec<(FormRef, bool)> = Vec::new();
        if is_department_wide(ef) {
            if let Some(list) = department_key(ef).and_then(|k| index.get(&k)) {
                candidates.extend(list.iter().map(|&t| (t, false)));
            }
        } else {
            let code = code_key(ef);
            if let Some(list) = code.as_ref().and_then(|k| index.get(k)) {
                candidates.extend(list.iter().map(|&t| (t, true)));
            }
            if let Some(list) = name_key(ef).and_then(|k| index.get(&k)) {
                for &t in list {
                    let other = code_key(form(t));
                    let codes_differ = code.is_some() && other.is_some() && code != other;
                    if !codes_differ && !candidates.iter().any(|(c, _)| *c == t) {
                        candidates.push((t, false));
                    }
                }
            }
        }
        let exact_name = |t: &Form| {
            ef.project.is_some() && normalized_whole(&t.project) == normalized_whole(&ef.project)
        };
        let best = candidates
            .into_iter()
            .filter(|(t, _)| match (form(*t).year, ef.year) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            })
            .max_by_key(|&(t, by_code)| {
                let tf = form(t);
                (
                    kind_rank(tf.kind),
                    tf.year.is_some() && tf.year == ef.year,
                    by_code,
                    exact_name(tf),
                    std::cmp::Reverse(t),
                )
            });
        if let Some((t, _)) = best {
            out.push(Match {
                evaluation: e,
                target: t,
            });
        }
    }
    out
}

/// What the choice among target forms of one key looks at: (key, kind, year, normalised code,
/// whole name).
type Alike = (
    ProjectKey,
    Kind,
    Option<i32>,
    Option<String>,
    Option<String>,
);

/// The whole name, folded and without punctuation, qualifiers kept: tells `X（A）` from `X（B）`
/// where their keys agree.
fn normalized_whole(name: &Option<String>) -> Option<String> {
    name.as_deref().map(|n| letters_and_digits(&folded(n)))
}

/// 批复表 over 目标表 over 申报表.
fn kind_rank(kind: Kind) -> u8 {
    match kind {
        Kind::TargetApproval => 3,
        Kind::TargetTable => 2,
        Kind::TargetDeclaration => 1,
        _ => 0,
    }
}

/// The cross-form rules (X001–X006) on every project self-evaluation matched with a target form
/// among `reports` (`(source name, report)`). Each finding comes with the index of the report it
/// belongs to (the self-evaluation's); its `form` is the self-evaluation's index in that report,
/// `indicator` the self-evaluation's indicator where there is one, `lines` lines of the
/// self-evaluation. Findings come per self-evaluation, in the order of [`matches()`].
pub fn cross_check(reports: &[(&str, &Report)]) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    for m in matches(reports) {
        let e = &reports[m.evaluation.report].1.forms[m.evaluation.form];
        if e.kind != Kind::ProjectSelfEvaluation {
            continue;
        }
        let t = &reports[m.target.report].1.forms[m.target.form];
        let pair = Pair {
            e,
            t,
            e_file: reports[m.evaluation.report].0,
            t_file: reports[m.target.report].0,
            index: m.evaluation.form,
        };
        let mut found = Vec::new();
        pair.check(&mut found);
        out.extend(found.into_iter().map(|d| (m.evaluation.report, d)));
    }
    out
}

/// Puts `found` into a report's diagnostics in source order (by first line, then form; after
/// the report's own diagnostics on the same line), keeping the target quality rubric's
/// references to diagnostics (`quality.parts[].lost`) pointing at the same diagnostics.
pub fn merge(report: &mut Report, mut found: Vec<Diagnostic>) {
    if found.is_empty() {
        return;
    }
    let key = |d: &Diagnostic| (d.lines[0], d.form);
    crate::core::order::sort_by_key(&mut found, key);
    let old = std::mem::take(&mut report.diagnostics);
    let mut moved = Vec::with_capacity(old.len());
    let mut merged = Vec::with_capacity(old.len() + found.len());
    let mut new = found.into_iter().peekable();
    for d in old {
        while let Some(n) = new.next_if(|n| key(n) < key(&d)) {
            merged.push(n);
        }
        moved.push(merged.len());
        merged.push(d);
    }
    merged.extend(new);
    report.diagnostics = merged;
    for form in &mut report.forms {
        if let Some(q) = &mut form.quality {
            for part in &mut q.parts {
                for lost in &mut part.lost {
                    if let Some(&to) = moved.get(lost.0) {
                        lost.0 = to;
                    }
                }
            }
        }
    }
}

/// Runs [`cross_check`] across `reports` and merges each finding into its report
/// ([`merge`]). Returns how many findings were added.
pub fn add_cross_findings(reports: &mut [(String, Report)]) -> usize {
    let found = {
        let refs: Vec<(&str, &Report)> = reports.iter().map(|(f, r)| (f.as_str(), r)).collect();
        cross_check(&refs)
    };
    let added = found.len();
    let mut per_report: Vec<Vec<Diagnostic>> = vec![Vec::new(); reports.len()];
    for (r, d) in found {
        per_report[r].push(d);
    }
    for ((_, report), found) in reports.iter_mut().zip(per_report) {
        merge(report, found);
    }
    added
}

/// `file:line`, or `第 N 行` / `line N` for a source without a name.
fn place(file: &str, line: usize) -> (String, String) {
    if file.is_empty() {
        (format!("第 {line} 行"), format!("line {line}"))
    } else {
        (format!("{file}:{line}"), format!("{file}:{line}"))
    }
}

/// A self-evaluation and its target form, as the rules see them.
struct Pair<'a> {
    e: &'a Form,
    t: &'a Form,
    e_file: &'a str,
    t_file: &'a str,
    /// The self-evaluation's index in its report.
    index: usize,
}

impl Pair<'_> {
    fn check(&self, out: &mut Vec<Diagnostic>) {
        let paired = pair_indicators(self.t, self.e);
        self.x001_missing(&paired, out);
        self.x002_unapproved(&paired, out);
        self.x003_targets(&paired, out);
        self.x004_weights(&paired, out);
        self.x005_funds(out);
    }

    /// `绩效目标批复表（approval.txt:3）`, `the target approval (approval.txt:3)`; for a
    /// source without a name (text pasted in the page), `绩效目标批复表（第 3 行）`, `the target
    /// approval (line 3)`.
    fn target_at(&self, line: usize) -> (String, String) {
        let (zh, en) = place(self.t_file, line);
        (
            format!("{}（{zh}）", self.t.kind.zh()),
            format!("the {} ({en})", kind_en(self.t.kind)),
        )
    }

    /// `自评表（self.txt:19）`, `the self-evaluation (self.txt:19)`.
    fn evaluation_at(&self, line: usize) -> (String, String) {
        let (zh, en) = place(self.e_file, line);
        (
            format!("自评表（{zh}）"),
            format!("the self-evaluation ({en})"),
        )
    }

    fn diag(&self, code: &str, zh: String, en: String, lines: [usize; 2]) -> Diagnostic {
        let severity = rule(code).map_or(Severity::Warning, |r| r.severity);
        Diagnostic::new(code, severity, zh, en, self.index, lines)
    }

    /// X001 — an approved indicator is missing from the self-evaluation.
    ///
    /// Why: a self-evaluation reports on the targets that were approved; one left out is a
    /// target nobody accounts for.
    ///
    /// Points at the self-evaluation's indicators under the same 一级 (where it would stand).
    fn x001_missing(&self, paired: &Paired, out: &mut Vec<Diagnostic>) {
        for &ti in &paired.missing {
            let ind = &self.t.indicators[ti];
            let (t_zh, t_en) = self.target_at(ind.line);
            let (e_zh, e_en) = self.evaluation_at(self.e.lines[0]);
            let level1 = level1_of(ind);
            out.push(
                self.diag(
                    "X001",
                    format!(
                        "{t_zh}中的指标“{}”（{level1}，指标值 {}）在{e_zh}中没有。",
                        ind.name,
                        shown(ind)
                    ),
                    format!(
                        "The indicator “{}” ({level1}, target {}) of {t_en} is missing from {e_en}.",
                        ind.name,
                        shown(ind)
                    ),
                    self.lines_of_level1(&ind.level1),
                )
                .at_field("indicators")
                .with_help("补上批复的指标并填写其完成值与得分；确已取消的，说明调整的依据。"),
            );
        }
    }

    /// The span of the self-evaluation's indicators under `level1` (all its indicators where
    /// none is, its first line where it has none).
    fn lines_of_level1(&self, level1: &str) -> [usize; 2] {
        let span = |it: &mut dyn Iterator<Item = usize>| {
            let mut lo = usize::MAX;
            let mut hi = 0;
            for l in it {
                lo = lo.min(l);
                hi = hi.max(l);
            }
            (lo <= hi).then_some([lo, hi])
        };
        let inds = &self.e.indicators;
        span(&mut inds.iter().filter(|i| i.level1 == level1).map(|i| i.line))
            .or_else(|| span(&mut inds.iter().map(|i| i.line)))
            .unwrap_or([self.e.lines[0], self.e.lines[0]])
    }

    /// X002 — an indicator of the self-evaluation was never approved.
    ///
    /// Why: a self-evaluation scores itself on the approved targets; one it adds is scored
    /// against nothing anyone agreed to.
    fn x002_unapproved(&self, paired: &Paired, out: &mut Vec<Diagnostic>) {
        for &ei in &paired.extra {
            let ind = &self.e.indicators[ei];
            let (t_zh, t_en) = self.target_at(self.t.lines[0]);
            let (e_zh, e_en) = self.evaluation_at(ind.line);
            let level1 = level1_of(ind);
            out.push(
                self.diag(
                    "X002",
                    format!(
                        "{e_zh}中的指标“{}”（{level1}，指标值 {}）不在{t_zh}的指标之中。",
                        ind.name,
                        shown(ind)
                    ),
                    format!(
                        "The indicator “{}” ({level1}, target {}) in {e_en} is not among the indicators of {t_en}.",
                        ind.name,
                        shown(ind)
                    ),
                    [ind.line, ind.line],
                )
                .at_indicator(ei)
                .at_field("name")
                .with_help("自评只针对批复的指标；新增的指标需有调整批复，否则删去或并入批复的指标。"),
            );
        }
    }

    /// X003 — an indicator's target differs from the approved one, as read.
    ///
    /// Why: a target lowered (or changed) after approval makes the self-evaluation score a
    /// different promise.
    fn x003_targets(&self, paired: &Paired, out: &mut Vec<Diagnostic>) {
        for &(ti, ei) in &paired.pairs {
            let (ta, ev) = (&self.t.indicators[ti], &self.e.indicators[ei]);
            if same_target(&ta.value, &ev.value) {
                continue;
            }
            let (t_zh, t_en) = self.target_at(ta.line);
            let (e_zh, e_en) = self.evaluation_at(ev.line);
            out.push(
                self.diag(
                    "X003",
                    format!(
                        "指标“{}”的指标值在{e_zh}中为 {}，而在{t_zh}中为 {}。",
                        ev.name,
                        shown(ev),
                        shown(ta)
                    ),
                    format!(
                        "The target of “{}” is {} in {e_en}, but {} in {t_en}.",
                        ev.name,
                        shown(ev),
                        shown(ta)
                    ),
                    [ev.line, ev.line],
                )
                .at_indicator(ei)
                .at_field("target")
                .with_help("自评表的年度指标值应与批复的一致；目标确有调整的，附调整批复。"),
            );
        }
    }

    /// X004 — an indicator's 分值 differs from its approved weight, both weights on one scale.
    ///
    /// Why: the weights set how much each target counts; shifting them after approval shifts
    /// the score.
    fn x004_weights(&self, paired: &Paired, out: &mut Vec<Diagnostic>) {
        let weighted: Vec<(usize, usize, f64, f64)> = paired
            .pairs
            .iter()
            .filter_map(|&(ti, ei)| {
                let ta = &self.t.indicators[ti];
                let w_t = ta.weight_current.or(ta.weight)?;
                let w_e = self.e.indicators[ei].weight?;
                Some((ti, ei, w_t, w_e))
            })
            .collect();
        let sum_t: f64 = weighted.iter().map(|w| w.2).sum();
        let sum_e: f64 = weighted.iter().map(|w| w.3).sum();
        let larger = sum_t.max(sum_e);
        if larger <= 0.0 || (sum_t - sum_e).abs() > 0.05 * larger + 1e-9 {
            return;
        }
        for (ti, ei, w_t, w_e) in weighted {
            if (w_t - w_e).abs() < 1e-6 {
                continue;
            }
            let (ta, ev) = (&self.t.indicators[ti], &self.e.indicators[ei]);
            let (t_zh, t_en) = self.target_at(ta.line);
            let (e_zh, e_en) = self.evaluation_at(ev.line);
            out.push(
                self.diag(
                    "X004",
                    format!(
                        "指标“{}”在{e_zh}中的分值为 {}，而在{t_zh}中的权重为 {}（配对指标的权重合计：目标表 {}，自评表 {}）。",
                        ev.name,
                        fmt_num(w_e),
                        fmt_num(w_t),
                        fmt_num(sum_t),
                        fmt_num(sum_e)
                    ),
                    format!(
                        "“{}” carries {} points in {e_en}, but its weight in {t_en} is {} (the paired indicators' weights add up to {} on the target form, {} on the self-evaluation).",
                        ev.name,
                        fmt_num(w_e),
                        fmt_num(w_t),
                        fmt_num(sum_t),
                        fmt_num(sum_e)
                    ),
                    [ev.line, ev.line],
                )
                .at_indicator(ei)
                .at_field("weight")
                .with_help("自评表的分值应与批复的权重一致；确需调整的，说明依据。"),
            );
        }
    }

    /// X005 — 全年预算数 differs from the approved 年度资金总额 beyond 0.01 万元; X006 — it does,
    /// but 年初预算数 matches the approved total (the budget was adjusted during the year).
    ///
    /// Why: the self-evaluation's budget execution rate rests on 全年预算数; a total that is not
    /// the approved one (nor the approved one adjusted) needs explaining.
    fn x005_funds(&self, out: &mut Vec<Diagnostic>) {
        let (Some(approved), Some(total)) = (self.t.funds.total, self.e.funds.total) else {
            return;
        };
        if approved <= 0.0 || total <= 0.0 {
            return;
        }
        if !matches!(compare_sum(&[total], approved), Sum::Wrong(_)) {
            return;
        }
        let line = self
            .e
            .budget_lines
            .iter()
            .find(|l| l.section == Section::Project && l.total == Some(total))
            .map_or(self.e.lines[0], |l| l.line);
        let (t_zh, t_en) = self.target_at(self.t.lines[0]);
        let (e_zh, e_en) = self.evaluation_at(line);
        let initial = self
            .e
            .funds
            .initial
            .filter(|i| !matches!(compare_sum(&[*i], approved), Sum::Wrong(_)));
        let d = if let Some(initial) = initial {
            self.diag(
                "X006",
                format!(
                    "{e_zh}的全年预算数 {} 万元与{t_zh}的年度资金总额 {} 万元不同，但年初预算数 {} 万元与之一致：预算在年内做过调整。",
                    money(total),
                    money(approved),
                    money(initial)
                ),
                format!(
                    "The annual budget {} 万元 in {e_en} differs from the annual total {} 万元 of {t_en}, but its initial budget {} 万元 matches it: the budget was adjusted during the year.",
                    money(total),
                    money(approved),
                    money(initial)
                ),
                [line, line],
            )
            .at_field("funds.total")
            .with_help("预算调整属正常情况；核对调整文件，执行率按调整后的全年预算数计算。")
        } else {
            self.diag(
                "X005",
                format!(
                    "{e_zh}的全年预算数 {} 万元与{t_zh}的年度资金总额 {} 万元不符（相差 {} 万元）。",
                    money(total),
                    money(approved),
                    money((total - approved).abs())
                ),
                format!(
                    "The annual budget {} 万元 in {e_en} differs from the annual total {} 万元 of {t_en} (by {} 万元).",
                    money(total),
                    money(approved),
                    money((total - approved).abs())
                ),
                [line, line],
            )
            .at_field("funds.total")
            .with_help("核对全年预算数：应为批复的年度资金总额，或经调整后的预算数（附调整依据）。")
        };
        out.push(d);
    }
}

/// A kind's English name, as messages and exports write it (`target table` …).
pub(crate) fn kind_en(kind: Kind) -> &'static str {
    match kind {
        Kind::TargetDeclaration => "target declaration",
        Kind::TargetTable => "target table",
        Kind::TargetApproval => "target approval",
        Kind::ProjectSelfEvaluation => "project self-evaluation",
        Kind::DepartmentSelfEvaluation => "department self-evaluation",
        Kind::Fragment => "fragment",
    }
}

fn level1_of(ind: &Indicator) -> &str {
    if ind.level1.is_empty() {
        "未分类"
    } else {
        &ind.level1
    }
}

fn money(x: f64) -> String {
    fmt_num((x * 10000.0).round() / 10000.0)
}

/// A target as read (`≥95%`, `3-4次`, `≤2021-12`), or as written where it holds neither a
/// number nor a date; `—` where there is none.
fn shown(ind: &Indicator) -> String {
    let v = &ind.value;
    let op = v.op.map(Op::symbol).unwrap_or("");
    if let Some(n) = v.number {
        let max = v
            .number_max
            .map(|m| format!("-{}", fmt_num(m)))
            .unwrap_or_default();
        return format!(
            "{op}{}{max}{}",
            fmt_num(n),
            v.unit.as_deref().unwrap_or_default()
        );
    }
    if let Some(d) = &v.date {
        return format!("{op}{d}");
    }
    match ind.target.as_deref() {
        Some(t) if !t.is_empty() => format!("“{t}”"),
        _ => "—".to_string(),
    }
}

/// Two targets as read are one (see the module documentation): no operator counts as `=`; a
/// unit written on one side only is no change; a date equals a longer date it begins. Targets
/// that hold neither a number nor a date on both sides are not compared (true).
fn same_target(a: &Value, b: &Value) -> bool {
    let measurable = |v: &Value| v.number.is_some() || v.date.is_some();
    if !measurable(a) && !measurable(b) {
        return true;
    }
    let op = |v: &Value| v.op.unwrap_or(Op::Eq);
    let same_number = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    };
    let same_unit = match (&a.unit, &b.unit) {
        (Some(x), Some(y)) => {
            let unit = |u: &str| folded(u).split_whitespace().collect::<String>();
            unit(x) == unit(y)
        }
        _ => true,
    };
    let same_date = match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.starts_with(y.as_str()) || y.starts_with(x.as_str()),
        (None, None) => true,
        _ => false,
    };
    op(a) == op(b)
        && same_number(a.number, b.number)
        && same_number(a.number_max, b.number_max)
        && same_unit
        && same_date
}

/// The target form's indicators paired with the self-evaluation's.
struct Paired {
    /// (target form's indicator, self-evaluation's indicator)
    pairs: Vec<(usize, usize)>,
    /// The target form's indicators with no partner.
    missing: Vec<usize>,
    /// The self-evaluation's indicators with no partner.
    extra: Vec<usize>,
}

/// Pairs indicators by normalised name within the same 一级, then by name alone for those
/// left; each indicator once, in form order. Budget-execution rows and indicators without a
/// name take no part.
fn pair_indicators(target: &Form, eval: &Form) -> Paired {
    let usable = |f: &Form, i: &Indicator| !is_budget_indicator(f, i);
    let names_t: Vec<Option<String>> = target
        .indicators
        .iter()
        .map(|i| usable(target, i).then(|| normalize_indicator_name(&i.name)))
        .map(|n| n.filter(|n| !n.is_empty()))
        .collect();
    let names_e: Vec<Option<String>> = eval
        .indicators
        .iter()
        .map(|i| usable(eval, i).then(|| normalize_indicator_name(&i.name)))
        .map(|n| n.filter(|n| !n.is_empty()))
        .collect();
    let mut by_level: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (ei, n) in names_e.iter().enumerate().rev() {
        if let Some(n) = n {
            let l1 = eval.indicators[ei].level1.as_str();
            by_level.entry((l1, n.as_str())).or_default().push(ei);
            by_name.entry(n.as_str()).or_default().push(ei);
        }
    }
    let mut used = vec![false; eval.indicators.len()];
    let mut partner: Vec<Option<usize>> = vec![None; target.indicators.len()];
    // Within the same 一级 first, then by name alone.
    for pass in 0..2 {
        for (ti, n) in names_t.iter().enumerate() {
            let Some(n) = n else { continue };
            if partner[ti].is_some() {
                continue;
            }
            let list = if pass == 0 {
                by_level.get_mut(&(target.indicators[ti].level1.as_str(), n.as_str()))
            } else {
                by_name.get_mut(n.as_str())
            };
            let Some(list) = list else { continue };
            // The lists hold indices last first: pop the earliest unused one.
            while let Some(ei) = list.pop() {
                if !used[ei] {
                    used[ei] = true;
                    partner[ti] = Some(ei);
                    break;
                }
            }
        }
    }
    let pairs = partner
        .iter()
        .enumerate()
        .filter_map(|(ti, p)| p.map(|ei| (ti, ei)))
        .collect();
    let missing = names_t
        .iter()
        .enumerate()
        .filter(|(ti, n)| n.is_some() && partner[*ti].is_none())
        .map(|(ti, _)| ti)
        .collect();
    let extra = names_e
        .iter()
        .enumerate()
        .filter(|(ei, n)| n.is_some() && !used[*ei])
        .map(|(ei, _)| ei)
        .collect();
    Paired {
        pairs,
        missing,
        extra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_names_are_normalised() {
        assert_eq!(
            normalize_project_name("2021年医疗保障 专项业务费项目（2021年）"),
            "医疗保障专项业务费"
        );
        assert_eq!(
            normalize_project_name("医保服务与保障能力提升(医保服务能力提升)"),
            "医保服务与保障能力提升"
        );
        assert_eq!(
            normalize_project_name("2021年度 信息化建设经费"),
            "信息化建设"
        );
        // Nothing is dropped that would leave the name empty.
        assert_eq!(normalize_project_name("项目"), "项目");
        assert_eq!(normalize_project_name("（2021年）"), "2021年");
        assert_eq!(normalize_project_name("2021"), "2021");
        assert_eq!(normalize_project_name("DRG试点资金项目"), "DRG试点");
        assert_eq!(normalize_project_name("drg试点"), "DRG试点");
    }

    #[test]
    fn codes_and_units_are_normalised() {
        assert_eq!(
            normalize_code(" 50011522t000002056269 "),
            "50011522T000002056269"
        );
        assert_eq!(normalize_code("５００１ａ"), "5001A");
        assert_eq!(
            normalize_org("重庆市长寿区医疗保障局（本级）"),
            "重庆市长寿区医疗保障局"
        );
        assert_eq!(
            normalize_org("盐池县医疗保险服务中心本级"),
            "盐池县医疗保险服务中心"
        );
        assert_eq!(normalize_org("本级"), "本级");
    }

    #[test]
    fn targets_compare_as_read() {
        let v = |t: &str| crate::core::value::read_value(t);
        assert!(same_target(&v("95%"), &v("95百分比")));
        assert!(same_target(&v("≥95%"), &v("95%以上")));
        assert!(same_target(&v("100%"), &v("=100%")));
        assert!(same_target(&v("≥2"), &v("≥2次")));
        assert!(same_target(&v("程度提高"), &v("效果显著")));
        assert!(!same_target(&v("≥95%"), &v("≥90%")));
        assert!(!same_target(&v("≥95%"), &v("95%")));
        assert!(!same_target(&v("3-4次"), &v("3-5次")));
        assert!(!same_target(&v("≥95%"), &v("较好")));
        assert!(!same_target(&v("≤5元"), &v("≤5%")));
    }

    #[test]
    fn merge_keeps_source_order_and_quality_references() {
        let d = |code: &str, line: usize| {
            Diagnostic::new(code, Severity::Warning, "", "", 0, [line, line])
        };
        let mut form = Form::new(Kind::TargetTable, 1);
        form.quality = Some(crate::core::quality::Quality {
            score: 97.0,
            parts: vec![crate::core::quality::QualityPart {
                name: String::new(),
                name_en: String::new(),
                max: 25.0,
                score: 22.0,
                lost: vec![(1, "V002".into(), 3.0)],
            }],
        });
        let mut report = Report {
            forms: vec![form],
            diagnostics: vec![d("S002", 2), d("V002", 9)],
        };
        merge(&mut report, vec![d("X003", 12), d("X002", 5), d("X001", 9)]);
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["S002", "X002", "V002", "X001", "X003"]);
        let lost = &report.forms[0].quality.as_ref().unwrap().parts[0].lost[0];
        assert_eq!(report.diagnostics[lost.0].code, lost.1);
    }
}
