//! Shared by the root package and the wasm member.

cfg_if::cfg_if! {
    if #[cfg(target_arch = "wasm32")] {
        pub fn name() -> &'static str { "cats (wasm32)" }
    } else {
        pub fn name() -> &'static str { "cats (native)" }
    }
}
