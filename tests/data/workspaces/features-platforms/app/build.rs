fn main() {
    println!("cargo:rustc-env=APP_GREETING={}", gen::greeting());
}
