//! `jixiao check FILE... [--json] [--summary]`: parses and checks budget performance forms.
//!
//! Prints `FILE:LINE: severity[CODE] message` lines and one summary line per form, or with
//! `--json` one Report per file as `[{ "file": ..., "report": Report }]`. `-` reads standard
//! input. The cross-form rules (X, `core::desk`) run across every form of every file given: a
//! self-evaluation is compared with its target form wherever among the files it stands, and the
//! findings join the self-evaluation's report (its file, its lines) in source order.
//!
//! `--summary` prints the reviewer's summary table instead: one tab-separated line per form
//! under a header line, in Chinese like the rest of the output; with `--json` the rows as
//! `[SummaryRow]`, with `--csv` as CSV for Excel (`core::desk_out::summary_to_csv`); with
//! `--xlsx OUT.xlsx` the table is also written to OUT.xlsx as a workbook. `--findings-csv`
//! prints every finding of every file, the cross-form ones included, as one CSV
//! (`core::desk_out::all_findings_to_csv`).
//!
//! Exit status: 0 no error-level diagnostic, 1 at least one (cross-form findings included), 2 a
//! file could not be read or the command line was wrong.

use std::io::{Read, Write};
use std::process::ExitCode;

use jixiao::{Report, Severity};

const USAGE: &str = "\
用法 / usage: jixiao check FILE... [--json] [--profile 10+90]
              jixiao check --summary [--json | --csv] [--xlsx OUT.xlsx] FILE...
              jixiao check --findings-csv FILE...
              jixiao check --list-rules

  读取并检查预算绩效表（绩效目标表、申报表、批复表、自评表）的文本。
  Reads and checks the text of budget performance forms.
  自评表与所给文件中同一项目的目标表相互核对（X 类规则）。
  Self-evaluations are checked against their target forms among the files (rules X).

  FILE          .xlsx、.docx 或文本文件（UTF-8、GB18030、UTF-16）；- 表示标准输入
                an .xlsx, .docx or text file (UTF-8, GB18030, UTF-16); - for standard input
  --json        每个文件输出一个 Report（JSON 数组）/ print one Report per file as a JSON array
  --summary     每张表一行的汇总表（制表符分隔，首行为表头）；与 --json 同用时输出 JSON
                one tab-separated line per form under a header; with --json, JSON rows
  --csv         与 --summary 同用：汇总表输出为 CSV（UTF-8 BOM）
                with --summary: print the table as CSV (UTF-8 with BOM)
  --xlsx OUT    与 --summary 同用：另将汇总表写入 Excel 文件 OUT
                with --summary: also write the table to the workbook OUT
  --findings-csv  全部文件的全部问题输出为一个 CSV / print every finding of every file as CSV
  --profile P   评分方案：预算执行分值+指标分值[:产出/效益/满意度]，默认 10+90:50/30/10
                scoring profile: budget + indicator points [:output/benefit/satisfaction]
  --list-rules  列出全部检查规则 / list every rule checked

退出码 / exit status: 0 无错误 no error, 1 有错误 errors found, 2 无法读取 unreadable input";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("jixiao: {message}");
            ExitCode::from(2)
        }
    }
}

struct Options {
    json: bool,
    summary: bool,
    csv: bool,
    xlsx: Option<String>,
    findings_csv: bool,
    list_rules: bool,
    profile: jixiao::core::score::Profile,
    files: Vec<String>,
}

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("check") => {}
        Some("-h" | "--help" | "help") => return Ok(None),
        Some(other) => return Err(format!("未知命令 / unknown command “{other}”\n\n{USAGE}")),
        None => return Err(USAGE.to_string()),
    }
    let mut opts = Options {
        json: false,
        summary: false,
        csv: false,
        xlsx: None,
        findings_csv: false,
        list_rules: false,
        profile: jixiao::core::score::Profile::default(),
        files: Vec::new(),
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => opts.json = true,
            "--summary" => opts.summary = true,
            "--csv" => opts.csv = true,
            "--findings-csv" => opts.findings_csv = true,
            "--xlsx" => {
                let path = it.next().ok_or_else(|| {
                    format!("--xlsx 需要一个文件名 / needs a file name\n\n{USAGE}")
                })?;
                opts.xlsx = Some(path.clone());
            }
            "--list-rules" => opts.list_rules = true,
            "--profile" => {
                let spec = it
                    .next()
                    .ok_or_else(|| format!("--profile 需要一个值 / needs a value\n\n{USAGE}"))?;
                opts.profile = jixiao::core::score::Profile::parse(spec)?;
            }
            "-h" | "--help" => return Ok(None),
            "-" => opts.files.push(a.clone()),
            s if s.starts_with('-') => {
                return Err(format!("未知选项 / unknown option “{s}”\n\n{USAGE}"))
            }
            _ => opts.files.push(a.clone()),
        }
    }
    if opts.csv && !opts.summary {
        return Err(format!(
            "--csv 须与 --summary 同用 / needs --summary\n\n{USAGE}"
        ));
    }
    if opts.xlsx.is_some() && !opts.summary {
        return Err(format!(
            "--xlsx 须与 --summary 同用 / needs --summary\n\n{USAGE}"
        ));
    }
    if opts.csv && opts.json {
        return Err(format!(
            "--csv 与 --json 只能选一 / choose one of --csv and --json\n\n{USAGE}"
        ));
    }
    if opts.findings_csv && (opts.summary || opts.json) {
        return Err(format!(
            "--findings-csv 不与 --summary、--json 同用 / cannot go with --summary or --json\n\n{USAGE}"
        ));
    }
    if opts.files.is_empty() && !opts.list_rules {
        return Err(format!("缺少文件 / no file given\n\n{USAGE}"));
    }
    Ok(Some(opts))
}

