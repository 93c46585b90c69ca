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
    // Each group's findings are keyed by what they say: an edit re-creates only the findings
    // it changed, and the others keep their place and their fix-it.
    let of = move |sev: Severity| {
        let filter = editor.filter.get();
        if filter == Filter::Errors && sev != Severity::Error {
            return Vec::new();
        }
        findings.with(|all| {
            all.iter()
                .filter(|(_, d)| d.severity == sev)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let any = move || {
        let filter = editor.filter.get();
        findings.with(|all| {
            all.iter()
                .any(|(_, d)| filter == Filter::All || d.severity == Severity::Error)
        })
    };
    let group = move |(sev, zh, en): (Severity, &'static str, &'static str)| {
        let items = Memo::new(move |_| of(sev));
        view! {
            <Show when=move || items.with(|i| !i.is_empty())>
                <li class=format!("group {}", sev.as_str())>
                    <h3 class="group-title">{move || format!("{} {}", lang.get().pick(zh, en), items.with(Vec::len))}</h3>
                    <ul>
                        <For
                            each=move || items.get()
                            key=|(k, d)| (*k, d.code.clone(), d.message.clone(), d.indicator, d.field.clone(), d.lines)
                            let((k, d))
                        >
                            <Finding k=k d=d />
                        </For>
                    </ul>
                </li>
            </Show>
        }
    };
    view! {
        <Show when=any>
            <ul class="diagnostics">{groups.into_iter().map(group).collect_view()}</ul>
        </Show>
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
    // The repair is worked out (tried on a copy and re-checked) once the finding is on the
    // screen, so an edit repaints before the fix-its are looked for.
    let fix = RwSignal::new(None::<crate::core::fix::Fix>);
    let report = editor.report;
    let same = d.clone();
    let current = d.clone();
    set_timeout(
        move || {
            let found = report
                .try_with_untracked(|r| {
                    (r.diagnostics.get(k) == Some(&same))
                        .then(|| crate::core::fix::fix_for_with(r, k, &profile))
                        .flatten()
                })
                .flatten();
            if found.is_some() {
                fix.try_set(found);
            }
        },
        std::time::Duration::ZERO,
    );
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
            {move || fix.get().map(|f| {
                let (tzh, ten) = (f.zh.clone(), f.en.clone());
                let current = current.clone();
                view! {
                    <button
                        class="fix edit-only"
                        data-testid="fix"
                        title=move || if lang.get() == Lang::En { ten.clone() } else { tzh.clone() }
                        on:click=move |_| {
                            let profile = editor
                                .profile
                                .with_untracked(|p| crate::core::score::Profile::parse(p).unwrap_or_default());
                            // Worked out again on the report as it is now.
                            let now = editor.report.with_untracked(|r| {
                                (r.diagnostics.get(k) == Some(&current))
                                    .then(|| crate::core::fix::fix_for_with(r, k, &profile))
                                    .flatten()
                            });
                            let Some(f) = now else {
                                editor.notice.set(Some(Say::info(
                                    "这一修正已不适用：表格在此期间已改动。",
                                    "This fix no longer applies: the form has changed since.",
                                )));
                                return;
                            };
                            let (fzh, fen) = (f.zh.clone(), f.en.clone());
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
