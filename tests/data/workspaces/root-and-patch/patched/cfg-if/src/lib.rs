//! `cfg_if!` with one `if #[cfg(...)] { ... } else { ... }`: what this workspace uses.
#![no_std]

/// Which cfg-if this is: a build that ignored the [patch] would take the registry's, which lacks it.
pub const SOURCE: &str = "patched";

#[macro_export]
macro_rules! cfg_if {
    (if #[cfg($m:meta)] { $($a:item)* } else { $($b:item)* }) => {
        $( #[cfg($m)] $a )*
        $( #[cfg(not($m))] $b )*
    };
}
