//! Prints the URL of a random cat picture; exits non-zero with a message when that fails.

use std::error::Error;
use std::process::ExitCode;

/// How many of the returned cats to print (the API returns one).
const CATS_TO_PRINT: usize = 1;

#[tokio::main]
async fn main() -> ExitCode {
    match cats::fetch_cats().await {
        Ok(cats) if cats.is_empty() => {
            eprintln!("app: {} returned no cats", cats::CATS_URL);
            ExitCode::FAILURE
        }
        Ok(cats) => {
            for cat in cats.iter().take(CATS_TO_PRINT) {
                println!("{}", cat.url);
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("app: could not fetch a cat: {}", describe(&err));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, skipping causes the message already contains.
fn describe(err: &dyn Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
