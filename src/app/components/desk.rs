//! The reviewer's desk: every form of every document read (files dropped or picked, text
//! pasted) as one row of a table to sort and filter, the progress of a batch being read, and
//! the desk's exports. Opening a row shows its document in the editor below.

use leptos::prelude::*;

use crate::app::editor::{desk_refs, use_editor};
use crate::app::i18n::{tr, use_lang, Lang};
use crate::app::queue::{
    kind_name, passes, pasted_name, queue_rows, sort_rows, Col, Filters, QueueRow,
};
use crate::app::state::Doc;
use crate::core::desk::SummaryRow;
use crate::core::desk_out::{all_findings_to_csv, summary_to_csv};
use crate::core::export::fmt_num;
use crate::core::model::{Kind, Report};

use super::export_bar::download;

/// Moves the focus from the row an event came from to the next (or previous) row.
fn step_row(ev: &web_sys::KeyboardEvent, down: bool) {
    use wasm_bindgen::JsCast;
    let Some(row) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let next = if down {
        row.next_element_sibling()
    } else {
        row.previous_element_sibling()
    };
    if let Some(h) = next.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = h.focus();
    }
}

/// Rows drawn at first, and added each time the end of the table comes into view.
const ROWS_PER_STEP: usize = 100;

/// The desk: shown once there is more than one form or document on it, or files are being read.
#[component]
pub fn Desk() -> impl IntoView {
    let editor = use_editor();
    let lang = use_lang();
    let rows = Memo::new(move |_| {
        let at = editor.active.get();
        editor.desk.with(|docs| {
            editor.reports.with(|rs| {
                editor.own.with(|live| {
                    editor
                        .cross
                        .with(|cross| queue_rows(docs, rs, at, live, cross))
                })
            })
        })
    });
    let sort = RwSignal::new(None::<(Col, bool)>);
    let filters = RwSignal::new(Filters::default());
    let visible = Memo::new(move |_| {
        let f = filters.get();
        let mut v: Vec<QueueRow> =
            rows.with(|rs| rs.iter().filter(|r| passes(r, &f)).cloned().collect());
        if let Some((col, desc)) = sort.get() {
            sort_rows(&mut v, col, desc, lang.get() == Lang::En);
        }
        v
    });
    let docs_len = Memo::new(move |_| editor.desk.with(Vec::len));
    // Rows are drawn a hundred at a time, more as the end of the table scrolls into view.
    let limit = RwSignal::new(ROWS_PER_STEP);
    Effect::new(move |_| {
        filters.track();
        sort.track();
        limit.set(ROWS_PER_STEP);
    });
    let scroller: NodeRef<leptos::html::Div> = NodeRef::new();
    let more: NodeRef<leptos::html::Div> = NodeRef::new();
    Effect::new(move |_| {
        let (Some(root), Some(el)) = (scroller.get(), more.get()) else {
            return;
        };
        crate::app::editor::when_seen(&el, Some(&root), "400px", move || {
            if limit.get_untracked() < visible.with_untracked(Vec::len) {
                limit.update(|n| *n += ROWS_PER_STEP);
            }
        });
    });
    let removed = RwSignal::new(Vec::<(usize, Doc)>::new());
    // Shown once there is more than one form, or a file, on the desk; while files are read;
    // while a removal can be undone.
    let shown = move || {
        docs_len.get() > 1
            || editor.desk.with(|d| d.iter().any(|d| d.name.is_some()))
            || rows.with(|r| r.iter().filter(|r| r.row.is_some()).count()) > 1
            || editor.progress.with(Option::is_some)
            || !removed.with(Vec::is_empty)
    };
    // The kinds and codes present, for the filters' lists.
    let kinds = Memo::new(move |_| {
        let mut ks: Vec<Kind> = rows.with(|rs| {
            rs.iter()
                .filter_map(|r| r.row.as_ref().map(|s| s.kind))
                .collect()
        });
        crate::core::order::sort_by_key(&mut ks, |k| k.as_str());
        ks.dedup();
        ks
    });
    let codes = Memo::new(move |_| {
        let mut cs: Vec<String> = rows.with(|rs| {
            rs.iter()
                .filter_map(|r| r.row.as_ref())
                .flat_map(|s| s.codes.iter().cloned())
                .collect()
        });
        crate::core::order::sort_by(&mut cs, |a, b| a.cmp(b));
        cs.dedup();
        cs
    });
    let counts = move || {
        let (all, seen) = (rows.with(Vec::len), visible.with(Vec::len));
        let bad = rows.with(|rs| rs.iter().filter(|r| r.error.is_some()).count());
        match lang.get() {
            Lang::Zh => format!(
                "{} 个文件，共 {all} 行，显示 {seen} 行{}",
                docs_len.get(),
                if bad > 0 {
                    format!("；{bad} 个文件无法读取")
                } else {
                    String::new()
                }
            ),
            Lang::En => format!(
                "{} documents, {all} rows, {seen} shown{}",
                docs_len.get(),
                if bad > 0 {
                    format!("; {bad} files could not be read")
                } else {
                    String::new()
                }
            ),
        }
    };

    // Exports: the rows as shown (filtered, sorted), and the findings of their forms.
    let shown_summary = move || -> Vec<SummaryRow> {
        let en = lang.get_untracked() == Lang::En;
        visible.with_untracked(|v| {
            v.iter()
                .filter_map(|r| {
                    r.row.clone().map(|mut s| {
                        if r.name.is_none() {
                            s.file = pasted_name(en).to_string();
                        }
                        s
                    })
                })
                .collect()
        })
    };
    let save_csv = move |_| {
        let csv = summary_to_csv(&shown_summary(), lang.get_untracked() == Lang::En);
        let _ = download("jixiao-desk.csv", "text/csv;charset=utf-8", &csv);
    };
    let save_findings = move |_| {
        let en = lang.get_untracked() == Lang::En;
        let at = editor.active.get_untracked();
        // The forms shown, per document.
        let wanted: Vec<(usize, usize)> = visible.with_untracked(|v| {
            v.iter()
                .filter_map(|r| r.row.as_ref().map(|s| (r.doc, s.form)))
                .collect()
        });
        // Each document shown with its findings, the desk's cross-form ones merged in.
        let kept: Vec<(String, Report)> = editor.desk.with_untracked(|docs| {
            editor.reports.with_untracked(|rs| {
                editor.own.with_untracked(|live| {
                    editor.cross.with_untracked(|cross| {
                        desk_refs(docs, rs, at, live)
                            .into_iter()
                            .enumerate()
                            .filter(|(k, _)| wanted.iter().any(|(d, _)| d == k))
                            .map(|(k, (name, r))| {
                                let mut r = r.clone();
                                let found = cross
                                    .iter()
                                    .filter(|(d, _)| *d == k)
                                    .map(|(_, x)| x.clone())
                                    .collect();
                                crate::core::desk::merge(&mut r, found);
                                r.diagnostics.retain(|d| {
                                    wanted.iter().any(|&(dk, f)| dk == k && f == d.form)
                                });
                                let name = if name.is_empty() {
                                    pasted_name(en)
                                } else {
                                    name
                                };
                                (name.to_string(), r)
                            })
                            .collect()
                    })
                })
            })
        });
        let csv = all_findings_to_csv(&kept, en);
        let _ = download("jixiao-desk-findings.csv", "text/csv;charset=utf-8", &csv);
    };

    let header = move |col: Col| {
        let (zh, en, name) = col.label();
        let full_en = col.title_en();
        let state = move || match sort.get() {
            Some((c, true)) if c == col => "descending",
            Some((c, false)) if c == col => "ascending",
            _ => "none",
        };
        view! {
            <th aria-sort=state class:num=col.numeric() title=move || lang.get().pick(zh, full_en)>
                <button
                    class="sort"
                    data-testid="sort"
                    data-sort=name
                    on:click=move |_| sort.update(|s| {
                        // Figures sort largest first at the first click, text A to Z.
                        *s = match *s {
                            Some((c, d)) if c == col => Some((c, !d)),
                            _ => Some((col, col.numeric())),
                        }
                    })
                >
                    {move || lang.get().pick(zh, en)}
                    <span aria-hidden="true">{move || match state() { "descending" => " ▼", "ascending" => " ▲", _ => "" }}</span>
                </button>
            </th>
        }
    };

    // A row is drawn for one language (the table draws its rows again when it changes): no
    // reactive text in it, which keeps a hundred rows quick to draw.
    let row_view = move |lang: Lang, r: QueueRow| {
        let (doc, form) = (r.doc, r.row.as_ref().map_or(0, |s| s.form));
        let open = move || editor.open(doc, form);
        let remove = move |ev: web_sys::MouseEvent| {
            ev.stop_propagation();
            if let Some(gone) = editor.remove_doc(doc) {
                removed.update(|v| v.push(gone));
            }
        };
        let file = r.name(lang == Lang::En);
        let Some(s) = r.row.clone() else {
            let why = r.error.clone();
            let text = match why {
                Some((zh, en)) => {
                    if lang == Lang::Zh {
                        zh
                    } else {
                        en
                    }
                }
                None => lang
                    .pick("未识别出绩效表。", "No performance form found.")
                    .to_string(),
            };
            return view! {
                <tr class="queue-row bad" data-testid="queue-row" data-error="true" data-doc=doc aria-current=r.active.then_some("true")>
                    <td class="file">{file}</td>
                    <td colspan="13" class="why" role="note">{text}</td>
                    <td class="actions">
                        <button class="small edit-only" data-testid="queue-remove" title=lang.pick("把这个文件移出审核台", "Take this file off the desk") aria-label=lang.pick("移出", "Remove") on:click=remove>"×"</button>
                    </td>
                </tr>
            }
            .into_any();
        };
        let kind = s.kind;
        let org = s.department.clone().or(s.unit.clone()).unwrap_or_default();
        let org_full = match (&s.department, &s.unit) {
            (Some(d), Some(u)) if d != u => format!("{d} / {u}"),
            _ => org.clone(),
        };
        let project = s.project.clone().unwrap_or_default();
        let code = s.project_code.clone();
        let num = |n: Option<f64>| n.map(fmt_num).unwrap_or_default();
        let grade = s.grade.clone().unwrap_or_default();
        let codes = s.codes.join(" ");
        let codes2 = codes.clone();
        let class = if s.errors > 0 {
            "queue-row has-errors"
        } else {
            "queue-row"
        };
        view! {
            <tr
                class=class
                class:active=r.active
                data-testid="queue-row"
                data-doc=doc
                data-form=s.form
                data-form-kind=kind.as_str()
                data-codes=codes.clone()
                aria-current=r.active.then_some("true")
                tabindex="0"
                title=lang.pick("打开此表（回车）", "Open this form (Enter)")
                on:click=move |_| open()
                on:keydown=move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
                    "Enter" => {
                        ev.prevent_default();
                        open()
                    }
                    // The arrow keys move between rows, as in a spreadsheet.
                    "ArrowDown" | "ArrowUp" => {
                        ev.prevent_default();
                        step_row(&ev, ev.key() == "ArrowDown");
                    }
                    _ => {}
                }
            >
                <td class="file">{file}{(s.form > 0 || s.lines[0] > 1).then(|| view! { <small>{match lang { Lang::Zh => format!(" 表 {}", s.form + 1), Lang::En => format!(" form {}", s.form + 1) }}</small> })}</td>
                <td data-col="kind">{kind_name(kind, lang == Lang::En)}</td>
                <td class="num" data-col="year">{s.year.map(|y| y.to_string()).unwrap_or_default()}</td>
                <td data-col="org" title=org_full>{org}</td>
                <td data-col="project">{project}{code.map(|c| view! { <small class="code">" "{c}</small> })}</td>
                <td class="num" data-col="funds">{num(s.funds_total)}</td>
                <td class="num" data-col="indicators">{s.indicators}</td>
                <td class="num count error" data-col="errors" class:zero=s.errors == 0 title=codes2>{s.errors}</td>
                <td class="num count warning" data-col="warnings" class:zero=s.warnings == 0>{s.warnings}</td>
                <td class="num count info" data-col="infos" class:zero=s.infos == 0>{s.infos}</td>
                <td class="num" data-col="stated">{num(s.total_stated)}</td>
                <td class="num" data-col="computed">{num(s.total_computed)}</td>
                <td data-col="grade">{grade}</td>
                <td class="num" data-col="quality">{num(s.quality)}</td>
                <td class="actions">
                    <button class="small edit-only" data-testid="queue-remove" title=lang.pick("把这个文件移出审核台", "Take this file off the desk") aria-label=lang.pick("移出", "Remove") on:click=remove>"×"</button>
                </td>
            </tr>
        }
        .into_any()
    };

    view! {
        <Show when=shown>
            <section class="desk no-print" data-testid="desk" aria-labelledby="desk-title">
                <div class="desk-head">
                    <h2 id="desk-title">{tr("审核台", "Review desk")}</h2>
                    <p class="muted" data-testid="desk-count">{counts}</p>
                    {move || editor.progress.get().map(|p| view! {
                        <div class="progress" data-testid="progress" role="status">
                            <progress max=p.total value=p.done></progress>
                            {move || match lang.get() {
                                Lang::Zh => format!("正在读取 {} / {} 个文件{}", p.done, p.total, if p.failed > 0 { format!("（{} 个无法读取）", p.failed) } else { String::new() }),
                                Lang::En => format!("Reading {} of {} files{}", p.done, p.total, if p.failed > 0 { format!(" ({} could not be read)", p.failed) } else { String::new() }),
                            }}
                        </div>
                    })}
                </div>
                <div class="desk-tools row">
                    <label>
                        {tr("类型", "Kind")}
                        " "
                        <select data-testid="queue-kind" on:change:target=move |ev| filters.update(|f| f.kind = ev.target().value())>
                            <option value="">{tr("全部", "all")}</option>
                            <For each=move || kinds.get() key=|k| *k let:k>
                                <option value=k.as_str()>{move || kind_name(k, lang.get() == Lang::En)}</option>
                            </For>
                        </select>
                    </label>
                    <label>
                        <input type="checkbox" data-testid="queue-errors" on:change:target=move |ev| filters.update(|f| f.errors_only = ev.target().checked()) />
                        {tr("仅有错误的", "with errors only")}
                    </label>
                    <label>
                        {tr("规则", "Rule")}
                        " "
                        <select data-testid="queue-code" on:change:target=move |ev| filters.update(|f| f.code = ev.target().value())>
                            <option value="">{tr("全部", "all")}</option>
                            <For each=move || codes.get() key=|c| c.clone() let:c>
                                <option value=c.clone()>{c.clone()}</option>
                            </For>
                        </select>
                    </label>
                    <input
                        type="search"
                        data-testid="queue-search"
                        placeholder=move || lang.get().pick("查找文件、单位、项目…", "Find a file, unit, project…")
                        aria-label=move || lang.get().pick("查找", "Find")
                        on:input:target=move |ev| filters.update(|f| f.text = ev.target().value())
                    />
                    <span class="spacer"></span>
                    <button class="edit-only" data-testid="desk-new" title=move || lang.get().pick("新建一份空白文本，粘贴另一张表", "A new blank text to paste another form into") on:click=move |_| {
                        if let Some(id) = editor.add_docs(vec![(Doc::default(), Report::default())]) {
                            editor.present(id);
                        }
                    }>{tr("新建粘贴", "New paste")}</button>
                    {move || (!removed.with(Vec::is_empty)).then(|| view! {
                        <button class="edit-only" data-testid="desk-restore" on:click=move |_| {
                            let mut last = None;
                            removed.update(|v| last = v.pop());
                            if let Some((at, doc)) = last {
                                editor.restore_doc(at, doc);
                            }
                        }>
                            {move || match lang.get() {
                                Lang::Zh => format!("撤销移出（{}）", removed.with(Vec::len)),
                                Lang::En => format!("Undo remove ({})", removed.with(Vec::len)),
                            }}
                        </button>
                    })}
                    <button data-testid="desk-csv" title=move || lang.get().pick("导出表中显示的行", "Exports the rows shown") on:click=save_csv>{tr("汇总表 CSV", "Summary CSV")}</button>
                    {summary_xlsx_button(editor, shown_summary)}
                    <button data-testid="desk-findings" title=move || lang.get().pick("表中显示的各表的全部问题", "Every finding of the forms shown") on:click=save_findings>{tr("全部问题 CSV", "All findings CSV")}</button>
                </div>
                <div class="desk-scroll" node_ref=scroller>
                    <table class="queue" data-testid="queue">
                        <colgroup>
                            <col class="q-file" /><col class="q-kind" /><col class="q-year" /><col class="q-org" /><col class="q-project" />
                            <col class="q-num" /><col class="q-count" /><col class="q-count" /><col class="q-count" /><col class="q-count" />
                            <col class="q-num" /><col class="q-num" /><col class="q-grade" /><col class="q-num" /><col class="q-actions" />
                        </colgroup>
                        <thead>
                            <tr>
                                {Col::ALL.into_iter().map(header).collect_view()}
                                <th class="actions"><span class="sr-only">{tr("操作", "Actions")}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || {
                                    let l = lang.get();
                                    visible.with(|v| v.iter().take(limit.get()).map(|r| (l, r.clone())).collect::<Vec<_>>())
                                }
                                key=|(l, r)| format!("{}/{}", l.code(), r.key())
                                children=move |(l, r)| row_view(l, r)
                            />
                        </tbody>
                    </table>
                    <div node_ref=more class="sentinel">
                        {move || (visible.with(Vec::len) > limit.get()).then(|| view! {
                            <button data-testid="queue-more" on:click=move |_| limit.update(|n| *n += ROWS_PER_STEP)>
                                {move || match lang.get() {
                                    Lang::Zh => format!("显示更多（还有 {} 行）", visible.with(Vec::len) - limit.get()),
                                    Lang::En => format!("Show more ({} more rows)", visible.with(Vec::len) - limit.get()),
                                }}
                            </button>
                        })}
                    </div>
                </div>
            </section>
        </Show>
    }
}

/// 汇总表 Excel: the rows shown as a workbook (with the `office` feature; the embedded widget
/// leaves it out for its size).
#[cfg(feature = "office")]
fn summary_xlsx_button(
    editor: crate::app::editor::Editor,
    shown_summary: impl Fn() -> Vec<SummaryRow> + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let save_xlsx = move |_| {
        let en = lang.get_untracked() == Lang::En;
        let made = crate::core::desk_out::summary_to_xlsx(&shown_summary(), en);
        super::export_bar::save_xlsx(editor, "jixiao-desk.xlsx", made);
    };
    view! {
        <button data-testid="desk-xlsx" title=move || lang.get().pick("导出表中显示的行", "Exports the rows shown") on:click=save_xlsx>{tr("汇总表 Excel", "Summary Excel")}</button>
    }
}

#[cfg(not(feature = "office"))]
fn summary_xlsx_button(
    _editor: crate::app::editor::Editor,
    _shown_summary: impl Fn() -> Vec<SummaryRow> + 'static,
) -> impl IntoView {
}
