#!/usr/bin/env bash
# npm run e2e: the real-CLI suite. Finds or builds pulumi v3.248.0 (scripts/pulumi-cli.sh), builds
# the package and the Python SDK's wheel, and runs tests/e2e with the CLI first on PATH. A missing CLI
# fails, never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
cli_dir="$(scripts/pulumi-cli.sh)"
npm run build --silent
# The Python SDK's wheel, built once: the files run two at a time, and a build clears sdk/python/dist.
wheel="$(bash scripts/language-sdks.sh build python)"
PATH="$cli_dir:$PATH" PULUMI_CLI_DIR="$cli_dir" SBC_E2E_REQUIRED=1 SBC_E2E_PYTHON_WHEEL="$wheel" npx jest -c jest.e2e.config.js "$@"
