#!/usr/bin/env node
// Runs the compiled emulator CLI (npm ci builds dist/ through the prepare script).
require("../dist/emulator/cli.js");
