#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/app/cli.js (built by `npm run build`).
import { main } from '../dist/app/cli.js';
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
