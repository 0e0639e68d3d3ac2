fn main() {
    println!("cargo:rustc-cfg=demo_found");
    println!("cargo:rustc-env=DEMO_GREETING={}", helper::greeting());
    println!("cargo:root=/opt/demo");
}
