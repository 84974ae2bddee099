#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/app/cli.js (built by `npm run build`).
import { main } from '../dist/app/cli.js';
// Let the process end by itself once the run is over (so pending output is flushed), but
// not later than 2 s after: background work such as DNS lookups of rule names that a dead
// name server leaves hanging must not keep it alive.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
});
