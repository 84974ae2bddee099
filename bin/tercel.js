#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/app/cli.js (built by `npm run build`).
import { main } from '../dist/app/cli.js';
// Exit once the run is over: background work (e.g. DNS lookups of rule names that a dead
// name server leaves hanging) must not keep the process alive. stdout and stderr writes are
// synchronous for files and pipes on Linux, so nothing printed is lost.
main(process.argv.slice(2)).then((code) => process.exit(code));
