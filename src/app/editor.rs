//! The editor's shared state, handed to every component by context: the session, the text's
//! reading, the current (edited and re-checked) report, and what the page says about them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::i18n::Lang;
use std::sync::Arc;

pub use crate::app::queue::desk_refs;
use crate::app::state::{Doc, Session};
use crate::core::edit::Edit;
use crate::core::model::{Form, Report};
use crate::core::score::Profile;

/// A sentence for the user, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Say {
    pub zh: String,
    pub en: String,
    /// Errors are announced at once (`role="alert"`), the rest politely.
    pub alert: bool,
}

impl Say {
    pub fn info(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Say {
            zh: zh.into(),
            en: en.into(),
            alert: false,
        }
    }

    pub fn alert(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Say {
            zh: zh.into(),
            en: en.into(),
            alert: true,
        }
    }

    pub fn pick(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Which findings the lists show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Errors,
}

/// Everything the components share.
#[derive(Clone, Copy)]
pub struct Editor {
    /// The session of the document the editor shows (the active one of the desk).
    pub session: RwSignal<Session>,
    pub profile: RwSignal<String>,
    /// The session's text, as a memo: what depends on the text alone does not rerun on edits.
    pub text: Memo<String>,
    /// The text as read, before any check or edit: the forms edits start from (so that what
    /// a scoring profile fills in is never taken for what the form states).
    pub parsed: Memo<Report>,
    /// The text as read and checked, before any edit.
    pub read: Memo<Report>,
    /// True while a long text is being read in the worker (its reports are empty till then).
    pub reading: Memo<bool>,
    /// The forms as edited, re-checked, before they are held against the desk's other forms.
    pub own: Memo<Report>,
    /// The forms as edited, re-checked, with the cross-form findings against every other form
    /// on the desk: what the page shows and exports.
    pub report: Memo<Report>,
    /// The desk: every document, the active one included (its entry's session is the one in
    /// `session` as it was when it became active; `session` is the live one).
    pub desk: RwSignal<Vec<Doc>>,
    /// Each document's report under the current profile, by document id; the active one's is
    /// `own`.
    pub reports: RwSignal<Vec<(u64, Arc<Report>)>>,
    /// The index in `desk` of the document the editor shows.
    pub active: RwSignal<usize>,
    /// The cross-form findings of the whole desk: (index in `desk`, finding).
    pub cross: Memo<Arc<Vec<(usize, crate::Diagnostic)>>>,
    /// The last thing the page has to say (an edit refused, a fix applied, a file read).
    pub notice: RwSignal<Option<Say>>,
    /// Source lines to highlight in the text area.
    pub lines: RwSignal<Option<[usize; 2]>>,
    pub filter: RwSignal<Filter>,
    /// How many forms are rendered (the rest come as the page scrolls to them).
    pub shown: RwSignal<usize>,
    /// Files being read onto the desk.
    pub progress: RwSignal<Option<Progress>>,
    /// Shown, never edited (a widget's `readonly`): no typing, no edits, no files.
    pub readonly: RwSignal<bool>,
    /// The page, or the widget's shadow root (what element ids are looked up in).
    pub host: StoredValue<crate::app::host::Host, LocalStorage>,
}

/// How far the reading of a batch of files has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub failed: usize,
}

/// Forms rendered at first and added each time the end of the list comes into view.
pub const FORMS_PER_STEP: usize = 20;

