//! The paste area, the drop zone, the examples and undo.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::i18n::{tr, use_lang, Lang};
use crate::app::state::{Session, EXAMPLES, MAX_FILE_BYTES};

/// Reads a dropped or chosen file as text, or says why it cannot.
async fn read_file(file: web_sys::File, lang: Lang) -> Result<String, String> {
    let name = file.name();
    if file.size() > MAX_FILE_BYTES {
        return Err(match lang {
            Lang::Zh => format!("文件“{name}”超过 20 MB，请只复制需要检查的表格。"),
            Lang::En => format!("“{name}” is larger than 20 MB; copy only the forms to check."),
        });
    }
    let lower = name.to_lowercase();
    if [".xlsx", ".xls", ".docx", ".doc", ".pdf", ".wps", ".et"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return Err(match lang {
            Lang::Zh => format!("“{name}”不是文本文件：请在 Excel、Word 或 PDF 中选中表格，复制后粘贴到这里，或另存为 .txt。"),
            Lang::En => format!("“{name}” is not a text file: select the table in Excel, Word or the PDF viewer and paste it here, or save it as .txt."),
        });
    }
    let blob = gloo::file::Blob::from(file);
    match gloo::file::futures::read_as_text(&blob).await {
        Ok(text)
            if text.contains('\u{FFFD}')
                && !text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) =>
        {
            Err(match lang {
                Lang::Zh => format!(
                    "“{name}”不是 UTF-8 文本（可能是 GBK 编码）：请用记事本另存为 UTF-8 后再试。"
                ),
                Lang::En => format!(
                    "“{name}” is not UTF-8 text (perhaps GBK): save it as UTF-8 and try again."
                ),
            })
        }
        Ok(text) => Ok(text),
        Err(e) => Err(match lang {
            Lang::Zh => format!("无法读取“{name}”：{e}"),
            Lang::En => format!("Cannot read “{name}”: {e}"),
        }),
    }
}

/// The left column: paste area with drop zone, examples, undo / redo / clear.
#[component]
pub fn InputPanel() -> impl IntoView {
    let session = expect_context::<RwSignal<Session>>();
    let lang = use_lang();
    let message = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);

    let load_file = move |file: web_sys::File| {
        let lang = lang.get_untracked();
        spawn_local(async move {
            match read_file(file, lang).await {
                Ok(text) => {
                    message.set(None);
                    session.update(|s| s.replace(text));
                }
                Err(e) => message.set(Some(e)),
            }
        });
    };

    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|f| f.get(0))
        {
            load_file(file);
        } else if let Some(text) = ev
            .data_transfer()
            .and_then(|dt| dt.get_data("text/plain").ok())
        {
            if !text.is_empty() {
                session.update(|s| s.replace(text));
            }
        }
    };

    view! {
        <section class="input">
            <label for="form-text" class="label">
                {tr("表格文本（粘贴或拖入 .txt 文件）", "Form text (paste, or drop a .txt file)")}
            </label>
            <textarea
                id="form-text"
                data-testid="input"
                class:dragging=move || dragging.get()
                spellcheck="false"
                placeholder=move || lang.get().pick(
                    "在此粘贴从 Excel、Word 或 PDF 复制的绩效表……",
                    "Paste a performance form copied from Excel, Word or a PDF here…",
                )
                prop:value=move || session.with(|s| s.text.clone())
                on:input:target=move |ev| {
                    let v = ev.target().value();
                    session.update(|s| s.edit(v));
                }
                on:dragover=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            ></textarea>
            <div class="row">
                <label class="file button">
                    {tr("打开文件…", "Open file…")}
                    <input
                        type="file"
                        accept=".txt,.tsv,.csv,text/plain"
                        data-testid="file"
                        on:change:target=move |ev| {
                            if let Some(file) = ev.target().files().and_then(|f| f.get(0)) {
                                load_file(file);
                            }
                            ev.target().set_value("");
                        }
                    />
                </label>
                <button
                    data-testid="undo"
                    disabled=move || !session.with(Session::can_undo)
                    on:click=move |_| session.update(|s| { s.undo(); })
                >
                    {tr("撤销替换", "Undo")}
                </button>
                <button
                    data-testid="redo"
                    disabled=move || !session.with(Session::can_redo)
                    on:click=move |_| session.update(|s| { s.redo(); })
                >
                    {tr("重做", "Redo")}
                </button>
                <button
                    data-testid="clear"
                    disabled=move || session.with(|s| s.text.is_empty())
                    on:click=move |_| session.update(|s| s.replace(String::new()))
                >
                    {tr("清空", "Clear")}
                </button>
            </div>
            {move || message.get().map(|m| view! { <p class="message" role="alert" data-testid="message">{m}</p> })}
            <div class="examples">
                <span>{tr("示例：", "Examples:")}</span>
                {EXAMPLES
                    .iter()
                    .map(|(stem, zh, en, text)| {
                        view! {
                            <button
                                class="example"
                                data-testid="example"
                                data-example=*stem
                                on:click=move |_| {
                                    message.set(None);
                                    session.update(|s| s.replace(text.to_string()));
                                }
                            >
                                {move || lang.get().pick(zh, en)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}
