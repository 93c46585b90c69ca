//! The reading worker's entry (`src/worker.rs` holds its exports): nothing to do at start.

fn main() {
    // Keeps the exports and wasm-bindgen's own intrinsics in the module (an empty main lets
    // the linker drop them, and wasm-bindgen then refuses the module).
    let _ = wasm_bindgen::JsValue::from(jixiao::worker::version());
}
