// oem-hub host-page script. Add to a host page:
//   <script src="https://<hub>/embed/oem-hub.js"></script>
// then either custom elements
//   <oem-hub-menu token="ohe_…"></oem-hub-menu>
//   <oem-hub-sheet token="ohe_…" module="sales" sheet="…"></oem-hub-sheet>
// or a call: OemHub.mount(element, {token, module, sheet, menu: true}).
// The token is an embed token your backend got from POST /api/v1/embed/sessions. Elements
// without a token attribute use OemHub.token. Events (bubbling CustomEvents on the element, and
// window.postMessage to this page's own origin): oem-hub:ready, oem-hub:sheet-changed,
// oem-hub:error, oem-hub:resize.
(() => {
  "use strict";
  const script = document.currentScript;
  const base = new URL(".", script.src).href;
  const hub = new URL(script.src).origin;
  let loaded;

  function load() {
    loaded ??= import(base + "oem-hub-embed.js").then(async (m) => {
      await m.default({ module_or_path: base + "oem-hub-embed_bg.wasm" });
      return m;
    });
    return loaded;
  }

  async function mount(el, options) {
    const opts = options || {};
    const token = opts.token || window.OemHub.token;
    if (!token) throw new Error("oem-hub: no embed token (set the token attribute or OemHub.token)");
    const m = await load();
    m.mount(el, hub, token, opts.module || null, opts.sheet || null, opts.menu !== false);
  }

  function fromAttributes(el, menu) {
    return {
      token: el.getAttribute("token"),
      module: el.getAttribute("module"),
      sheet: el.getAttribute("sheet"),
      menu,
    };
  }

  function report(el, err) {
    el.dispatchEvent(new CustomEvent("oem-hub:error", {
      bubbles: true,
      detail: { type: "oem-hub:error", code: "load", message: String(err), causes: [] },
    }));
  }

  class OemHubMenu extends HTMLElement {
    connectedCallback() {
      if (this.mounted) return;
      this.mounted = true;
      mount(this, fromAttributes(this, true)).catch((e) => report(this, e));
    }
  }
  class OemHubSheet extends HTMLElement {
    connectedCallback() {
      if (this.mounted) return;
      this.mounted = true;
      mount(this, fromAttributes(this, false)).catch((e) => report(this, e));
    }
  }

  window.OemHub = Object.assign(window.OemHub || {}, { mount, hub });
  if (!customElements.get("oem-hub-menu")) customElements.define("oem-hub-menu", OemHubMenu);
  if (!customElements.get("oem-hub-sheet")) customElements.define("oem-hub-sheet", OemHubSheet);
})();
