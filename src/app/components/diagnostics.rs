//! The list of findings of one form.

use leptos::prelude::*;

use crate::app::i18n::{use_lang, Lang};
use crate::core::diagnostic::Diagnostic;

/// Diagnostics, each with its code, severity, message and line.
#[component]
pub fn DiagnosticList(
    /// The diagnostics to show, in source order.
    diagnostics: Vec<Diagnostic>,
) -> impl IntoView {
    let lang = use_lang();
    (!diagnostics.is_empty()).then(|| {
        view! {
            <ul class="diagnostics">
                {diagnostics
                    .into_iter()
                    .map(|d| {
                        let sev = d.severity;
                        let (zh, en) = (d.message.clone(), d.message_en.clone());
                        let help = d.help.clone();
                        view! {
                            <li class=format!("diagnostic {}", sev.as_str()) data-testid="diagnostic" data-code=d.code.clone() data-line=d.lines[0]>
                                <span class="sev">{move || lang.get().pick(sev.zh(), sev.as_str())}</span>
                                <code>{d.code.clone()}</code>
                                <span class="where">{move || match lang.get() {
                                    Lang::Zh => format!("第 {} 行", d.lines[0]),
                                    Lang::En => format!("line {}", d.lines[0]),
                                }}</span>
                                <span class="msg">{move || if lang.get() == Lang::En && !en.is_empty() { en.clone() } else { zh.clone() }}</span>
                                {help.map(|h| view! { <span class="help">{h}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
