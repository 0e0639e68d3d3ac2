#[derive(derive_helper::Named)]
pub struct Engine;

pub fn answer() -> u32 {
    if cfg!(feature = "fast") { 42 } else { 41 }
}
