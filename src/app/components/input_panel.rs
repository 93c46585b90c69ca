//! The paste area, the drop zone, the examples and undo.

use leptos::prelude::*;
use leptos::task::spawn_local;

use leptos::leptos_dom::helpers::TimeoutHandle;
use wasm_bindgen::JsCast;

use crate::app::editor::{use_editor, Say};
use crate::app::i18n::{tr, use_lang};
use crate::app::state::{Session, EXAMPLES};

/// Reads a dropped or chosen file into text, or says why it cannot.
async fn read_file(file: web_sys::File) -> Result<(String, Say), Say> {
    use crate::core::files::{read_file, FileError, MAX_FILE_BYTES};
    let name = file.name();
    if file.size() > MAX_FILE_BYTES as f64 {
        // Checked before reading, so a huge file is never loaded into memory.
        let mb = MAX_FILE_BYTES / (1024 * 1024);
        return Err(Say::alert(
            format!("文件“{name}”超过 {mb} MB：请只复制需要检查的表格，或拆分文件。"),
            format!(
                "“{name}” is larger than {mb} MB: copy only the forms to check, or split the file."
            ),
        ));
    }
    let blob = gloo::file::Blob::from(file);
    let bytes = gloo::file::futures::read_as_bytes(&blob)
        .await
        .map_err(|e| {
            Say::alert(
                format!("无法读取“{name}”：{e}"),
                format!("Cannot read “{name}”: {e}"),
            )
        })?;
    match read_file(&name, &bytes) {
        Ok(read) => {
            let (zh, en) = (read.source.zh(), read.source.en());
            let say = if read.sheets > 1 {
                Say::info(
                    format!("已读取“{name}”：{zh}，{} 个工作表。", read.sheets),
                    format!("Read “{name}”: {en}, {} sheets.", read.sheets),
                )
            } else {
                Say::info(
                    format!("已读取“{name}”：{zh}。"),
                    format!("Read “{name}”: {en}."),
                )
            };
            Ok((read.text, say))
        }
        Err(FileError { zh, en, .. }) => Err(Say::alert(zh, en)),
    }
}

/// Texts longer than this are re-read a moment after typing stops, not on every keystroke.
const TYPING_DEBOUNCE_BYTES: usize = 20_000;
/// The text area's line height in pixels (style.css sets the same).
const LINE_PX: f64 = 20.0;
/// The text area's top padding in pixels (style.css sets the same).
const PAD_PX: f64 = 8.0;

