//! The browser's timer for the module's own schedules (token renewal, session checks); off
//! the browser there is none.

/// Runs `f` after `ms` milliseconds (on the browser's timer).
#[cfg(target_arch = "wasm32")]
pub fn after(ms: i64, f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(f);
    let ms = i32::try_from(ms.max(0)).unwrap_or(i32::MAX);
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}

/// Off the browser there are no timers.
#[cfg(not(target_arch = "wasm32"))]
pub fn after(_ms: i64, _f: impl FnOnce() + 'static) {}
