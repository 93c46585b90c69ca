//! The JS API's entry (`src/api.rs` holds the exports): nothing to do at start.

fn main() {
    // Keeps wasm-bindgen's own intrinsics in the module (an empty main lets the linker drop
    // them, and wasm-bindgen then refuses the module).
    let _ = wasm_bindgen::JsValue::from(jixiao::api::version());
}
