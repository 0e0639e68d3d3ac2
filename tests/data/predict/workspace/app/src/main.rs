fn main() {
    let s = shared::squares(4);
    println!("{:?}", s.as_slice());
}
