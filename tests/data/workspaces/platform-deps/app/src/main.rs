// Says which platform-only crates it was built with, and asks the OS for its process id through
// the platform's registry crate: a tool that resolved the conditions wrongly either fails to
// compile or prints another list.
fn main() {
    let mut platform: Vec<&str> = Vec::new();
    #[cfg(unix)]
    platform.push(unixonly::NAME);
    #[cfg(windows)]
    platform.push(winonly::NAME);
    #[cfg(not(target_arch = "wasm32"))]
    platform.push(native::NAME);
    #[cfg(all(target_arch = "x86_64", target_os = "linux", target_env = "gnu"))]
    platform.push(linuxonly::NAME);
    #[cfg(unix)]
    let pid = unsafe { libc::getpid() } as u32;
    #[cfg(windows)]
    let pid = unsafe { winapi::um::processthreadsapi::GetCurrentProcessId() };
    println!("[{}] pid {}", platform.join(" "), if pid > 0 { "known" } else { "unknown" });
}
