pub const NAME: &str = "native";
