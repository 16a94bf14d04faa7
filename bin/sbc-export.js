#!/usr/bin/env node
// Runs the compiled exporter CLI (npm ci builds dist/ through the prepare script).
require("../dist/provider/export/cli.js");
