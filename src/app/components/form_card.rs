//! One form: its header fields, funds, goals, indicators and diagnostics.

use leptos::prelude::*;

use super::diagnostics::DiagnosticList;
use super::indicator_table::IndicatorTable;
use super::quality_card::QualityCard;
use super::score_card::ScoreCard;
use crate::app::i18n::{use_lang, Lang};
use crate::core::diagnostic::Diagnostic;
use crate::core::export::fmt_num;
use crate::core::model::{Form, Period};

/// One form as a card.
#[component]
pub fn FormCard(
    /// The form to show.
    form: Form,
    /// Its index in the report (0-based).
    index: usize,
    /// The diagnostics that point at it.
    diagnostics: Vec<Diagnostic>,
) -> impl IntoView {
    let lang = use_lang();
    let kind = form.kind;
    let heading = form
        .project
        .clone()
        .or_else(|| form.title.clone())
        .unwrap_or_default();
    let mut fields: Vec<(&'static str, &'static str, String)> = Vec::new();
    let mut push = |zh, en, v: Option<String>| {
        if let Some(v) = v {
            fields.push((zh, en, v));
        }
    };
    push("表名", "Title", form.title.clone());
    push("年度", "Year", form.year.map(|y| y.to_string()));
    push("项目名称", "Project", form.project.clone());
    push("项目编码", "Project code", form.project_code.clone());
    push("主管部门", "Department", form.department.clone());
    push("实施单位", "Unit", form.unit.clone());
    let wan = |v: Option<f64>| v.map(|n| format!("{} 万元", fmt_num(n)));
    push("资金总额", "Total funds", wan(form.funds.total));
    push("其中：财政拨款", "of which fiscal", wan(form.funds.fiscal));
    push("其他资金", "Other funds", wan(form.funds.other));
    push(
        "中期资金总额",
        "Medium-term total",
        wan(form.funds.midterm_total),
    );
    push("年初预算数", "Initial budget", wan(form.funds.initial));
    push("全年执行数", "Executed", wan(form.funds.executed));
    push(
        "预算执行率权重",
        "Budget execution weight",
        form.budget_weight.map(fmt_num),
    );

    let goals = form.goals.clone();
    let scores = form.scores.clone();
    let quality = form.quality.clone();
    let lines = form.lines;
    let count = form.indicators.len();

    view! {
        <article class="form" data-testid="form" data-kind=kind.as_str()>
            <h2>
                <span class="kind">{move || lang.get().pick(kind.zh(), kind.as_str())}</span>
                " "
                {heading}
            </h2>
            <p class="meta">
                {move || match lang.get() {
                    Lang::Zh => format!("第 {}–{} 行 · {} 个指标 · 第 {} 张", lines[0], lines[1], count, index + 1),
                    Lang::En => format!("lines {}–{} · {} indicators · form {}", lines[0], lines[1], count, index + 1),
                }}
            </p>
            <dl class="fields">
                {fields
                    .into_iter()
                    .map(|(zh, en, v)| {
                        view! {
                            <dt>{move || lang.get().pick(zh, en)}</dt>
                            <dd>{v}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
            {(!goals.is_empty()).then(|| view! {
                <details class="goals">
                    <summary>{move || lang.get().pick("绩效目标", "Goals")}</summary>
                    {goals
                        .into_iter()
                        .map(|g| {
                            let period = g.period;
                            view! {
                                <p>
                                    <b>{move || match period {
                                        Period::Annual => lang.get().pick("年度目标：", "Annual: "),
                                        Period::Midterm => lang.get().pick("中长期目标：", "Medium-term: "),
                                    }}</b>
                                    {g.text}
                                </p>
                            }
                        })
                        .collect_view()}
                </details>
            })}
            <IndicatorTable indicators=form.indicators />
            {scores.map(|s| view! { <ScoreCard scores=s /> })}
            {quality.map(|q| view! { <QualityCard quality=q /> })}
            <DiagnosticList diagnostics=diagnostics />
        </article>
    }
}
