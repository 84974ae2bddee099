#!/usr/bin/env node
// Prints a .scap trace like `sysdig -r FILE -p "%evt.num %evt.type %evt.dir %evt.args"`.
// Needs a build (npm run build). Options: --all (internal and state-only events too),
// --limit N, --trunc N (shorten byte buffers like sysdig without -v: 80).
// fds and thread ids print raw: resolving them needs the state stage.
import { dumpTrace } from '../dist/capture/trace-dump.js';

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const all = args.includes('--all');
const limit = opt('--limit');
const trunc = opt('--trunc');
const path = args.find((a) => !a.startsWith('--'));
if (!path) {
  console.error('usage: scap-dump.mjs FILE.scap [--all] [--limit N] [--trunc N]');
  process.exit(2);
}
try {
  await dumpTrace(path, {
    includeInternal: all, includeStateOnly: all,
    limit: limit === undefined ? undefined : Number(limit),
    maxBufferLength: trunc === undefined ? 0 : Number(trunc),
  });
} catch (e) {
  console.error(e.message);
  process.exitCode = 1;
}
