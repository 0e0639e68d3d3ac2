fn main() {
    let root = std::env::var("DEP_DEMO_ROOT").expect("sys's metadata");
    println!("cargo:rustc-env=DEMO_ROOT={root}");
}
