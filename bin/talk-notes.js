#!/usr/bin/env node
// Thin launcher: the CLI itself is bundled by esbuild into dist/cli.js (built on `npm install`).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('talk-notes: the CLI is not built yet; run `npm install` (or `npm run bundle`) in the talk-notes folder.\n');
  process.exit(2);
}
require(cli)
  .main(process.argv.slice(2))
  .then(code => {
    process.exitCode = code;
  });
