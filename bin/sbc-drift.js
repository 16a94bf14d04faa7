#!/usr/bin/env node
// Runs the compiled drift report CLI (npm ci builds dist/ through the prepare script).
require("../dist/tools/drift/cli.js");
