pub fn linux() {}
pub const NAME: &str = "linux";
