//! The root: restores the session, derives the report, autosaves, and lays out the page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::diagnostics::Findings;
use super::form_card::FormCard;
use super::input_panel::InputPanel;
use super::intro::Intro;
use crate::app::editor::{Editor, Filter, Say, FORMS_PER_STEP};
use crate::app::i18n::{tr, Lang};
use crate::app::state::Doc;
#[cfg(feature = "autosave")]
use crate::app::state::{
    restore, stamp, Saved, Session, Unrestorable, FORK_SUFFIX, OLD_STORAGE_KEY, SESSION_V2_KEY,
    SET_ASIDE_KEY, STORAGE_KEY,
};
use crate::core::diagnostic::Severity;

/// A desk of one blank document.
fn blank_desk() -> (Vec<Doc>, usize) {
    (
        vec![Doc {
            id: 1,
            ..Doc::default()
        }],
        0,
    )
}

/// What a tab knows of the saved desk, so that two tabs on one desk never overwrite each
/// other's work unseen.
#[derive(Debug, Clone, Default)]
pub struct Tab {
    /// This tab's number, drawn when the page opened.
    pub id: u64,
    /// The revision of the saved desk this tab last read or wrote.
    pub known: u64,
    /// Another tab saved the desk after this one read it: this tab saves apart from then on,
    /// under the desk's key and [`FORK_SUFFIX`] with its number.
    pub apart: bool,
    /// Desks kept apart by other tabs that this one took in when it opened: removed once the
    /// desk that holds them is saved.
    pub taken: Vec<String>,
}

/// The saved desk, or a fresh one, what to tell the user about the saved state, and what this
/// tab knows of it. Desks that tabs kept apart are taken in, after the desk's own documents.
/// The one-document session of the version before is taken over, and the bare text of the
/// first. `key` is the host's autosave key (none: nothing is restored); the older keys are read
/// only for the page's own.
#[cfg(feature = "autosave")]
fn load_saved(key: Option<&str>) -> (Vec<Doc>, usize, Option<Say>, Tab) {
    let mut tab = Tab {
        id: (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64 + 1,
        ..Tab::default()
    };
    let store = key.and_then(|_| window().local_storage().ok().flatten());
    let (Some(store), Some(key)) = (store, key) else {
        let (d, a) = blank_desk();
        return (d, a, None, tab);
    };
    let page = key == STORAGE_KEY;
    let older: &[&str] = if page { &[SESSION_V2_KEY] } else { &[] };
    let mut found: Option<Saved> = None;
    let mut say = None;
    for key in std::iter::once(key).chain(older.iter().copied()) {
        let Ok(Some(raw)) = store.get_item(key) else {
            continue;
        };
        match restore(&raw) {
            Ok(saved) => {
                tab.known = saved.rev;
                found = Some(saved);
            }
            Err(why) => {
                // Set aside, never thrown away: the raw state stays in the browser.
                let _ = store.set_item(SET_ASIDE_KEY, &raw);
                let _ = store.remove_item(key);
                say = Some(match why {
                    Unrestorable::OtherVersion(v) => Say::alert(
                        format!("上次保存的内容来自另一版本（第 {v} 版），无法恢复；已另存在本浏览器（{SET_ASIDE_KEY}），本页从空白开始。"),
                        format!("The saved work comes from another version (v{v}) and cannot be restored; it is kept in this browser ({SET_ASIDE_KEY}) and the page starts blank."),
                    ),
                    Unrestorable::Corrupt => Say::alert(
                        format!("上次保存的内容已损坏，无法恢复；已另存在本浏览器（{SET_ASIDE_KEY}），本页从空白开始。"),
                        format!("The saved work is damaged and cannot be restored; it is kept in this browser ({SET_ASIDE_KEY}) and the page starts blank."),
                    ),
                });
            }
        }
        break;
    }
    // Desks other tabs kept apart.
    let prefix = format!("{key}{FORK_SUFFIX}");
    let apart: Vec<String> = (0..store.length().unwrap_or(0))
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|k| k.starts_with(&prefix))
        .collect();
    let mut taken_docs = 0;
    for k in apart {
        let Some(other) = store
            .get_item(&k)
            .ok()
            .flatten()
            .and_then(|raw| restore(&raw).ok())
        else {
            continue;
        };
        let desk = found.get_or_insert_with(|| Saved::of(&[], 0));
        let before = desk.docs.len();
        desk.take_in(other);
        taken_docs += desk.docs.len() - before;
        tab.taken.push(k);
    }
    if taken_docs > 0 && say.is_none() {
        say = Some(Say::info(
            format!("另一个标签页另存的 {taken_docs} 个文档已载入工作台（排在后面）。"),
            format!("{taken_docs} documents another tab kept apart are back on the desk (after the others)."),
        ));
    }
    if let Some(saved) = found {
        let (d, a) = saved.into_docs();
        return (d, a, say, tab);
    }
    // The first version saved the bare text.
    if let (true, Ok(Some(text))) = (page && say.is_none(), store.get_item(OLD_STORAGE_KEY)) {
        let docs = vec![Doc {
            id: 1,
            session: Session::new(text),
            ..Doc::default()
        }];
        return (docs, 0, None, tab);
    }
    let (d, a) = blank_desk();
    (d, a, say, tab)
}

