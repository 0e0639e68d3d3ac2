pub fn greeting() -> &'static str {
    if cfg!(feature = "loud") { "HI" } else { "hi" }
}
