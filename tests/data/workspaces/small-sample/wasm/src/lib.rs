//! Exported without wasm-bindgen: a plain `extern "C"` function any wasm host can call.

#[no_mangle]
pub extern "C" fn greeting_len() -> usize {
    cats::greeting().len()
}
