//! The page's reader in a web worker: the `jixiao-worker` binary built for wasm32 with the
//! `worker` feature (`scripts/build-pkg.sh worker`), run by `www/worker/read.js`. The page
//! hands it long texts ([`crate::app::reader`]) and keeps answering while they are read.

use wasm_bindgen::prelude::*;

/// Reads `text` and checks it under the scoring profile `profile`: `[parsed, read]`, each a
/// report as bytes for [`crate::core::handoff::take`] (the text as read, and as checked).
#[wasm_bindgen]
pub fn read(text: &str, profile: &str) -> js_sys::Array {
    let h = crate::core::handoff::give(text, profile);
    js_sys::Array::of2(
        &js_sys::Uint8Array::from(&h.parsed[..]),
        &js_sys::Uint8Array::from(&h.read[..]),
    )
}

/// The build's version (the page's and the worker's are built together).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
