//! `cfg_if!` with one `if #[cfg(...)] { ... } else { ... }`: what this workspace uses.
#![no_std]

#[macro_export]
macro_rules! cfg_if {
    (if #[cfg($m:meta)] { $($a:item)* } else { $($b:item)* }) => {
        $( #[cfg($m)] $a )*
        $( #[cfg(not($m))] $b )*
    };
}
