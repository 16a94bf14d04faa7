#!/usr/bin/env bash
# Finds or builds the real Pulumi CLI (v3.248.0, the @pulumi/pulumi this project pins) and the
# language hosts the tests use (Node, YAML, Python), and prints the directory that holds them with
# the dynamic-provider launcher.
#
#   scripts/pulumi-cli.sh            -> prints the bin directory on stdout, progress on stderr
#   export PATH="$(scripts/pulumi-cli.sh):$PATH"
#
# A `pulumi` already on PATH at the pinned version is used as it is, when every host is beside it
# or on PATH. Otherwise the binaries are built from the Go module proxy into a cache outside the
# clone (PULUMI_CLI_CACHE, default ~/.cache/pulumi-oracle-sbc), so fresh clones on the same machine
# reuse one build. Idempotent: each part (the CLI with the Node host, the YAML host, the Python
# host) has its own stamp file and is built only when its stamp is missing, so an older cache gains
# a new host without rebuilding pulumi; a lock file keeps two clones from building at once.
#
# Why modules of our own: pkg/v3's go.mod replaces sdk/v3 with a local path and atotto/clipboard
# with a fork; `go build module@version` ignores replace directives of dependencies, so the
# building module requires pkg/v3 and sdk/v3 itself and repeats the clipboard replace.
#
# Which host versions, and why (docs/testing.md says what differs):
# - Node: since sdk v3.69 the host is a module of its own
#   (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), and the Go module proxy
#   these machines reach refuses every version of it (403 "This module version is not available",
#   for the v3.248.0 commit's pseudo-version and for the version list). Pulumi's own host is built
#   instead from sdk/v3 v3.68.0, the newest release whose module still carries it. It only starts
#   `node @pulumi/pulumi/cmd/run` with the engine's addresses, flags and config; the program's
#   @pulumi/pulumi (3.248) and the v3.248.0 engine do everything else.
# - Python: the same refusal hits the host's own module, so it too comes from sdk/v3 v3.68.0, with
#   the pulumi-language-python-exec script that module carries beside it. It ignores the runtime
#   options the v3.248 CLI sends: point PULUMI_PYTHON_CMD at the virtualenv's python.
# - YAML: v3.248.0 bundles pulumi-yaml v1.37.0, which the proxy cannot build (it needs pkg/v3
#   v3.247.0, whose zip the proxy refuses, and does not compile against v3.248.0). v1.38.0, the
#   next release, builds (with pkg/sdk v3.254.0 in its own module); later ones are refused.
set -euo pipefail

PULUMI_VERSION="v3.248.0"
LANGUAGE_HOST_SDK_VERSION="v3.68.0"
YAML_HOST_VERSION="v1.38.0"
GO_NEEDED="1.25.11"
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-oracle-sbc}"
BIN_DIR="$CACHE_ROOT/pulumi-cli-$PULUMI_VERSION/bin"
BUILD_DIR="$CACHE_ROOT/pulumi-cli-$PULUMI_VERSION/module"
PROJECT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
LAUNCHER="$PROJECT_DIR/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
HOSTS=(pulumi-language-nodejs pulumi-language-yaml pulumi-language-python pulumi-language-python-exec)

# One stamp per part, so that each is built only when it is missing.
CLI_STAMP="$BIN_DIR/.built-$PULUMI_VERSION"
YAML_STAMP="$BIN_DIR/.built-pulumi-language-yaml-$YAML_HOST_VERSION"
PYTHON_STAMP="$BIN_DIR/.built-pulumi-language-python-$LANGUAGE_HOST_SDK_VERSION"

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

# The first host missing from PATH, or nothing.
missing_host_on_path() {
  local host
  for host in "${HOSTS[@]}"; do
    command -v "$host" >/dev/null 2>&1 || { echo "$host"; return; }
  done
}

# 1. A pulumi on PATH at the pinned version, with every language host beside it or on PATH.
if on_path="$(command -v pulumi 2>/dev/null)" && [ "$(version_of "$on_path")" = "$PULUMI_VERSION" ]; then
  dir="$(dirname "$on_path")"
  lacking="$(PATH="$dir:$PATH" missing_host_on_path)"
  if [ -n "$lacking" ]; then
    say "pulumi on PATH has no $lacking beside it nor on PATH: using the cache"
  elif command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
    say "using $on_path ($PULUMI_VERSION) from PATH"
    echo "$dir"
    exit 0
  elif [ -w "$dir" ]; then
    install_launcher "$dir"
    say "using $on_path ($PULUMI_VERSION) from PATH; launcher installed beside it"
    echo "$dir"
    exit 0
  else
    say "pulumi on PATH lacks pulumi-resource-pulumi-nodejs and $dir is not writable: using the cache"
  fi
elif [ -n "${on_path:-}" ]; then
  say "pulumi on PATH is $(version_of "$on_path"), not $PULUMI_VERSION: using the cache"
fi

cli_built() { [ -f "$CLI_STAMP" ] && [ -x "$BIN_DIR/pulumi" ] && [ -x "$BIN_DIR/pulumi-language-nodejs" ]; }
yaml_built() { [ -f "$YAML_STAMP" ] && [ -x "$BIN_DIR/pulumi-language-yaml" ]; }
python_built() { [ -f "$PYTHON_STAMP" ] && [ -x "$BIN_DIR/pulumi-language-python" ] && [ -x "$BIN_DIR/pulumi-language-python-exec" ]; }

