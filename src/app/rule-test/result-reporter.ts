// Prints test results: text (one line per case as it finishes, the differing fields under
// a failure, a summary line) or one JSON document for machines.
import type { CaseResult } from './case-runner.js';

export interface FileResults {
  file: string;
  rulesFiles: string[];
  results: CaseResult[];
}

export interface Summary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
}

export function summarize(files: readonly FileResults[], durationMs: number): Summary {
  const all = files.flatMap((f) => f.results);
  return {
    total: all.length,
    passed: all.filter((r) => r.status === 'pass').length,
    failed: all.filter((r) => r.status === 'fail').length,
    skipped: all.filter((r) => r.status === 'skip').length,
    durationMs,
  };
}

export function fileHeader(file: string, rulesFiles: readonly string[]): string {
  return `${file} (rules: ${rulesFiles.join(', ')})\n`;
}

export function caseLine(r: CaseResult): string {
  const tag = r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : 'SKIP';
  let s = `  ${tag} ${r.id}`;
  if (r.status !== 'pass' && r.reason) s += `: ${r.reason}`;
  s += '\n';
  if (r.status === 'fail') {
    for (const d of r.diffs) s += `       ${d.field}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.got)}\n`;
  }
  return s;
}

export function summaryLine(s: Summary): string {
  return `Summary: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped (${s.total} cases) in ${(s.durationMs / 1000).toFixed(1)} s\n`;
}

export function jsonReport(files: readonly FileResults[], s: Summary): string {
  return JSON.stringify({
    files: files.map((f) => ({
      file: f.file,
      rules_files: f.rulesFiles,
      cases: f.results.map((r) => ({
        id: r.id,
        rule: r.rule,
        line: r.line,
        status: r.status,
        ...(r.reason ? { reason: r.reason } : {}),
        diffs: r.diffs,
        alerts: r.alerts,
        duration_ms: r.durationMs,
      })),
    })),
    summary: { total: s.total, passed: s.passed, failed: s.failed, skipped: s.skipped, duration_ms: s.durationMs },
  }, null, 2) + '\n';
}
