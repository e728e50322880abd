// The oem-hub emulator's stand-in for the Qlik runtime system that qlik-embed's loader
// (@qlik/embed-web-components) fetches from `<host>/qlik-embed/main.js`. It offers the
// contract the loader uses: `window.QlikMain.import("embed-vanilla@v1")` gives
// `mountVanillaEmbedComponent({target, props})`, which returns `{$set, $destroy}`. Rendering
// is the emulator's own: the sheet comes from `/qlik-embed/render` with the bearer token that
// `hostConfig.getAccessToken` (a function, or the name of a global one) supplies; no cookie.
// Attribute changes reach `$set`, as the loader's MutationObserver calls it.
(() => {
  const tenant = new URL(document.currentScript.src).origin;

  async function accessToken(hostConfig) {
    const get = hostConfig && hostConfig.getAccessToken;
    const fn = typeof get === "function" ? get : typeof get === "string" ? globalThis[get] : undefined;
    if (typeof fn !== "function") {
      throw new Error("qlik-embed: hostConfig.getAccessToken is required (OAuth2 impersonation)");
    }
    return fn();
  }

  async function render(root, props) {
    const sheet = props.sheetId || props.objectId;
    const query = new URLSearchParams({ ui: props.ui || "", appid: props.appId || "" });
    if (sheet) query.set("sheet", sheet);
    // classic/app's `select:json` ([{field, values}]) arrives parsed, as the loader's
    // attribute reading gives it; the single API's `field,v1,v2;…` form carries it on.
    if (Array.isArray(props.select)) {
      const parts = props.select
        .filter((s) => s && typeof s.field === "string" && Array.isArray(s.values))
        .map((s) => [s.field, ...s.values.map(String)].join(","));
      if (parts.length) query.set("select", parts.join(";"));
    }
    root.dataset.status = "loading";
    try {
      const token = await accessToken(props.hostConfig);
      const answer = await fetch(`${tenant}/qlik-embed/render?${query}`, {
        headers: { Authorization: `Bearer ${token}` },
        credentials: "omit",
      });
      root.innerHTML = await answer.text();
      root.dataset.status = String(answer.status);
    } catch (error) {
      root.textContent = String(error && error.message ? error.message : error);
      root.dataset.status = "error";
    }
  }

  function mountVanillaEmbedComponent({ target, props }) {
    const root = document.createElement("div");
    root.className = "qlik-embed-root";
    target.appendChild(root);
    render(root, props);
    return {
      $set(next) {
        render(root, next);
      },
      $destroy() {
        root.remove();
      },
    };
  }

  const modules = { "embed-vanilla@v1": { mountVanillaEmbedComponent } };
  window.QlikMain = {
    async import(name) {
      const found = modules[name];
      if (!found) throw new Error(`qlik-embed runtime module ${name} is not emulated`);
      return found;
    },
  };
})();
