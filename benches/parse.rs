//! Reading speed, against the floor of the `csv` crate splitting the same bytes into
//! tab-separated records.
//!
//! `cargo bench --bench parse` prints first a scaling table (1, 10 and 50 MB: time and peak
//! memory of parsing, of checking, and of the floor, with the ratios), then runs criterion on
//! the four seeds one by one and on 10 MB. `cargo bench --bench parse -- --scale-only` prints
//! the table alone, `-- --no-scale seeds` criterion's runs on the seeds alone. The large texts are the four seeds and the corpus of real forms from other
//! places (`tests/fixtures/corpus/*/form.tsv`), one after the other, repeated to the size.
//!
//! Checking is parsing, then every rule and the scores: its difference from parsing is what the
//! checker adds.

#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use criterion::{Criterion, Throughput};
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::hint::black_box;
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    use std::time::{Duration, Instant};

    /// The system allocator, counting the bytes live and their peak.
    pub struct Counting;
    static LIVE: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
                PEAK.fetch_max(now, Relaxed);
            }
            p
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) };
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if !p.is_null() {
                let now = LIVE.fetch_add(new_size, Relaxed) + new_size;
                LIVE.fetch_sub(layout.size(), Relaxed);
                PEAK.fetch_max(now, Relaxed);
            }
            p
        }
    }

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

    /// The seeds and the corpus's forms, one after the other, repeated to at least `bytes`.
    pub fn corpus(bytes: usize) -> String {
        let mut forms: Vec<String> = SEEDS.iter().map(|(_, t)| t.to_string()).collect();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");
        let mut found: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path().join("form.tsv")).collect())
            .unwrap_or_default();
        found.sort();
        forms.extend(found.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
        let mut s = String::with_capacity(bytes + 70_000);
        while s.len() < bytes {
            for t in &forms {
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

    /// The best of `runs` timings of `f`, and the peak memory it allocated above what was live.
    fn measure<T>(runs: usize, f: impl Fn() -> T) -> (Duration, usize) {
        let mut best = Duration::MAX;
        let mut peak = 0;
        for _ in 0..runs {
            let base = LIVE.load(Relaxed);
            PEAK.store(base, Relaxed);
            let t = Instant::now();
            let out = black_box(f());
            best = best.min(t.elapsed());
            drop(out);
            peak = peak.max(PEAK.load(Relaxed) - base);
        }
        (best, peak)
    }

    /// Time and memory for 1, 10 and 50 MB, with the ratios to the floor and per MB.
    pub fn scaling() {
        println!("scaling (best of 3; memory is the peak allocated while reading)");
        println!(
            "{:>6}  {:>10} {:>9}  {:>10} {:>9}  {:>10}  {:>6} {:>6}  {:>9} {:>9}",
            "size",
            "parse",
            "ms/MB",
            "check",
            "ms/MB",
            "csv",
            "p/csv",
            "c/csv",
            "parse mem",
            "mem/in"
        );
        for mb in [1usize, 10, 50] {
            let text = corpus(mb << 20);
            let runs = if mb >= 50 { 2 } else { 3 };
            let (parse, mem) = measure(runs, || jixiao::parse(&text));
            let (check, _) = measure(runs, || jixiao::check(&text));
            let (floor, _) = measure(runs, || csv_records(&text));
            let size = text.len() as f64 / (1 << 20) as f64;
            let ms = |d: Duration| d.as_secs_f64() * 1e3;
            println!(
                "{:>4}MB  {:>8.1}ms {:>9.2}  {:>8.1}ms {:>9.2}  {:>8.1}ms  {:>5.1}× {:>5.1}×  {:>7.1}MB {:>8.1}×",
                mb,
                ms(parse),
                ms(parse) / size,
                ms(check),
                ms(check) / size,
                ms(floor),
                ms(parse) / ms(floor),
                ms(check) / ms(floor),
                mem as f64 / (1 << 20) as f64,
                mem as f64 / text.len() as f64,
            );
        }
    }

    pub fn seeds(c: &mut Criterion) {
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

    pub fn ten_mb(c: &mut Criterion) {
        let text = corpus(10 * 1024 * 1024);
        let mut g = c.benchmark_group("10MB");
        g.sample_size(10);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function("parse", |b| b.iter(|| jixiao::parse(black_box(&text))));
        g.bench_function("check", |b| b.iter(|| jixiao::check(black_box(&text))));
        g.bench_function("csv", |b| b.iter(|| csv_records(black_box(&text))));
        g.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOC: bench::Counting = bench::Counting;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if !std::env::args().any(|a| a == "--no-scale") {
        bench::scaling();
    }
    if std::env::args().any(|a| a == "--scale-only") {
        return;
    }
    // Criterion would refuse the flags above: only a name to filter by is passed on.
    let mut c = criterion::Criterion::default();
    if let Some(filter) = std::env::args().skip(1).find(|a| !a.starts_with("--")) {
        c = c.with_filter(filter);
    }
    bench::seeds(&mut c);
    bench::ten_mb(&mut c);
    c.final_summary();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
