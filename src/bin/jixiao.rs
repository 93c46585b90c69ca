//! `jixiao check FILE... [--json]`: parses and checks budget performance forms.
//!
//! Prints `FILE:LINE: severity[CODE] message` lines and one summary line per form, or with
//! `--json` one Report per file as `[{ "file": ..., "report": Report }]`. `-` reads standard
//! input. Exit status: 0 no error-level diagnostic, 1 at least one, 2 a file could not be read
//! or the command line was wrong.

use std::io::{Read, Write};
use std::process::ExitCode;

use jixiao::{Report, Severity};

const USAGE: &str = "\
用法 / usage: jixiao check FILE... [--json] [--profile 10+90]
              jixiao check --list-rules

  读取并检查预算绩效表（绩效目标表、申报表、批复表、自评表）的文本。
  Reads and checks the text of budget performance forms.

  FILE          文本文件（UTF-8）；- 表示标准输入 / a UTF-8 text file; - for standard input
  --json        每个文件输出一个 Report（JSON 数组）/ print one Report per file as a JSON array
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
        list_rules: false,
        profile: jixiao::core::score::Profile::default(),
        files: Vec::new(),
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => opts.json = true,
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
    String::from_utf8(bytes).map_err(|_| {
        format!("{path}: 不是 UTF-8 文本 / not UTF-8 text (请另存为 UTF-8 / save it as UTF-8)")
    })
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
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let errors = reports
        .iter()
        .any(|(_, r)| r.diagnostics.iter().any(|d| d.severity == Severity::Error));
    if opts.json {
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
