//! The JS API's and the widget's errors: a JS `Error` whose `code` property says what went
//! wrong (`JX_PROFILE`, `JX_OPTIONS` …), so hosts can tell them apart without reading the text.

use wasm_bindgen::JsValue;

/// A JS `Error` with `message` and a `code` property.
pub fn error(code: &str, message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    let _ = js_sys::Reflect::set(&e, &"code".into(), &code.into());
    e.into()
}
