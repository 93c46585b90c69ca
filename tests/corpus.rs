//! The corpus of real forms (`tests/fixtures/corpus/*/`): each folder holds a published form's
//! page text as served, a tab-separated re-lay of it and a gold written by reading the form.
//! This test reads every re-lay, compares it with its gold fact by fact and prints per-field
//! accuracy; it reads every page text too, which must never take a second, and must yield its
//! form (project and indicators).
//!
//! The goal is 98% of the facts and half of the page texts; the floors below are what the reader
//! reaches today, so that no change reads the corpus worse (raise them as the reader improves).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value as Json;

mod common;
use common::{stated_scores, FUNDS};

/// The accuracy the re-lays must keep over the whole corpus (the goal: 98%).
const FLOOR: f64 = 98.0;

/// The page texts that must yield their form (the goal: half of them).
const PAGES_FLOOR: usize = 15;

/// Per-field tally: (right, counted).
type Tally = BTreeMap<String, (usize, usize)>;

fn folders() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("gold.json").is_file())
        .collect();
    v.sort();
    v
}

/// Strings compare on their compact form: widths folded, whitespace removed (a PDF copy puts
/// spaces inside words; the gold writes the form's words), traditional characters as the
/// simplified ones the reader reads them as.
fn key(s: &str) -> String {
    let bare = jixiao::core::text::without_pinyin(s);
    jixiao::core::text::to_simplified(&bare)
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            (x - y).abs() <= 1e-6 * x.abs().max(1.0)
        }
        (Json::String(x), Json::String(y)) => key(x) == key(y),
        _ => a == b,
    }
}

/// Counts one fact: where the gold or the reading holds a value (both null is no fact).
fn fact(t: &mut Tally, misses: &mut Vec<String>, at: &str, field: &str, g: &Json, r: &Json) {
    if g.is_null() && r.is_null() {
        return;
    }
    let ok = same(g, r);
    let e = t.entry(field.to_string()).or_insert((0, 0));
    e.1 += 1;
    if ok {
        e.0 += 1;
    } else {
        misses.push(format!("{at}: {field}: expected {g} got {r}"));
    }
}

const FORM_FIELDS: &[&str] = &["kind", "year", "project", "department", "unit"];
const SCORES: &[&str] = &[
    "budget_points",
    "execution_rate",
    "budget_score",
    "indicator_score",
    "total",
];
const INDICATOR_FIELDS: &[&str] = &[
    "level1",
    "level2",
    "name",
    "target",
    "weight",
    "weight_current",
    "actual",
    "score",
];

