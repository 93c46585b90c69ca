//! Funds (F): the amounts a form states.

use super::{diag, header_lines};
use crate::core::diagnostic::Diagnostic;
use crate::core::export::fmt_num;
use crate::core::model::{BudgetLine, Form, Kind, Section};
use crate::core::score::{rate_matches, round_half_up};
use crate::core::text::compact;

/// Runs the fund rules on one form.
pub(super) fn check(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    f001_total_missing(form, index, out);
    f002_sources(form, index, out);
    f003_annual_over_midterm(form, index, out);
    f004_department_sums(form, index, out);
    f005_tasks(form, index, out);
}

/// F001 — a fund total is missing (blank or zero) while the form has targets.
///
/// Why: without the amount a reviewer cannot weigh the targets against the money, and the
/// cost and budget-execution checks have nothing to work on.
///
/// Fires: a 绩效目标表 whose `项目总额：万元` is blank but lists indicators.
/// Instead: write the project's total in 万元 (`项目总额：170万元`).
fn f001_total_missing(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    if form.kind == Kind::Fragment || form.indicators.is_empty() {
        return;
    }
    let missing = |v: Option<f64>| v.is_none_or(|x| x == 0.0);
    if missing(form.funds.total) {
        out.push(
            diag(
                "F001",
                format!("资金总额缺失（空白或为 0），但本表列有 {} 个绩效指标。", form.indicators.len()),
                format!("The fund total is missing (blank or zero) although the form lists {} indicators.", form.indicators.len()),
                index,
                header_lines(form),
            )
            .at_field("funds.total")
            .with_help("填写项目资金总额（万元），如“项目总额：170万元”。"),
        );
    }
}

/// How a stated sum compares with its parts: equal, off by a rounding (F006: no more than
/// 0.01 万元 per line added), or wrong. The desk's cross-form fund rule (X005) compares two forms'
/// totals with the same tolerance.
pub(crate) enum Sum {
    Equal,
    Rounding(f64),
    Wrong(f64),
}

/// The sum of `parts` against `stated`, each figure within 0.01 万元 ([`Sum`]).
pub(crate) fn compare_sum(parts: &[f64], stated: f64) -> Sum {
    let sum: f64 = parts.iter().sum();
    let diff = (sum - stated).abs();
    if diff < 1e-6 {
        Sum::Equal
    } else if diff <= 0.01 * parts.len().max(1) as f64 + 1e-9 {
        Sum::Rounding(sum)
    } else {
        Sum::Wrong(sum)
    }
}

fn money(x: f64) -> String {
    fmt_num((x * 10000.0).round() / 10000.0)
}

/// Reports a sum: the rule's code when wrong, F006 when off by a rounding.
#[allow(clippy::too_many_arguments)]
fn report_sum(
    code: &str,
    what_zh: &str,
    what_en: &str,
    parts: &[f64],
    stated: f64,
    index: usize,
    lines: [usize; 2],
    field: &str,
    out: &mut Vec<Diagnostic>,
) {
    let (rule, sum) = match compare_sum(parts, stated) {
        Sum::Equal => return,
        Sum::Rounding(s) => ("F006", s),
        Sum::Wrong(s) => (code, s),
    };
    let shown: Vec<String> = parts.iter().map(|p| money(*p)).collect();
    let (zh_tail, en_tail) = if rule == "F006" {
        ("，差额在舍入误差之内", ", a rounding difference")
    } else {
        ("", "")
    };
    out.push(
        diag(
            rule,
            format!(
                "{what_zh}：{} = {} 万元，而表中写 {} 万元{zh_tail}。",
                shown.join(" + "),
                money(sum),
                money(stated)
            ),
            format!(
                "{what_en}: {} = {} 万元, but the form states {} 万元{en_tail}.",
                shown.join(" + "),
                money(sum),
                money(stated)
            ),
            index,
            lines,
        )
        .at_field(field)
        .with_help(if rule == "F006" {
            "舍入造成的差额，无需更正。"
        } else {
            "核对各项金额与合计。"
        }),
    );
}

