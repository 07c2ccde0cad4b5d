# Two entry points (see README): `make run` and `make test`. Every target
# installs what it needs first, so both work on a fresh machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CARGO_TERM_COLOR ?= never

CARGO_LEPTOS_VERSION := 0.3.10
# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p;}' Cargo.lock)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
SITE_ROOT := $(CURDIR)/target/site
ADDR ?= 127.0.0.1:3000

# $(call apt_install,packages): installs Debian packages, with sudo unless
# root. Used as `command -v x || { $(call apt_install,x); }` in recipes.
apt_install = echo "installing Debian's $(1)"; \
  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(1) >/dev/null

.PHONY: help
help:
	@echo "make run    build (release) and start the portal on http://$(ADDR) (SQLite in ./data)"
	@echo "make test   run every test: unit, integration (SQLite + PostgreSQL), end-to-end (Chromium)"
	@echo "make dev    build (debug) and start the portal with the demo world"
	@echo "make bench  seed 100,000 declarations and measure the 待办事项 page with wrk"
	@echo "make bench-mixed  200 users for 5 min on 1,000,000 declarations, then a killed server, then a restarted PostgreSQL"

# ---------------------------------------------------------------- tools

.PHONY: tools
tools: wasm-target cargo-leptos wasm-bindgen npm-deps

.PHONY: wasm-target
wasm-target:
	@rustup target list --installed | grep -q '^wasm32-unknown-unknown$$' || rustup target add wasm32-unknown-unknown

.PHONY: cargo-leptos
cargo-leptos:
	@if ! cargo leptos --version 2>/dev/null | grep -q ' $(CARGO_LEPTOS_VERSION)$$'; then \
	  echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION) (takes a while, once)"; \
	  cargo install cargo-leptos --locked --version $(CARGO_LEPTOS_VERSION); \
	fi

.PHONY: wasm-bindgen
wasm-bindgen:
	@if ! wasm-bindgen --version 2>/dev/null | grep -q ' $(WASM_BINDGEN_VERSION)'; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

# wasm-opt comes from npm's binaryen beside Playwright (one lockfile).
end2end/node_modules/.package-lock.json: end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	@touch $@

.PHONY: zopfli
zopfli:
	@command -v zopfli >/dev/null || { \
	  $(call apt_install,zopfli); \
	}

.PHONY: npm-deps
npm-deps: end2end/node_modules/.package-lock.json

# Chromium for the end-to-end tests; CJK fonts so pages (screenshots) and
# the PDF documents show Chinese text; poppler-utils reads the PDFs back in
# the tests (pdftotext, pdffonts, pdftoppm).
.PHONY: chromium
chromium: fonts
	@{ command -v chromium >/dev/null && command -v pdftotext >/dev/null; } || { \
	  $(call apt_install,chromium poppler-utils); \
	}

# The documents' faces (the server refuses to start without them).
.PHONY: fonts
fonts:
	@[ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] && [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc ] || { \
	  $(call apt_install,fonts-noto-cjk); \
	}

# ---------------------------------------------------------------- run

.PHONY: build-release
build-release: tools zopfli
	cargo leptos build --release --split
	@# cargo-leptos minifies its own JS but not wasm-split's loader, which
	@# every page loads (2,713 -> 2,066 bytes gzip).
	@for f in $(SITE_ROOT)/pkg/__wasm_split.*.js; do terser "$$f" --module -c -m -o "$$f"; done
	@# Precompressed copies are served to browsers that accept gzip: zopfli
	@# writes ordinary gzip files about 5 % smaller than gzip -9 (the main
	@# wasm 333,320 -> 318,341 bytes), once per build, read by every visitor.
	@find $(SITE_ROOT)/pkg -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -exec zopfli {} \;

