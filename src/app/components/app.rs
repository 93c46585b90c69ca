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
    let report: Memo<Report> = Memo::new(move |_| text.with(|t| crate::check(t)));

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
