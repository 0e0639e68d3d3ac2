pub fn fetch() {}