.PHONY: run
run: fonts build-release
	@mkdir -p data
	@# The demo world publishes its passwords: never with APP_ENV=production.
	APP_ENV=$${APP_ENV:-$(if $(DEMO),development,production)} \
	LEPTOS_OUTPUT_NAME=gxzc LEPTOS_SITE_ROOT=$(SITE_ROOT) LEPTOS_SITE_PKG_DIR=pkg \
	LEPTOS_SITE_ADDR=$(ADDR) LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true \
	$(TARGET_DIR)/release/server

.PHONY: dev
dev: tools fonts
	cargo leptos build --split
	@mkdir -p data
	DEMO=1 APP_ENV=development LEPTOS_OUTPUT_NAME=gxzc LEPTOS_SITE_ROOT=$(SITE_ROOT) LEPTOS_SITE_PKG_DIR=pkg \
	LEPTOS_SITE_ADDR=$(ADDR) $(TARGET_DIR)/debug/server

# ---------------------------------------------------------------- bench

.PHONY: bench
bench: fonts build-release
	cargo build --release -p server --bin bench_seed
	cargo build --release -p bench
	@command -v wrk >/dev/null || { $(call apt_install,wrk); }
	CARGO_TARGET_DIR=$(TARGET_DIR) bench/run.sh sqlite
	CARGO_TARGET_DIR=$(TARGET_DIR) bench/run.sh postgres
	CARGO_TARGET_DIR=$(TARGET_DIR) bench/offices.sh sqlite
	CARGO_TARGET_DIR=$(TARGET_DIR) bench/offices.sh postgres
	CARGO_TARGET_DIR=$(TARGET_DIR) bench/documents.sh sqlite
	CARGO_TARGET_DIR=$(TARGET_DIR) bench/documents.sh postgres
	CARGO_TARGET_DIR=$(TARGET_DIR) bench/sign_in.sh
	CARGO_TARGET_DIR=$(TARGET_DIR) bench/statistics.sh postgres

# The scale-out issue's mixed load (200 users, 5 min, 1,000,000 declarations
# on PostgreSQL, two servers behind nginx), then with one server SIGKILLed
# and with PostgreSQL restarted halfway (pg-restart needs root).
.PHONY: bench-mixed
bench-mixed: fonts services
	cargo build --release -p server --bin server --bin bench_seed
	cargo build --release -p bench
	CARGO_TARGET_DIR=$(TARGET_DIR) bench/mixed.sh load
	CARGO_TARGET_DIR=$(TARGET_DIR) bench/mixed.sh kill
	CARGO_TARGET_DIR=$(TARGET_DIR) bench/mixed.sh pg-restart

# ---------------------------------------------------------------- test

.PHONY: test
test: tools chromium lint test-unit test-integration test-e2e
	@echo "all tests passed"

# Formatting and lints refuse the change before anything long runs: the
# server side (ssr), the browser side (hydrate, wasm) and every test target.
.PHONY: lint
lint: wasm-target
	cargo fmt --all --check
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p server -p migration -p bench --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

.PHONY: test-unit
test-unit:
	cargo test -p app --features ssr
	cargo test -p server --lib

.PHONY: check-postgres
check-postgres:
	@(exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null || (echo "PostgreSQL is not answering on 127.0.0.1:5432; the integration tests need it" && exit 1)

# The scale-out and storage tests start nginx (the load balancer in front
# of two server processes) and moto (an S3-compatible server) themselves.
MOTO_VERSION := 5.2.1
.PHONY: services
services:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { \
	  $(call apt_install,nginx-light); \
	}
	@python3 -c 'import moto.server' 2>/dev/null || { \
	  echo "installing moto $(MOTO_VERSION) (S3-compatible test server) from PyPI"; \
	  python3 -m pip install --quiet --disable-pip-version-check 'moto[server]==$(MOTO_VERSION)'; \
	}

.PHONY: test-integration
test-integration: check-postgres services
	cargo test -p server --test it

.PHONY: test-e2e
test-e2e: tools chromium
	cargo leptos build --split
	cd end2end && E2E_SERVER_BIN=$(TARGET_DIR)/debug/server E2E_SITE_ROOT=$(SITE_ROOT) npx playwright test