/// Pairs gold indicators with read ones by name, in order (a longest common subsequence), so
/// that one missing or extra row does not shift the rest.
fn pair(gold: &[Json], read: &[Json]) -> Vec<(Option<usize>, Option<usize>)> {
    let name = |v: &Json| key(v["name"].as_str().unwrap_or(""));
    let (n, m) = (gold.len(), read.len());
    let mut l = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i][j] = if name(&gold[i]) == name(&read[j]) {
                l[i + 1][j + 1] + 1
            } else {
                l[i + 1][j].max(l[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && name(&gold[i]) == name(&read[j]) {
            out.push((Some(i), Some(j)));
            i += 1;
            j += 1;
        } else if i < n && j < m && l[i + 1][j + 1] == l[i][j] {
            // Neither pairs by name with anything later: the same row read with another name.
            out.push((Some(i), Some(j)));
            i += 1;
            j += 1;
        } else if j < m && (i == n || l[i][j + 1] >= l[i + 1][j]) {
            out.push((None, Some(j)));
            j += 1;
        } else {
            out.push((Some(i), None));
            i += 1;
        }
    }
    out
}

/// The read form that answers a gold form: the same project, else the most names shared.
fn best_form(gold: &Json, read: &[Json], used: &[bool]) -> Option<usize> {
    let names = |f: &Json| -> Vec<String> {
        f["indicators"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|i| key(i["name"].as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default()
    };
    let gn = names(gold);
    (0..read.len())
        .filter(|&k| !used[k])
        .map(|k| {
            let rn = names(&read[k]);
            let shared = gn.iter().filter(|n| rn.contains(n)).count();
            let project = !gold["project"].is_null() && same(&gold["project"], &read[k]["project"]);
            (k, (project as usize) * 1000 + shared)
        })
        .filter(|(_, s)| *s > 0)
        .max_by_key(|(k, s)| (*s, std::cmp::Reverse(*k)))
        .map(|(k, _)| k)
        .or_else(|| (0..read.len()).find(|&k| !used[k]))
}

/// Compares one text's reading with the gold's forms.
fn compare(id: &str, text: &str, gold: &[Json], t: &mut Tally, misses: &mut Vec<String>) {
    let report = jixiao::parse(text);
    let read: Vec<Json> = report
        .forms
        .iter()
        .map(|f| serde_json::to_value(f).unwrap())
        .collect();
    let null = Json::Null;
    let mut used = vec![false; read.len()];
    for (fi, g) in gold.iter().enumerate() {
        let at = format!("{id} form {}", fi + 1);
        let k = best_form(g, &read, &used);
        if let Some(k) = k {
            used[k] = true;
        }
        let r = k.map(|k| &read[k]).unwrap_or(&null);
        for f in FORM_FIELDS {
            fact(t, misses, &at, f, &g[*f], &r[*f]);
        }
        for f in FUNDS {
            fact(
                t,
                misses,
                &at,
                &format!("funds.{f}"),
                &g["funds"][*f],
                &r["funds"][*f],
            );
        }
        let rs = stated_scores(&r["scores"]);
        for f in SCORES {
            fact(
                t,
                misses,
                &at,
                &format!("scores.{f}"),
                &g["scores"][*f],
                &rs[*f],
            );
        }
        let gi = g["indicators"].as_array().cloned().unwrap_or_default();
        let ri = r["indicators"].as_array().cloned().unwrap_or_default();
        for (a, b) in pair(&gi, &ri) {
            let gind = a.map(|a| &gi[a]).unwrap_or(&null);
            let rind = b.map(|b| &ri[b]).unwrap_or(&null);
            let line = rind["line"]
                .as_u64()
                .map(|l| format!(" line {l}"))
                .unwrap_or_default();
            let which = match a {
                Some(a) => format!("{at} indicator {}{line}", a + 1),
                None => format!("{at} extra indicator{line}"),
            };
            for f in INDICATOR_FIELDS {
                fact(
                    t,
                    misses,
                    &which,
                    &format!("indicator.{f}"),
                    &gind[*f],
                    &rind[*f],
                );
            }
        }
    }
    // Forms read that answer no gold form: their indicators are facts nobody wrote.
    for (k, r) in read.iter().enumerate().filter(|(k, _)| !used[*k]) {
        for ind in r["indicators"].as_array().into_iter().flatten() {
            let at = format!("{id} extra form {} line {}", k + 1, ind["line"]);
            for f in INDICATOR_FIELDS {
                fact(t, misses, &at, &format!("indicator.{f}"), &null, &ind[*f]);
            }
        }
    }
}

fn print_table(title: &str, t: &Tally) -> f64 {
    println!("\n{title}");
    println!(
        "{:<26} {:>7} {:>7} {:>8}",
        "field", "right", "facts", "accuracy"
    );
    let (mut ok, mut n) = (0, 0);
    for (k, (a, b)) in t {
        println!(
            "{k:<26} {a:>7} {b:>7} {:>7.1}%",
            100.0 * *a as f64 / (*b).max(1) as f64
        );
        ok += a;
        n += b;
    }
    let acc = 100.0 * ok as f64 / n.max(1) as f64;
    println!("{:<26} {ok:>7} {n:>7} {acc:>7.1}%", "all facts");
    acc
}

fn gold_of(dir: &Path) -> Json {
    serde_json::from_str(&std::fs::read_to_string(dir.join("gold.json")).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// The corpus holds what the parser issue asks of it: 20 forms, 8 provinces, 5 sectors, the
/// department-wide forms and approvals among them.
#[test]
fn the_corpus_is_broad() {
    let dirs = folders();
    let mut provinces = std::collections::BTreeSet::new();
    let mut sectors = std::collections::BTreeSet::new();
    let (mut forms, mut departments, mut approvals) = (0, 0, 0);
    for d in &dirs {
        let g = gold_of(d);
        if let Some(p) = g["province"].as_str().filter(|p| !p.is_empty()) {
            provinces.insert(p.to_string());
        }
        sectors.insert(g["sector"].as_str().unwrap_or("").to_string());
        for f in g["forms"].as_array().unwrap() {
            forms += 1;
            let kind = f["kind"].as_str().unwrap_or("");
            // Department-wide: a department's self-evaluation, or a target form of no project.
            let target_form = kind.starts_with("target_");
            if kind == "department_self_evaluation" || target_form && f["project"].is_null() {
                departments += 1;
            }
            if kind == "target_approval" {
                approvals += 1;
            }
        }
        assert!(d.join("page.txt").is_file() && d.join("form.tsv").is_file());
        let page = std::fs::read_to_string(d.join("page.txt")).unwrap();
        assert!(
            page.starts_with("http"),
            "{}: no source address",
            d.display()
        );
    }
    println!(
        "{} folders, {forms} forms, {} provinces {provinces:?}, {} sectors {sectors:?}, {departments} department-wide, {approvals} approvals",
        dirs.len(),
        provinces.len(),
        sectors.len()
    );
    assert!(forms >= 20 && provinces.len() >= 8 && sectors.len() >= 5);
    // The stored public pages hold one filled-in 批复表 (the issue asks for three).
    assert!(departments >= 4 && approvals >= 1);
}

/// Every re-lay against its gold: per-field accuracy over the corpus, at least [`FLOOR`].
#[test]
fn the_corpus_reads_as_its_gold() {
    let mut all = Tally::new();
    let mut misses = Vec::new();
    for d in folders() {
        let id = d.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(d.join("form.tsv")).unwrap();
        let gold = gold_of(&d);
        let mut t = Tally::new();
        let before = misses.len();
        compare(
            &id,
            &text,
            gold["forms"].as_array().unwrap(),
            &mut t,
            &mut misses,
        );
        let (ok, n) = t.values().fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
        println!("{id:<56} {ok:>4}/{n:<4} {} misses", misses.len() - before);
        for (k, (a, b)) in t {
            let e = all.entry(k).or_insert((0, 0));
            e.0 += a;
            e.1 += b;
        }
    }
    let acc = print_table("corpus re-lays (form.tsv)", &all);
    for m in &misses {
        println!("  {m}");
    }
    assert!(acc >= FLOOR, "corpus accuracy {acc:.1}% < {FLOOR}%");
}

/// The page texts as served (one line per form, `|` between cells …): never more than a second
/// each, and at least [`PAGES_FLOOR`] yield their form with its project and indicators.
#[test]
fn the_corpus_page_texts_yield_their_forms() {
    let dirs = folders();
    let mut yielded = 0;
    let mut all = Tally::new();
    let mut misses = Vec::new();
    for d in &dirs {
        let id = d.file_name().unwrap().to_string_lossy().to_string();
        let page = std::fs::read_to_string(d.join("page.txt")).unwrap();
        let text = page.split_once('\n').map(|(_, t)| t).unwrap_or("");
        let start = Instant::now();
        let report = jixiao::check(text);
        let took = start.elapsed();
        assert!(took < Duration::from_secs(1), "{id}: {took:?}");
        let gold = gold_of(d);
        let wanted = gold["forms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| !f["project"].is_null() || !f["department"].is_null());
        // Its project (or department), and indicators where the form has any.
        let ok = wanted.is_some_and(|g| {
            let has_indicators = g["indicators"].as_array().is_some_and(|a| !a.is_empty());
            report.forms.iter().any(|f| {
                let name = f
                    .project
                    .as_deref()
                    .or(f.department.as_deref())
                    .unwrap_or("");
                let want = g["project"]
                    .as_str()
                    .or(g["department"].as_str())
                    .unwrap_or("");
                key(name) == key(want) && (!f.indicators.is_empty() || !has_indicators)
            })
        });
        yielded += ok as usize;
        println!(
            "{id:<56} {:>5} ms {}",
            took.as_millis(),
            if ok { "form" } else { "-" }
        );
        compare(
            &id,
            text,
            gold["forms"].as_array().unwrap(),
            &mut all,
            &mut misses,
        );
    }
    print_table("corpus page texts (page.txt)", &all);
    println!("{yielded} of {} page texts yield their form", dirs.len());
    assert!(yielded >= PAGES_FLOOR, "{yielded} of {}", dirs.len());
}
