//! The editor's shared state, handed to every component by context: the session, the text's
//! reading, the current (edited and re-checked) report, and what the page says about them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::i18n::Lang;
use crate::app::state::Session;
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
    pub session: RwSignal<Session>,
    pub profile: RwSignal<String>,
    /// The session's text, as a memo: what depends on the text alone does not rerun on edits.
    pub text: Memo<String>,
    /// The text as read, before any check or edit: the forms edits start from (so that what
    /// a scoring profile fills in is never taken for what the form states).
    pub parsed: Memo<Report>,
    /// The text as read and checked, before any edit.
    pub read: Memo<Report>,
    /// The forms as edited, re-checked: what the page shows and exports.
    pub report: Memo<Report>,
    /// The last thing the page has to say (an edit refused, a fix applied, a file read).
    pub notice: RwSignal<Option<Say>>,
    /// Source lines to highlight in the text area.
    pub lines: RwSignal<Option<[usize; 2]>>,
    pub filter: RwSignal<Filter>,
    /// How many forms are rendered (the rest come as the page scrolls to them).
    pub shown: RwSignal<usize>,
}

/// Forms rendered at first and added each time the end of the list comes into view.
pub const FORMS_PER_STEP: usize = 20;

impl Editor {
    /// Builds the editor over a session and provides it (and the session) as context.
    pub fn provide(session: Session) -> Editor {
        let session = RwSignal::new(session);
        let profile = RwSignal::new("10+90".to_string());
        let text = Memo::new(move |_| session.with(|s| s.text.clone()));
        let profile_of = move || profile.with(|p| Profile::parse(p).unwrap_or_default());
        let parsed = Memo::new(move |_| text.with(|t| crate::parse(t)));
        let read = Memo::new(move |_| {
            let p = profile_of();
            parsed.with(|r| crate::check_report(r, &p))
        });
        let edited = Memo::new(move |_| session.with(|s| s.edited.clone()));
        let report = Memo::new(move |_| {
            let p = profile_of();
            let checked = match edited.get() {
                None => read.get(),
                Some(forms) => {
                    let diagnostics = parsed.with(|r| r.diagnostics.clone());
                    crate::check_report(&Report { forms, diagnostics }, &p)
                }
            };
            // A self-evaluation held against its target form when the text holds both.
            let mut one = [(String::new(), checked)];
            crate::core::desk::add_cross_findings(&mut one);
            let [(_, report)] = one;
            report
        });
        let editor = Editor {
            session,
            profile,
            text,
            parsed,
            read,
            report,
            notice: RwSignal::new(None),
            lines: RwSignal::new(None),
            filter: RwSignal::new(Filter::All),
            shown: RwSignal::new(FORMS_PER_STEP),
        };
        provide_context(session);
        provide_context(editor);
        editor
    }

    /// Applies an edit as one undoable step; says why when it is refused. True when applied.
    pub fn apply(&self, edit: Edit) -> bool {
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
        request_animation_frame(move || {
            let doc = document();
            if let Some(el) = ids.iter().find_map(|id| doc.get_element_by_id(id)) {
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

/// Scrolls an element into view and highlights it for a moment.
pub fn flash(el: &web_sys::Element) {
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    let _ = el.class_list().add_1("flash");
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        if h.tab_index() >= 0 {
            let _ = h.focus();
        }
    }
    let el = el.clone();
    set_timeout(
        move || {
            let _ = el.class_list().remove_1("flash");
        },
        std::time::Duration::from_millis(1600),
    );
}
