#!/usr/bin/env bash
# Finds or builds the real Pulumi CLI (v3.248.0, the @pulumi/pulumi this project pins) and its
# Node language host, and prints the directory that holds them with the dynamic-provider launcher.
#
#   scripts/pulumi-cli.sh            -> prints the bin directory on stdout, progress on stderr
#   export PATH="$(scripts/pulumi-cli.sh):$PATH"
#
# A `pulumi` already on PATH at the pinned version is used as it is. Otherwise both binaries are
# built from the Go module proxy into a cache outside the clone (PULUMI_CLI_CACHE, default
# ~/.cache/pulumi-oracle-sbc), so fresh clones on the same machine reuse one build. Idempotent:
# a finished build is recognised by its stamp file and not rebuilt.
#
# Why a module of our own: pkg/v3's go.mod replaces sdk/v3 with a local path and atotto/clipboard
# with a fork; `go build module@version` ignores replace directives of dependencies, so the
# building module requires pkg/v3 and sdk/v3 itself and repeats the clipboard replace.
#
# The Node language host: since sdk v3.69 it is a module of its own
# (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), and the Go module proxy
# these machines reach refuses every version of it (403 "This module version is not available",
# for the v3.248.0 commit's pseudo-version and for the version list). Pulumi's own host is built
# instead from sdk/v3 v3.68.0, the newest release whose module still carries it. It only starts
# `node @pulumi/pulumi/cmd/run` with the engine's addresses, flags and config; the program's
# @pulumi/pulumi (3.248) and the v3.248.0 engine do everything else. Where it differs from the
# v3.248 host is written in README.md, "Testing with the real Pulumi CLI".
set -euo pipefail

PULUMI_VERSION="v3.248.0"
LANGUAGE_HOST_SDK_VERSION="v3.68.0"
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-oracle-sbc}"
BIN_DIR="$CACHE_ROOT/pulumi-cli-$PULUMI_VERSION/bin"
BUILD_DIR="$CACHE_ROOT/pulumi-cli-$PULUMI_VERSION/module"
PROJECT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
LAUNCHER="$PROJECT_DIR/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

say() { echo "pulumi-cli: $*" >&2; }
fail() { echo "pulumi-cli: error: $*" >&2; exit 1; }

# The launcher ships inside @pulumi/pulumi; the CLI looks for it on PATH or beside `pulumi`.
install_launcher() {
  local dir="$1"
  [ -f "$LAUNCHER" ] || fail "$LAUNCHER is missing: run 'npm ci' in $PROJECT_DIR first"
  if ! cmp -s "$LAUNCHER" "$dir/pulumi-resource-pulumi-nodejs" 2>/dev/null; then
    install -m 0755 "$LAUNCHER" "$dir/pulumi-resource-pulumi-nodejs"
  fi
}

version_of() { "$1" version 2>/dev/null | tr -d '[:space:]' || true; }

# 1. A pulumi on PATH at the pinned version, with its language host beside it or on PATH.
if on_path="$(command -v pulumi 2>/dev/null)" && [ "$(version_of "$on_path")" = "$PULUMI_VERSION" ] &&
  command -v pulumi-language-nodejs >/dev/null 2>&1; then
  dir="$(dirname "$on_path")"
  if command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
    say "using $on_path ($PULUMI_VERSION) from PATH"
    echo "$dir"
    exit 0
  fi
  if [ -w "$dir" ]; then
    install_launcher "$dir"
    say "using $on_path ($PULUMI_VERSION) from PATH; launcher installed beside it"
    echo "$dir"
    exit 0
  fi
  say "pulumi on PATH lacks pulumi-resource-pulumi-nodejs and $dir is not writable: using the cache"
elif [ -n "${on_path:-}" ]; then
  say "pulumi on PATH is $(version_of "$on_path"), not $PULUMI_VERSION: using the cache"
fi

# 2. A finished build in the cache.
STAMP="$BIN_DIR/.built-$PULUMI_VERSION"
if [ -f "$STAMP" ] && [ -x "$BIN_DIR/pulumi" ] && [ -x "$BIN_DIR/pulumi-language-nodejs" ]; then
  install_launcher "$BIN_DIR"
  say "using the cached build in $BIN_DIR"
  echo "$BIN_DIR"
  exit 0
fi

# 3. Build from the Go module proxy.
command -v go >/dev/null 2>&1 || fail "no 'go' on PATH: install Go >= 1.25 to build the Pulumi CLI, or put pulumi $PULUMI_VERSION with pulumi-language-nodejs on PATH"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
mkdir -p "$BUILD_DIR/cli" "$BUILD_DIR/language-host" "$BIN_DIR"
say "building pulumi $PULUMI_VERSION and pulumi-language-nodejs from the Go module proxy into $BIN_DIR"
say "(the first build downloads about 1 GB of modules and takes several minutes on 2 cores)"

# build_module DIR OUTPUT PACKAGE VERSION GO.MOD-TEXT: a throwaway module that requires what
# PACKAGE needs; VERSION is stamped as the binary's own, as Pulumi's release build does.
build_module() {
  local dir="$1" output="$2" package="$3"
  local ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$4"
  printf '%s\n' "$5" > "$dir/go.mod"
  printf '//go:build tools\n\n// Keeps the command in the module graph for go mod tidy.\npackage tools\n\nimport _ "%s"\n' "$package" > "$dir/tools.go"
  say "resolving modules for $package"
  (cd "$dir" && go mod tidy >&2)
  say "compiling $(basename "$output")"
  (cd "$dir" && go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$output" "$package" >&2)
}

build_module "$BUILD_DIR/cli" "$BIN_DIR/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$PULUMI_VERSION" "module sbc.local/pulumi-cli

go 1.25

require (
	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"

build_module "$BUILD_DIR/language-host" "$BIN_DIR/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$LANGUAGE_HOST_SDK_VERSION" "module sbc.local/pulumi-language-host

go 1.25

require github.com/pulumi/pulumi/sdk/v3 $LANGUAGE_HOST_SDK_VERSION"

got="$(version_of "$BIN_DIR/pulumi")"
[ "$got" = "$PULUMI_VERSION" ] || fail "built pulumi reports '$got', expected $PULUMI_VERSION"
install_launcher "$BIN_DIR"
touch "$STAMP"
say "built pulumi $got in $BIN_DIR"
echo "$BIN_DIR"