impl Editor {
    /// Builds the editor over a desk and provides it (and the active session) as context.
    pub fn provide(docs: Vec<Doc>, active: usize) -> Editor {
        let active_at = active.min(docs.len().saturating_sub(1));
        let first = docs
            .get(active_at)
            .map(|d| d.session.clone())
            .unwrap_or_default();
        let profile = RwSignal::new("10+90".to_string());
        let p = Profile::parse(&profile.get_untracked()).unwrap_or_default();
        let reports: Vec<(u64, Arc<Report>)> = docs
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != active_at)
            .map(|(_, d)| (d.id, Arc::new(d.session.report(&p))))
            .collect();
        let session = RwSignal::new(first);
        let desk = RwSignal::new(docs);
        let reports = RwSignal::new(reports);
        let active = RwSignal::new(active_at);
        let text = Memo::new(move |_| session.with(|s| s.text.clone()));
        let profile_of = move || profile.with(|p| Profile::parse(p).unwrap_or_default());
        let host = crate::app::host::use_host();
        let (parsed, read, reading) = crate::app::reader::readings(text, profile, host);
        let edited = Memo::new(move |_| session.with(|s| s.edited.clone()));
        let own = Memo::new(move |_| {
            let p = profile_of();
            match edited.get() {
                None => read.get(),
                Some(forms) => {
                    let diagnostics = parsed.with(|r| r.diagnostics.clone());
                    crate::check_report(&Report { forms, diagnostics }, &p)
                }
            }
        });
        let cross = Memo::new(move |_| {
            let at = active.get();
            desk.with(|docs| {
                reports.with(|rs| {
                    own.with(|live| {
                        let refs = desk_refs(docs, rs, at, live);
                        Arc::new(crate::core::desk::cross_check(&refs))
                    })
                })
            })
        });
        let report = Memo::new(move |_| {
            let at = active.get();
            let mut r = own.get();
            let found: Vec<_> = cross.with(|c| {
                c.iter()
                    .filter(|(k, _)| *k == at)
                    .map(|(_, d)| d.clone())
                    .collect()
            });
            crate::core::desk::merge(&mut r, found);
            r
        });
        // Another profile scores every document again.
        Effect::new(move |first: Option<()>| {
            let p = profile_of();
            if first.is_none() {
                return;
            }
            let at = active.get_untracked();
            let fresh = desk.with_untracked(|docs| {
                docs.iter()
                    .enumerate()
                    .filter(|(k, _)| *k != at)
                    .map(|(_, d)| (d.id, Arc::new(d.session.report(&p))))
                    .collect()
            });
            reports.set(fresh);
        });
        let editor = Editor {
            session,
            profile,
            text,
            parsed,
            read,
            reading,
            own,
            report,
            desk,
            reports,
            active,
            cross,
            notice: RwSignal::new(None),
            lines: RwSignal::new(None),
            filter: RwSignal::new(Filter::All),
            shown: RwSignal::new(FORMS_PER_STEP),
            progress: RwSignal::new(None),
            readonly: RwSignal::new(false),
            host,
        };
        provide_context(session);
        provide_context(editor);
        editor
    }

    /// The current profile.
    pub fn profile_now(&self) -> Profile {
        self.profile
            .with_untracked(|p| Profile::parse(p).unwrap_or_default())
    }

    /// The desk as saved: the active document with its live session.
    pub fn saved(&self) -> crate::app::state::Saved {
        let at = self.active.get_untracked();
        self.desk.with_untracked(|docs| {
            let mut saved = crate::app::state::Saved::of(docs, at);
            if let Some(d) = saved.docs.get_mut(at) {
                self.session.with_untracked(|s| {
                    d.text = s.text.clone();
                    d.edited = s.edited.clone();
                });
            }
            saved
        })
    }

    /// True when the desk holds nothing but a blank document.
    pub fn desk_is_blank(&self) -> bool {
        let at = self.active.get_untracked();
        let others_blank = self.desk.with_untracked(|docs| {
            docs.iter()
                .enumerate()
                .all(|(k, d)| k == at || d.is_blank())
        });
        others_blank
            && self
                .session
                .with_untracked(|s| s.text.trim().is_empty() && !s.has_edits())
    }

    /// Puts the live session back into the desk, with its report, before another document
    /// becomes active.
    fn park_active(&self) {
        let at = self.active.get_untracked();
        let live = self.session.get_untracked();
        // A text still being read in the worker is read here: the desk needs its report now.
        let report = Arc::new(if self.reading.get_untracked() {
            live.report(&self.profile_now())
        } else {
            self.own.get_untracked()
        });
        let mut id = None;
        self.desk.update(|docs| {
            if let Some(d) = docs.get_mut(at) {
                d.session = live;
                id = Some(d.id);
            }
        });
        if let Some(id) = id {
            self.reports.update(|rs| {
                rs.retain(|(k, _)| *k != id);
                rs.push((id, report));
            });
        }
    }

    /// Makes the document at `index` the active one, the previous one parked (or removed).
    fn set_active(&self, index: usize) {
        let (id, next) = self
            .desk
            .with_untracked(|docs| (docs[index].id, docs[index].session.clone()));
        self.reports.update(|rs| rs.retain(|(k, _)| *k != id));
        self.lines.set(None);
        self.shown.set(FORMS_PER_STEP);
        self.active.set(index);
        self.session.set(next);
    }

    /// Shows the document at `index` of the desk in the editor.
    pub fn activate(&self, index: usize) {
        let at = self.active.get_untracked();
        if index == at || index >= self.desk.with_untracked(Vec::len) {
            return;
        }
        self.park_active();
        self.set_active(index);
    }

    /// Opens one form of the desk: its document in the editor, the form brought into view.
    pub fn open(&self, doc: usize, form: usize) {
        self.activate(doc);
        if self.shown.get_untracked() <= form {
            self.shown.set(form + 1);
        }
        let id = form_id(form);
        let host = self.host;
        request_animation_frame(move || {
            if let Some(el) = host.try_with_value(|h| h.by_id(&id)).flatten() {
                flash(&el);
            }
        });
    }

    /// Adds documents, each with its report under the current profile, to the end of the
    /// desk. Returns the id given to the first that could be read.
    pub fn add_docs(&self, new: Vec<(Doc, Report)>) -> Option<u64> {
        let next_id = self
            .desk
            .with_untracked(|d| d.iter().map(|d| d.id).max().unwrap_or(0))
            + 1;
        let mut docs = Vec::with_capacity(new.len());
        let mut fresh = Vec::with_capacity(new.len());
        for ((mut d, r), id) in new.into_iter().zip(next_id..) {
            d.id = id;
            fresh.push((id, Arc::new(r)));
            docs.push(d);
        }
        if docs.is_empty() {
            return None;
        }
        let readable = docs.iter().find(|d| d.error.is_none()).map(|d| d.id);
        self.desk.update(|d| d.extend(docs));
        self.reports.update(|rs| rs.extend(fresh));
        readable
    }

    /// Shows the document of id `id` in the editor; a blank active document (nothing typed,
    /// nothing to undo) gives way to it.
    pub fn present(&self, id: u64) {
        let Some(mut index) = self
            .desk
            .with_untracked(|d| d.iter().position(|d| d.id == id))
        else {
            return;
        };
        let at = self.active.get_untracked();
        if index == at {
            return;
        }
        let blank = self.desk.with_untracked(|d| d[at].error.is_none())
            && self
                .session
                .with_untracked(|s| s.text.trim().is_empty() && !s.has_edits() && !s.can_undo());
        if blank {
            // The blank document leaves no trace (it has no report: it was active).
            self.desk.update(|d| {
                d.remove(at);
            });
            if at < index {
                index -= 1;
            }
        } else {
            self.park_active();
        }
        self.set_active(index);
    }

    /// Takes a document off the desk; returns it (for the undo of the removal) with its index.
    pub fn remove_doc(&self, index: usize) -> Option<(usize, Doc)> {
        if index >= self.desk.with_untracked(Vec::len) {
            return None;
        }
        self.park_active();
        let at = self.active.get_untracked();
        let mut gone = Doc::default();
        self.desk.update(|d| gone = d.remove(index));
        self.reports.update(|rs| rs.retain(|(k, _)| *k != gone.id));
        if self.desk.with_untracked(Vec::is_empty) {
            let id = gone.id + 1;
            self.desk.update(|d| {
                d.push(Doc {
                    id,
                    ..Doc::default()
                })
            });
        }
        let len = self.desk.with_untracked(Vec::len);
        let next = match index.cmp(&at) {
            std::cmp::Ordering::Less => at - 1,
            std::cmp::Ordering::Equal => index.min(len - 1),
            std::cmp::Ordering::Greater => at,
        };
        self.set_active(next);
        Some((index, gone))
    }

    /// Puts a removed document back where it was, and shows it.
    pub fn restore_doc(&self, index: usize, doc: Doc) {
        let p = self.profile_now();
        self.park_active();
        let report = Arc::new(doc.session.report(&p));
        let id = doc.id;
        let index = index.min(self.desk.with_untracked(Vec::len));
        // A blank document left in the removed one's stead gives way.
        if self
            .desk
            .with_untracked(|d| d.len() == 1 && d[0].is_blank())
        {
            let gone = self.desk.with_untracked(|d| d[0].id);
            self.reports.update(|rs| rs.retain(|(k, _)| *k != gone));
            self.desk.update(Vec::clear);
        }
        let index = index.min(self.desk.with_untracked(Vec::len));
        self.desk.update(|d| d.insert(index, doc));
        self.reports.update(|rs| rs.push((id, report)));
        self.set_active(index);
    }

    /// Applies an edit as one undoable step; says why when it is refused. True when applied.
    pub fn apply(&self, edit: Edit) -> bool {
        if self.readonly.get_untracked() {
            return false;
        }
        let parsed = self.parsed;
        let mut refused = None;
        self.session.update(|s| {
            if let Err(e) = parsed.with_untracked(|r| s.apply(&edit, &r.forms)) {
                refused = Some(e);
            }
        });
        match refused {
            Some(e) => {
                self.notice.set(Some(Say::alert(e.zh, e.en)));
                false
            }
            None => true,
        }
    }

    /// One form of the current report, as a memo that changes only when that form does.
    pub fn form(&self, index: usize) -> Memo<Option<Form>> {
        let report = self.report;
        Memo::new(move |_| report.with(|r| r.forms.get(index).cloned()))
    }

    /// The findings of one form, with their index in the report, as a memo.
    pub fn findings(&self, index: usize) -> Memo<Vec<(usize, crate::Diagnostic)>> {
        let report = self.report;
        Memo::new(move |_| {
            report.with(|r| {
                r.diagnostics
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.form == index)
                    .map(|(k, d)| (k, d.clone()))
                    .collect()
            })
        })
    }

    /// Brings a finding's place into view and highlights it, and its lines in the text area.
    pub fn reveal(&self, d: &crate::Diagnostic) {
        self.lines.set(Some(d.lines));
        if self.shown.get_untracked() <= d.form {
            self.shown.set(d.form + 1);
        }
        let ids = place_ids(d);
        let host = self.host;
        request_animation_frame(move || {
            let found = host.try_with_value(|h| ids.iter().find_map(|id| h.by_id(id)));
            if let Some(el) = found.flatten() {
                flash(&el);
            }
        });
    }
}

