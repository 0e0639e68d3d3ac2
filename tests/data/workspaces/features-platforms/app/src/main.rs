fn main() {
    println!("{} {}", env!("APP_GREETING"), util::speed() + tool::answer());
}
