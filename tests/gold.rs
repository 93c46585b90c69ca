//! Compares the parser's reading of each seed with the gold written by hand from the text
//! (`tests/fixtures/gold/*.expected.json`), field by field, and prints an accuracy table.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;

mod common;
use common::{stated_scores, FUNDS};

/// Per-field tally: (matches, total).
type Tally = BTreeMap<String, (usize, usize)>;

fn tally(t: &mut Tally, field: &str, ok: bool) {
    let e = t.entry(field.to_string()).or_insert((0, 0));
    e.1 += 1;
    if ok {
        e.0 += 1;
    }
}

/// Numbers compare within 1e-6 (JSON writes 170 and 170.0 alike).
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            (x.as_f64().unwrap_or(f64::NAN) - y.as_f64().unwrap_or(f64::NAN)).abs() < 1e-6
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}

/// Compares one seed; returns the tally and the list of mismatches.
fn compare(seed: &str) -> (Tally, Vec<String>) {
    compare_copy(seed, |t| t.to_string(), true)
}

/// Compares a copy of a seed (`copy` rewrites its text) with the seed's gold; source lines are
/// compared only when `lines` is set (a rewritten copy has other line numbers).
fn compare_copy(seed: &str, copy: fn(&str) -> String, lines: bool) -> (Tally, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let text = std::fs::read_to_string(root.join("seeds").join(format!("{seed}.txt"))).unwrap();
    let gold: Vec<Json> = serde_json::from_str(
        &std::fs::read_to_string(root.join("gold").join(format!("{seed}.expected.json"))).unwrap(),
    )
    .unwrap();
    let report = jixiao::parse(&copy(&text));
    // Goals' source lines are not in the gold (the contract's Goal has none).
    let got: Vec<Json> = report
        .forms
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap();
            for g in v["goals"].as_array_mut().unwrap() {
                g.as_object_mut().unwrap().remove("line");
            }
            v
        })
        .collect();

    let mut t = Tally::new();
    let mut misses = Vec::new();
    tally(&mut t, "form count", gold.len() == got.len());
    if gold.len() != got.len() {
        misses.push(format!(
            "{seed}: {} forms read, {} expected",
            got.len(),
            gold.len()
        ));
    }
    let null = Json::Null;
    for (fi, g) in gold.iter().enumerate() {
        let r = got.get(fi).unwrap_or(&null);
        let field = |name: &str| r.get(name).unwrap_or(&null);
        for key in [
            "kind",
            "title",
            "year",
            "project",
            "project_code",
            "department",
            "unit",
            "lines",
            "goals",
        ] {
            if key == "lines" && !lines {
                continue;
            }
            let ok = same(&g[key], field(key));
            tally(&mut t, key, ok);
            if !ok {
                misses.push(format!(
                    "{seed} form {}: {key}: expected {} got {}",
                    fi + 1,
                    g[key],
                    field(key)
                ));
            }
        }
        let (gs, rs) = (stated_scores(&g["scores"]), stated_scores(field("scores")));
        let ok = same(&gs, &rs);
        tally(&mut t, "scores (stated)", ok);
        if !ok {
            misses.push(format!(
                "{seed} form {}: scores (stated): expected {gs} got {rs}",
                fi + 1
            ));
        }
        for &key in FUNDS {
            let got_v = field("funds").get(key).unwrap_or(&null);
            let ok = same(&g["funds"][key], got_v);
            tally(&mut t, &format!("funds.{key}"), ok);
            if !ok {
                misses.push(format!(
                    "{seed} form {}: funds.{key}: expected {} got {}",
                    fi + 1,
                    g["funds"][key],
                    got_v
                ));
            }
        }
        let gi = g["indicators"].as_array().cloned().unwrap_or_default();
        let ri = field("indicators").as_array().cloned().unwrap_or_default();
        tally(&mut t, "indicator count", gi.len() == ri.len());
        if gi.len() != ri.len() {
            misses.push(format!(
                "{seed} form {}: {} indicators read, {} expected",
                fi + 1,
                ri.len(),
                gi.len()
            ));
        }
        // Pair indicators by line (then order), so one missing row does not shift the rest.
        for (ii, gind) in gi.iter().enumerate() {
            let found = if lines {
                ri.iter()
                    .find(|x| x["line"] == gind["line"] && x["name"] == gind["name"])
                    .or_else(|| ri.iter().find(|x| x["line"] == gind["line"]))
                    .unwrap_or(&null)
            } else {
                ri.get(ii).unwrap_or(&null)
            };
            for key in [
                "level1",
                "level2",
                "name",
                "target",
                "midterm_target",
                "value",
                "weight",
                "weight_current",
                "direction",
                "actual",
                "score",
                "reason",
                "line",
            ] {
                if key == "line" && !lines {
                    continue;
                }
                let got_v = found.get(key).unwrap_or(&null);
                let ok = same(&gind[key], got_v);
                tally(&mut t, &format!("indicator.{key}"), ok);
                if !ok {
                    misses.push(format!(
                        "{seed} form {} indicator {} (line {}): {key}: expected {} got {}",
                        fi + 1,
                        ii + 1,
                        gind["line"],
                        gind[key],
                        got_v
                    ));
                }
            }
        }
    }
    (t, misses)
}

