pub fn native() {}
pub const NAME: &str = "native";