/// One form of the report as its components see it.
#[derive(Clone, Copy)]
pub struct FormCtx {
    pub form: Memo<Option<Form>>,
    /// All the form's findings, with their index in the report.
    pub findings: Memo<Vec<(usize, crate::Diagnostic)>>,
    /// Those that name no indicator (header, fund, score fields).
    pub own: Memo<Vec<(usize, crate::Diagnostic)>>,
    pub index: usize,
}

impl FormCtx {
    pub fn new(editor: &Editor, index: usize) -> Self {
        let findings = editor.findings(index);
        let own = Memo::new(move |_| {
            findings.with(|ds| {
                ds.iter()
                    .filter(|(_, d)| d.indicator.is_none())
                    .cloned()
                    .collect()
            })
        });
        FormCtx {
            form: editor.form(index),
            findings,
            own,
            index,
        }
    }
}

/// One indicator's row as its cells see it: the indicator, and whether its 一级 / 二级 repeat
/// the row above. Each row is its own memo, so an edit repaints only the row it changed (and a
/// table's cells do not all hang on the form).
#[derive(Debug, Clone, PartialEq)]
pub struct RowData {
    pub ind: crate::Indicator,
    pub same1: bool,
    pub same2: bool,
    pub last: bool,
}

/// The editor from context.
pub fn use_editor() -> Editor {
    expect_context::<Editor>()
}

