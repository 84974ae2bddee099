// The capture round trip: `tercel capture -w f.scap -M 5` records while live tercel detects
// real actions; then sysdig (an independent reader of the format, Debian's package) must
// see the same evt.type, proc.name and fd.name as tercel's own reading of every event, and
// `tercel -r RULES -e f.scap` must raise the alerts the live run raised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { liveSkipReason, run, sleep, startTercel, tempDir, tercelBin, withLiveLock } from './helpers/live-harness.mjs';

let skip = liveSkipReason();
if (!skip && run('which', ['sysdig']).code !== 0) skip = 'sysdig is not installed (scripts/setup.sh --test installs it)';
const CAPTURE_SECONDS = Number(process.env.TERCEL_CAPTURE_SECONDS ?? 5);

const RULES = readFileSync(new URL('./fixtures/live-common-rules.yaml', import.meta.url), 'utf8') + `

- rule: Outbound connect to local listener
  desc: a TCP connect to 127.0.0.1
  condition: evt.type = connect and evt.dir = < and fd.l4proto = tcp and fd.sip = 127.0.0.1 and proc.name = bash
  output: outbound connection (proc=%proc.name connection=%fd.name sip=%fd.sip sport=%fd.sport)
  priority: NOTICE
`;

/** Starts `tercel capture`; resolves once it writes (the "capturing to" line), with a promise of its end. */
async function startCapture(args) {
  const child = spawn(process.execPath, [tercelBin, 'capture', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s) => { stdout += s; });
  child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
  const done = new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr })));
  let exited = false;
  done.then(() => { exited = true; });
  const t0 = Date.now();
  while (!/capturing to/.test(stderr)) {
    if (exited) throw new Error(`tercel capture ended early:\n${stderr}`);
    if (Date.now() - t0 > 60_000) { child.kill('SIGKILL'); throw new Error(`tercel capture not ready after 60 s:\n${stderr}`); }
    await sleep(20);
  }
  return { child, done };
}

