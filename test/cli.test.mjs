// Black-box tests of the CLI as a user runs it: flags, exit codes, validation output,
// describe and field listing. They run `node bin/tercel.js` from the built tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const bin = resolve(import.meta.dirname, '..', 'bin', 'tercel.js');
const tmp = mkdtempSync(join(tmpdir(), 'tercel-cli-'));
function tercel(...args) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function file(name, text) {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

const good = file('good.yaml', `
- list: shells
  items: [bash, sh]
- macro: spawned
  condition: evt.type = execve
- rule: Shell started
  desc: a shell was started
  condition: spawned and proc.name in (shells)
  output: shell %proc.name started by %user.name (parent=%proc.pname)
  priority: WARNING
  tags: [process, shell]
- rule: Shadow read
  desc: someone opened /etc/shadow
  condition: evt.type in (open, openat) and fd.name = /etc/shadow
  output: shadow opened by %proc.name
  priority: error
  tags: [filesystem]
`);
const warned = file('warned.yaml', `
- macro: never_used
  condition: proc.name = x
- rule: Any event
  desc: catches everything
  condition: proc.name = cat
  output: cat did %evt.type
  priority: INFO
`);
const broken = file('broken.yaml', `
- rule: Bad
  desc: bad condition
  condition: evt.type = execve proc.name = x
  output: x
  priority: WARNING
`);

test('--version and --help exit 0', () => {
  const v = tercel('--version');
  assert.equal(v.code, 0);
  assert.match(v.out, /tercel version: \d+\.\d+\.\d+/);
  const h = tercel('--help');
  assert.equal(h.code, 0);
  for (const flag of ['-r', '-V, --validate', '-o, --option', '--list', '--dry-run', '-L', '-l']) assert.ok(h.out.includes(flag), flag);
});

test('unknown flags are usage errors', () => {
  const r = tercel('--no-such-flag');
  assert.equal(r.code, 1);
  assert.match(r.err, /Error: Option 'no-such-flag' does not exist/);
});

test('-V on a valid file: Ok, exit 0', () => {
  const r = tercel('-V', good);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim(), `${good}: Ok`);
});

test('-V with warnings: "Ok, with warnings", exit 0, warnings in JSON', () => {
  const t = tercel('-V', warned);
  assert.equal(t.code, 0);
  assert.equal(t.out.trim(), `${warned}: Ok, with warnings`);
  const j = tercel('-V', warned, '-o', 'json_output=true');
  const doc = JSON.parse(j.out.split('\n')[0]);
  const codes = doc.falco_load_results[0].warnings.map((w) => w.code).sort();
  assert.deepEqual(codes, ['LOAD_NO_EVTTYPE', 'LOAD_UNUSED_MACRO']);
  assert.equal(doc.falco_load_results[0].successful, true);
});

test('-V on a broken file: Invalid, coded error with position, exit 1', () => {
  const r = tercel('-V', broken, '-o', 'json_output=true');
  assert.equal(r.code, 1);
  const res = JSON.parse(r.out.split('\n')[0]).falco_load_results[0];
  assert.equal(res.successful, false);
  const e = res.errors[0];
  assert.equal(e.code, 'LOAD_ERR_COMPILE_CONDITION');
  assert.match(e.message, /unexpected token after 'execve'/);
  const loc = e.context.locations.find((l) => l.item_type === 'rule');
  assert.equal(loc.item_name, 'Bad');
  assert.ok(e.context.snippet.length > 0);
  const text = tercel('-V', broken);
  assert.equal(text.code, 1);
  assert.match(text.out, /broken\.yaml: Invalid/);
  assert.match(text.err, /^Error: /m);
});

test('-V loads files in order into one engine (later files see earlier macros)', () => {
  const base = file('base.yaml', '- macro: opened\n  condition: evt.type in (open, openat)\n');
  const user = file('user.yaml', '- rule: R\n  desc: d\n  condition: opened and fd.name = /x\n  output: o %fd.name\n  priority: NOTICE\n');
  assert.equal(tercel('-V', base, '-V', user).code, 0);
  assert.equal(tercel('-V', user).code, 1);
});

test('-L describes rules (text and JSON); -l one rule; unknown rule fails', () => {
  const t = tercel('-r', good, '-L');
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /^Rule\s+Description\n----\s+-----------\n/);
  assert.match(t.out, /Shell started\s+a shell was started/);
  const j = JSON.parse(tercel('-r', good, '-L', '-o', 'json_output=true').out);
  assert.deepEqual(j.rules.map((r) => r.info.name), ['Shell started', 'Shadow read']);
  assert.deepEqual(j.rules[1].details.events, ['open', 'openat']);
  assert.equal(j.rules[0].info.priority, 'Warning');
  const one = JSON.parse(tercel('-r', good, '-l', 'Shadow read', '-o', 'json_output=true').out);
  assert.equal(one.rules.length, 1);
  const missing = tercel('-r', good, '-l', 'Nope');
  assert.equal(missing.code, 1);
  assert.match(missing.err, /Rule "Nope" is not loaded/);
});

