#!/usr/bin/env node
// Runs the compiled exporter CLI (npm ci builds dist/ through the prepare script).
require("../dist/tools/export/cli.js");
