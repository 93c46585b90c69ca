//! Parsing speed: the four seeds, and a 10 MB concatenation of them, against the floor of the
//! `csv` crate splitting the same bytes into tab-separated records; and checking (parse, then
//! every rule and the scores), whose difference from parsing is what the checker adds.
//!
//! `cargo bench --bench parse`

#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use criterion::{criterion_group, Criterion, Throughput};
    use std::hint::black_box;

    const SEEDS: &[(&str, &str)] = &[
        (
            "changshou",
            include_str!("../tests/fixtures/seeds/changshou-target-table.txt"),
        ),
        (
            "luan",
            include_str!("../tests/fixtures/seeds/luan-2021-target-declaration.txt"),
        ),
        (
            "yanchi",
            include_str!("../tests/fixtures/seeds/yanchi-2022-target-approval.txt"),
        ),
        (
            "fushun",
            include_str!("../tests/fixtures/seeds/fushun-2021-self-evaluation.txt"),
        ),
    ];

    /// The four seeds one after the other, repeated to at least `bytes`.
    pub fn corpus(bytes: usize) -> String {
        let mut s = String::with_capacity(bytes + 70_000);
        while s.len() < bytes {
            for (_, t) in SEEDS {
                s.push_str(t);
                s.push_str("\n\n");
            }
        }
        s
    }

    /// The floor: csv splitting the bytes into flexible tab-separated records.
    fn csv_records(text: &str) -> usize {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .has_headers(false)
            .flexible(true)
            .quoting(false)
            .from_reader(text.as_bytes());
        let mut record = csv::ByteRecord::new();
        let mut n = 0;
        while reader.read_byte_record(&mut record).unwrap_or(false) {
            n += record.len();
        }
        n
    }

    fn seeds(c: &mut Criterion) {
        let mut g = c.benchmark_group("seeds");
        for (name, text) in SEEDS {
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function(format!("parse/{name}"), |b| {
                b.iter(|| jixiao::parse(black_box(text)))
            });
            g.bench_function(format!("check/{name}"), |b| {
                b.iter(|| jixiao::check(black_box(text)))
            });
            g.bench_function(format!("csv/{name}"), |b| {
                b.iter(|| csv_records(black_box(text)))
            });
        }
        g.finish();
    }

    fn ten_mb(c: &mut Criterion) {
        let text = corpus(10 * 1024 * 1024);
        let mut g = c.benchmark_group("10MB");
        g.sample_size(10);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function("parse", |b| b.iter(|| jixiao::parse(black_box(&text))));
        // Parsing, then checking and scoring: the difference is what the checker adds.
        g.bench_function("check", |b| b.iter(|| jixiao::check(black_box(&text))));
        g.bench_function("csv", |b| b.iter(|| csv_records(black_box(&text))));
        g.finish();
    }

    criterion_group!(benches, seeds, ten_mb);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(bench::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
