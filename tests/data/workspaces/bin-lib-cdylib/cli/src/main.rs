fn main() {
    println!("{}", cli::run());
}
