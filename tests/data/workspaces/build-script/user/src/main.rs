fn main() {
    println!("{} {} {}", sys::greeting(), helper::greeting(), env!("DEMO_ROOT"));
}
