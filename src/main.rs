//! The `oem-hub` binary: the command line on the server, the UI entry point in the browser.

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    oem_hub::cli::main()
}

#[cfg(all(feature = "csr", not(feature = "ssr")))]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(oem_hub::app::App);
}

#[cfg(not(any(feature = "csr", feature = "ssr")))]
fn main() {
    eprintln!("oem-hub was built without the `ssr` or `csr` feature");
}
