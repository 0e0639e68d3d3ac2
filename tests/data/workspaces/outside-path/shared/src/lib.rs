pub const VALUE: u32 = 7;
