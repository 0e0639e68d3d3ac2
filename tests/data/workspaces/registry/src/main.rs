cfgif::cfg_if! {
    if #[cfg(unix)] {
        fn pid() -> i32 { unsafe { libc::getpid() } }
    } else {
        fn pid() -> i32 { 0 }
    }
}

fn main() {
    println!("{}", pid() > 0);
}
