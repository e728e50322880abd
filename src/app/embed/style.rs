//! The module's own few styles, added to the host page once; every class is `oem-hub-*` so
//! nothing of the host's is touched. Colours, font and radius come from the host page's CSS
//! custom properties (`--oem-hub-accent`, `--oem-hub-accent-text`, `--oem-hub-font`,
//! `--oem-hub-radius`, `--oem-hub-danger`), so the menu blends into the partner's product.

const CSS: &str = "\
.oem-hub{display:flex;gap:1rem;height:100%;min-height:480px;font-family:var(--oem-hub-font,inherit);position:relative}\
.oem-hub-export-bar{position:absolute;top:.4rem;right:.6rem;display:flex;gap:.3rem;z-index:1}\
.oem-hub-export{font:inherit;font-size:.8em;padding:.2rem .55rem;border:1px solid var(--oem-hub-accent,#1a6dd6);\
border-radius:var(--oem-hub-radius,.3rem);background:#fff;color:var(--oem-hub-accent,#1a6dd6);cursor:pointer}\
.oem-hub-export:disabled{opacity:.5;cursor:progress}\
.oem-hub-menu ul{list-style:none;margin:0;padding:0}\
.oem-hub-menu{flex:0 0 13rem}\
.oem-hub-module-name{display:inline-block;font-weight:600;margin:.5rem .4rem .25rem 0}\
.oem-hub-view-only{font-size:.75em;padding:0 .35rem;border:1px solid currentColor;border-radius:.3rem;opacity:.7}\
.oem-hub-sheet-link{display:block;width:100%;text-align:left;font:inherit;padding:.35rem .6rem;\
border:0;border-radius:var(--oem-hub-radius,.3rem);background:transparent;cursor:pointer;color:inherit}\
.oem-hub-sheet-link[aria-current=page]{background:var(--oem-hub-accent,#1a6dd6);color:var(--oem-hub-accent-text,#fff)}\
.oem-hub-sheet-link:focus-visible{outline:3px solid #8ab4f8}\
.oem-hub-frame{flex:1;min-width:0;min-height:480px;position:relative}\
.oem-hub-sheet{width:100%;height:100%;min-height:480px;border:0}\
.oem-hub-problem{flex:1;border:1px solid var(--oem-hub-danger,#b42318);border-radius:var(--oem-hub-radius,.4rem);padding:.75rem 1rem;color:var(--oem-hub-danger,#b42318)}";

/// Adds the styles to the document unless they are there.
pub fn install() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("oem-hub-style").is_some() {
        return;
    }
    let Ok(style) = document.create_element("style") else {
        return;
    };
    style.set_id("oem-hub-style");
    style.set_text_content(Some(CSS));
    if let Some(head) = document.head() {
        let _ = head.append_child(&style);
    }
}
