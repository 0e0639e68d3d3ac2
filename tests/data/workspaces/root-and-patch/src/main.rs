cfg_if::cfg_if! {
    if #[cfg(unix)] {
        fn os() -> &'static str { "unix" }
    } else {
        fn os() -> &'static str { "elsewhere" }
    }
}

fn main() {
    println!("{} on {} (cfg-if: {})", cats::name(), os(), cfg_if::SOURCE);
}