/// The amount of the budget line whose label starts with `prefix` in `section`.
fn line_total(form: &Form, section: Section, prefix: &str) -> Option<f64> {
    form.budget_lines
        .iter()
        .find(|l| l.section == section && compact(&l.label).starts_with(prefix))
        .and_then(|l| l.total)
}

/// F002 — total ≠ 财政拨款 + 其他资金 (+ 上年结转 where the form lists it).
///
/// Why: the sources of the money must add up to the money.
///
/// Fires: 年度资金总额 93, 其中财政拨款 90, 其他资金 blank.
/// Instead: list every source (`其他资金 3`), or correct the total.
fn f002_sources(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    let (Some(total), Some(fiscal)) = (form.funds.total, form.funds.fiscal) else {
        return;
    };
    let mut parts = vec![fiscal];
    parts.extend(form.funds.other);
    let carry = line_total(form, Section::Project, "上年结转")
        .or_else(|| line_total(form, Section::Income, "上年结转"));
    parts.extend(carry);
    report_sum(
        "F002",
        "资金来源合计与资金总额不符",
        "The sources do not add up to the total",
        &parts,
        total,
        index,
        header_lines(form),
        "funds.total",
        out,
    );
}

/// F003 — the annual total is above the medium-term total.
///
/// Why: a year's money is part of the medium term's.
///
/// Fires: 中期资金总额 80, 年度资金总额 93.
/// Instead: correct whichever total is wrong.
fn f003_annual_over_midterm(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    let (Some(total), Some(mid)) = (form.funds.total, form.funds.midterm_total) else {
        return;
    };
    if total > mid + 1e-6 {
        out.push(
            diag(
                "F003",
                format!(
                    "年度资金总额 {} 万元超过中期资金总额 {} 万元。",
                    money(total),
                    money(mid)
                ),
                format!(
                    "The annual total {} 万元 is above the medium-term total {} 万元.",
                    money(total),
                    money(mid)
                ),
                index,
                header_lines(form),
            )
            .at_field("funds.total")
            .with_help("年度资金是中期资金的一部分，核对两个总额。"),
        );
    }
}

/// A column of the budget table: its names and how to read it off a line.
type Column = (&'static str, &'static str, fn(&BudgetLine) -> Option<f64>);

