//! A small client for The Cat API (<https://thecatapi.com>).
//!
//! Parsing works on every target; [`fetch_cats`] exists on native targets only (the wasm member
//! fetches through the browser and hands the body to [`parse_cats`]).

use serde::Deserialize;

/// Returns one random cat picture as a JSON array of one object.
pub const CATS_URL: &str = "https://api.thecatapi.com/v1/images/search";

/// Part of the User-Agent header sent with each request.
pub const USER_AGENT_VERSION: u32 = 1;

/// One picture; the API sends more fields (id, width, height) that are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Cat {
    pub url: String,
}

/// The User-Agent this client identifies itself with.
pub fn user_agent() -> String {
    format!("flakeoff-sample-cats/{}", USER_AGENT_VERSION)
}

/// Parses the body of a [`CATS_URL`] response.
pub fn parse_cats(body: &str) -> Result<Vec<Cat>, serde_json::Error> {
    serde_json::from_str(body)
}

/// Asks the API for a random cat.
#[cfg(not(target_arch = "wasm32"))]
pub async fn fetch_cats() -> Result<Vec<Cat>, reqwest::Error> {
    let client = reqwest::Client::builder()
        .user_agent(user_agent())
        .build()?;
    client
        .get(CATS_URL)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_response_and_ignores_other_fields() {
        let body = r#"[{"id":"a1","url":"https://cdn2.thecatapi.com/images/a1.jpg","width":500,"height":375}]"#;
        let cats = parse_cats(body).unwrap();
        assert_eq!(
            cats,
            vec![Cat {
                url: "https://cdn2.thecatapi.com/images/a1.jpg".into()
            }]
        );
    }

    #[test]
    fn user_agent_carries_the_version() {
        assert!(user_agent().ends_with(&format!("/{}", USER_AGENT_VERSION)));
    }
}
