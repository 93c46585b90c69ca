//! Browser tests: components mounted in headless Chromium (wasm-bindgen-test).
//!
//! `cargo test --target wasm32-unknown-unknown --features web --test web`
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use jixiao::app::components::form_card::FormCard;
use jixiao::app::components::input_panel::InputPanel;
use jixiao::app::editor::Editor;
use jixiao::app::state::{Doc, Session};

/// A desk document of pasted text.
fn doc(text: String) -> Doc {
    Doc {
        id: 1,
        session: Session::new(text),
        ..Doc::default()
    }
}
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
async fn form_card_shows_the_fourth_changshou_form() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        Editor::provide(vec![doc(CHANGSHOU.to_string())], 0);
        view! { <FormCard index=3 /> }
    });
    leptos::task::tick().await;
    assert_eq!(count(&root, "[data-testid=form]"), 1);
    assert_eq!(count(&root, "[data-testid=indicator]"), 4);
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("定点医疗机构医保基金使用情况财务专项审计"),
        "{text}"
    );
    // 项目总额 48.9 万元, an editable field.
    let total = root
        .query_selector("[data-testid=cell][data-field='funds.total']")
        .unwrap()
        .unwrap();
    assert_eq!(total.text_content().unwrap_or_default(), "48.9");
    // 一级: 产出, 效益 (two rows), 满意度: the second 效益 row repeats the one above it.
    assert_eq!(count(&root, "td.l1"), 4);
    assert_eq!(count(&root, "td.l1.same"), 1);
    handle.forget();
}

#[wasm_bindgen_test]
async fn editing_a_cell_reruns_the_checks_and_undo_brings_them_back() {
    let root = container();
    let editor = StoredValue::new(None);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        editor.set_value(Some(Editor::provide(vec![doc(CHANGSHOU.to_string())], 0)));
        view! { <FormCard index=3 /> }
    });
    leptos::task::tick().await;
    let editor = editor.get_value().unwrap();
    let w001 = || count(&root, "[data-testid=diagnostic][data-code=W001]");
    // 本年权重 20 + 20 + 20 + 20 + 预算执行率 10 = 90: W001.
    assert_eq!(w001(), 1);
    let cell: web_sys::HtmlElement = root
        .query_selector("[data-testid=indicator] [data-field=weight_current]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    // Typing starts an edit; Enter commits it.
    let key = |target: &web_sys::EventTarget, k: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(k);
        init.set_bubbles(true);
        let ev =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        target.dispatch_event(&ev).unwrap();
    };
    key(&cell, "3");
    leptos::task::tick().await;
    let input: web_sys::HtmlInputElement = root
        .query_selector("[data-testid=cell-input]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.set_value("30");
    key(&input, "Enter");
    leptos::task::tick().await;
    assert_eq!(cell.text_content().unwrap_or_default(), "30");
    assert_eq!(w001(), 0, "30 + 20 + 20 + 20 + 10 = 100");
    editor.session.update(|s| {
        s.undo();
    });
    leptos::task::tick().await;
    assert_eq!(cell.text_content().unwrap_or_default(), "20");
    assert_eq!(w001(), 1);
    handle.forget();
}

#[wasm_bindgen_test]
async fn input_panel_examples_replace_the_text_and_undo_restores_it() {
    let root = container();
    let editor = StoredValue::new(None);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        editor.set_value(Some(Editor::provide(vec![doc("我的草稿".to_string())], 0)));
        view! { <InputPanel /> }
    });
    let session = editor.get_value().unwrap().session;
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
async fn score_card_shows_stated_beside_computed() {
    // The first department form: total stated 96, computed 90 + 10 × 59.75% = 95.98.
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        Editor::provide(vec![doc(FUSHUN.to_string())], 0);
        view! { <FormCard index=0 /> }
    });
    leptos::task::tick().await;
    let total = root
        .query_selector("[data-testid=score-total]")
        .unwrap()
        .unwrap();
    assert_eq!(total.text_content().unwrap_or_default(), "95.98");
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("59.75%"), "{text}");
    let stated = root
        .query_selector("[data-testid=cell][data-field='scores.total']")
        .unwrap()
        .unwrap();
    assert_eq!(stated.text_content().unwrap_or_default(), "96");
    handle.forget();
}
