//! The target quality score: this tool's own rubric, labelled as such.

use leptos::prelude::*;

use crate::app::i18n::use_lang;
use crate::core::export::fmt_num;
use crate::core::quality::Quality;

/// The rubric's score and its four parts, each with the codes that cost it points.
#[component]
pub fn QualityCard(
    /// The form's quality rubric.
    quality: Quality,
) -> impl IntoView {
    let lang = use_lang();
    let score = fmt_num(quality.score);
    view! {
        <div class="quality" data-testid="quality">
            <p>
                <b>{move || lang.get().pick("目标质量分：", "Target quality: ")}</b>
                <span class="q-score" data-testid="quality-score">{score}</span>
                " / 100 "
                <small>{move || lang.get().pick(
                    "（本工具自拟的初审评分，非官方评分）",
                    "(this tool's own first-read rubric, not an official score)",
                )}</small>
            </p>
            <ul>
                {quality
                    .parts
                    .into_iter()
                    .map(|p| {
                        let (zh, en) = (p.name.clone(), p.name_en.clone());
                        let lost: Vec<String> = p.lost.iter().map(|(_, c, n)| format!("{c} −{}", fmt_num(*n))).collect();
                        view! {
                            <li>
                                {move || if lang.get() == crate::app::i18n::Lang::Zh { zh.clone() } else { en.clone() }}
                                " "
                                {format!("{} / {}", fmt_num(p.score), fmt_num(p.max))}
                                {(!lost.is_empty()).then(|| view! { <span class="lost">{format!(" （{}）", lost.join("，"))}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}
