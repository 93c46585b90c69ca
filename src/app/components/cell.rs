//! One editable field, spreadsheet style: it shows the value; Enter, F2, a double click or
//! typing edits it; Enter or Tab commits, Esc cancels; the arrow keys move between cells.
//! A committed change is one `Edit` of the form, so the checks rerun and undo takes it back.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::editor::{cell_id, field_of, use_editor, RowData};
use crate::app::i18n::{use_lang, Lang};
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::edit::{get_form, get_indicator, Edit};
use crate::core::model::Form;

/// Where a cell reads its value.
#[derive(Clone, Copy)]
pub enum Source {
    Form(Memo<Option<Form>>),
    Row(Memo<Option<RowData>>),
}

/// An editable field of a form (`indicator: None`) or of one of its indicators.
#[component]
pub fn Cell(
    /// Where the value comes from: the form (header, fund, goal and score fields) or one
    /// indicator's row.
    source: Source,
    /// The form's index in the report.
    index: usize,
    /// The findings that may name this field: the form's own (header level) or the row's.
    findings: Memo<Vec<(usize, Diagnostic)>>,
    /// The indicator, or none for a header, fund or score field.
    #[prop(optional)]
    indicator: Option<usize>,
    /// The contract's field name (`weight`, `funds.total`, `scores.total`, `goals.0.text`).
    #[prop(into)]
    field: String,
    /// The field's name for screen readers and the tooltip, in both languages.
    #[prop(optional)]
    label: Option<(&'static str, &'static str)>,
    /// Extra classes (`num`).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let editor = use_editor();
    let lang = use_lang();
    let id = cell_id(index, indicator, &field);
    let data_field = field.clone();
    let field = StoredValue::new(field);
    let text = Memo::new(move |_| {
        field.with_value(|name| match source {
            Source::Form(form) => form.with(|f| f.as_ref().and_then(|f| get_form(f, name))),
            Source::Row(row) => row.with(|r| r.as_ref().and_then(|r| get_indicator(&r.ind, name))),
        })
    });
    let mine = Memo::new(move |_| {
        findings.with(|ds| {
            ds.iter()
                .filter(|(_, d)| {
                    d.indicator == indicator
                        && field.with_value(|name| field_of(d).as_deref() == Some(name.as_str()))
                })
                .map(|(_, d)| d.clone())
                .collect::<Vec<_>>()
        })
    });
    let worst = move || {
        mine.with(|ds| {
            ds.iter().map(|d| d.severity).min_by_key(|s| match s {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            })
        })
    };
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let readonly = editor.readonly;
    let span: NodeRef<leptos::html::Span> = NodeRef::new();
    let input: NodeRef<leptos::html::Input> = NodeRef::new();

    let start = move |initial: Option<String>| {
        if readonly.get_untracked() {
            return;
        }
        draft.set(initial.unwrap_or_else(|| text.get_untracked().unwrap_or_default()));
        editing.set(true);
    };
    // The input takes the focus as soon as it is in the page, so no keystroke is lost.
    Effect::new(move |_| {
        if let Some(i) = input.get() {
            let _ = i.focus();
            let len = i.value().encode_utf16().count() as u32;
            let _ = i.set_selection_range(len, len);
        }
    });
    let commit = move || {
        if !editing.get_untracked() {
            return;
        }
        editing.set(false);
        let value = input
            .get_untracked()
            .map(|i| i.value())
            .unwrap_or_else(|| draft.get_untracked());
        if value.trim() != text.get_untracked().unwrap_or_default().trim() {
            editor.apply(Edit::Set {
                form: index,
                indicator,
                field: field.get_value(),
                value,
            });
        }
    };
    let refocus = move || {
        request_animation_frame(move || {
            if let Some(s) = span.get_untracked() {
                let _ = s.focus();
            }
        });
    };

    let on_cell_key = move |ev: web_sys::KeyboardEvent| {
        if editing.get_untracked() {
            return;
        }
        let key = ev.key();
        let el: web_sys::Element = match ev.current_target().and_then(|t| t.dyn_into().ok()) {
            Some(e) => e,
            None => return,
        };
        match key.as_str() {
            "Enter" | "F2" => {
                ev.prevent_default();
                start(None);
            }
            "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" => {
                ev.prevent_default();
                move_focus(&el, &key);
            }
            "Tab" => {
                ev.prevent_default();
                move_focus(
                    &el,
                    if ev.shift_key() {
                        "ArrowLeft"
                    } else {
                        "ArrowRight"
                    },
                );
            }
            "Delete" | "Backspace" if !readonly.get_untracked() => {
                ev.prevent_default();
                if text.get_untracked().is_some() {
                    editor.apply(Edit::Set {
                        form: index,
                        indicator,
                        field: field.get_value(),
                        value: String::new(),
                    });
                }
            }
            k if k.chars().count() == 1 && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() => {
                ev.prevent_default();
                start(Some(k.to_string()));
            }
            _ => {}
        }
    };
    let on_input_key = move |ev: web_sys::KeyboardEvent| {
        ev.stop_propagation();
        match ev.key().as_str() {
            "Enter" => {
                ev.prevent_default();
                commit();
                refocus();
            }
            "Escape" => {
                ev.prevent_default();
                editing.set(false);
                refocus();
            }
            "Tab" => {
                ev.prevent_default();
                commit();
                let back = ev.shift_key();
                request_animation_frame(move || {
                    if let Some(s) = span.get_untracked() {
                        move_focus(&s, if back { "ArrowLeft" } else { "ArrowRight" });
                    }
                });
            }
            _ => {}
        }
    };

    let aria = move || match label {
        Some((zh, en)) => lang.get().pick(zh, en).to_string(),
        None => field.get_value(),
    };
    let classes = move || {
        let mut c = String::from("cell");
        if !class.is_empty() {
            c.push(' ');
            c.push_str(class);
        }
        if text.with(|t| t.is_none()) {
            c.push_str(" blank");
        }
        if let Some(s) = worst() {
            c.push_str(" flagged ");
            c.push_str(s.as_str());
        }
        if editing.get() {
            c.push_str(" editing");
        }
        c
    };
    // The findings on this field, shown on hover and focus (style.css) and read out with it.
    let tip = move || {
        let lang = lang.get();
        mine.with(|ds| {
            (!ds.is_empty()).then(|| {
                ds.iter()
                    .map(|d| {
                        let msg = if lang == Lang::En && !d.message_en.is_empty() {
                            &d.message_en
                        } else {
                            &d.message
                        };
                        format!("{} {}", d.code, msg)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        })
    };
    view! {
        <span
            node_ref=span
            id=id
            class=classes
            tabindex="0"
            data-testid="cell"
            data-field=data_field
            aria-label=aria
            aria-readonly=move || if readonly.get() { "true" } else { "false" }
            data-tip=tip
            aria-description=tip
            on:keydown=on_cell_key
            on:dblclick=move |_| start(None)
        >
            {move || {
                if editing.get() {
                    view! {
                        <input
                            node_ref=input
                            class="cell-input"
                            data-testid="cell-input"
                            prop:value=move || draft.get_untracked()
                            on:keydown=on_input_key
                            on:blur=move |_| commit()
                        />
                    }
                        .into_any()
                } else {
                    view! { <span class="text">{move || text.get().unwrap_or_default()}</span> }.into_any()
                }
            }}
        </span>
    }
}

/// Moves the focus from one cell to the next in the direction of an arrow key: within an
/// indicator row left and right, between rows up and down (same field); elsewhere in the
/// order of the cells inside their group (`[data-grid]`).
pub fn move_focus(from: &web_sys::Element, key: &str) {
    let field = from.get_attribute("data-field").unwrap_or_default();
    let target = if let Some(row) = from.closest("tr").ok().flatten() {
        match key {
            "ArrowUp" | "ArrowDown" => {
                let mut next = if key == "ArrowUp" {
                    row.previous_element_sibling()
                } else {
                    row.next_element_sibling()
                };
                let mut found = None;
                while let Some(r) = next {
                    if let Ok(Some(c)) =
                        r.query_selector(&format!("[data-testid=cell][data-field=\"{field}\"]"))
                    {
                        found = Some(c);
                        break;
                    }
                    next = if key == "ArrowUp" {
                        r.previous_element_sibling()
                    } else {
                        r.next_element_sibling()
                    };
                }
                found
            }
            _ => sibling_cell(&row, from, key == "ArrowLeft"),
        }
    } else {
        from.closest("[data-grid]")
            .ok()
            .flatten()
            .and_then(|g| sibling_cell(&g, from, matches!(key, "ArrowLeft" | "ArrowUp")))
    };
    if let Some(t) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = t.focus();
    }
}

/// The cell before or after `from` among the cells inside `scope`.
fn sibling_cell(
    scope: &web_sys::Element,
    from: &web_sys::Element,
    back: bool,
) -> Option<web_sys::Element> {
    let cells = scope.query_selector_all("[data-testid=cell]").ok()?;
    let n = cells.length();
    let at = (0..n).find(|&k| {
        cells
            .item(k)
            .map(|c| c.is_same_node(Some(from.unchecked_ref())))
            .unwrap_or(false)
    })?;
    let next = if back { at.checked_sub(1)? } else { at + 1 };
    cells.item(next)?.dyn_into().ok()
}
