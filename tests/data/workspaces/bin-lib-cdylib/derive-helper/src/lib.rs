use proc_macro::TokenStream;

#[proc_macro_derive(Named)]
pub fn named(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