fn print_table(seed: &str, t: &Tally) {
    println!("\n{seed}");
    println!(
        "{:<26} {:>7} {:>7} {:>8}",
        "field", "right", "total", "accuracy"
    );
    for (k, (ok, n)) in t {
        println!(
            "{k:<26} {ok:>7} {n:>7} {:>7.1}%",
            100.0 * *ok as f64 / (*n).max(1) as f64
        );
    }
}

/// Asserts that every field of every form of a seed matches its gold.
fn assert_gold(seed: &str) {
    let (t, misses) = compare(seed);
    print_table(seed, &t);
    assert!(misses.is_empty(), "mismatches:\n{}", misses.join("\n"));
}

/// The changshou target tables (Chongqing 绩效目标表): 4 forms, 22 indicators.
#[test]
fn changshou_matches_gold_on_every_field() {
    assert_gold("changshou-target-table");
}

/// The yanchi approval forms: rows shifted left, categories in the wrong column.
#[test]
fn yanchi_matches_gold_on_every_field() {
    assert_gold("yanchi-2022-target-approval");
}

/// The luan declaration forms: two blocks side by side, shifted and garbled rows.
#[test]
fn luan_matches_gold_on_every_field() {
    assert_gold("luan-2021-target-declaration");
}

/// Prints the accuracy table of every seed (the parser issue's measure).
#[test]
fn accuracy_table_of_every_seed() {
    for seed in [
        "changshou-target-table",
        "yanchi-2022-target-approval",
        "luan-2021-target-declaration",
        "fushun-2021-self-evaluation",
    ] {
        let (t, misses) = compare(seed);
        print_table(seed, &t);
        for m in misses.iter().take(400) {
            println!("  {m}");
        }
    }
}

/// The fushun self-evaluations: department forms, project forms and eleven fragments.
#[test]
fn fushun_matches_gold_on_every_field() {
    assert_gold("fushun-2021-self-evaluation");
}

/// A PDF viewer's copy: every non-empty cell on a line of its own, empty cells dropped.
fn one_cell_per_line(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let cells: Vec<&str> = line.split('\t').filter(|c| !c.trim().is_empty()).collect();
        if cells.is_empty() {
            out.push("");
        } else {
            out.extend(cells);
        }
    }
    out.join("\n")
}

/// Compares copies of the seeds made by `copy` with their gold: every form found, and at least
/// `floor` percent of the fields right.
fn assert_copies(copy: fn(&str) -> String, lines: bool, floors: [(&str, f64); 4]) {
    for (seed, floor) in floors {
        let (t, misses) = compare_copy(seed, copy, lines);
        let (ok, n) = t.values().fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
        let accuracy = 100.0 * ok as f64 / n as f64;
        println!("{seed}: {ok}/{n} fields ({accuracy:.1}%)");
        for m in &misses {
            println!("  {m}");
        }
        assert!(t["form count"].0 == 1, "{seed}: form count differs");
        assert!(
            accuracy >= floor,
            "{seed}: {accuracy:.1}% < {floor}%\n{}",
            misses.join("\n")
        );
    }
}

/// The seeds copied one cell a line read as they do tab-separated: exactly for the target
/// tables and approvals, and on at least 95% of fields for the declaration (whose two blocks
/// lose their columns) and the self-evaluations.
#[test]
fn one_cell_per_line_copies_of_the_seeds() {
    assert_copies(
        one_cell_per_line,
        false,
        [
            ("changshou-target-table", 100.0),
            ("yanchi-2022-target-approval", 100.0),
            ("luan-2021-target-declaration", 95.0),
            ("fushun-2021-self-evaluation", 95.0),
        ],
    );
}

/// A Word copy: cells apart by two spaces instead of tabs, empty cells lost.
fn space_separated(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').filter(|c| !c.trim().is_empty()).collect();
            cells.join("  ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The seeds with runs of spaces between cells read as they do tab-separated.
#[test]
fn space_separated_copies_of_the_seeds() {
    assert_copies(
        space_separated,
        true,
        [
            ("changshou-target-table", 100.0),
            ("yanchi-2022-target-approval", 100.0),
            ("luan-2021-target-declaration", 95.0),
            ("fushun-2021-self-evaluation", 100.0),
        ],
    );
}