/// Without the `autosave` feature (the widget) nothing is restored.
#[cfg(not(feature = "autosave"))]
fn load_saved(_key: Option<&str>) -> (Vec<Doc>, usize, Option<Say>, Tab) {
    let (d, a) = blank_desk();
    (d, a, None, Tab::default())
}

/// Writes the desk to localStorage under `key`, or apart from it once another tab saved the
/// same desk after this one read it (said once, as `Ok(Some(..))`); says so when the browser
/// refuses (quota, privacy mode).
#[cfg(feature = "autosave")]
fn save(editor: &Editor, key: &str, tab: &mut Tab) -> Result<Option<Say>, Say> {
    let Some(store) = window().local_storage().ok().flatten() else {
        return Ok(None);
    };
    let stored = store.get_item(key).ok().flatten();
    let stored_stamp = stored.as_deref().and_then(stamp);
    let mut say = None;
    if !tab.apart && Saved::written_over(stored_stamp, tab.id, tab.known) {
        tab.apart = true;
        say = Some(Say::alert(
            "另一个标签页刚保存了这个工作台。为不覆盖那边的修改，本标签页此后的修改另行保存；下次打开本页时，两边的文档都会载入。",
            "Another tab has just saved this desk. So as not to overwrite its work, this tab saves its changes apart from now on; the next time the page opens, both tabs' documents are loaded.",
        ));
    }
    let target = if tab.apart {
        format!("{key}{FORK_SUFFIX}{}", tab.id)
    } else {
        key.to_string()
    };
    let old: &[&str] = if key == STORAGE_KEY && !tab.apart {
        &[SESSION_V2_KEY, OLD_STORAGE_KEY]
    } else {
        &[]
    };
    if editor.desk_is_blank() {
        for key in std::iter::once(target.as_str()).chain(old.iter().copied()) {
            let _ = store.remove_item(key);
        }
        return Ok(say);
    }
    let mut saved = editor.saved();
    saved.writer = tab.id;
    saved.rev = if tab.apart {
        tab.known
    } else {
        stored_stamp.map_or(0, |(_, rev)| rev).max(tab.known) + 1
    };
    let json = serde_json::to_string(&saved).unwrap_or_default();
    match store.set_item(&target, &json) {
        Ok(()) => {
            if !tab.apart {
                tab.known = saved.rev;
                for key in old.iter().copied().chain(tab.taken.iter().map(String::as_str)) {
                    let _ = store.remove_item(key);
                }
                tab.taken.clear();
            }
            Ok(say)
        }
        Err(_) => Err(Say::alert(
            "浏览器存储空间已满，无法自动保存；修改仍在本页中，请先导出（JSON 或 Excel）再关闭页面。",
            "The browser's storage is full, so autosave failed; your work is still in this page: export it (JSON or Excel) before closing.",
        )),
    }
}

