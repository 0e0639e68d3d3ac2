#[no_mangle]
pub extern "C" fn name_len() -> usize {
    cats::name().len()
}
