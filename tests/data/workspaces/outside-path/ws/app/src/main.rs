fn main() {
    println!("{}", shared::VALUE);
}