/// Undo and redo from the keyboard, outside the text area and the cell being edited (they
/// keep their own).
fn on_undo_key(editor: Editor, ev: &web_sys::KeyboardEvent) {
    if !(ev.ctrl_key() || ev.meta_key()) || editor.readonly.get_untracked() {
        return;
    }
    // Inside a shadow root the event's target is the widget's host: its composed path's first
    // element is the one focused.
    let target = ev
        .composed_path()
        .get(0)
        .dyn_into::<web_sys::Element>()
        .ok();
    let in_text = target
        .map(|e| matches!(e.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT"))
        .unwrap_or(false);
    if in_text {
        return;
    }
    let key = ev.key().to_lowercase();
    let redo = key == "y" || (key == "z" && ev.shift_key());
    if key == "z" || key == "y" {
        ev.prevent_default();
        editor.session.update(|s| {
            if redo {
                s.redo();
            } else {
                s.undo();
            }
        });
    }
}

/// The whole page, or a widget's editor (by the [`Host`](crate::app::host::Host) in context).
#[component]
pub fn App() -> impl IntoView {
    let host = crate::app::host::use_host();
    let embedded = host.with_value(|h| h.embedded());
    let storage_key = host.with_value(|h| h.storage_key.clone());
    let lang = RwSignal::new(Lang::Zh);
    provide_context(lang);
    let (docs, active, restored, tab) = load_saved(storage_key.as_deref());
    let editor = Editor::provide(docs, active);
    editor.notice.set(restored);
    let session = editor.session;
    let report = editor.report;

    if let Some(key) = storage_key {
        autosave(editor, key, tab);
    }
    if let Some(ready) = use_context::<crate::app::host::Ready>() {
        *ready.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((editor, lang));
    }
    Effect::new(move |_| {
        let code = lang.get().code();
        host.with_value(|h| h.set_lang(code));
    });
    match host.with_value(|h| h.frame.clone()) {
        None => {
            let keys =
                window_event_listener(leptos::ev::keydown, move |ev| on_undo_key(editor, &ev));
            on_cleanup(move || keys.remove());
        }
        Some(frame) => {
            let cb = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(
                move |ev: web_sys::KeyboardEvent| on_undo_key(editor, &ev),
            );
            let _ = frame.add_event_listener_with_callback("keydown", cb.as_ref().unchecked_ref());
            let held = StoredValue::new_local(Some((frame, cb)));
            on_cleanup(move || {
                if let Some((frame, cb)) = held.try_update_value(Option::take).flatten() {
                    let _ = frame.remove_event_listener_with_callback(
                        "keydown",
                        cb.as_ref().unchecked_ref(),
                    );
                }
            });
        }
    }

    let empty = move || session.with(|s| s.text.trim().is_empty() && !s.has_edits());
    let counts = Memo::new(move |_| {
        report.with(|r| {
            let n = |sev| r.diagnostics.iter().filter(|d| d.severity == sev).count();
            (
                r.forms.len(),
                r.forms.iter().map(|f| f.indicators.len()).sum::<usize>(),
                r.diagnostics.len(),
                n(Severity::Error),
                n(Severity::Warning),
            )
        })
    });
    let summary = move || {
        let (forms, indicators, all, _, _) = counts.get();
        if editor.reading.get() {
            let mb = editor.text.with(|t| t.len()) as f64 / (1024.0 * 1024.0);
            return match lang.get() {
                Lang::Zh => format!("正在后台读取 {mb:.1} MB 的文字……本页可照常使用。"),
                Lang::En => {
                    format!("Reading {mb:.1} MB of text in the background … the page stays usable.")
                }
            };
        }
        match lang.get() {
            Lang::Zh => format!("识别出 {forms} 张表，{indicators} 个指标，{all} 条提示"),
            Lang::En => format!("{forms} forms, {indicators} indicators, {all} findings"),
        }
    };
    let announce = move || {
        if empty() {
            return String::new();
        }
        let (forms, _, _, errors, warnings) = counts.get();
        match lang.get() {
            Lang::Zh => format!("检查完成：{forms} 张表，{errors} 个错误，{warnings} 个警告。"),
            Lang::En => format!("Checked: {forms} forms, {errors} errors, {warnings} warnings."),
        }
    };
    let form_count = Memo::new(move |_| report.with(|r| r.forms.len()));
    let sentinel: NodeRef<leptos::html::Div> = NodeRef::new();
    // More forms render as the end of the list comes into view.
    Effect::new(move |_| {
        let Some(el) = sentinel.get() else { return };
        crate::app::editor::when_seen(&el, None, "800px", move || {
            if editor.shown.get_untracked() < form_count.get_untracked() {
                editor.shown.update(|n| *n += FORMS_PER_STEP);
            }
        });
    });
    // A new text starts again with the first forms.
    Effect::new(move |_| {
        editor.text.track();
        editor.shown.set(FORMS_PER_STEP);
    });

    view! {
        <header class="top no-print">
            {(!embedded).then(|| view! { <h1>{tr("绩效表检查", "Performance form checker")} <small>"Jixiao · 绩效"</small></h1> })}
            <p class="privacy">{tr(
                "全部在本机浏览器内完成，表格内容不会上传。",
                "Everything runs in this browser; the form never leaves your machine.",
            )}</p>
            <label class="profile">
                {tr("评分方案", "Scoring")}
                " "
                <select
                    data-testid="profile"
                    prop:value=move || editor.profile.get()
                    on:change:target=move |ev| editor.profile.set(ev.target().value())
                >
                    <option value="10+90">{tr("预算执行 10 + 指标 90（默认）", "budget 10 + indicators 90 (default)")}</option>
                    <option value="20+80">{tr("预算执行 20 + 指标 80", "budget 20 + indicators 80")}</option>
                    <option value="10+90:60/20/10">{tr("10 + 90，产出 60 / 效益 20 / 满意度 10", "10 + 90, output 60 / benefit 20 / satisfaction 10")}</option>
                    // A profile the host set that is none of these.
                    {move || {
                        let p = editor.profile.get();
                        (!matches!(p.as_str(), "10+90" | "20+80" | "10+90:60/20/10")).then(|| view! { <option value=p.clone()>{p.clone()}</option> })
                    }}
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
        <super::desk::Desk />
        <main>
            <InputPanel />
            <section class="results">
                <p class="sr-only" aria-live="polite" data-testid="announce">{announce}</p>
                {move || editor.notice.get().map(|say| {
                    let role = if say.alert { "alert" } else { "status" };
                    let class = if say.alert { "notice alert" } else { "notice" };
                    view! {
                        <p class=class role=role data-testid="message">
                            {move || say.pick(lang.get()).to_string()}
                            " "
                            <button class="small no-print" data-testid="dismiss" on:click=move |_| editor.notice.set(None)>
                                {move || lang.get().pick("知道了", "Dismiss")}
                            </button>
                        </p>
                    }
                })}
                <Show when=move || !empty() fallback=|| view! { <Intro /> }>
                    {move || (editor.desk.with(Vec::len) > 1).then(|| {
                        let name = move || {
                            let at = editor.active.get();
                            let en = lang.get() == Lang::En;
                            editor.desk.with(|d| d.get(at).and_then(|d| d.name.clone())).unwrap_or_else(|| crate::app::queue::pasted_name(en).to_string())
                        };
                        view! { <p class="viewing" data-testid="viewing">{tr("正在查看：", "Viewing: ")}<b>{name}</b></p> }
                    })}
                    <div class="toolbar no-print">
                        <p class="summary" data-testid="summary" aria-busy=move || editor.reading.get().to_string()>{summary}</p>
                        <label class="filter">
                            {tr("显示", "Show")}
                            " "
                            <select
                                data-testid="filter"
                                on:change:target=move |ev| editor.filter.set(if ev.target().value() == "errors" { Filter::Errors } else { Filter::All })
                            >
                                <option value="all" selected=true>{tr("全部提示", "all findings")}</option>
                                <option value="errors">{tr("仅错误", "errors only")}</option>
                            </select>
                        </label>
                    </div>
                    <super::export_bar::ExportBar />
                    <For
                        each=move || 0..form_count.get().min(editor.shown.get())
                        key=|i| *i
                        let:i
                    >
                        <FormCard index=i />
                    </For>
                    <div node_ref=sentinel class="sentinel">
                        {move || (form_count.get() > editor.shown.get()).then(|| view! {
                            <button data-testid="show-more" on:click=move |_| editor.shown.update(|n| *n += FORMS_PER_STEP)>
                                {move || match lang.get() {
                                    Lang::Zh => format!("显示更多（还有 {} 张）", form_count.get() - editor.shown.get()),
                                    Lang::En => format!("Show more ({} more forms)", form_count.get() - editor.shown.get()),
                                }}
                            </button>
                        })}
                    </div>
                    {move || (form_count.get() == 0).then(|| {
                        let all = Signal::derive(move || report.with(|r| r.diagnostics.iter().cloned().enumerate().collect::<Vec<_>>()));
                        view! { <Findings findings=all /> }
                    })}
                </Show>
            </section>
        </main>
    }
}

/// Without the `autosave` feature (the widget) nothing is saved.
#[cfg(not(feature = "autosave"))]
fn autosave(_editor: Editor, _key: String, _tab: Tab) {}

/// Saves the desk under `key` a moment after the last change, and at once before the page goes
/// away or the editor is taken down.
#[cfg(feature = "autosave")]
fn autosave(editor: Editor, key: String, tab: Tab) {
    let session = editor.session;
    let pending = StoredValue::new(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
    let save_failed = RwSignal::new(false);
    let key = StoredValue::new(key);
    let tab = StoredValue::new(tab);
    let save_now = move || {
        let saved = key.with_value(|k| tab.try_update_value(|t| save(&editor, k, t)));
        let saved = match saved {
            Some(s) => s,
            None => return,
        };
        match saved {
            Ok(say) => {
                if say.is_some() {
                    editor.notice.set(say);
                } else if save_failed.get_untracked() {
                    save_failed.set(false);
                    editor.notice.set(None);
                }
            }
            Err(say) => {
                save_failed.set(true);
                editor.notice.set(Some(say));
            }
        }
    };
    Effect::new(move |first: Option<()>| {
        session.track();
        editor.desk.track();
        if first.is_none() {
            return;
        }
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let h = set_timeout_with_handle(
            move || {
                pending.set_value(None);
                save_now();
            },
            std::time::Duration::from_millis(250),
        )
        .ok();
        pending.set_value(h);
    });
    // A change not yet saved is saved at once.
    let flush = move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
            pending.set_value(None);
            let _ = key.try_with_value(|k| tab.try_update_value(|t| save(&editor, k, t)));
        }
    };
    // Desks other tabs kept apart, taken in at load, are saved into this one at once.
    if tab.with_value(|t| !t.taken.is_empty()) {
        save_now();
    }
    let unload = window_event_listener(leptos::ev::pagehide, move |_| flush());
    on_cleanup(move || {
        unload.remove();
        flush();
    });
}
