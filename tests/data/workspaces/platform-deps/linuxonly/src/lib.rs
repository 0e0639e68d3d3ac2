pub const NAME: &str = "linux";
