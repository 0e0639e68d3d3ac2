pub fn native() {}
