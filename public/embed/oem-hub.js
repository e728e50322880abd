// oem-hub host-page script. Add to a host page:
//   <script src="https://<hub>/embed/oem-hub.js"></script>
// then either custom elements
//   <oem-hub-menu token="ohe_…" fetch-token="myFetchToken"></oem-hub-menu>
//   <oem-hub-sheet token="ohe_…" module="sales" sheet="…"></oem-hub-sheet>
// or a call: const handle = await OemHub.mount(element, {token, fetchToken, module, sheet, menu: true}).
// The token is an embed token your backend got from POST /api/v1/embed/sessions (or a host app
// JWT). fetchToken (a function, or for the elements the name of a global one in `fetch-token`, or
// the element's `fetchToken` property, or OemHub.fetchToken) is called for a new token before the
// current one ends and after a 401; it returns the token, your backend's session object
// ({token, expires_at}) or a promise of either. Elements without a token attribute use
// OemHub.token. Commands (on the handle and on the elements; each returns a promise that rejects
// with the reason when it cannot be done): goto(module, sheet), select(field, values),
// clear(field?), applyBookmark(id), setToken(token) (a token the host got itself),
// export("pdf") or export("xlsx", objectId) (saved as a download). Events
// (bubbling CustomEvents on the element, and
// window.postMessage to this page's own origin): oem-hub:ready, oem-hub:sheet-changed,
// oem-hub:selections-changed, oem-hub:export, oem-hub:token-expired, oem-hub:error,
// oem-hub:resize.
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
    const fetchToken = opts.fetchToken || window.OemHub.fetchToken;
    if (fetchToken !== undefined && typeof fetchToken !== "function") {
      throw new Error("oem-hub: fetchToken must be a function");
    }
    const m = await load();
    return m.mount(el, hub, token, opts.module || null, opts.sheet || null, opts.menu !== false, fetchToken || null);
  }

  function fromAttributes(el, menu) {
    const named = el.getAttribute("fetch-token");
    return {
      token: el.getAttribute("token"),
      module: el.getAttribute("module"),
      sheet: el.getAttribute("sheet"),
      fetchToken: el.fetchToken || (named ? () => window[named]() : undefined),
      menu,
    };
  }

  function report(el, err) {
    el.dispatchEvent(new CustomEvent("oem-hub:error", {
      bubbles: true,
      detail: { type: "oem-hub:error", code: "load", message: String(err), causes: [] },
    }));
  }

  class OemHubElement extends HTMLElement {
    connectedCallback() {
      if (this.handle) return;
      this.handle = mount(this, fromAttributes(this, this.showsMenu));
      this.handle.catch((e) => report(this, e));
    }
    goto(module, sheet) { return this.handle.then((h) => h.goto(module, sheet)); }
    select(field, values) { return this.handle.then((h) => h.select(field, values)); }
    clear(field) { return this.handle.then((h) => h.clear(field ?? null)); }
    applyBookmark(id) { return this.handle.then((h) => h.applyBookmark(id)); }
    setToken(token) { return this.handle.then((h) => h.setToken(token)); }
    export(format, object) { return this.handle.then((h) => h.export(format, object ?? null)); }
  }
  class OemHubMenu extends OemHubElement {
    get showsMenu() { return true; }
  }
  class OemHubSheet extends OemHubElement {
    get showsMenu() { return false; }
  }

  window.OemHub = Object.assign(window.OemHub || {}, { mount, hub });
  if (!customElements.get("oem-hub-menu")) customElements.define("oem-hub-menu", OemHubMenu);
  if (!customElements.get("oem-hub-sheet")) customElements.define("oem-hub-sheet", OemHubSheet);
})();
