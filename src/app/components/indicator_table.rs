//! The indicator tree as an editable table: one row an indicator, 一级 and 二级 written on
//! every row (a repeat of the row above is shown faint, and printed as one merged cell).

use leptos::prelude::*;

use super::cell::{Cell, Source};
use crate::app::editor::{row_id, use_editor, FormCtx, RowData};
use crate::app::i18n::{use_lang, Lang};
use crate::core::diagnostic::Severity;
use crate::core::edit::Edit;
use crate::core::export::fmt_num;
use crate::core::model::{Form, Value};

/// How a read value is shown: `≥ 95 %`, `3–4 次`, `≤ 2021-06`, `定性`.
pub fn show_value(v: &Value, zh: bool) -> String {
    let mut s = String::new();
    if let Some(op) = v.op {
        s.push_str(op.symbol());
        s.push(' ');
    }
    if let Some(d) = &v.date {
        s.push_str(d);
    } else if let Some(n) = v.number {
        s.push_str(&fmt_num(n));
        if let Some(m) = v.number_max {
            s.push('–');
            s.push_str(&fmt_num(m));
        }
        if let Some(u) = &v.unit {
            s.push(' ');
            s.push_str(u);
        }
    }
    if v.qualitative {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(if zh { "（定性）" } else { "(qualitative)" });
    }
    s
}

/// A column of the table: the field it edits (`None`: the value as read, not editable).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Col {
    pub field: Option<&'static str>,
    pub zh: &'static str,
    pub en: &'static str,
    pub class: &'static str,
}

const fn col(field: &'static str, zh: &'static str, en: &'static str, class: &'static str) -> Col {
    Col {
        field: Some(field),
        zh,
        en,
        class,
    }
}

/// The columns a form's table shows: those its indicators fill, and those its kind has.
pub fn columns(form: &Form) -> Vec<Col> {
    let inds = &form.indicators;
    let any = |f: &dyn Fn(&crate::Indicator) -> bool| inds.iter().any(f);
    let eval = !form.kind.is_target_form();
    let mut cols = vec![
        col("level1", "一级指标", "Level 1", "l1"),
        col("level2", "二级指标", "Level 2", "l2"),
        col("name", "三级指标", "Indicator", "name"),
    ];
    if any(&|i| i.midterm_target.is_some()) {
        cols.push(col(
            "midterm_target",
            "中长期指标值",
            "Medium-term target",
            "",
        ));
    }
    cols.push(col("target", "指标值", "Target", "target"));
    cols.push(Col {
        field: None,
        zh: "读作",
        en: "Read as",
        class: "value",
    });
    if eval || any(&|i| i.weight.is_some()) {
        cols.push(col("weight", "权重/分值", "Weight", "num"));
    }
    if any(&|i| i.weight_current.is_some()) {
        cols.push(col("weight_current", "本年权重", "Year weight", "num"));
    }
    if any(&|i| i.direction.is_some()) {
        cols.push(col("direction", "指标方向", "Direction", ""));
    }
    if eval || any(&|i| i.actual.is_some()) {
        cols.push(col("actual", "完成值", "Actual", ""));
    }
    if eval || any(&|i| i.score.is_some()) {
        cols.push(col("score", "得分", "Score", "num"));
    }
    if eval || any(&|i| i.reason.is_some()) {
        cols.push(col("reason", "偏差原因", "Reason", "reason"));
    }
    cols
}

/// The indicators of one form, editable.
#[component]
pub fn IndicatorTable(
    /// The form.
    of: FormCtx,
) -> impl IntoView {
    let lang = use_lang();
    let editor = use_editor();
    let form = of.form;
    let index = of.index;
    let cols = Memo::new(move |_| form.with(|f| f.as_ref().map(columns).unwrap_or_default()));
    let count = Memo::new(move |_| form.with(|f| f.as_ref().map_or(0, |f| f.indicators.len())));
    let add_at = move |at: usize| {
        let ind = form.with_untracked(|f| {
            f.as_ref()
                .map(|f| crate::core::edit::blank_indicator(f, at))
        });
        if let Some(indicator) = ind {
            editor.apply(Edit::AddIndicator {
                form: index,
                at,
                indicator,
            });
        }
    };

    move || {
        let cols = cols.get();
        let head = cols
            .iter()
            .map(|c| {
                let (zh, en) = (c.zh, c.en);
                view! { <th scope="col">{move || lang.get().pick(zh, en)}</th> }
            })
            .collect_view();
        let cols_rows = cols.clone();
        // Column widths are set, not measured (`table-layout: fixed`): an edit in a long table
        // lays out its row, not the whole table again.
        let colgroup = cols
            .iter()
            .map(|c| {
                let class = match c.field {
                    Some("name") | Some("reason") => "c-wide",
                    Some("level1") | Some("level2") => "c-cat",
                    Some("weight") | Some("weight_current") | Some("score") => "c-num",
                    Some("direction") => "c-dir",
                    _ => "c-mid",
                };
                view! { <col class=class /> }
            })
            .collect_view();
        view! {
            <table class="indicators" data-testid="indicators">
                <caption class="sr-only">{move || lang.get().pick("三级指标", "Indicators")}</caption>
                <colgroup>
                    {colgroup}
                    <col class="c-line" />
                    <col class="c-actions edit-only" />
                </colgroup>
                <thead>
                    <tr>
                        {head}
                        <th scope="col" class="line">{move || lang.get().pick("行", "Line")}</th>
                        <th scope="col" class="actions edit-only"><span class="sr-only">{move || lang.get().pick("操作", "Actions")}</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || 0..count.get() key=|k| *k let:k>
                        <IndicatorRow of=of k=k cols=cols_rows.clone() add_at=add_at />
                    </For>
                </tbody>
                <tfoot class="no-print edit-only">
                        <tr>
                            <td colspan={cols.len() + 2}>
                                <button
                                    data-testid="add-indicator"
                                    class="small"
                                    on:click=move |_| add_at(count.get_untracked())
                                >
                                    {move || lang.get().pick("＋ 添加指标", "+ Add indicator")}
                                </button>
                            </td>
                        </tr>
                    </tfoot>
            </table>
        }
    }
}

