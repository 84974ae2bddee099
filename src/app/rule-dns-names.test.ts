// The names start-up resolves for fd.*ip.name: found through macros, lists and exceptions,
// only on the operators Falco resolves names for, and handed to the cache before events run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syscallEventCatalog } from '../events/event-catalog.js';
import { createDefaultRegistry } from '../fields/index.js';
import { parseCondition } from '../filter/index.js';
import { RulesLoader } from '../rules/index.js';
import { DnsNameCache } from '../state/dns-name-cache.js';
import { dnsNamesInCondition, ruleDnsNames, startRuleDnsNames } from './rule-dns-names.js';

const RULES = `
- list: pools
  items: [pool.example, "mirror.example"]
- macro: to_pool
  condition: fd.sip.name in (pools)
- rule: Pool
  desc: d
  condition: evt.type = connect and to_pool and not fd.cip.name = trusted.example
  output: "o %fd.sip.name"
  priority: WARNING
  exceptions:
    - name: known
      fields: [fd.rip.name]
      values: [[backup.example]]
- rule: Other
  desc: d
  condition: evt.type = connect and (fd.lip.name != pool.example or fd.sip.name startswith cdn)
  output: "o"
  priority: WARNING
`;

function loadRules() {
  const loader = new RulesLoader({ registry: createDefaultRegistry(), catalog: syscallEventCatalog });
  const r = loader.load('rules.yaml', RULES);
  assert.equal(r.successful, true, JSON.stringify(r.errors));
  return loader.rules();
}

test('names on the right of =, != and in of the four fields; other operators and fields are not names', () => {
  const ast = parseCondition('fd.sip.name in (a.example, b.example) and (fd.cip.name = c.example or fd.name = x.example) and fd.rip.name contains d and not fd.lip.name != e.example');
  assert.deepEqual(dnsNamesInCondition(ast), ['a.example', 'b.example', 'c.example', 'e.example']);
});

test('rules: names reached through macros, lists and exceptions, each once, in rule order', () => {
  assert.deepEqual(ruleDnsNames(loadRules()), ['pool.example', 'mirror.example', 'trusted.example', 'backup.example']);
});

test('start-up gives the names to the cache and waits for the first round', async () => {
  const looked: string[] = [];
  const cache = new DnsNameCache({
    refreshMs: 0, hostsFile: false,
    resolver: async (name) => { looked.push(name); return name === 'pool.example' ? [{ address: '127.0.0.1', family: 4 }] : []; },
  });
  const h = await startRuleDnsNames(loadRules(), { cache });
  assert.deepEqual(h.names, cache.names);
  assert.deepEqual([...looked].sort(), ['backup.example', 'mirror.example', 'pool.example', 'trusted.example']);
  assert.equal(cache.nameOf(Uint8Array.of(127, 0, 0, 1)), 'pool.example');
  h.stop();
});

test('start-up does not wait past waitMs for a resolver that hangs', async () => {
  const cache = new DnsNameCache({ refreshMs: 0, hostsFile: false, resolver: () => new Promise(() => {}) });
  const t0 = Date.now();
  const h = await startRuleDnsNames(loadRules(), { cache, waitMs: 50 });
  assert.ok(Date.now() - t0 < 2000);
  h.stop();
});
