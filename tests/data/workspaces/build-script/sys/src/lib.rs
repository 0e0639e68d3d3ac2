pub fn greeting() -> &'static str {
    if cfg!(demo_found) { env!("DEMO_GREETING") } else { "none" }
}