/** The actions of the live detection tests, each tagged so its alerts can be told apart. */
async function performActions(work) {
  run('/bin/sh', ['-c', 'cat /etc/shadow > /dev/null; true']);
  const nginx = join(work, 'nginx');
  copyFileSync('/bin/dash', nginx);
  chmodSync(nginx, 0o755);
  run(nginx, ['-c', `sh -c 'echo web >/dev/null'; true`]);
  const nc = join(work, 'nc');
  copyFileSync('/bin/true', nc);
  chmodSync(nc, 0o755);
  run(nc, ['-e', '/bin/sh', '127.0.0.1', '9']);
  const etc = `/etc/tercel-capture-${process.pid}`;
  run('/bin/sh', ['-c', `echo x > ${etc}`]);
  rmSync(etc, { force: true });
  const server = createServer((s) => s.destroy());
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  run('/bin/bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${server.address().port}`]);
  server.close();
}

/** Lines `rawtime|type|dir|res|proc|fd[|tid]` (after `prefix`) → Map "rawtime|type|dir" → fields. */
function parseReading(text, prefix) {
  const out = new Map();
  for (const line of text.split('\n')) {
    const i = line.indexOf(prefix);
    if (i < 0) continue;
    const [ts, type, dir, res, proc, fd, tid] = line.slice(i + prefix.length).split('|');
    if (fd === undefined) continue;
    out.set(`${ts}|${type}|${dir}`, { ts, type, dir, res, proc, fd, tid });
  }
  return out;
}

const OPENS = new Set(['open', 'openat', 'openat2', 'creat']);

/**
 * Compares sysdig's reading of the trace with tercel's. Differences that come from sysdig
 * 0.29's older event table are counted apart (`known`), never hidden:
 * - event types it does not know (pipe2, dup2, eventfd2, bpf, prctl... newer event codes)
 *   are not printed at all;
 * - it takes an event's fd from the enter event, which the probe does not write (exit
 *   events carry the fd): on close, socket, bind, sendto... it names the thread's previous fd;
 * - on a failed open it keeps the previous fd's name, where tercel names the path tried;
 * - it does not apply prctl(PR_SET_NAME): a renamed thread keeps its old proc.name there
 *   (tercel's name must then still fit the kernel's 15 bytes);
 * - `container` meta events belong to no process: it names a made-up `container:<id>` one;
 * - the exit of a thread the trace never described (neither in the header nor by an event):
 *   sysdig asks this machine's /proc about it, tercel knows no name.
 */
function compareReadings(sysdigText, tercelText) {
  const theirs = parseReading(sysdigText, '');
  const ours = parseReading(tercelText, 'EV ');
  const sysdigTypes = new Set([...theirs.values()].map((e) => e.type));
  const renamed = new Set([...ours.values()].filter((e) => e.type === 'prctl').map((e) => e.tid));
  const known = { unknownToSysdig: 0, fdFromEnterEvent: 0, failedOpen: 0, renamedByPrctl: 0, containerEventThread: 0, exitOfThreadNotInTrace: 0 };
  const r = { compared: 0, known, onlySysdig: [], onlyTercel: [], type: [], proc: [], fd: [] };
  const na = (v) => (v === '<NA>' ? '' : v);
  for (const [key, t] of ours) {
    if (theirs.has(key)) continue;
    if (!sysdigTypes.has(t.type)) known.unknownToSysdig++;
    else r.onlyTercel.push(t);
  }
  for (const [key, s] of theirs) {
    const t = ours.get(key);
    if (!t) { r.onlySysdig.push(s); continue; }
    r.compared++;
    if (s.type !== t.type) r.type.push({ sysdig: s, tercel: t });
    if (na(s.proc) !== na(t.proc)) {
      if (t.type === 'container') known.containerEventThread++;
      else if (na(t.proc) === '' && t.type === 'procexit') known.exitOfThreadNotInTrace++;
      else if (renamed.has(t.tid) && Buffer.byteLength(t.proc) <= 15) known.renamedByPrctl++;
      else r.proc.push({ sysdig: s, tercel: t });
    }
    if (na(s.fd) !== na(t.fd)) {
      if (!OPENS.has(t.type)) known.fdFromEnterEvent++;
      else if (t.res !== 'SUCCESS' && t.res !== '0') known.failedOpen++;
      else r.fd.push({ sysdig: s, tercel: t });
    }
  }
  return r;
}

test(`tercel capture -M ${CAPTURE_SECONDS} while acting: sysdig reads it like tercel, and replay raises the live alerts`, { skip, timeout: 600_000 }, async () => {
  await withLiveLock(async () => {
    const work = tempDir('tercel-capture-');
    const scap = join(work, 'f.scap');
    const rulesFile = join(work, 'rules.yaml');
    writeFileSync(rulesFile, RULES);
    const live = await startTercel(RULES);
    let cap;
    let liveAlerts;
    try {
      const { done } = await startCapture(['-w', scap, '-M', String(CAPTURE_SECONDS)]);
      const acted = Date.now();
      await performActions(work);
      const actMs = Date.now() - acted;
      cap = await done;
      assert.ok(actMs < CAPTURE_SECONDS * 1000, `the actions took ${actMs} ms, longer than the capture`);
      // give live tercel its 2 s to report the last action
      await sleep(2000);
      liveAlerts = live.byRule();
    } finally {
      const r = await live.stop();
      live.cleanup();
      if (r.code !== 0) process.stderr.write(r.stderr);
    }
    try {
      assert.equal(cap.code, 0, cap.stderr);
      const written = Number(/Events written: (\d+)/.exec(cap.stdout)?.[1]);
      const drops = Number(/Driver Drops: (\d+)/.exec(cap.stdout)?.[1]);
      assert.ok(written > 0, `nothing written:\n${cap.stdout}`);
      assert.equal(drops, 0, 'the capture dropped events');
      assert.ok(existsSync(scap));
      process.stderr.write(`capture: ${cap.stdout.replace(/\n/g, '; ')}\n`);

      // 1. sysdig and tercel read the same events the same way (events matched by time,
      // type and direction: evt.num differs where sysdig skips event types it does not know)
      const sd = run('sysdig', ['-r', scap, '-p', '*%evt.rawtime|%evt.type|%evt.dir|%evt.res|%proc.name|%fd.name'], { maxBuffer: 1 << 30 });
      assert.equal(sd.code, 0, `sysdig could not read the trace: ${sd.stderr}`);
      const dumpRules = join(work, 'dump.yaml');
      writeFileSync(dumpRules, `
- rule: Every event
  desc: one line per event, tercel's own reading
  condition: evt.num > 0
  output: "EV %evt.rawtime|%evt.type|%evt.dir|%evt.res|%proc.name|%fd.name|%thread.tid"
  priority: INFO
`);
      const own = run(process.execPath, [tercelBin, '-r', dumpRules, '-e', scap, '-o', 'json_output=false'], { maxBuffer: 1 << 30 });
      assert.equal(own.code, 0, own.stderr);
      const cmp = compareReadings(sd.stdout, own.stdout);
      process.stderr.write(`sysdig vs tercel: ${cmp.compared} events compared; known differences: ${JSON.stringify(cmp.known)}\n`);
      assert.ok(cmp.compared > 0, 'no events compared');
      const ev = (e) => `${e.ts} ${e.type}${e.dir} res=${e.res} proc.name=${e.proc} fd.name=${e.fd}`;
      const pair = (d) => `sysdig: ${ev(d.sysdig)} | tercel: ${ev(d.tercel)}`;
      assert.deepEqual(cmp.onlySysdig.slice(0, 5).map(ev), [], `${cmp.onlySysdig.length} events only sysdig shows`);
      assert.deepEqual(cmp.onlyTercel.slice(0, 5).map(ev), [], `${cmp.onlyTercel.length} events only tercel shows (of types sysdig knows)`);
      assert.deepEqual(cmp.type.slice(0, 5).map(pair), [], `evt.type differs on ${cmp.type.length} events`);
      assert.deepEqual(cmp.proc.slice(0, 5).map(pair), [], `proc.name differs on ${cmp.proc.length} events`);
      assert.deepEqual(cmp.fd.slice(0, 5).map(pair), [], `fd.name differs on ${cmp.fd.length} events`);

      // 2. replaying the trace raises what the live run raised during the capture
      const rep = run(process.execPath, [tercelBin, '-r', rulesFile, '-e', scap, '-o', 'json_output=true'], { maxBuffer: 1 << 28 });
      assert.equal(rep.code, 0, rep.stderr);
      const replayed = rep.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      // The live run's probe and the capture's probe stamp the same syscall a few hundred
      // ns apart: alerts are compared without their time.
      const key = (a) => `${a.rule} | ${a.output.replace(/^\S+: /, '')}`;
      const replayKeys = new Set(replayed.map(key));
      const liveKeys = new Set(liveAlerts.map(key));
      const ours = [
        ['Read shadow', (a) => a.output_fields['proc.cmdline'] === 'cat /etc/shadow'],
        ['Shell from web server', (a) => a.output_fields['proc.pname'] === 'nginx'],
        ['Netcat remote exec', (a) => a.output_fields['proc.name'] === 'nc'],
        ['Write below etc', (a) => a.output_fields['fd.name'] === `/etc/tercel-capture-${process.pid}`],
        ['Outbound connect to local listener', (a) => a.output_fields['proc.name'] === 'bash'],
      ];
      for (const [rule, pred] of ours) {
        const l = liveAlerts.find((a) => a.rule === rule && pred(a));
        assert.ok(l, `the live run raised no '${rule}' alert for the action`);
        assert.ok(replayKeys.has(key(l)), `replay did not raise the live alert ${key(l)}; replay raised:\n${[...replayKeys].join('\n')}`);
      }
      const extra = replayed.filter((a) => !liveKeys.has(key(a)));
      assert.deepEqual(extra.map(key), [], 'replay alerts the live run did not raise');
    } finally {
      if (process.env.TERCEL_KEEP_CAPTURE) process.stderr.write(`capture kept in ${work}\n`);
      else rmSync(work, { recursive: true, force: true });
    }
  });
});

test('tercel capture with a filter: only matching events are shown, replay still knows every process', { skip, timeout: 300_000 }, async () => {
  await withLiveLock(async () => {
    const work = tempDir('tercel-capture-f-');
    const scap = join(work, 'g.scap');
    const rulesFile = join(work, 'rules.yaml');
    writeFileSync(rulesFile, RULES);
    try {
      const { done } = await startCapture(['-w', scap, '-M', '3', 'proc.name = cat and evt.type in (openat, execve)']);
      run('/bin/sh', ['-c', 'cat /etc/shadow > /dev/null; true']);
      const cap = await done;
      assert.equal(cap.code, 0, cap.stderr);
      const matched = Number(/Events matched: (\d+)/.exec(cap.stdout)?.[1]);
      const written = Number(/Events written: (\d+)/.exec(cap.stdout)?.[1]);
      assert.ok(matched > 0 && written >= matched, cap.stdout);
      // state-only events (kept for the state tables) are not shown by readers
      const sd = run('sysdig', ['-r', scap, '-p', '*%evt.type|%proc.name'], { maxBuffer: 1 << 28 });
      assert.equal(sd.code, 0, sd.stderr);
      const lines = sd.stdout.split('\n').filter(Boolean);
      assert.equal(lines.length, matched);
      for (const l of lines) assert.match(l, /^(openat|execve)\|cat$/);
      const rep = run(process.execPath, [tercelBin, '-r', rulesFile, '-e', scap, '-o', 'json_output=true'], { maxBuffer: 1 << 28 });
      assert.equal(rep.code, 0, rep.stderr);
      const a = rep.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((x) => x.rule === 'Read shadow' && x.output_fields['proc.cmdline'] === 'cat /etc/shadow');
      assert.ok(a, `replay raised no shadow alert:\n${rep.stdout}`);
      assert.equal(a.output_fields['proc.pname'], 'sh');
      assert.equal(a.output_fields['user.name'], 'root');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

test('tercel capture: usage errors and filter errors are reported before capturing', () => {
  const noOut = run(process.execPath, [tercelBin, 'capture']);
  assert.equal(noOut.code, 1);
  assert.match(noOut.stderr, /^Error: -w FILE is required/);
  const help = run(process.execPath, [tercelBin, 'capture', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: tercel capture -w FILE/);
  const badField = run(process.execPath, [tercelBin, 'capture', '-w', '/dev/null', 'proc.nope = x']);
  assert.equal(badField.code, 1);
  assert.match(badField.stderr, /^Error: filter: .*proc\.nope.*\[FILTER_\w+\] \(column 1 of "proc\.nope = x"\)/);
  const badSyntax = run(process.execPath, [tercelBin, 'capture', '-w', '/dev/null', 'proc.name = cat and']);
  assert.equal(badSyntax.code, 1);
  assert.match(badSyntax.stderr, /^Error: filter: .*\[FILTER_SYNTAX\] \(column \d+ of/);
  const badM = run(process.execPath, [tercelBin, 'capture', '-w', '/dev/null', '-M', 'x']);
  assert.equal(badM.code, 1);
  assert.match(badM.stderr, /-M needs a number of seconds/);
});
