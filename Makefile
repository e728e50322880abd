# oem-hub: `make demo` runs everything locally; `make test` runs the whole test suite.
# Both install what is missing first (idempotent; nothing is reinstalled when present).

SHELL := /bin/bash
TOOLS_DIR ?= $(HOME)/.cache/oem-hub-tools
# Keep in step with .ci/tools.sh.
QLIK_EMBED_VERSION := 1.6.0
export PATH := $(TOOLS_DIR)/binaryen/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test tools browser ui lint

## Install missing tools, build the UI and the server, run `oem-hub demo`.
demo: tools ui
	cargo build --locked --release --bin oem-hub
	./target/release/oem-hub demo

## Install missing tools and Chromium, build the UI, run every test.
test: tools browser ui
	cargo test --locked

## wasm32 target, trunk, wasm-bindgen-cli (= Cargo.lock's version), wasm-opt (binaryen 132).
tools:
	@TOOLS_DIR="$(TOOLS_DIR)" .ci/tools.sh

## Debian's chromium and chromedriver, for the browser tests.
browser:
	@.ci/browser.sh

## The browser UI, built by trunk into dist/, then the end-user embed bundle into dist/embed/,
## with qlik-embed's loader beside it.
ui:
	cargo fetch --locked
	trunk build --release
	trunk build public/embed/index.html --release true --dist dist/embed --filehash false --public-url /embed/
	cp $(TOOLS_DIR)/qlik-embed-web-components-$(QLIK_EMBED_VERSION)/package/dist/index.js dist/embed/qlik-embed.js

## Formatting and clippy on both feature sets, as CI runs them.
lint:
	cargo fmt --all --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown --no-default-features --features csr -- -D warnings
