//! One form: its header fields, funds, goals, indicators, scores and findings, every field
//! editable where it is shown.

use leptos::prelude::*;

use super::cell::{Cell, Source};
use super::diagnostics::DiagnosticList;
use super::indicator_table::IndicatorTable;
use super::quality_card::QualityCard;
use super::score_card::ScoreCard;
use crate::app::editor::{form_id, use_editor, FormCtx};
use crate::app::i18n::{use_lang, Lang};
use crate::core::model::{Form, Kind, Period};

/// A header or fund field: its contract name and its label in both languages.
type Field = (&'static str, &'static str, &'static str);

/// The header and fund fields a form shows: those it fills, and those its kind has.
pub fn header_fields(form: &Form) -> Vec<Field> {
    let target = form.kind.is_target_form();
    let eval = matches!(
        form.kind,
        Kind::ProjectSelfEvaluation | Kind::DepartmentSelfEvaluation
    );
    let dept = form.kind == Kind::DepartmentSelfEvaluation;
    let f = &form.funds;
    let all: [(Field, bool); 13] = [
        (("title", "表名", "Title"), true),
        (("year", "年度", "Year"), true),
        (
            ("project", "项目名称", "Project"),
            !dept || form.project.is_some(),
        ),
        (
            ("project_code", "项目编码", "Project code"),
            form.project_code.is_some(),
        ),
        (("department", "主管部门", "Department"), true),
        (("unit", "实施单位", "Unit"), true),
        (
            ("funds.total", "资金总额（万元）", "Total funds (10k yuan)"),
            true,
        ),
        (
            (
                "funds.fiscal",
                "其中：财政拨款（万元）",
                "of which fiscal (10k yuan)",
            ),
            target || f.fiscal.is_some(),
        ),
        (
            ("funds.other", "其他资金（万元）", "Other funds (10k yuan)"),
            target || f.other.is_some(),
        ),
        (
            (
                "funds.midterm_total",
                "中期资金总额（万元）",
                "Medium-term total (10k yuan)",
            ),
            f.midterm_total.is_some(),
        ),
        (
            (
                "funds.initial",
                "年初预算数（万元）",
                "Initial budget (10k yuan)",
            ),
            eval || f.initial.is_some(),
        ),
        (
            (
                "funds.executed",
                "全年执行数（万元）",
                "Executed (10k yuan)",
            ),
            eval || f.executed.is_some(),
        ),
        (
            ("budget_weight", "预算执行率权重", "Budget execution weight"),
            form.budget_weight.is_some(),
        ),
    ];
    all.into_iter()
        .filter(|(_, show)| *show)
        .map(|(f, _)| f)
        .collect()
}

/// One form as a card.
#[component]
pub fn FormCard(
    /// Its index in the report (0-based).
    index: usize,
) -> impl IntoView {
    let lang = use_lang();
    let editor = use_editor();
    let of = FormCtx::new(&editor, index);
    let form = of.form;
    let kind = Memo::new(move |_| form.with(|f| f.as_ref().map_or(Kind::Fragment, |f| f.kind)));
    let heading = move || {
        form.with(|f| {
            f.as_ref()
                .and_then(|f| f.project.clone().or_else(|| f.title.clone()))
                .unwrap_or_default()
        })
    };
    let fields =
        Memo::new(move |_| form.with(|f| f.as_ref().map(header_fields).unwrap_or_default()));
    let goals = Memo::new(move |_| {
        form.with(|f| {
            f.as_ref()
                .map(|f| {
                    f.goals
                        .iter()
                        .map(|g| (g.period, g.achieved.is_some()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let has_scores =
        Memo::new(move |_| form.with(|f| f.as_ref().is_some_and(|f| f.scores.is_some())));
    let quality = Memo::new(move |_| form.with(|f| f.as_ref().and_then(|f| f.quality.clone())));
    let meta = move || {
        form.with(|f| {
            let Some(f) = f else { return String::new() };
            let (l, n) = (f.lines, f.indicators.len());
            match lang.get() {
                Lang::Zh => format!(
                    "第 {}–{} 行 · {} 个指标 · 第 {} 张",
                    l[0],
                    l[1],
                    n,
                    index + 1
                ),
                Lang::En => format!(
                    "lines {}–{} · {} indicators · form {}",
                    l[0],
                    l[1],
                    n,
                    index + 1
                ),
            }
        })
    };
    let show_lines = move || {
        if let Some(l) = form.with_untracked(|f| f.as_ref().map(|f| f.lines)) {
            if editor.lines.get_untracked() != Some(l) {
                editor.lines.set(Some(l));
            }
        }
    };

    view! {
        <article
            class="form"
            id=form_id(index)
            data-testid="form"
            data-kind=move || kind.get().as_str()
            on:mouseenter=move |_| show_lines()
            on:focusin=move |_| show_lines()
        >
            <h2>
                <span class="kind">{move || { let k = kind.get(); lang.get().pick(k.zh(), k.en()) }}</span>
                " "
                {heading}
            </h2>
            <p class="meta">{meta}</p>
            <dl class="fields" data-grid="header">
                {move || {
                    fields
                        .get()
                        .into_iter()
                        .map(|(field, zh, en)| {
                            view! {
                                <dt>{move || lang.get().pick(zh, en)}</dt>
                                <dd><Cell source=Source::Form(of.form) index=of.index findings=of.own field=field label=(zh, en) /></dd>
                            }
                        })
                        .collect_view()
                }}
            </dl>
            {move || {
                let goals = goals.get();
                (!goals.is_empty()).then(|| view! {
                    <details class="goals" open=true>
                        <summary>{move || lang.get().pick("绩效目标", "Goals")}</summary>
                        <div data-grid="goals">
                            {goals
                                .into_iter()
                                .enumerate()
                                .map(|(g, (period, achieved))| {
                                    view! {
                                        <p>
                                            <b>{move || match period {
                                                Period::Annual => lang.get().pick("年度目标：", "Annual: "),
                                                Period::Midterm => lang.get().pick("中长期目标：", "Medium-term: "),
                                            }}</b>
                                            <Cell source=Source::Form(of.form) index=of.index findings=of.own field=format!("goals.{g}.text") label=("绩效目标", "Goal") class="goal" />
                                            {achieved.then(|| view! {
                                                <br />
                                                <b>{move || lang.get().pick("实际完成：", "Achieved: ")}</b>
                                                <Cell source=Source::Form(of.form) index=of.index findings=of.own field=format!("goals.{g}.achieved") label=("实际完成情况", "Achieved") class="goal" />
                                            })}
                                        </p>
                                    }
                                })
                                .collect_view()}
                        </div>
                    </details>
                })
            }}
            <IndicatorTable of=of />
            {move || has_scores.get().then(|| view! { <ScoreCard of=of /> })}
            {move || quality.get().map(|q| view! { <QualityCard quality=q /> })}
            <DiagnosticList of=of />
        </article>
    }
}