/// The left column: paste area with drop zone and line highlight, examples, undo / redo / clear.
#[component]
pub fn InputPanel() -> impl IntoView {
    let editor = use_editor();
    let session = editor.session;
    let lang = use_lang();
    let dragging = RwSignal::new(false);
    let scroll = RwSignal::new(0.0f64);
    let area: NodeRef<leptos::html::Textarea> = NodeRef::new();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // What the text area holds, as far as the page knows: a text is written into it only when
    // it differs (writing a long text lays the whole area out again).
    let shown = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let text = editor.text.get();
        if let Some(el) = area.get() {
            if shown.with_value(|s| s.as_deref() != Some(text.as_str())) {
                el.set_value(&text);
                shown.set_value(Some(text));
            }
        }
    });

    let load_file = move |file: web_sys::File| {
        spawn_local(async move {
            match read_file(file).await {
                Ok((text, say)) => {
                    let had_edits = session.with_untracked(Session::has_edits);
                    session.update(|s| s.replace(text));
                    editor.notice.set(Some(if had_edits {
                        Say::info(
                            format!("{} 之前的修改可用“撤销”找回。", say.zh),
                            format!(
                                "{} Your earlier edits are kept: Undo brings them back.",
                                say.en
                            ),
                        )
                    } else {
                        say
                    }));
                }
                Err(e) => editor.notice.set(Some(e)),
            }
        });
    };
    let replace_text = move |text: String| {
        let had_edits = session.with_untracked(Session::has_edits);
        session.update(|s| s.replace(text));
        editor.notice.set(had_edits.then(|| {
            Say::info(
                "已替换为新的文本；之前的修改可用“撤销”找回。",
                "Replaced by the new text; Undo brings your earlier edits back.",
            )
        }));
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
                replace_text(text);
            }
        }
    };
    let on_input = move |ev: web_sys::Event| {
        let Some(el) = area.get_untracked() else {
            return;
        };
        let v = el.value();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let paste = ev
            .dyn_ref::<web_sys::InputEvent>()
            .map(|e| e.input_type() == "insertFromPaste" || e.input_type() == "insertFromDrop")
            .unwrap_or(true);
        if session.with_untracked(Session::has_edits) {
            editor.notice.set(Some(Say::info(
                "文本已改动，表格按新文本重新读取；之前在表格中的修改可用“撤销”找回。",
                "The text changed, so the forms are read from it again; Undo brings back your edits in the forms.",
            )));
        }
        if v.len() < TYPING_DEBOUNCE_BYTES || paste {
            session.update(|s| s.edit(v));
        } else {
            // A long text is re-read once typing pauses: keystrokes never wait for a parse.
            let h = set_timeout_with_handle(
                move || {
                    if let Some(el) = area.get_untracked() {
                        let v = el.value();
                        shown.set_value(Some(v.clone()));
                        session.update(|s| s.edit(v));
                    }
                },
                std::time::Duration::from_millis(300),
            )
            .ok();
            pending.set_value(h);
        }
    };
    // The highlighted lines follow the text area's scroll.
    let band = move || {
        editor.lines.get().map(|[a, b]| {
            let top = PAD_PX + (a.saturating_sub(1)) as f64 * LINE_PX - scroll.get();
            let height = (b.max(a) - a + 1) as f64 * LINE_PX;
            format!("top:{top}px;height:{height}px")
        })
    };
    // Bringing the highlighted lines into view in the text area.
    Effect::new(move |_| {
        if let (Some([a, _]), Some(el)) = (editor.lines.get(), area.get_untracked()) {
            let top = PAD_PX + (a.saturating_sub(1)) as f64 * LINE_PX;
            let h = el.client_height() as f64;
            let cur = el.scroll_top() as f64;
            if top < cur || top > cur + h - 2.0 * LINE_PX {
                el.set_scroll_top((top - h / 3.0).max(0.0) as i32);
            }
        }
    });

    view! {
        <section class="input no-print">
            <label for="form-text" class="label">
                {tr("表格文本（粘贴，或拖入 .xlsx / .docx / .txt / .csv 文件）", "Form text (paste, or drop an .xlsx, .docx, .txt or .csv file)")}
            </label>
            <div class="area" class:dragging=move || dragging.get()>
                {move || band().map(|style| view! { <div class="band" style=style aria-hidden="true"></div> })}
                <textarea
                    id="form-text"
                    node_ref=area
                    data-testid="input"
                    spellcheck="false"
                    wrap="off"
                    placeholder=move || lang.get().pick(
                        "在此粘贴从 Excel、Word 或 PDF 复制的绩效表……",
                        "Paste a performance form copied from Excel, Word or a PDF here…",
                    )
                    on:input=on_input
                    on:scroll=move |_| {
                        if let Some(el) = area.get_untracked() {
                            scroll.set(el.scroll_top() as f64);
                        }
                    }
                    on:dragover=move |ev: web_sys::DragEvent| {
                        ev.prevent_default();
                        dragging.set(true);
                    }
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=on_drop
                ></textarea>
            </div>
            <div class="row">
                <label class="file button">
                    {tr("打开文件…", "Open file…")}
                    <input
                        type="file"
                        accept=".txt,.tsv,.csv,.xlsx,.docx,text/plain,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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
                    title=move || lang.get().pick("撤销（Ctrl+Z）", "Undo (Ctrl+Z)")
                    disabled=move || !session.with(Session::can_undo)
                    on:click=move |_| session.update(|s| { s.undo(); })
                >
                    {tr("撤销", "Undo")}
                </button>
                <button
                    data-testid="redo"
                    title=move || lang.get().pick("重做（Ctrl+Shift+Z 或 Ctrl+Y）", "Redo (Ctrl+Shift+Z or Ctrl+Y)")
                    disabled=move || !session.with(Session::can_redo)
                    on:click=move |_| session.update(|s| { s.redo(); })
                >
                    {tr("重做", "Redo")}
                </button>
                <button
                    data-testid="clear"
                    disabled=move || session.with(|s| s.text.is_empty() && !s.has_edits())
                    on:click=move |_| replace_text(String::new())
                >
                    {tr("清空", "Clear")}
                </button>
            </div>
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
                                on:click=move |_| replace_text(text.to_string())
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
