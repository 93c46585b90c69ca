//! Writes a reviewer's pile of forms for timing `jixiao check --summary`: about N forms (10 000
//! by default) in a few files. Half are pairs of a target form and a self-evaluation of one
//! project (`tests/fixtures/desk/target.txt` and `self-evaluation.txt`, each pair with its own
//! code and name, the two halves of a pair in different files, one pair in ten with a target
//! changed); the other half are the four seeds' forms repeated.
//!
//! ```sh
//! cargo run --release --example summary_bench -- target/summary-bench 10000 4
//! time target/release/jixiao check --summary target/summary-bench/*.txt > /dev/null
//! ```
//!
//! With a fourth argument `time`, it also checks the files itself and prints how long reading
//! and checking took beside the desk's part (matching, cross-checking, summary rows).

use std::path::PathBuf;
use std::time::Instant;

const TARGET: &str = include_str!("../tests/fixtures/desk/target.txt");
const EVALUATION: &str = include_str!("../tests/fixtures/desk/self-evaluation.txt");
const SEEDS: [&str; 4] = [
    include_str!("../tests/fixtures/seeds/changshou-target-table.txt"),
    include_str!("../tests/fixtures/seeds/luan-2021-target-declaration.txt"),
    include_str!("../tests/fixtures/seeds/yanchi-2022-target-approval.txt"),
    include_str!("../tests/fixtures/seeds/fushun-2021-self-evaluation.txt"),
];
const CODE: &str = "50011522T000002056269";
const NAME: &str = "医保服务与保障能力提升";

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/summary-bench".into()));
    let forms: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let files: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(4).max(1);
    let time = args.next().as_deref() == Some("time");
    std::fs::create_dir_all(&dir)?;
    let mut texts = vec![String::new(); files];

    let pairs = forms / 4;
    for i in 0..pairs {
        let code = format!("50011522T{i:012}");
        let name = format!("医保服务能力提升第{i}期");
        let project = |t: &str| t.replace(CODE, &code).replace(NAME, &name);
        texts[i % files].push_str(&project(TARGET));
        let mut evaluation = project(EVALUATION);
        if i % 10 == 0 {
            evaluation = evaluation.replacen("≥95%", "≥90%", 1);
        }
        texts[(i + 1) % files].push_str(&evaluation);
    }
    let per_set: usize = SEEDS.iter().map(|s| jixiao::parse(s).forms.len()).sum();
    let sets = (forms - 2 * pairs) / per_set.max(1);
    for k in 0..sets {
        for seed in SEEDS {
            texts[k % files].push_str(seed);
            texts[k % files].push('\n');
        }
    }
    let mut bytes = 0;
    for (k, text) in texts.iter().enumerate() {
        std::fs::write(dir.join(format!("pile-{k}.txt")), text)?;
        bytes += text.len();
    }
    println!(
        "{} forms ({} pairs, {} × {} seed forms) in {} files, {:.1} MB, under {}",
        2 * pairs + sets * per_set,
        pairs,
        sets,
        per_set,
        files,
        bytes as f64 / 1e6,
        dir.display()
    );
    if time {
        let start = Instant::now();
        let mut reports: Vec<(String, jixiao::Report)> = texts
            .iter()
            .enumerate()
            .map(|(k, t)| (format!("pile-{k}.txt"), jixiao::check(t)))
            .collect();
        let checked = start.elapsed();
        let start = Instant::now();
        let added = jixiao::core::desk::add_cross_findings(&mut reports);
        let refs: Vec<(&str, &jixiao::Report)> =
            reports.iter().map(|(f, r)| (f.as_str(), r)).collect();
        let rows = jixiao::core::desk::summaries(&refs);
        let desk = start.elapsed();
        println!(
            "read and checked in {:.2} s; desk ({} cross-form findings, {} rows) in {:.1} ms",
            checked.as_secs_f64(),
            added,
            rows.len(),
            desk.as_secs_f64() * 1e3
        );
    }
    Ok(())
}