/// One indicator's row.
#[component]
fn IndicatorRow(
    of: FormCtx,
    k: usize,
    cols: Vec<Col>,
    add_at: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let editor = use_editor();
    let FormCtx {
        form,
        findings,
        index,
        ..
    } = of;
    let row = Memo::new(move |_| {
        form.with(|f| {
            let f = f.as_ref()?;
            let ind = f.indicators.get(k)?;
            let prev = k.checked_sub(1).and_then(|p| f.indicators.get(p));
            let same1 = prev.is_some_and(|p| p.level1 == ind.level1);
            Some(RowData {
                same1,
                same2: same1 && prev.is_some_and(|p| p.level2 == ind.level2),
                last: k + 1 == f.indicators.len(),
                ind: ind.clone(),
            })
        })
    });
    let row_findings = Memo::new(move |_| {
        findings.with(|ds| {
            ds.iter()
                .filter(|(_, d)| d.indicator == Some(k))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let line = move || row.with(|r| r.as_ref().map_or(0, |r| r.ind.line));
    // 一级 / 二级 equal to the row above: shown faint, printed as one merged cell.
    let same = move |level: u8| {
        row.with(|r| {
            r.as_ref()
                .is_some_and(|r| if level == 1 { r.same1 } else { r.same2 })
        })
    };
    let row_flag = move || {
        row_findings.with(|ds| {
            let sevs: Vec<Severity> = ds
                .iter()
                .filter(|(_, d)| d.field.is_none())
                .map(|(_, d)| d.severity)
                .collect();
            if sevs.contains(&Severity::Error) {
                "flagged error"
            } else if sevs.contains(&Severity::Warning) {
                "flagged warning"
            } else if sevs.is_empty() {
                ""
            } else {
                "flagged info"
            }
        })
    };
    let last = move || row.with(|r| r.as_ref().is_none_or(|r| r.last));
    let mv = move |to: usize| {
        editor.apply(Edit::MoveIndicator {
            form: index,
            from: k,
            to,
        });
    };
    let cells = cols
        .into_iter()
        .map(|c| match c.field {
            Some(field) => {
                let (zh, en) = (c.zh, c.en);
                let cls = c.class;
                let td_class = move || {
                    let mut s = cls.to_string();
                    if (cls == "l1" && same(1)) || (cls == "l2" && same(2)) {
                        s.push_str(" same");
                    }
                    s
                };
                view! {
                    <td class=td_class>
                        <Cell source=Source::Row(row) index=index findings=row_findings indicator=k field=field label=(zh, en) />
                    </td>
                }
                .into_any()
            }
            None => view! {
                <td class="value">
                    {move || row.with(|r| {
                        r.as_ref()
                            .map(|r| show_value(&r.ind.value, lang.get() == Lang::Zh))
                            .unwrap_or_default()
                    })}
                </td>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <tr data-testid="indicator" data-line=line id=row_id(index, k) class=row_flag>
            {cells}
            <td class="line">{line}</td>
                <td class="actions no-print edit-only">
                    <button
                        class="icon"
                        data-testid="move-up"
                        title=move || lang.get().pick("上移", "Move up")
                        aria-label=move || lang.get().pick("上移", "Move up")
                        disabled=move || k == 0
                        on:click=move |_| mv(k.saturating_sub(1))
                    >"↑"</button>
                    <button
                        class="icon"
                        data-testid="move-down"
                        title=move || lang.get().pick("下移", "Move down")
                        aria-label=move || lang.get().pick("下移", "Move down")
                        disabled=last
                        on:click=move |_| mv(k + 1)
                    >"↓"</button>
                    <button
                        class="icon"
                        data-testid="insert-indicator"
                        title=move || lang.get().pick("在下方插入指标", "Insert an indicator below")
                        aria-label=move || lang.get().pick("在下方插入指标", "Insert an indicator below")
                        on:click=move |_| add_at(k + 1)
                    >"＋"</button>
                    <button
                        class="icon danger"
                        data-testid="delete-indicator"
                        title=move || lang.get().pick("删除此指标", "Delete this indicator")
                        aria-label=move || lang.get().pick("删除此指标", "Delete this indicator")
                        on:click=move |_| {
                            editor.apply(Edit::DeleteIndicator { form: index, at: k });
                        }
                    >"✕"</button>
                </td>
        </tr>
    }
}
