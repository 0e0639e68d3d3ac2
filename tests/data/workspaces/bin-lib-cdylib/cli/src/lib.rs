pub fn run() -> u32 {
    engine::answer()
}
