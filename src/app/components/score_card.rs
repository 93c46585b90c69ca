//! The scores of a self-evaluation: what the form states beside what its figures give.

use leptos::prelude::*;

use super::cell::{Cell, Source};
use crate::app::editor::FormCtx;
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

/// Stated and computed scores, side by side; the stated ones are editable. The computed total
/// carries `data-testid=score-total`.
#[component]
pub fn ScoreCard(
    /// The form.
    of: FormCtx,
) -> impl IntoView {
    let lang = use_lang();
    let form = of.form;
    let t = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let scores = Memo::new(move |_| form.with(|f| f.as_ref().and_then(|f| f.scores.clone())));
    let show = |v: Option<f64>, rate: bool| match v {
        Some(x) if rate => pct(x),
        Some(x) => fmt_num(x),
        None => "—".to_string(),
    };
    type Pick = fn(&Scores) -> Pair;
    let rows: [(&str, &str, &'static str, Pick, bool); 4] = [
        (
            "执行率 (B/A)",
            "Execution rate (B/A)",
            "scores.execution_rate",
            |s| s.execution_rate,
            true,
        ),
        (
            "预算执行率得分 (D)",
            "Budget score (D)",
            "scores.budget_score",
            |s| s.budget_score,
            false,
        ),
        (
            "自评得分小计 (C)",
            "Indicator subtotal (C)",
            "scores.indicator_score",
            |s| s.indicator_score,
            false,
        ),
        (
            "总得分 (C+D)",
            "Total (C+D)",
            "scores.total",
            |s| s.total,
            false,
        ),
    ];
    view! {
        <table class="scores" data-testid="scores" data-grid="scores">
            <thead>
                <tr>
                    <th scope="col"></th>
                    <th scope="col">{t("表内填写", "Stated")}</th>
                    <th scope="col">{t("按表内数字计算", "Computed")}</th>
                </tr>
            </thead>
            <tbody>
                <tr>
                    <th scope="row">{t("预算执行率分值", "Budget points")}</th>
                    <td class="num"><Cell source=Source::Form(of.form) index=of.index findings=of.own field="scores.budget_points" label=("预算执行率分值", "Budget points") class="num" /></td>
                    <td></td>
                </tr>
                {rows
                    .into_iter()
                    .map(|(zh, en, field, pick, rate)| {
                        let pair = move || scores.with(|s| s.as_ref().map(pick).unwrap_or_default());
                        let class = move || if differs(&pair()) { "differs" } else { "" };
                        let computed = move || show(pair().computed, rate);
                        view! {
                            <tr class=class>
                                <th scope="row">{t(zh, en)}</th>
                                <td class="num"><Cell source=Source::Form(of.form) index=of.index findings=of.own field=field label=(zh, en) class="num" /></td>
                                {if field == "scores.total" {
                                    view! { <td class="num total" data-testid="score-total">{computed}</td> }.into_any()
                                } else {
                                    view! { <td class="num">{computed}</td> }.into_any()
                                }}
                            </tr>
                        }
                    })
                    .collect_view()}
                <tr>
                    <th scope="row">{t("等级", "Grade")}</th>
                    <td>{move || scores.with(|s| s.as_ref().and_then(|s| s.grade_stated.clone()).unwrap_or_default())}</td>
                    <td class="grade" data-testid="grade">{move || scores.with(|s| s.as_ref().and_then(|s| s.grade.clone()).unwrap_or_else(|| "—".into()))}</td>
                </tr>
            </tbody>
        </table>
    }
}
