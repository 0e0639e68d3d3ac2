pub fn unix() {}
pub const NAME: &str = "unix";
