pub fn apple() {}
