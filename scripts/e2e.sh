#!/usr/bin/env bash
# npm run e2e: the real-CLI suite. Finds or builds pulumi v3.248.0 (scripts/pulumi-cli.sh), builds
# the package and the Python SDK's wheel, and runs tests/e2e with the CLI first on PATH. A missing CLI
# fails, never skips. With no arguments the files run two at a time, but for those that run npm
# scripts rebuilding dist/ as a user would (the README's `npm pack`, whose prepare builds; `npm run
# demo`): a rebuild clears dist/ under the other file's plugin, so they run alone, after the rest.
# With arguments (a file, -t …), jest runs just those.
set -euo pipefail
cd "$(dirname "$0")/.."
cli_dir="$(scripts/pulumi-cli.sh)"
npm run build --silent
# The Python SDK's wheel, built once: a build clears sdk/python/dist under another file's pip install.
wheel="$(bash scripts/language-sdks.sh build python)"
e2e() {
  PATH="$cli_dir:$PATH" PULUMI_CLI_DIR="$cli_dir" SBC_E2E_REQUIRED=1 SBC_E2E_PYTHON_WHEEL="$wheel" npx jest -c jest.e2e.config.js "$@"
}
if [ $# -gt 0 ]; then
  e2e "$@"
  exit
fi
rebuilding='/tests/e2e/(readmeCommands|demo)\.e2e\.test\.ts$'
status=0
e2e --testPathIgnorePatterns "$rebuilding" || status=$?
e2e --maxWorkers 1 "$rebuilding" || status=$?
exit "$status"
