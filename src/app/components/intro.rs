//! What the page says when there is no text yet.

use leptos::prelude::*;

use crate::app::i18n::{tr, use_lang};
use crate::core::rules::RULES;

/// A few lines on what the page does, shown while the text area is empty.
#[component]
pub fn Intro() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="intro" data-testid="intro">
            <h2>{tr("把绩效表的文本粘贴到左侧", "Paste a performance form's text on the left")}</h2>
            <ul>
                <li>{tr(
                    "支持绩效目标表、目标申报表、批复表、项目和部门整体自评表，一次可粘贴多张。",
                    "Target tables, declarations, approvals, project and department self-evaluations; several at once.",
                )}</li>
                <li>{tr(
                    "在 Excel、Word 或 PDF 中选中整张表复制即可；也可把 .txt 文件拖到输入框。",
                    "Select the whole table in Excel, Word or a PDF viewer and copy it, or drop a .txt file on the box.",
                )}</li>
                <li>{tr(
                    "页面即时列出每张表的字段和指标，并标出不一致之处。",
                    "Each form's fields and indicators appear at once, with every inconsistency flagged.",
                )}</li>
                <li>{tr(
                    "没有现成的表？点左侧的示例试试。",
                    "No form at hand? Try one of the examples on the left.",
                )}</li>
            </ul>
            <details class="rules">
                <summary>{tr("本版检查的规则", "Rules this version checks")}</summary>
                <ul>
                    {RULES
                        .iter()
                        .map(|r| view! {
                            <li data-testid="rule">
                                <code>{r.code}</code>" "
                                {move || lang.get().pick(r.title_zh, r.title_en)}
                            </li>
                        })
                        .collect_view()}
                </ul>
            </details>
        </div>
    }
}
