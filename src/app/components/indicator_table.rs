//! The indicator tree as a table grouped by 一级 and 二级 (merged cells, as on the form).

use leptos::prelude::*;

use crate::app::i18n::use_lang;
use crate::core::export::fmt_num;
use crate::core::model::{Indicator, Value};

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

/// Row spans of consecutive equal keys: for each row, Some(span) where a group starts.
fn spans<T: PartialEq>(keys: &[T]) -> Vec<Option<usize>> {
    let mut out = vec![None; keys.len()];
    let mut i = 0;
    while i < keys.len() {
        let mut j = i + 1;
        while j < keys.len() && keys[j] == keys[i] {
            j += 1;
        }
        out[i] = Some(j - i);
        i = j;
    }
    out
}

/// The indicators of one form.
#[component]
pub fn IndicatorTable(
    /// The form's indicators, in source order.
    indicators: Vec<Indicator>,
) -> impl IntoView {
    let lang = use_lang();
    if indicators.is_empty() {
        return view! {
            <p class="empty">{move || lang.get().pick("未读出指标。", "No indicator was read.")}</p>
        }
        .into_any();
    }
    let has = |f: &dyn Fn(&Indicator) -> bool| indicators.iter().any(f);
    let mid = has(&|i| i.midterm_target.is_some());
    let weight = has(&|i| i.weight.is_some());
    let current = has(&|i| i.weight_current.is_some());
    let actual = has(&|i| i.actual.is_some());
    let score = has(&|i| i.score.is_some());

    let l1: Vec<&str> = indicators.iter().map(|i| i.level1.as_str()).collect();
    let l2: Vec<(&str, Option<&str>)> = indicators
        .iter()
        .map(|i| (i.level1.as_str(), i.level2.as_deref()))
        .collect();
    let span1 = spans(&l1);
    let span2 = spans(&l2);
    let opt = |v: Option<f64>| v.map(fmt_num).unwrap_or_default();

    let rows = indicators
        .iter()
        .enumerate()
        .map(|(k, ind)| {
            let value = ind.value.clone();
            view! {
                <tr data-testid="indicator" data-line=ind.line>
                    {span1[k].map(|n| view! { <th class="l1" rowspan=n>{ind.level1.clone()}</th> })}
                    {span2[k].map(|n| view! { <th class="l2" rowspan=n>{ind.level2.clone().unwrap_or_default()}</th> })}
                    <td class="name">{ind.name.clone()}</td>
                    {mid.then(|| view! { <td>{ind.midterm_target.clone().unwrap_or_default()}</td> })}
                    <td>{ind.target.clone().unwrap_or_default()}</td>
                    <td class="value">{move || show_value(&value, lang.get() == crate::app::i18n::Lang::Zh)}</td>
                    {weight.then(|| view! { <td class="num">{opt(ind.weight)}</td> })}
                    {current.then(|| view! { <td class="num">{opt(ind.weight_current)}</td> })}
                    {actual.then(|| view! { <td>{ind.actual.clone().unwrap_or_default()}</td> })}
                    {score.then(|| view! { <td class="num">{opt(ind.score)}</td> })}
                    <td class="line">{ind.line}</td>
                </tr>
            }
        })
        .collect_view();

    let th = move |zh: &'static str, en: &'static str| view! { <th>{move || lang.get().pick(zh, en)}</th> };
    view! {
        <table class="indicators">
            <thead>
                <tr>
                    {th("一级指标", "Level 1")}
                    {th("二级指标", "Level 2")}
                    {th("三级指标", "Indicator")}
                    {mid.then(|| th("中长期指标值", "Medium-term target"))}
                    {th("指标值", "Target")}
                    {th("读作", "Read as")}
                    {weight.then(|| th("权重/分值", "Weight"))}
                    {current.then(|| th("本年权重", "Year weight"))}
                    {actual.then(|| th("完成值", "Actual"))}
                    {score.then(|| th("得分", "Score"))}
                    {th("行", "Line")}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_group_consecutive_keys() {
        assert_eq!(
            spans(&["a", "a", "b", "a"]),
            vec![Some(2), None, Some(1), Some(1)]
        );
    }
}
