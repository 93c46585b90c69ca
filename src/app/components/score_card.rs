//! The scores of a self-evaluation: what the form states beside what its figures give.

use leptos::prelude::*;

use crate::app::i18n::use_lang;
use crate::core::export::fmt_num;
use crate::core::model::{Pair, Scores};
use crate::core::score::{decimals, round_half_up};

/// A rate as a percentage (0.3064 → 30.64%).
fn pct(x: f64) -> String {
    format!("{}%", fmt_num(round_half_up(x * 100.0, 2)))
}

/// True when the stated figure differs from the computed one at the stated precision.
fn differs(p: &Pair) -> bool {
    match (p.stated, p.computed) {
        (Some(s), Some(c)) => (round_half_up(c, decimals(s)) - s).abs() > 1e-6,
        _ => false,
    }
}

/// Stated and computed scores, side by side; the computed total carries `data-testid=score-total`.
#[component]
pub fn ScoreCard(
    /// The form's scores.
    scores: Scores,
) -> impl IntoView {
    let lang = use_lang();
    let t = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let show = |v: Option<f64>, rate: bool| match v {
        Some(x) if rate => pct(x),
        Some(x) => fmt_num(x),
        None => "—".to_string(),
    };
    let rows = [
        (
            t("执行率 (B/A)", "Execution rate (B/A)"),
            scores.execution_rate,
            true,
            false,
        ),
        (
            t("预算执行率得分 (D)", "Budget score (D)"),
            scores.budget_score,
            false,
            false,
        ),
        (
            t("自评得分小计 (C)", "Indicator subtotal (C)"),
            scores.indicator_score,
            false,
            false,
        ),
        (t("总得分 (C+D)", "Total (C+D)"), scores.total, false, true),
    ];
    view! {
        <table class="scores" data-testid="scores">
            <thead>
                <tr>
                    <th></th>
                    <th>{t("表内填写", "Stated")}</th>
                    <th>{t("按表内数字计算", "Computed")}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|(label, pair, rate, total)| {
                        let class = if differs(&pair) { "differs" } else { "" };
                        view! {
                            <tr class=class>
                                <th>{label}</th>
                                <td class="num">{show(pair.stated, rate)}</td>
                                {if total {
                                    view! { <td class="num total" data-testid="score-total">{show(pair.computed, rate)}</td> }.into_any()
                                } else {
                                    view! { <td class="num">{show(pair.computed, rate)}</td> }.into_any()
                                }}
                            </tr>
                        }
                    })
                    .collect_view()}
                <tr>
                    <th>{t("等级", "Grade")}</th>
                    <td></td>
                    <td class="grade" data-testid="grade">{scores.grade.clone().unwrap_or_else(|| "—".into())}</td>
                </tr>
            </tbody>
        </table>
    }
}
