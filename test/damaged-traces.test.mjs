// A truncated copy and a byte-flipped copy of each legacy trace must end with a clear
// error naming the file and offset, a non-zero exit status, no stack trace, and the alerts
// raised before the damage still printed. Skips when the shared traces are absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const repo = resolve(import.meta.dirname, '..');
const shared = process.env.TERCEL_SHARED_DIR ?? resolve(repo, '..', 'shared');
const traces = join(shared, 'conformance', 'legacy-suite', 'trace_files');
const bin = join(repo, 'bin', 'tercel.js');
const skip = existsSync(traces) ? false : `legacy traces not found at ${traces}`;
const tmp = mkdtempSync(join(tmpdir(), 'tercel-damaged-'));

// A catch-all rule so that every event before the damage raises an alert.
const rules = join(tmp, 'every-event.yaml');
writeFileSync(rules, `- rule: every event
  desc: matches each syscall event with a thread
  condition: evt.num > 0 and proc.pid >= 0 and evt.type != procinfo
  output: "%evt.num %evt.type"
  priority: DEBUG
  warn_evttypes: false
`);

/** Start offsets of the pcapng-style blocks of a trace (type u32, total length u32, ...). */
function blockOffsets(buf) {
  const offs = [];
  for (let o = 0; o + 8 <= buf.length;) {
    const len = buf.readUInt32LE(o + 4);
    if (len < 12) break;
    offs.push(o);
    o += len;
  }
  return offs;
}

function run(trace) {
  const r = spawnSync(process.execPath, [bin, '-r', rules, '-e', trace, '-o', 'json_output=true'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const alerts = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return { code: r.status, alerts, err: r.stderr, out: r.stdout };
}

const files = skip ? [] : readdirSync(traces).filter((f) => f.endsWith('.scap')).sort();
if (skip) test('damaged traces', { skip }, () => {});

for (const f of files) {
  test(`damaged copies of ${f}`, { skip }, () => {
    const raw = gunzipSync(readFileSync(join(traces, f)));
    const whole = join(tmp, `whole-${f}`);
    writeFileSync(whole, raw);
    const good = run(whole);
    assert.equal(good.code, 0, good.err);

    // Truncated: cut in the middle of the events.
    // Damage lands among the event blocks (header blocks are few and come first).
    const blocks = blockOffsets(raw);
    const at = blocks[Math.floor(blocks.length * 0.95)];
    const cut = join(tmp, `truncated-${f}`);
    writeFileSync(cut, raw.subarray(0, at + 10));
    const t = run(cut);
    assert.notEqual(t.code, 0, 'a truncated trace must fail');
    assert.match(t.err, new RegExp(`Error: .*truncated-${f.replace('.', '\\.')}.*offset`, 's'));
    assert.doesNotMatch(t.err, /\n\s+at .*\.js:\d+/, 'no stack trace');
    // Every alert printed before the damage is one the whole trace also raised, in order.
    assert.deepEqual(t.alerts.map((a) => a.output), good.alerts.slice(0, t.alerts.length).map((a) => a.output));
    if (good.alerts.length > 0) {
      assert.ok(t.alerts.length > 0, 'alerts from before the damage are printed');
      assert.match(t.out, /Events detected: \d+/);
    }

    // Byte-flipped: corrupt a block header byte in the second half.
    const flipped = Buffer.from(raw);
    const flipAt = blocks[Math.floor(blocks.length * 0.97)];
    for (let i = flipAt; i < flipAt + 8; i++) flipped[i] ^= 0xff; // the block's type and length
    const fl = join(tmp, `flipped-${f}`);
    writeFileSync(fl, flipped);
    const b = run(fl);
    assert.doesNotMatch(b.err, /\n\s+at .*\.js:\d+/, 'no stack trace');
    if (b.code === 0) {
      // Flipping bytes inside parameter data can leave the block structure intact: then the
      // run must at least not lose the events before the flip.
      assert.ok(b.alerts.length > 0);
    } else {
      assert.match(b.err, /Error: .*flipped-.*(offset|block)/s);
      assert.deepEqual(b.alerts.slice(0, 1).map((a) => a.output), good.alerts.slice(0, 1).map((a) => a.output));
    }
  });
}
