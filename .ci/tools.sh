#!/usr/bin/env bash
# Installs the build tools oem-hub needs, only when missing or at the wrong version.
# trunk must never download anything itself, so every tool it uses is provided here.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS_DIR=${TOOLS_DIR:-$HOME/.cache/oem-hub-tools}
export PATH="$TOOLS_DIR/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14          # 0.22 needs rustc 1.96.1
BINARYEN_VERSION=132           # Debian's binaryen 108 breaks wasm-bindgen's externref table
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "==> adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  echo "==> installing trunk $TRUNK_VERSION (about 8 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION"* ]]; then
  echo "==> installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # Not --locked: its lock file names a webpki-roots release the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [[ "$(wasm-opt --version 2>/dev/null)" != "wasm-opt version $BINARYEN_VERSION "* ]]; then
  echo "==> installing wasm-opt (npm binaryen@$BINARYEN_VERSION.0.0) into $TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR/binaryen" --no-audit --no-fund "binaryen@$BINARYEN_VERSION.0.0"
fi

# qlik-embed's loader (Qlik's @qlik/embed-web-components), served by the hub to host pages
# for OAuth embedding; npm checks the package's integrity. `make ui` copies it into dist/.
QLIK_EMBED_VERSION=1.6.0
QLIK_EMBED_DIR="$TOOLS_DIR/qlik-embed-web-components-$QLIK_EMBED_VERSION"
if [[ ! -f "$QLIK_EMBED_DIR/package/dist/index.js" ]]; then
  echo "==> fetching @qlik/embed-web-components@$QLIK_EMBED_VERSION into $TOOLS_DIR"
  mkdir -p "$QLIK_EMBED_DIR"
  (cd "$QLIK_EMBED_DIR" && npm pack --silent "@qlik/embed-web-components@$QLIK_EMBED_VERSION" >/dev/null \
    && tar xzf "qlik-embed-web-components-$QLIK_EMBED_VERSION.tgz")
fi

echo "tools ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version), qlik-embed $QLIK_EMBED_VERSION"
