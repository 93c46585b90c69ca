//! The root: holds the session, derives the report, autosaves the text.

use leptos::prelude::*;

use super::form_card::FormCard;
use super::input_panel::InputPanel;
use super::intro::Intro;
use crate::app::i18n::{tr, Lang};
use crate::app::state::Session;
use crate::core::model::Report;

/// Where the text is kept between visits, on this machine only.
const STORAGE_KEY: &str = "jixiao.text.v1";

fn load_saved() -> String {
    use gloo::storage::{LocalStorage, Storage};
    LocalStorage::get::<String>(STORAGE_KEY).unwrap_or_default()
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(Lang::Zh);
    provide_context(lang);
    let session = RwSignal::new(Session::new(load_saved()));
    provide_context(session);

    let text = Memo::new(move |_| session.with(|s| s.text.clone()));
    // The scoring profile: points for budget execution + for the indicators.
    let profile = RwSignal::new("10+90".to_string());
    let report: Memo<Report> = Memo::new(move |_| {
        let p = profile.with(|p| crate::core::score::Profile::parse(p).unwrap_or_default());
        text.with(|t| crate::check_with(t, &p))
    });

    // Autosave: every change of the text is written to localStorage.
    Effect::new(move |_| {
        use gloo::storage::{LocalStorage, Storage};
        let t = text.get();
        let _ = if t.is_empty() {
            LocalStorage::delete(STORAGE_KEY);
            Ok(())
        } else {
            LocalStorage::set(STORAGE_KEY, t)
        };
    });
    Effect::new(move |_| {
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", lang.get().code());
        }
    });

    let empty = move || text.with(|t| t.trim().is_empty());
    let summary = move || {
        report.with(|r| {
            let forms = r.forms.len();
            let indicators: usize = r.forms.iter().map(|f| f.indicators.len()).sum();
            match lang.get() {
                Lang::Zh => format!(
                    "识别出 {forms} 张表，{indicators} 个指标，{} 条提示",
                    r.diagnostics.len()
                ),
                Lang::En => format!(
                    "{forms} forms, {indicators} indicators, {} findings",
                    r.diagnostics.len()
                ),
            }
        })
    };

    view! {
        <header class="top">
            <h1>{tr("绩效表检查", "Performance form checker")} <small>"Jixiao · 绩效"</small></h1>
            <p class="privacy">{tr(
                "全部在本机浏览器内完成，表格内容不会上传。",
                "Everything runs in this browser; the form never leaves your machine.",
            )}</p>
            <label class="profile">
                {tr("评分方案", "Scoring")}
                " "
                <select
                    data-testid="profile"
                    on:change:target=move |ev| profile.set(ev.target().value())
                >
                    <option value="10+90" selected=true>{tr("预算执行 10 + 指标 90（默认）", "budget 10 + indicators 90 (default)")}</option>
                    <option value="20+80">{tr("预算执行 20 + 指标 80", "budget 20 + indicators 80")}</option>
                    <option value="10+90:60/20/10">{tr("10 + 90，产出 60 / 效益 20 / 满意度 10", "10 + 90, output 60 / benefit 20 / satisfaction 10")}</option>
                </select>
            </label>
            <button
                class="lang"
                data-testid="lang"
                on:click=move |_| lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })
            >
                {move || lang.get().pick("English", "中文")}
            </button>
        </header>
        <main>
            <InputPanel />
            <section class="results" aria-live="polite">
                <Show when=move || !empty() fallback=|| view! { <Intro /> }>
                    <p class="summary" data-testid="summary">{summary}</p>
                    <super::export_bar::ExportBar report=report />
                    {move || {
                        report.with(|r| {
                            r.forms
                                .iter()
                                .enumerate()
                                .map(|(i, f)| {
                                    let diags: Vec<_> = r
                                        .diagnostics
                                        .iter()
                                        .filter(|d| d.form == i)
                                        .cloned()
                                        .collect();
                                    view! { <FormCard form=f.clone() index=i diagnostics=diags /> }
                                })
                                .collect_view()
                        })
                    }}
                    {move || {
                        report.with(|r| {
                            r.forms.is_empty().then(|| {
                                let diags = r.diagnostics.clone();
                                view! { <super::diagnostics::DiagnosticList diagnostics=diags /> }
                            })
                        })
                    }}
                </Show>
            </section>
        </main>
    }
}
