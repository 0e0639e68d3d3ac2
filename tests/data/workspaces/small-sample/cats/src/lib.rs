//! The shared crate.

cfg_if::cfg_if! {
    if #[cfg(target_arch = "wasm32")] {
        fn platform() -> &'static str { "wasm32" }
    } else {
        fn platform() -> &'static str {
            // A libc call only where libc is a dependency (native targets).
            if unsafe { libc::getuid() } == 0 { "native, as root" } else { "native" }
        }
    }
}

/// A greeting naming the platform it was built for.
pub fn greeting() -> String {
    format!("meow from {}", platform())
}
