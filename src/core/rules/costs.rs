//! Costs (C): the cost indicators against the funds.

use super::diag;
use crate::core::diagnostic::Diagnostic;
use crate::core::export::fmt_num;
use crate::core::model::{Form, Indicator, Value};
use crate::core::value::read_value;

/// Runs the cost rules on one form, for the year and (declarations) for the medium term.
pub(super) fn check(form: &Form, index: usize, out: &mut Vec<Diagnostic>) {
    let costs: Vec<&Indicator> = form
        .indicators
        .iter()
        .filter(|i| i.level1 == "成本指标" || i.level2.as_deref() == Some("成本指标"))
        .collect();
    if costs.is_empty() {
        return;
    }
    let annual: Vec<Option<f64>> = costs.iter().map(|i| wan(&i.value)).collect();
    compare(
        index,
        &costs,
        &annual,
        form.funds.total,
        "年度资金总额",
        "the annual total",
        out,
    );
    if costs.iter().any(|i| i.midterm_target.is_some()) {
        let midterm: Vec<Option<f64>> = costs
            .iter()
            .map(|i| {
                i.midterm_target
                    .as_deref()
                    .and_then(|t| wan(&read_value(t)))
            })
            .collect();
        compare(
            index,
            &costs,
            &midterm,
            form.funds.midterm_total,
            "中期资金总额",
            "the medium-term total",
            out,
        );
    }
}

/// A value's amount in 万元, where it is money.
pub(crate) fn wan(v: &Value) -> Option<f64> {
    let n = v.number?;
    let unit = v.unit.as_deref().unwrap_or("");
    if unit.starts_with('元') {
        Some(n / 10000.0)
    } else if unit.starts_with('万') {
        Some(n)
    } else if unit.starts_with('亿') {
        Some(n * 10000.0)
    } else {
        None
    }
}

/// C001 — the cost indicators add up to more than the funds; C002 — they cover less.
///
/// Why: cost targets break the funds down; together they can never exceed them (C001, an
/// error), and where they cover less the reviewer learns how much is left unexplained (C002).
///
/// Fires (C001): 576000元 + 38000元 + 18000元 + 14000元 = 64.6 万元 in a 60 万元 project.
/// Fires (C002): the same costs in a 68 万元 project (95.0% covered).
/// Instead: cost targets that add up to the funds.
#[allow(clippy::too_many_arguments)]
fn compare(
    index: usize,
    costs: &[&Indicator],
    amounts: &[Option<f64>],
    total: Option<f64>,
    zh: &str,
    en: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(total) = total.filter(|t| *t > 0.0) else {
        return;
    };
    // Only when every cost indicator states an amount: a missing one is V001 / V006.
    let Some(sum) = amounts.iter().copied().sum::<Option<f64>>() else {
        return;
    };
    let tolerance = 0.01 * costs.len() as f64;
    let lines = [costs[0].line, costs[costs.len() - 1].line];
    let sum_r = (sum * 10000.0).round() / 10000.0;
    if sum > total + tolerance {
        out.push(
            diag(
                "C001",
                format!(
                    "成本指标合计 {} 万元，超过{zh} {} 万元。",
                    fmt_num(sum_r),
                    fmt_num(total)
                ),
                format!(
                    "The cost indicators add up to {} 万元, more than {en} of {} 万元.",
                    fmt_num(sum_r),
                    fmt_num(total)
                ),
                index,
                lines,
            )
            .with_help("核对各成本指标金额及单位，使其合计不超过资金总额。"),
        );
    } else if sum < total - tolerance {
        out.push(
            diag(
                "C002",
                format!(
                    "成本指标合计 {} 万元，占{zh} {} 万元的 {:.1}%。",
                    fmt_num(sum_r),
                    fmt_num(total),
                    100.0 * sum / total
                ),
                format!(
                    "The cost indicators add up to {} 万元, {:.1}% of {en} of {} 万元.",
                    fmt_num(sum_r),
                    100.0 * sum / total,
                    fmt_num(total)
                ),
                index,
                lines,
            )
            .with_help("如有未列入成本指标的支出，可补充相应成本指标。"),
        );
    }
}