test('--list prints field classes; -N names only; unknown source fails', () => {
  const all = tercel('--list', 'syscall');
  assert.equal(all.code, 0);
  assert.match(all.out, /Field Class:\s+process/);
  const names = tercel('--list', '-N').out.split('\n');
  for (const f of ['proc.name', 'fd.name', 'evt.type', 'container.id', 'k8s.pod.name']) assert.ok(names.includes(f), f);
  assert.equal(tercel('--list=nosuchsource').code, 1);
});

test('--list-events lists event signatures', () => {
  const r = tercel('--list-events');
  assert.equal(r.code, 0);
  assert.match(r.out, /^< openat\(/m);
  assert.match(r.out, /^< execve\(ERRNO res, CHARBUF exe/m);
});

test('-D/-T with -t is refused as Falco does', () => {
  const r = tercel('-r', good, '-D', 'x', '-t', 'y', '--dry-run');
  assert.equal(r.code, 1);
  assert.match(r.err, /Error: You can not specify both disabled \(-D\/-T\) and enabled \(-t\) rules/);
});

test('-c config with rules_files and -o overrides; --dry-run exits 0', () => {
  const conf = file('falco.yaml', `rules_files:\n  - ${good}\njson_output: false\nlog_level: info\n`);
  const r = tercel('-c', conf, '--dry-run');
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /Loading rules from:\n\s+.*good\.yaml/);
  const bad = tercel('-c', conf, '-o', `rules_files[0]=${broken}`, '--dry-run');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /LOAD_ERR_COMPILE_CONDITION/);
  const missing = tercel('-c', join(tmp, 'nope.yaml'), '--dry-run');
  assert.equal(missing.code, 1);
  assert.match(missing.err, /Could not find configuration file at .*nope\.yaml/);
});

test('a rules file that cannot be read is a clear error', () => {
  const r = tercel('-V', join(tmp, 'absent.yaml'));
  assert.equal(r.code, 1);
  assert.match(r.err, /Could not open file .*absent\.yaml for reading/);
});

test('time_format_iso_8601 makes log lines start with an ISO timestamp', () => {
  const r = tercel('-r', good, '--dry-run', '-o', 'time_format_iso_8601=true');
  assert.match(r.err, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000: /);
});

test('-pc and append_output add text to every alert, and extra_fields to the JSON output_fields only', () => {
  const trace = resolve(import.meta.dirname, '..', 'examples', 'demo.scap.gz');
  const rules = resolve(import.meta.dirname, '..', 'rules', 'tercel_rules.yaml');
  const pc = tercel('-pc', '-r', rules, '-e', trace);
  assert.equal(pc.code, 0, pc.err);
  const lines = pc.out.split('\n').filter((l) => /^\d\d:\d\d:\d\d\.\d+: /.test(l));
  assert.ok(lines.length > 0);
  for (const l of lines) assert.match(l, / container_id=\S+ container_image=\S+ container_image_tag=\S+ container_name=\S+$/);
  const cfg = file('append.yaml', 'stdout_output:\n  enabled: true\nappend_output:\n  - match: {source: syscall}\n    extra_output: "on CPU %evt.cpu"\n'
    + '    extra_fields: [evt.hostname, {where: "${TERCEL_TEST_WHERE}"}]\n  - match: {rule: "No Such Rule"}\n    extra_output: never\n');
  const r = spawnSync(process.execPath, [bin, '-c', cfg, '-r', rules, '-e', trace, '-o', 'json_output=true'], { encoding: 'utf8', env: { ...process.env, TERCEL_TEST_WHERE: 'lab' } });
  assert.equal(r.status, 0, r.stderr);
  const alerts = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  assert.ok(alerts.length > 0);
  for (const a of alerts) {
    assert.match(a.output, / on CPU \d+$/);
    assert.doesNotMatch(a.output, /never|lab/);
    assert.equal(typeof a.output_fields['evt.hostname'], 'string');
    assert.equal(a.output_fields.where, 'lab');
  }
  const bad = tercel('-c', file('append-bad.yaml', 'append_output:\n  - extra_fields: [no.such.field]\n'), '-r', rules, '-e', trace);
  assert.notEqual(bad.code, 0);
  assert.match(bad.err + bad.out, /no\.such\.field/);
});
