// Says which platform-only crates it was built with: a tool that resolved the cfg and triple
// conditions wrongly either fails to compile or prints another list.
fn main() {
    let mut platform: Vec<&str> = Vec::new();
    #[cfg(unix)]
    platform.push(unixonly::NAME);
    #[cfg(not(target_arch = "wasm32"))]
    platform.push(native::NAME);
    #[cfg(all(target_arch = "x86_64", target_os = "linux", target_env = "gnu"))]
    platform.push(linuxonly::NAME);
    println!("{} {} [{}]", env!("APP_GREETING"), util::speed() + tool::answer(), platform.join(" "));
}
