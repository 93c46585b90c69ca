//! The paste area, the drop zone, the examples and undo.

use leptos::prelude::*;
use leptos::task::spawn_local;

use leptos::leptos_dom::helpers::TimeoutHandle;
use wasm_bindgen::JsCast;

use crate::app::editor::{use_editor, Editor, Progress, Say};
use crate::app::i18n::{tr, use_lang};
#[cfg(feature = "examples")]
use crate::app::state::EXAMPLES;
use crate::app::state::{Doc, Session};

/// GB18030 text decoded by the browser's own `TextDecoder` (so the page ships no tables of
/// its own); U+FFFD for bytes that do not decode.
fn browser_gb18030(bytes: &[u8]) -> String {
    web_sys::TextDecoder::new_with_label("gb18030")
        .and_then(|d| d.decode_with_u8_array(bytes))
        .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
}

/// Reads a dropped or chosen file into text, or says why it cannot.
async fn read_file(file: web_sys::File) -> Result<(String, Say), Say> {
    use crate::core::files::{read_file_with, FileError, MAX_FILE_BYTES};
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
    match read_file_with(&name, &bytes, browser_gb18030) {
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

/// The files of a file list, in order.
pub fn file_list(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|k| list.get(k)).collect()
}

/// The extensions a folder's files are read for; the rest of a folder (pictures, hidden files)
/// is passed over.
const FOLDER_EXTENSIONS: &[&str] = &[
    ".txt", ".tsv", ".csv", ".xlsx", ".docx", ".xls", ".doc", ".wps", ".et",
];

/// A file's name as the desk shows it: its path inside a folder that was opened, else its name.
fn shown_name(file: &web_sys::File) -> String {
    web_sys::js_sys::Reflect::get(file, &"webkitRelativePath".into())
        .ok()
        .and_then(|v| v.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name())
}

/// Lets the page paint and handle input before the next file is read.
async fn next_tick() {
    let promise = web_sys::js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Files read onto the desk at most this often (milliseconds), so the table grows in steps,
/// not once a file.
const FLUSH_MS: f64 = 200.0;

/// Reads files onto the desk, one after the other, showing the progress. A file that cannot
/// be read gets its row with the reason; the rest go on. The first file read is shown in the
/// editor once all are read. From a folder (`folder`), only form files are read.
pub fn load_files(editor: Editor, files: Vec<web_sys::File>, folder: bool) {
    let (files, passed_over): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| {
        let name = f.name().to_lowercase();
        !folder || (!name.starts_with('.') && FOLDER_EXTENSIONS.iter().any(|e| name.ends_with(e)))
    });
    let total = files.len();
    if total == 0 {
        if folder {
            editor.notice.set(Some(Say::alert(
                "文件夹中没有可读取的表格文件（.xlsx、.docx、.txt、.csv）。",
                "The folder holds no form files (.xlsx, .docx, .txt, .csv).",
            )));
        }
        return;
    }
    let skipped = passed_over.len();
    editor.progress.set(Some(Progress {
        done: 0,
        total,
        failed: 0,
    }));
    spawn_local(async move {
        let profile = editor.profile_now();
        let mut batch = Vec::new();
        let mut first = None;
        let mut failed = 0;
        let mut forms = 0;
        let mut last = None;
        let mut flushed = web_sys::js_sys::Date::now();
        for (k, file) in files.into_iter().enumerate() {
            let name = shown_name(&file);
            let doc = match read_file(file).await {
                Ok((text, say)) => {
                    last = Some(say);
                    let doc = Doc {
                        name: Some(name),
                        session: Session::new(text),
                        ..Doc::default()
                    };
                    let report = doc.session.report(&profile);
                    forms += report.forms.len();
                    (doc, report)
                }
                Err(say) => {
                    failed += 1;
                    let doc = Doc {
                        name: Some(name),
                        error: Some((say.zh.clone(), say.en.clone())),
                        ..Doc::default()
                    };
                    last = Some(say);
                    (doc, crate::Report::default())
                }
            };
            batch.push(doc);
            editor.progress.set(Some(Progress {
                done: k + 1,
                total,
                failed,
            }));
            let now = web_sys::js_sys::Date::now();
            // The table grows in steps; the editor shows the first file once all are read
            // (drawing its forms between files would hold the page up while it reads).
            if now - flushed > FLUSH_MS {
                let id = editor.add_docs(std::mem::take(&mut batch));
                first = first.or(id);
                flushed = now;
            }
            next_tick().await;
        }
        let id = editor.add_docs(batch);
        if let Some(id) = first.or(id) {
            editor.present(id);
        }
        editor.progress.set(None);
        let say = if total == 1 && skipped == 0 {
            last
        } else {
            let zh_skip = if skipped > 0 {
                format!("；跳过 {skipped} 个非表格文件")
            } else {
                String::new()
            };
            let en_skip = if skipped > 0 {
                format!("; {skipped} other files passed over")
            } else {
                String::new()
            };
            Some(if failed > 0 {
                Say::alert(
                    format!("已读取 {total} 个文件，识别出 {forms} 张表；{failed} 个文件无法读取，原因见审核台中标红的行{zh_skip}。"),
                    format!("Read {total} files: {forms} forms; {failed} files could not be read, the desk's red rows say why{en_skip}."),
                )
            } else {
                Say::info(
                    format!("已读取 {total} 个文件，识别出 {forms} 张表{zh_skip}。"),
                    format!("Read {total} files: {forms} forms{en_skip}."),
                )
            })
        };
        editor.notice.set(say);
    });
}

/// The paste area's label and the file picker's types: with the `office` feature, workbooks
/// and documents too.
#[cfg(feature = "office")]
const LABEL: (&str, &str) = (
    "表格文本（粘贴，或拖入 .xlsx / .docx / .txt / .csv 文件）",
    "Form text (paste, or drop an .xlsx, .docx, .txt or .csv file)",
);
#[cfg(feature = "office")]
const ACCEPT: &str = ".txt,.tsv,.csv,.xlsx,.docx,text/plain,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.openxmlformats-officedocument.wordprocessingml.document";
#[cfg(not(feature = "office"))]
const LABEL: (&str, &str) = (
    "表格文本（粘贴，或拖入 .txt / .tsv / .csv 文件）",
    "Form text (paste, or drop a .txt, .tsv or .csv file)",
);
#[cfg(not(feature = "office"))]
const ACCEPT: &str = ".txt,.tsv,.csv,text/plain,text/csv,text/tab-separated-values";

/// Texts longer than this are shown in the text area as their first lines ([`preview`]).
const PREVIEW_ABOVE_BYTES: usize = 256 * 1024;
/// How much of a long text the preview shows.
const PREVIEW_BYTES: usize = 64 * 1024;

/// The first lines of a long text, and a last line that says how much more the forms were
/// read from.
fn preview(text: &str, lang: crate::app::i18n::Lang) -> String {
    let (head, lines) = crate::core::files::first_part(text, PREVIEW_BYTES);
    let total = text.lines().count();
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    let note = match lang {
        crate::app::i18n::Lang::Zh => format!("……（全文 {mb:.1} MB、{total} 行，表格按全文读取；此处只显示前 {lines} 行，不能编辑。可在表格中修改，或导出后编辑。）"),
        crate::app::i18n::Lang::En => format!("… ({mb:.1} MB, {total} lines; the forms are read from all of it. Only the first {lines} lines show here, read-only: edit in the forms, or export and edit.)"),
    };
    format!("{head}\n{note}\n")
}

/// Puts `text` into the text area, as its [`preview`] when it is long; returns whether it is.
fn show_in(el: &web_sys::HtmlTextAreaElement, text: &str, lang: crate::app::i18n::Lang) -> bool {
    let long = text.len() > PREVIEW_ABOVE_BYTES;
    if long {
        el.set_value(&preview(text, lang));
    } else {
        el.set_value(text);
    }
    long
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
    // Chromium, Firefox and Safari all pick a folder with this attribute, which the view macro
    // does not know.
    let folder_input: NodeRef<leptos::html::Input> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(el) = folder_input.get() {
            let _ = el.set_attribute("webkitdirectory", "");
        }
    });
    // What the text area holds, as far as the page knows: a text is written into it only when
    // it differs (writing a long text lays the whole area out again).
    let shown = StoredValue::new(None::<String>);
    // A long text is not laid out in the text area (the browser takes some 1.8 s a MB to lay a
    // text area out): it shows the text's first lines, read-only, and the forms are read from
    // the whole text.
    let previewing = RwSignal::new(false);
    Effect::new(move |_| {
        let text = editor.text.get();
        if let Some(el) = area.get() {
            if shown.with_value(|s| s.as_deref() != Some(text.as_str())) {
                previewing.set(show_in(&el, &text, lang.get_untracked()));
                shown.set_value(Some(text));
            }
        }
    });

    // A text above the limit is held here, unread, until the user reads its first part or
    // leaves it; `big_bytes` is its size, for the offer.
    let big = StoredValue::new(None::<String>);
    let big_bytes = RwSignal::new(None::<usize>);
    let hold_big = move |text: String| {
        use crate::core::files::MAX_TEXT_BYTES;
        let mb = text.len() as f64 / (1024.0 * 1024.0);
        let limit = MAX_TEXT_BYTES / (1024 * 1024);
        // The text area goes back to the text that is read.
        if let Some(el) = area.get_untracked() {
            let current = editor.text.get_untracked();
            show_in(&el, &current, lang.get_untracked());
            shown.set_value(Some(current));
        }
        big_bytes.set(Some(text.len()));
        big.set_value(Some(text));
        editor.notice.set(Some(Say::alert(
            format!("这段文本有 {mb:.1} MB，超过一次可读取的 {limit} MB，未读取。可只读取其前 {limit} MB（整行），或分几次粘贴。"),
            format!("This text is {mb:.1} MB, more than the {limit} MB read at once, and was not read. Read its first {limit} MB (whole lines), or paste it in parts."),
        )));
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
        if editor.readonly.get_untracked() {
            return;
        }
        let files = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .map(|f| file_list(&f))
            .unwrap_or_default();
        if !files.is_empty() {
            load_files(editor, files, false);
        } else if let Some(text) = ev
            .data_transfer()
            .and_then(|dt| dt.get_data("text/plain").ok())
        {
            if text.len() > crate::core::files::MAX_TEXT_BYTES {
                hold_big(text);
            } else if !text.is_empty() {
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
        if v.len() > crate::core::files::MAX_TEXT_BYTES {
            hold_big(v);
            return;
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
            (format!("{top}px"), format!("{height}px"))
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
                {tr(LABEL.0, LABEL.1)}
            </label>
            <div class="area" class:dragging=move || dragging.get()>
                {move || band().map(|(top, height)| view! { <div class="band" style:top=top style:height=height aria-hidden="true"></div> })}
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
                    readonly=move || editor.readonly.get() || previewing.get()
                    data-preview=move || previewing.get().then_some("true")
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
            {move || big_bytes.get().map(|_| view! {
                <div class="row oversize" data-testid="oversize">
                    <button
                        data-testid="read-first-part"
                        on:click=move |_| {
                            use crate::core::files::{first_part, MAX_TEXT_BYTES};
                            let Some(text) = big.try_update_value(Option::take).flatten() else {
                                return;
                            };
                            big_bytes.set(None);
                            let (part, lines) = first_part(&text, MAX_TEXT_BYTES);
                            let part = part.to_string();
                            drop(text);
                            replace_text(part);
                            editor.notice.set(Some(Say::info(
                                format!("已读取前 {lines} 行（不超过 {} MB），其余未读取。", MAX_TEXT_BYTES >> 20),
                                format!("Read the first {lines} lines (up to {} MB); the rest was not read.", MAX_TEXT_BYTES >> 20),
                            )));
                        }
                    >
                        {move || {
                            let mb = crate::core::files::MAX_TEXT_BYTES >> 20;
                            match lang.get() {
                                crate::app::i18n::Lang::Zh => format!("只读取前 {mb} MB"),
                                crate::app::i18n::Lang::En => format!("Read the first {mb} MB"),
                            }
                        }}
                    </button>
                    <button
                        data-testid="leave-oversize"
                        on:click=move |_| {
                            big.set_value(None);
                            big_bytes.set(None);
                            editor.notice.set(None);
                        }
                    >
                        {tr("不读取", "Leave it")}
                    </button>
                </div>
            })}
            <div class="row edit-only">
                <label class="file button">
                    {tr("打开文件…", "Open files…")}
                    <input
                        type="file"
                        multiple=true
                        accept=ACCEPT
                        data-testid="file"
                        on:change:target=move |ev| {
                            if let Some(files) = ev.target().files() {
                                load_files(editor, file_list(&files), false);
                            }
                            ev.target().set_value("");
                        }
                    />
                </label>
                <label class="file button" title=move || lang.get().pick("读取文件夹中的所有表格文件", "Read every form file in a folder")>
                    {tr("打开文件夹…", "Open folder…")}
                    <input
                        type="file"
                        node_ref=folder_input
                        data-testid="folder"
                        on:change:target=move |ev| {
                            if let Some(files) = ev.target().files() {
                                load_files(editor, file_list(&files), true);
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
            {examples(replace_text)}
        </section>
    }
}

/// The seeds as examples to try (with the `examples` feature; the embedded widget leaves them
/// out).
#[cfg(feature = "examples")]
fn examples(replace_text: impl Fn(String) + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    view! {
            <div class="examples edit-only">
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
    }
}

#[cfg(not(feature = "examples"))]
fn examples(_replace_text: impl Fn(String) + Copy + Send + Sync + 'static) -> impl IntoView {}
