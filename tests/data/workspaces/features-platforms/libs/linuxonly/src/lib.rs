pub fn linux() {}
