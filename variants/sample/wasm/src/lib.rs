//! The sample for the browser: `await cat_url()` resolves to a random cat's URL.
//!
//! Fetches with the browser's own `fetch` (no HTTP crate in the .wasm) and parses with `cats`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` of windows and workers.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_url(url: &str) -> js_sys::Promise;

    /// The part of the Fetch API's `Response` used here.
    type Response;

    #[wasm_bindgen(method, getter)]
    fn ok(this: &Response) -> bool;

    #[wasm_bindgen(method, getter)]
    fn status(this: &Response) -> u16;

    #[wasm_bindgen(method)]
    fn text(this: &Response) -> js_sys::Promise;
}

/// The URL of a random cat picture; the promise rejects with a message when that fails.
#[wasm_bindgen]
pub async fn cat_url() -> Result<String, JsValue> {
    let response: Response = JsFuture::from(fetch_url(cats::CATS_URL))
        .await?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("{} answered HTTP {}", cats::CATS_URL, response.status()).into());
    }
    let body = JsFuture::from(response.text())
        .await?
        .as_string()
        .ok_or_else(|| JsValue::from_str("the response body is not text"))?;
    let cats = cats::parse_cats(&body).map_err(|err| JsValue::from_str(&err.to_string()))?;
    cats.into_iter()
        .next()
        .map(|cat| cat.url)
        .ok_or_else(|| format!("{} returned no cats", cats::CATS_URL).into())
}
