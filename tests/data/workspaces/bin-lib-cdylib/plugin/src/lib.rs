#[no_mangle]
pub extern "C" fn plugin_answer() -> u32 {
    core_lib::answer()
}