fn read_input(path: &str) -> Result<String, String> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("无法读取标准输入 / cannot read standard input: {e}"))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| format!("无法读取 / cannot read {path}: {e}"))?
    };
    // The page's file reader: .xlsx and .docx, GB18030 and UTF-16 text, Excel's CSV.
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
    jixiao::core::files::read_file(&name, &bytes)
        .map(|read| read.text)
        .map_err(|e| format!("{path}: {} / {}", e.zh, e.en))
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(opts) = parse_args(args)? else {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    };
    if opts.list_rules {
        for r in jixiao::core::rules::RULES {
            println!(
                "{}\t{}\t{}\t{}",
                r.code,
                r.severity.as_str(),
                r.title_zh,
                r.title_en
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut reports: Vec<(String, Report)> = Vec::new();
    let mut unreadable = false;
    for f in &opts.files {
        match read_input(f) {
            Ok(text) => reports.push((f.clone(), jixiao::check_with(&text, &opts.profile))),
            Err(e) => {
                eprintln!("jixiao: {e}");
                unreadable = true;
            }
        }
    }
    jixiao::core::desk::add_cross_findings(&mut reports);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let errors = reports
        .iter()
        .any(|(_, r)| r.diagnostics.iter().any(|d| d.severity == Severity::Error));
    if opts.summary {
        let refs: Vec<(&str, &Report)> = reports.iter().map(|(f, r)| (f.as_str(), r)).collect();
        let rows = jixiao::core::desk::summaries(&refs);
        if let Some(path) = &opts.xlsx {
            let bytes = jixiao::core::desk_out::summary_to_xlsx(&rows, false)?;
            std::fs::write(path, bytes)
                .map_err(|e| format!("无法写入 / cannot write {path}: {e}"))?;
        }
        if opts.csv {
            let text = jixiao::core::desk_out::summary_to_csv(&rows, false);
            out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        } else if opts.json {
            let text = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
            writeln!(out, "{text}").map_err(|e| e.to_string())?;
        } else {
            print_summary(&mut out, &rows).map_err(|e| e.to_string())?;
        }
    } else if opts.findings_csv {
        let text = jixiao::core::desk_out::all_findings_to_csv(&reports, false);
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    } else if opts.json {
        let items: Vec<serde_json::Value> = reports
            .iter()
            .map(|(file, report)| serde_json::json!({ "file": file, "report": report }))
            .collect();
        let text = serde_json::to_string_pretty(&items).map_err(|e| e.to_string())?;
        writeln!(out, "{text}").map_err(|e| e.to_string())?;
    } else {
        for (file, report) in &reports {
            print_human(&mut out, file, report).map_err(|e| e.to_string())?;
        }
    }
    Ok(if unreadable {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The summary table: a header line ([`SUMMARY_COLUMNS`](jixiao::core::desk_out::SUMMARY_COLUMNS)
/// in Chinese, the language of the rest of the output), then one line per form; cells apart by
/// one tab, absent values empty, forms numbered from 1 as in the per-form summary lines
/// (`表 1`), the matched form as `FILE 表 N`.
fn print_summary(
    out: &mut impl Write,
    rows: &[jixiao::core::desk::SummaryRow],
) -> std::io::Result<()> {
    use jixiao::core::desk_out::{summary_cells, summary_header};
    writeln!(out, "{}", summary_header(false).join("\t"))?;
    for r in rows {
        let cells = summary_cells(r, false).map(|c| clean(&c.text()));
        writeln!(out, "{}", cells.join("\t"))?;
    }
    Ok(())
}

/// A cell without the tabs and line breaks that would break the table's lines.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// "，总分 93（计算 93.06，优）" — the stated total beside the computed one.
fn score_summary(s: &jixiao::core::model::Scores) -> String {
    let f = jixiao::core::export::fmt_num;
    match (s.total.stated, s.total.computed) {
        (None, None) => String::new(),
        (st, co) => format!(
            "，总分 {}（计算 {}{}）",
            st.map(f).unwrap_or_else(|| "—".into()),
            co.map(f).unwrap_or_else(|| "—".into()),
            s.grade
                .as_deref()
                .map(|g| format!("，{g}"))
                .unwrap_or_default()
        ),
    }
}

fn print_human(out: &mut impl Write, file: &str, report: &Report) -> std::io::Result<()> {
    for d in &report.diagnostics {
        writeln!(
            out,
            "{file}:{}: {}[{}] {}",
            d.lines[0],
            d.severity.as_str(),
            d.code,
            d.message
        )?;
    }
    for (i, form) in report.forms.iter().enumerate() {
        let count = |s: Severity| {
            report
                .diagnostics
                .iter()
                .filter(|d| d.form == i && d.severity == s)
                .count()
        };
        writeln!(
            out,
            "{file}:{}-{}: 表 {} {}（{}）：{}，{} 个指标{}，{} 错误，{} 警告，{} 提示",
            form.lines[0],
            form.lines[1],
            i + 1,
            form.kind.zh(),
            form.kind.as_str(),
            form.project
                .as_deref()
                .or(form.title.as_deref())
                .unwrap_or("（无项目名称）"),
            form.indicators.len(),
            form.scores.as_ref().map(score_summary).unwrap_or_default(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        )?;
    }
    if report.forms.is_empty() {
        writeln!(out, "{file}: 未识别出绩效表 / no form found")?;
    }
    Ok(())
}
