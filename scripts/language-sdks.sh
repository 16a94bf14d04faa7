#!/usr/bin/env bash
# The native plugin's language SDKs, generated from its schema (provider/native/schema.json), and
# their installable builds: pulumi-oracle-sbc for Python (module pulumi_oracle_sbc, sdk/python) and
# @pulumi-oracle-sbc/sdk for TypeScript (sdk/nodejs), as the schema's language block names them.
#
# The generated SDKs are committed, as Pulumi's own providers (pulumi-aws, pulumi-gcp,
# pulumi-azure-native) commit theirs and have CI regenerate them and fail on a changed worktree:
# here they are about 5 MB of text, a regeneration shows in review what a schema or generator
# change does to users' code, and npm test and the e2e need no Go to read or build them.
# tests/languageSdks.test.ts is the stale check: generated.json against the schema and sdk-gen.
#
#   scripts/language-sdks.sh gen python     (npm run gen:python) rewrites sdk/python
#   scripts/language-sdks.sh gen nodejs     (npm run gen:nodejs) rewrites sdk/nodejs
#   scripts/language-sdks.sh build python   (npm run build:python) builds sdk/python/dist/pulumi_oracle_sbc-<version>-py3-none-any.whl
#   scripts/language-sdks.sh build nodejs   (npm run build:nodejs) builds sdk/nodejs/dist/pulumi-oracle-sbc-sdk-<version>.tgz
#                                            each build prints the path of what it built on stdout
#   scripts/language-sdks.sh import-code nodejs <stack export.json> <name>...
#                                            prints the TypeScript `pulumi import` prints for those
#                                            resources, which the tests' Node host cannot (sdk-gen's main.go)
#
# gen builds scripts/sdk-gen (Pulumi's own code generators, pkg/v3 v3.248.0: see its main.go for
# why not `pulumi package gen-sdk`) into the cache the CLI build uses, once per version of its
# source, which the binary records in each SDK's generated.json; the modules are the CLI's, so
# after scripts/pulumi-cli.sh it needs no download.
#
# The Python wheel is built with setuptools in a build virtualenv of its own in the same cache,
# made once from PyPI: a virtualenv's bundled setuptools (65.5 with Python 3.11) cannot build wheels
# without the separate `wheel` package; setuptools >= 70.1 can. The build itself is offline
# (--no-index, --no-build-isolation), and `pip install <wheel>` needs nothing from the checkout but
# that file.
#
# The npm tarball is built as Pulumi builds its own SDKs: tsc (the checkout's TypeScript, with the
# checkout's @pulumi/pulumi for types) compiles into sdk/nodejs/bin, package.json and README.md are
# copied beside the output, and bin/ is what is packed. Offline too: `npm install <tarball>` needs
# only @pulumi/pulumi from wherever the project gets it.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-oracle-sbc}"
BIN_DIR="$CACHE_ROOT/pulumi-cli-v3.248.0/bin"
GEN_SOURCE="$PROJECT_DIR/scripts/sdk-gen"
SCHEMA="$PROJECT_DIR/provider/native/schema.json"
SETUPTOOLS="setuptools==80.9.0"

say() { echo "language-sdks: $*" >&2; }
fail() { echo "language-sdks: error: $*" >&2; exit 1; }

generator() {
  local hash bin
  hash="$(cat "$GEN_SOURCE/main.go" "$GEN_SOURCE/go.mod" "$GEN_SOURCE/go.sum" | sha256sum | cut -d' ' -f1)"
  bin="$BIN_DIR/sdk-gen-${hash:0:12}"
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null 2>&1 || fail "no 'go' on PATH: install Go >= 1.25.11 to build the SDK generator"
    mkdir -p "$BIN_DIR"
    say "building the SDK generator into $bin (first time: a minute or two)"
    (cd "$GEN_SOURCE" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w -X main.sourceSha256=$hash" -o "$bin.tmp" . >&2) ||
      fail "go build of $GEN_SOURCE failed (see go's message above)"
    mv "$bin.tmp" "$bin"
  fi
  echo "$bin"
}

gen() {
  "$(generator)" "$1" "$SCHEMA" "$PROJECT_DIR/sdk/$1" >&2
}

build_python() {
  local sdk="$PROJECT_DIR/sdk/python"
  local venv="$CACHE_ROOT/python-build-${SETUPTOOLS#setuptools==}"
  local python="${PYTHON:-python3}"
  command -v "$python" >/dev/null 2>&1 || fail "no $python on PATH: the wheel is built with Python >= 3.9 and its venv module"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import setuptools" 2>/dev/null; then
    say "making the build virtualenv $venv with $SETUPTOOLS (once, from PyPI)"
    rm -rf "$venv"
    "$python" -m venv "$venv" >&2 || fail "$python -m venv failed: install Python's venv module"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$SETUPTOOLS" >&2 || fail "pip could not install $SETUPTOOLS into $venv"
  fi
  [ -f "$sdk/pyproject.toml" ] || fail "$sdk has no pyproject.toml: run npm run gen:python"
  # Left-overs of an earlier build would go into the wheel: a module since removed, say.
  rm -rf "$sdk/build" "$sdk/dist" "$sdk"/*.egg-info
  (cd "$sdk" && "$venv/bin/pip" wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation --no-index -w dist . >&2) ||
    fail "pip wheel failed for $sdk (see pip's message above)"
  rm -rf "$sdk/build" "$sdk"/*.egg-info
  local built=("$sdk"/dist/*.whl)
  [ -f "${built[0]}" ] || fail "pip wheel wrote no wheel into $sdk/dist"
  echo "${built[0]}"
}

build_nodejs() {
  local sdk="$PROJECT_DIR/sdk/nodejs"
  local tsc="$PROJECT_DIR/node_modules/.bin/tsc"
  [ -f "$sdk/package.json" ] || fail "$sdk has no package.json: run npm run gen:nodejs"
  [ -x "$tsc" ] && [ -d "$PROJECT_DIR/node_modules/@pulumi/pulumi" ] || fail "the checkout's TypeScript and @pulumi/pulumi are missing: run npm ci in $PROJECT_DIR"
  # Left-overs of an earlier build would go into the tarball: a module since removed, say.
  rm -rf "$sdk/bin" "$sdk/dist"
  (cd "$sdk" && "$tsc" -p tsconfig.json >&2) || fail "tsc failed for $sdk (see its messages above)"
  cp "$sdk/package.json" "$sdk/README.md" "$sdk/bin/"
  mkdir -p "$sdk/dist"
  local packed
  packed="$(cd "$sdk/bin" && npm pack --json --ignore-scripts --pack-destination "$sdk/dist" 2>/dev/null | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8"))[0].filename)')" ||
    fail "npm pack failed for $sdk/bin"
  [ -f "$sdk/dist/$packed" ] || fail "npm pack wrote no tarball into $sdk/dist"
  echo "$sdk/dist/$packed"
}

case "${1:-} ${2:-}" in
  "gen python" | "gen nodejs") gen "$2" ;;
  "build python") build_python ;;
  "build nodejs") build_nodejs ;;
  "import-code nodejs") shift 2; "$(generator)" import-code nodejs "$SCHEMA" "$@" ;;
  *) fail "usage: scripts/language-sdks.sh gen|build python|nodejs, or import-code nodejs <stack export.json> <name>..." ;;
esac
