fn main() {
    // The process id comes from libc: a registry crate with a build script in the app's graph.
    let pid = unsafe { libc::getpid() };
    println!("{} (pid {pid})", cats::greeting());
}
