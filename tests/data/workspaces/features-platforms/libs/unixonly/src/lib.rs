pub fn unix() {}
