#!/usr/bin/env bash
# The Python SDK pulumi_sbc (sdk/python), generated from the native plugin's schema, and its wheel.
#
#   scripts/python-sdk.sh gen     (npm run gen:python) rewrites sdk/python from provider/native/schema.json
#   scripts/python-sdk.sh wheel   (npm run build:python) builds sdk/python/dist/pulumi_sbc-<version>-py3-none-any.whl
#                                 and prints its path on stdout
#
# gen builds scripts/python-sdk-gen (Pulumi's own Python code generator, pkg/v3 v3.248.0: see its
# main.go for why not `pulumi package gen-sdk`) into the cache the CLI build uses, once per
# version of its source; the modules are the CLI's, so after scripts/pulumi-cli.sh it needs no
# download.
#
# wheel builds with setuptools in a build virtualenv of its own in the same cache, made once from
# PyPI: a virtualenv's bundled setuptools (65.5 with Python 3.11) cannot build wheels without the
# separate `wheel` package; setuptools >= 70.1 can. The build itself is offline (--no-index,
# --no-build-isolation), and `pip install <wheel>` needs nothing from the checkout but that file.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-oracle-sbc}"
BIN_DIR="$CACHE_ROOT/pulumi-cli-v3.248.0/bin"
GEN_SOURCE="$PROJECT_DIR/scripts/python-sdk-gen"
SDK_DIR="$PROJECT_DIR/sdk/python"
SCHEMA="$PROJECT_DIR/provider/native/schema.json"
SETUPTOOLS="setuptools==80.9.0"

say() { echo "python-sdk: $*" >&2; }
fail() { echo "python-sdk: error: $*" >&2; exit 1; }

generator() {
  local hash bin
  hash="$(cat "$GEN_SOURCE/main.go" "$GEN_SOURCE/go.mod" "$GEN_SOURCE/go.sum" | sha256sum | cut -c1-12)"
  bin="$BIN_DIR/python-sdk-gen-$hash"
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null 2>&1 || fail "no 'go' on PATH: install Go >= 1.25.11 to build the Python SDK generator"
    mkdir -p "$BIN_DIR"
    say "building the Python SDK generator into $bin (first time: a minute or two)"
    (cd "$GEN_SOURCE" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$bin.tmp" . >&2) ||
      fail "go build of $GEN_SOURCE failed (see go's message above)"
    mv "$bin.tmp" "$bin"
  fi
  echo "$bin"
}

gen() {
  "$(generator)" "$SCHEMA" "$SDK_DIR" >&2
}

wheel() {
  local venv="$CACHE_ROOT/python-build-${SETUPTOOLS#setuptools==}"
  local python="${PYTHON:-python3}"
  command -v "$python" >/dev/null 2>&1 || fail "no $python on PATH: the wheel is built with Python >= 3.9 and its venv module"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import setuptools" 2>/dev/null; then
    say "making the build virtualenv $venv with $SETUPTOOLS (once, from PyPI)"
    rm -rf "$venv"
    "$python" -m venv "$venv" >&2 || fail "$python -m venv failed: install Python's venv module"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$SETUPTOOLS" >&2 || fail "pip could not install $SETUPTOOLS into $venv"
  fi
  [ -f "$SDK_DIR/pyproject.toml" ] || fail "$SDK_DIR has no pyproject.toml: run npm run gen:python"
  # Left-overs of an earlier build would go into the wheel: a module since removed, say.
  rm -rf "$SDK_DIR/build" "$SDK_DIR/dist" "$SDK_DIR"/*.egg-info
  (cd "$SDK_DIR" && "$venv/bin/pip" wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation --no-index -w dist . >&2) ||
    fail "pip wheel failed for $SDK_DIR (see pip's message above)"
  rm -rf "$SDK_DIR/build" "$SDK_DIR"/*.egg-info
  local built=("$SDK_DIR"/dist/pulumi_sbc-*.whl)
  [ -f "${built[0]}" ] || fail "pip wheel wrote no pulumi_sbc wheel into $SDK_DIR/dist"
  echo "${built[0]}"
}

case "${1:-}" in
  gen) gen ;;
  wheel) wheel ;;
  *) fail "usage: scripts/python-sdk.sh gen|wheel" ;;
esac
