pub const NAME: &str = "windows";
