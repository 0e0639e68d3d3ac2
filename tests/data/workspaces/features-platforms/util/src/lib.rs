#[macros::twice]
pub fn speed() -> u32 {
    if cfg!(feature = "speed") { 2 } else { 1 }
}
