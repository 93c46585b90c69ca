//! The findings of one form, grouped by severity: each says its code, line and figures;
//! clicking one brings its field into view; a finding with one obvious repair offers it.

use leptos::prelude::*;

use crate::app::editor::{use_editor, Filter, FormCtx, Say};
use crate::app::i18n::{use_lang, Lang};
use crate::core::diagnostic::{Diagnostic, Severity};

/// The findings of one form (or, with no forms, of the whole text).
#[component]
pub fn DiagnosticList(
    /// The form.
    of: FormCtx,
) -> impl IntoView {
    let findings = of.findings;
    view! { <Findings findings=Signal::derive(move || findings.get()) /> }
}

/// A list of findings with their indexes in the report.
#[component]
pub fn Findings(
    /// The findings, with their index in the report.
    findings: Signal<Vec<(usize, Diagnostic)>>,
) -> impl IntoView {
    let lang = use_lang();
    let editor = use_editor();
    let groups = [
        (Severity::Error, "错误", "Errors"),
        (Severity::Warning, "警告", "Warnings"),
        (Severity::Info, "提示", "Notes"),
    ];
    move || {
        let filter = editor.filter.get();
        let all = findings.get();
        if all.is_empty() {
            return None;
        }
        let shown = groups
            .iter()
            .filter(|(sev, _, _)| filter == Filter::All || *sev == Severity::Error)
            .filter_map(|&(sev, zh, en)| {
                let items: Vec<_> = all.iter().filter(|(_, d)| d.severity == sev).cloned().collect();
                (!items.is_empty()).then(|| {
                    let n = items.len();
                    view! {
                        <li class=format!("group {}", sev.as_str())>
                            <h3 class="group-title">{move || format!("{} {n}", lang.get().pick(zh, en))}</h3>
                            <ul>
                                {items.into_iter().map(|(k, d)| view! { <Finding k=k d=d /> }).collect_view()}
                            </ul>
                        </li>
                    }
                })
            })
            .collect_view();
        Some(view! { <ul class="diagnostics">{shown}</ul> })
    }
}

/// One finding.
#[component]
fn Finding(k: usize, d: Diagnostic) -> impl IntoView {
    let lang = use_lang();
    let editor = use_editor();
    let sev = d.severity;
    let (zh, en) = (d.message.clone(), d.message_en.clone());
    let help = d.help.clone();
    let profile = editor
        .profile
        .with_untracked(|p| crate::core::score::Profile::parse(p).unwrap_or_default());
    let fix = editor
        .report
        .with_untracked(|r| crate::core::fix::fix_for_with(r, k, &profile));
    let line = d.lines[0];
    let lines = if d.lines[1] > d.lines[0] {
        (
            format!("第 {}–{} 行", d.lines[0], d.lines[1]),
            format!("lines {}–{}", d.lines[0], d.lines[1]),
        )
    } else {
        (format!("第 {line} 行"), format!("line {line}"))
    };
    let code = d.code.clone();
    let data_code = d.code.clone();
    let target = d.clone();
    view! {
        <li
            class=format!("diagnostic {}", sev.as_str())
            data-testid="diagnostic"
            data-code=data_code
            data-line=line
        >
            <button
                class="jump"
                title=move || lang.get().pick("定位到此处", "Show where")
                on:click=move |_| editor.reveal(&target)
            >
                <span class="sev">{move || lang.get().pick(sev.zh(), sev.as_str())}</span>
                " "
                <code>{code}</code>
                " "
                <span class="where">{move || match lang.get() {
                    Lang::Zh => lines.0.clone(),
                    Lang::En => lines.1.clone(),
                }}</span>
            </button>
            <span class="msg">{move || if lang.get() == Lang::En && !en.is_empty() { en.clone() } else { zh.clone() }}</span>
            {fix.map(|f| {
                let (fzh, fen) = (f.zh.clone(), f.en.clone());
                let (tzh, ten) = (f.zh.clone(), f.en.clone());
                view! {
                    <button
                        class="fix"
                        data-testid="fix"
                        title=move || if lang.get() == Lang::En { ten.clone() } else { tzh.clone() }
                        on:click=move |_| {
                            if editor.apply(f.edit.clone()) {
                                editor.notice.set(Some(Say::info(
                                    format!("已修正：{fzh}"),
                                    format!("Fixed: {fen}"),
                                )));
                            }
                        }
                    >
                        {move || lang.get().pick("修正", "Fix")}
                    </button>
                }
            })}
            {help.map(|h| view! { <span class="help">{h}</span> })}
        </li>
    }
}
