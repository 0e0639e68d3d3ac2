pub const NAME: &str = "unix";
