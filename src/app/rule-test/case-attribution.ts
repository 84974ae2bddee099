// Which alerts belong to a case, and what the helper's report says about the run: host
// cases by the pids of the chain (followed to children through proc.ppid), container
// cases by their container's id; call results the case depends on (`result:`); entries
// that could not start.
import type { Alert } from './alert-matcher.js';
import type { ChainOutcome } from './chain-launcher.js';
import type { HelperReport } from './plan-writer.js';
import type { TestAction, TestCase } from './test-case.js';

/** Result expectations (`result: ok|EPERM`) the environment did not meet: the case is skipped. */
export function unmetResults(actions: readonly TestAction[], recordsPerAction: number[], report: HelperReport): string | undefined {
  let rec = 0;
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i]!;
    const first = rec;
    rec += recordsPerAction[i]!;
    if (a.result === undefined) continue;
    for (let r = first; r < rec; r++) {
      const got = report.results.find((x) => x.index === r);
      if (!got) return `${a.op} was not performed (the case needs ${a.result})`;
      const ok = a.result === 'ok' ? got.ret >= 0 : got.status === a.result;
      if (!ok) return `${a.op} gave ${got.ret >= 0 ? 'ok' : got.status}, the case needs ${a.result}`;
    }
  }
  return undefined;
}

export function attributeByPid(alerts: readonly Alert[], report: HelperReport): { hits: Alert[]; unattributable: number } {
  const pids = new Set<number>([...report.pids.values(), ...report.children]);
  const withPid = alerts.filter((a) => a.output_fields?.['proc.pid'] !== undefined);
  // Descendants of a real program (sh -c "...") are the case's too: follow proc.ppid.
  for (let grew = true; grew; ) {
    grew = false;
    for (const a of withPid) {
      const pid = Number(a.output_fields!['proc.pid']);
      const ppid = Number(a.output_fields!['proc.ppid']);
      if (!pids.has(pid) && pids.has(ppid)) {
        pids.add(pid);
        grew = true;
      }
    }
  }
  return { hits: withPid.filter((a) => pids.has(Number(a.output_fields!['proc.pid']))), unattributable: alerts.length - withPid.length };
}

export function attributeByContainer(alerts: readonly Alert[], containerId: string): { hits: Alert[]; unattributable: number } {
  const has = alerts.filter((a) => typeof a.output_fields?.['container.id'] === 'string');
  const hits = has.filter((a) => {
    const id = String(a.output_fields!['container.id']);
    return id.length >= 12 && containerId.startsWith(id);
  });
  return { hits, unattributable: alerts.length - has.length };
}

export function describeOutcome(o: ChainOutcome, report: HelperReport, c: TestCase): string | undefined {
  const f = report.failures[0];
  if (f) return `chain entry ${f.step} (${c.chain[f.step]?.name ?? '?'}) could not start: ${f.what} ${f.errno}`;
  if (o.timedOut) return `the chain did not exit within the cap; it was killed`;
  if (o.code === undefined) return `the chain could not be started: ${o.stderr.trim()}`;
  return undefined;
}