/// F004 — department forms: the income lines do not add up to their subtotal, spending ≠
/// 基本支出 + 项目支出 (and each of those ≠ its own lines), or a line's 执行率 ≠ 执行数 / 全年预算数.
///
/// Why: the 整体收支情况 table is the department's whole budget; its sums and rates are what
/// the budget execution score rests on.
///
/// Fires: 财政拨款收入 924.93 + 上年结转 220.69 with 收入小计 1145.00.
/// Instead: correct the line or the subtotal.
fn f004_department_sums(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    if form.kind != Kind::DepartmentSelfEvaluation {
        return;
    }
    let lines_of = |section: Section| -> Vec<&BudgetLine> {
        form.budget_lines
            .iter()
            .filter(|l| l.section == section)
            .collect()
    };
    let columns: [Column; 3] = [
        ("年初预算数", "initial budget", |l| l.initial),
        ("全年预算数", "budget", |l| l.total),
        ("全年执行数", "executed", |l| l.executed),
    ];
    // Income: the numbered lines against 收入小计.
    let income = lines_of(Section::Income);
    if let Some(sub) = income.iter().find(|l| compact(&l.label).contains("小计")) {
        let items: Vec<&&BudgetLine> = income
            .iter()
            .filter(|l| !compact(&l.label).contains("小计"))
            .collect();
        for (zh, en, get) in columns {
            if let Some(stated) = get(sub) {
                let parts: Vec<f64> = items.iter().filter_map(|l| get(l)).collect();
                if !parts.is_empty() {
                    report_sum(
                        "F004",
                        &format!("收入各项{zh}合计与收入小计不符"),
                        &format!("The income lines' {en} do not add up to their subtotal"),
                        &parts,
                        stated,
                        index,
                        [sub.line, sub.line],
                        "budget_lines",
                        out,
                    );
                }
            }
        }
    }
    // Spending: 基本支出 and 项目支出 against their own lines, and against 支出小计.
    let spending = lines_of(Section::Spending);
    let heads: Vec<usize> = spending
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let k = compact(&l.label);
            k.starts_with("基本支出") || k.starts_with("项目支出")
        })
        .map(|(i, _)| i)
        .collect();
    for (n, &h) in heads.iter().enumerate() {
        let end = heads.get(n + 1).copied().unwrap_or(spending.len());
        let head = spending[h];
        let items = &spending[h + 1..end];
        for (zh, en, get) in columns {
            if let Some(stated) = get(head) {
                let parts: Vec<f64> = items.iter().filter_map(|l| get(l)).collect();
                if !parts.is_empty() {
                    report_sum(
                        "F004",
                        &format!("{}各项{zh}合计不符", head.label),
                        &format!("The lines of {} do not add up ({en})", head.label),
                        &parts,
                        stated,
                        index,
                        [head.line, head.line],
                        "budget_lines",
                        out,
                    );
                }
            }
        }
    }
    if let Some(sub) = spending.iter().find(|l| compact(&l.label).contains("小计")) {
        let parts_of = |get: fn(&BudgetLine) -> Option<f64>| -> Vec<f64> {
            heads.iter().filter_map(|&h| get(spending[h])).collect()
        };
        for (zh, en, get) in columns {
            if let Some(stated) = get(sub) {
                let parts = parts_of(get);
                if parts.len() == heads.len() && !parts.is_empty() {
                    report_sum(
                        "F004",
                        &format!("基本支出与项目支出{zh}之和与支出小计不符"),
                        &format!("基本支出 + 项目支出 ({en}) is not the spending subtotal"),
                        &parts,
                        stated,
                        index,
                        [sub.line, sub.line],
                        "budget_lines",
                        out,
                    );
                }
            }
        }
    }
    // Each line's 执行率 against 执行数 / 全年预算数, at the precision the form writes.
    for l in form
        .budget_lines
        .iter()
        .filter(|l| l.section != Section::Project)
    {
        let (Some(rate), Some(total), Some(done)) = (l.rate, l.total, l.executed) else {
            continue;
        };
        if total <= 0.0 {
            continue;
        }
        let (p, c) = (rate * 100.0, done / total * 100.0);
        if !rate_matches(p, c) {
            out.push(
                diag(
                    "F004",
                    format!(
                        "“{}”执行率写作 {}%，而 {} ÷ {} = {:.2}%。",
                        l.label,
                        fmt_num(round_half_up(p, 4)),
                        money(done),
                        money(total),
                        c
                    ),
                    format!(
                        "“{}” states a rate of {}%, but {} ÷ {} = {:.2}%.",
                        l.label,
                        fmt_num(round_half_up(p, 4)),
                        money(done),
                        money(total),
                        c
                    ),
                    index,
                    [l.line, l.line],
                )
                .at_field("budget_lines")
                .with_help("执行率 = 全年执行数 ÷ 全年预算数。"),
            );
        }
    }
}

/// F005 — department forms: the 年度主要任务 amounts do not add up to 项目支出.
///
/// Why: the year's main tasks are how the project spending is used; together they should be it.
///
/// Fires: tasks 726.39 + 26.02 + 15.64 + 105.57 = 873.62 against 项目支出 900.
/// Instead: list every task, or correct the amounts.
fn f005_tasks(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    if form.kind != Kind::DepartmentSelfEvaluation {
        return;
    }
    let Some(project) = line_total(form, Section::Spending, "项目支出") else {
        return;
    };
    let tasks: Vec<&BudgetLine> = form
        .budget_lines
        .iter()
        .filter(|l| l.section == Section::Task && !compact(&l.label).contains("合计"))
        .collect();
    let parts: Vec<f64> = tasks.iter().filter_map(|l| l.total).collect();
    if parts.is_empty() {
        return;
    }
    let lines = [tasks[0].line, tasks[tasks.len() - 1].line];
    report_sum(
        "F005",
        "年度主要任务全年预算数合计与项目支出不符",
        "The main tasks' budgets do not add up to 项目支出",
        &parts,
        project,
        index,
        lines,
        "budget_lines",
        out,
    );
}
