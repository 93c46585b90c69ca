//! Browser tests: components mounted in headless Chromium (wasm-bindgen-test).
//!
//! `cargo test --target wasm32-unknown-unknown --features web --test web`
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use jixiao::app::components::form_card::FormCard;
use jixiao::app::components::input_panel::InputPanel;
use jixiao::app::state::Session;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CHANGSHOU: &str = include_str!("fixtures/seeds/changshou-target-table.txt");

/// A fresh container in the page's body.
fn container() -> web_sys::HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn count(root: &web_sys::HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
fn form_card_shows_the_fourth_changshou_form() {
    let report = jixiao::check(CHANGSHOU);
    let form = report.forms[3].clone();
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <FormCard form=form.clone() index=3 diagnostics=Vec::new() /> }
    });
    assert_eq!(count(&root, "[data-testid=form]"), 1);
    assert_eq!(count(&root, "[data-testid=indicator]"), 4);
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("定点医疗机构医保基金使用情况财务专项审计"),
        "{text}"
    );
    assert!(text.contains("48.9 万元"), "{text}");
    // 一级 cells are merged: 产出, 效益 (two rows), 满意度 → three 一级 header cells.
    assert_eq!(count(&root, "th.l1"), 3);
    handle.forget();
}

#[wasm_bindgen_test]
async fn input_panel_examples_replace_the_text_and_undo_restores_it() {
    let root = container();
    let session = RwSignal::new(Session::new("我的草稿".to_string()));
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(session);
        view! { <InputPanel /> }
    });
    assert_eq!(count(&root, "[data-testid=example]"), 4);
    let button: web_sys::HtmlElement = root
        .query_selector("[data-example=changshou-target-table]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    assert_eq!(session.with_untracked(|s| s.text.clone()), CHANGSHOU);
    // Let the reactive attributes (the undo button's `disabled`) catch up.
    leptos::task::tick().await;
    let undo: web_sys::HtmlElement = root
        .query_selector("[data-testid=undo]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    undo.click();
    assert_eq!(session.with_untracked(|s| s.text.clone()), "我的草稿");
    handle.forget();
}

const FUSHUN: &str = include_str!("fixtures/seeds/fushun-2021-self-evaluation.txt");

#[wasm_bindgen_test]
fn score_card_shows_stated_beside_computed() {
    use jixiao::app::components::score_card::ScoreCard;
    let report = jixiao::check(FUSHUN);
    // The first department form: total stated 96, computed 90 + 10 × 59.75% = 95.98.
    let scores = report.forms[0].scores.clone().unwrap();
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <ScoreCard scores=scores.clone() /> }
    });
    let total = root
        .query_selector("[data-testid=score-total]")
        .unwrap()
        .unwrap();
    assert_eq!(total.text_content().unwrap_or_default(), "95.98");
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("59.75%"), "{text}");
    assert!(text.contains("96"), "{text}");
    handle.forget();
}