/// The element id of an editable field (`c-0-3-weight`, `c-0-x-funds.total`).
pub fn cell_id(form: usize, indicator: Option<usize>, field: &str) -> String {
    match indicator {
        Some(i) => format!("c-{form}-{i}-{field}"),
        None => format!("c-{form}-x-{field}"),
    }
}

/// The element id of an indicator's row.
pub fn row_id(form: usize, indicator: usize) -> String {
    format!("r-{form}-{indicator}")
}

/// The element id of a form's card.
pub fn form_id(form: usize) -> String {
    format!("form-{form}")
}

/// The field a finding names, as the editor's cells name it (the score card's fields carry
/// the `scores.` prefix there).
pub fn field_of(d: &crate::Diagnostic) -> Option<String> {
    let f = d.field.as_deref()?;
    Some(match f {
        "budget_score" | "execution_rate" | "indicator_score" | "total" | "budget_points" => {
            format!("scores.{f}")
        }
        "grade" => "scores.grade".to_string(),
        _ => f.to_string(),
    })
}

/// Where a finding points, most precise first: its cell, its row, its form.
fn place_ids(d: &crate::Diagnostic) -> Vec<String> {
    let mut ids = Vec::new();
    if let Some(f) = field_of(d) {
        ids.push(cell_id(d.form, d.indicator, &f));
    }
    if let Some(i) = d.indicator {
        ids.push(row_id(d.form, i));
    }
    ids.push(form_id(d.form));
    ids
}

