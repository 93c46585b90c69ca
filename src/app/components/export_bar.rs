//! Export: the report as JSON (a download) and the forms as tab-separated text (a download, and
//! the clipboard where the browser allows it) that pastes back into Excel. Nothing leaves the
//! machine: the files are made in the page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::editor::use_editor;
use crate::app::i18n::{tr, use_lang, Lang};
use crate::core::export::{diagnostics_to_csv, report_to_tsv, to_json};

/// Offers `content` as a file named `name`, made in the page (a Blob and an object URL).
pub fn download(name: &str, mime: &str, content: &str) -> Result<(), String> {
    download_parts(name, mime, &js_sys_array(content))
}

/// Offers bytes as a file named `name`.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let arr = web_sys::js_sys::Array::new();
    arr.push(&web_sys::js_sys::Uint8Array::from(bytes));
    download_parts(name, mime, &arr.into())
}

fn download_parts(name: &str, mime: &str, parts: &wasm_bindgen::JsValue) -> Result<(), String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options)
        .map_err(|_| "Blob".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "URL".to_string())?;
    let a: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(|_| "a".to_string())?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn js_sys_array(content: &str) -> wasm_bindgen::JsValue {
    let arr = web_sys::js_sys::Array::new();
    arr.push(&wasm_bindgen::JsValue::from_str(content));
    arr.into()
}

/// Buttons that export the current report: its forms as edited, and its findings.
#[component]
pub fn ExportBar() -> impl IntoView {
    let lang = use_lang();
    let editor = use_editor();
    let report = editor.report;
    let message = RwSignal::new(None::<&'static str>);
    // Nothing to export until a long text's reading comes back from the worker.
    let busy = move || editor.reading.get();
    let save_json = move |_| {
        let json = report.with(to_json);
        let _ = download("jixiao-report.json", "application/json", &json);
    };
    let save_tsv = move |_| {
        let tsv = report.with(report_to_tsv);
        let _ = download("jixiao-forms.tsv", "text/tab-separated-values", &tsv);
    };
    let save_csv = move |_| {
        let en = lang.get_untracked() == Lang::En;
        let csv = report.with(|r| diagnostics_to_csv(r, en));
        let _ = download("jixiao-findings.csv", "text/csv;charset=utf-8", &csv);
    };
    let copy_tsv = move |_| {
        let tsv = report.with(report_to_tsv);
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(&tsv);
        let lang = lang.get_untracked();
        leptos::task::spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            message.set(Some(match (ok, lang) {
                (true, Lang::Zh) => "已复制，可直接粘贴到 Excel。",
                (true, _) => "Copied: paste it into Excel.",
                (false, Lang::Zh) => "浏览器未允许写入剪贴板，请改用“下载表格文本”。",
                (false, _) => "The browser did not allow the clipboard; download the text instead.",
            }));
        });
    };
    let print = move |_| {
        // Every form is printed, not only those rendered so far.
        editor.shown.set(usize::MAX / 2);
        request_animation_frame(|| {
            let _ = window().print();
        });
    };
    view! {
        <div class="export row no-print">
            {xlsx_button(editor)}
            <button data-testid="export-tsv" disabled=busy on:click=save_tsv>{tr("下载表格文本", "Download TSV")}</button>
            <button data-testid="copy-tsv" disabled=busy on:click=copy_tsv>{tr("复制为表格文本", "Copy as table text")}</button>
            <button data-testid="export-json" disabled=busy on:click=save_json>{tr("下载 JSON", "Download JSON")}</button>
            <button data-testid="export-csv" disabled=busy on:click=save_csv>{tr("导出问题清单（CSV）", "Findings as CSV")}</button>
            <button class="print" data-testid="print" disabled=busy on:click=print>{tr("打印", "Print")}</button>
            {move || message.get().map(|m| view! { <span class="note" role="status">{m}</span> })}
        </div>
    }
}

/// 导出 Excel: the report's forms as a workbook (with the `office` feature; the embedded widget
/// leaves it out for its size).
#[cfg(feature = "office")]
fn xlsx_button(editor: crate::app::editor::Editor) -> impl IntoView {
    let report = editor.report;
    let save_xlsx = move |_| {
        let made = report.with(crate::core::xlsx_out::report_to_xlsx);
        save_xlsx(editor, "jixiao-forms.xlsx", made);
    };
    view! { <button data-testid="export-xlsx" disabled=move || editor.reading.get() on:click=save_xlsx>{tr("导出 Excel", "Export Excel")}</button> }
}

#[cfg(not(feature = "office"))]
fn xlsx_button(_editor: crate::app::editor::Editor) -> impl IntoView {}

/// Downloads a workbook made for an export, or says why it could not be made.
#[cfg(feature = "office")]
pub fn save_xlsx(editor: crate::app::editor::Editor, name: &str, made: Result<Vec<u8>, String>) {
    match made {
        Ok(bytes) => {
            let _ = download_bytes(
                name,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &bytes,
            );
        }
        Err(e) => editor.notice.set(Some(crate::app::editor::Say::alert(
            format!("无法生成 Excel 文件：{e}"),
            format!("Could not make the Excel file: {e}"),
        ))),
    }
}