# 2. A finished build in the cache.
if cli_built && yaml_built && python_built; then
  install_launcher "$BIN_DIR"
  say "using the cached build in $BIN_DIR"
  echo "$BIN_DIR"
  exit 0
fi

# 3. Build what is missing from the Go module proxy.
command -v go >/dev/null 2>&1 || fail "no 'go' on PATH: install Go >= $GO_NEEDED to build the Pulumi CLI and its language hosts, or put pulumi $PULUMI_VERSION with ${HOSTS[*]} on PATH"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
mkdir -p "$BUILD_DIR" "$BIN_DIR"

# Clones share the cache: the second to arrive waits, then finds the stamps the first left.
exec 9>"$BUILD_DIR/.lock"
if command -v flock >/dev/null 2>&1 && ! flock -n 9; then
  say "another build into $BIN_DIR is running; waiting for it"
  flock 9
fi

# build_module DIR OUTPUT PACKAGE LDFLAGS GO.MOD-TEXT: a throwaway module that requires what
# PACKAGE needs; LDFLAGS stamp the binary's own version, as the release builds do.
build_module() {
  local dir="$1" output="$2" package="$3" ldflags="-s -w $4"
  mkdir -p "$dir"
  printf '%s\n' "$5" > "$dir/go.mod"
  printf '//go:build tools\n\n// Keeps the command in the module graph for go mod tidy.\npackage tools\n\nimport _ "%s"\n' "$package" > "$dir/tools.go"
  say "resolving modules for $package"
  (cd "$dir" && go mod tidy >&2) ||
    fail "go mod tidy failed for $package in $dir (see go's message above; it needs Go >= $GO_NEEDED and the Go module proxy)"
  say "compiling $(basename "$output")"
  (cd "$dir" && go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$output" "$package" >&2) ||
    fail "go build of $package failed in $dir (see go's message above)"
}

sdk_version_flag() { echo "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$1"; }

if ! cli_built; then
  say "building pulumi $PULUMI_VERSION and pulumi-language-nodejs from the Go module proxy into $BIN_DIR"
  say "(the first build downloads about 1 GB of modules and takes several minutes on 2 cores)"
  started=$SECONDS
  build_module "$BUILD_DIR/cli" "$BIN_DIR/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$(sdk_version_flag "$PULUMI_VERSION")" "module sbc.local/pulumi-cli

go 1.25

require (
	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"

  build_module "$BUILD_DIR/language-host" "$BIN_DIR/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$(sdk_version_flag "$LANGUAGE_HOST_SDK_VERSION")" "module sbc.local/pulumi-language-host

go 1.25

require github.com/pulumi/pulumi/sdk/v3 $LANGUAGE_HOST_SDK_VERSION"

  got="$(version_of "$BIN_DIR/pulumi")"
  [ "$got" = "$PULUMI_VERSION" ] || fail "built pulumi reports '$got', expected $PULUMI_VERSION"
  touch "$CLI_STAMP"
  say "built pulumi $got in $BIN_DIR ($((SECONDS - started)) s)"
fi

if ! yaml_built; then
  say "building pulumi-language-yaml $YAML_HOST_VERSION (with pulumi pkg/sdk v3.254.0, a second set of modules) into $BIN_DIR"
  started=$SECONDS
  build_module "$BUILD_DIR/yaml-host" "$BIN_DIR/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_HOST_VERSION" "module sbc.local/pulumi-language-yaml

go $GO_NEEDED

require github.com/pulumi/pulumi-yaml $YAML_HOST_VERSION

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"
  touch "$YAML_STAMP"
  say "built pulumi-language-yaml $YAML_HOST_VERSION in $BIN_DIR ($((SECONDS - started)) s)"
fi

if ! python_built; then
  say "building pulumi-language-python from sdk $LANGUAGE_HOST_SDK_VERSION into $BIN_DIR"
  started=$SECONDS
  build_module "$BUILD_DIR/python-host" "$BIN_DIR/pulumi-language-python" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python "$(sdk_version_flag "$LANGUAGE_HOST_SDK_VERSION")" "module sbc.local/pulumi-language-python

go 1.25

require github.com/pulumi/pulumi/sdk/v3 $LANGUAGE_HOST_SDK_VERSION"
  # The host runs this script of the same module with the program's python, and looks for it only beside itself.
  sdk_dir="$(cd "$BUILD_DIR/python-host" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)" ||
    fail "cannot find sdk/v3 $LANGUAGE_HOST_SDK_VERSION in the module cache to copy pulumi-language-python-exec from"
  install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$BIN_DIR/pulumi-language-python-exec"
  touch "$PYTHON_STAMP"
  say "built pulumi-language-python $LANGUAGE_HOST_SDK_VERSION in $BIN_DIR ($((SECONDS - started)) s)"
fi

install_launcher "$BIN_DIR"
say "pulumi $PULUMI_VERSION and ${HOSTS[*]} are in $BIN_DIR"
echo "$BIN_DIR"