/// Calls `on_seen` each time `el` comes within `margin` of view (of `root`'s, or the page's
/// when `None`), until the calling owner is cleaned up: how lists draw more as they are
/// scrolled to their end.
pub fn when_seen(
    el: &web_sys::Element,
    root: Option<&web_sys::Element>,
    margin: &str,
    on_seen: impl Fn() + 'static,
) {
    let cb = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::js_sys::Array)>::new(
        move |entries: web_sys::js_sys::Array| {
            let seen = entries.iter().any(|e| {
                e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if seen {
                on_seen();
            }
        },
    );
    let opts = web_sys::IntersectionObserverInit::new();
    opts.set_root(root);
    opts.set_root_margin(margin);
    if let Ok(obs) =
        web_sys::IntersectionObserver::new_with_options(cb.as_ref().unchecked_ref(), &opts)
    {
        obs.observe(el);
        // The callback lives as long as the observer, and both go with the owner.
        let held = StoredValue::new_local(Some((obs, cb)));
        on_cleanup(move || {
            if let Some((obs, _cb)) = held.try_update_value(Option::take).flatten() {
                obs.disconnect();
            }
        });
    }
}

/// Scrolls an element into view and highlights it for a moment (a CSS animation: no timer
/// is left running).
pub fn flash(el: &web_sys::Element) {
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    // Taken off and put back (after a layout) so that the animation plays again.
    let _ = el.class_list().remove_1("flash");
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.offset_width();
        let _ = h.class_list().add_1("flash");
        if h.tab_index() >= 0 {
            let _ = h.focus();
        }
    }
}
