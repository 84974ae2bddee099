// Falco's `append_output` (falco.yaml) and `-p` (CLI): extra text and extra JSON fields for
// the outputs of the rules an entry matches (by source, tags, rule name; all when no match).
//   append_output:
//     - match: {source: syscall, tags: [container], rule: "Some Rule"}
//       extra_output: "on CPU %evt.cpu"
//       extra_fields: [evt.hostname, {home: "${HOME}"}]
// `-p c` (container), `-p k` (Kubernetes) and their gVisor forms append Falco's fixed field
// lists; any other `-p` value is appended as written. `-p` comes after the configured entries.
import type { ExtraOutputField, ExtraOutputFormat } from '../../rules/index.js';
import { ConfigError } from './falco-config.js';

const CONTAINER_INFO = 'container_id=%container.id container_image=%container.image.repository container_image_tag=%container.image.tag container_name=%container.name';
const K8S_INFO = 'k8s_ns=%k8s.ns.name k8s_pod_name=%k8s.pod.name';
const GVISOR_INFO = 'vpid=%proc.vpid vtid=%thread.vtid';

const PRINT_PRESETS: Readonly<Record<string, string>> = {
  c: CONTAINER_INFO, container: CONTAINER_INFO,
  cg: `${GVISOR_INFO} ${CONTAINER_INFO}`, 'container-gvisor': `${GVISOR_INFO} ${CONTAINER_INFO}`,
  k: `${CONTAINER_INFO} ${K8S_INFO}`, kubernetes: `${CONTAINER_INFO} ${K8S_INFO}`,
  kg: `${GVISOR_INFO} ${CONTAINER_INFO} ${K8S_INFO}`, 'kubernetes-gvisor': `${GVISOR_INFO} ${CONTAINER_INFO} ${K8S_INFO}`,
};

/** The text `-p <value>` appends to every rule's output. */
export function printAdditionalFormat(value: string): string {
  return PRINT_PRESETS[value] ?? value;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ConfigError(`configuration key '${where}' must be a string`);
}

function fields(v: unknown, where: string): ExtraOutputField[] {
  if (!Array.isArray(v)) throw new ConfigError(`configuration key '${where}' must be a list of field names or {key: value} mappings`);
  return v.map((f, i) => {
    const at = `${where}[${i}]`;
    if (typeof f === 'string') {
      if (f.trim() === '') throw new ConfigError(`configuration key '${at}' is an empty field name`);
      return { field: f.trim().replace(/^%/, '') };
    }
    if (isMap(f) && Object.keys(f).length === 1) {
      const [key, value] = Object.entries(f)[0]!;
      return { key, value: str(value, `${at}.${key}`) };
    }
    throw new ConfigError(`configuration key '${at}' must be a field name or a one-key {name: value} mapping`);
  });
}

/** The entries of `append_output` (undefined: none); a malformed entry is a ConfigError naming its key. */
export function appendOutputEntries(raw: unknown): ExtraOutputFormat[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ConfigError("configuration key 'append_output' must be a list");
  return raw.map((e, i) => {
    const at = `append_output[${i}]`;
    if (!isMap(e)) throw new ConfigError(`configuration key '${at}' must be a mapping`);
    for (const k of Object.keys(e)) {
      if (!['match', 'extra_output', 'extra_fields'].includes(k)) throw new ConfigError(`configuration key '${at}.${k}' is unknown (expected match, extra_output, extra_fields)`);
    }
    const out: { format: string; fields?: ExtraOutputField[]; source?: string; tags?: string[]; rule?: string } = {
      format: e.extra_output === undefined ? '' : str(e.extra_output, `${at}.extra_output`).trim(),
    };
    if (e.extra_fields !== undefined) out.fields = fields(e.extra_fields, `${at}.extra_fields`);
    if (e.match !== undefined && e.match !== null) {
      if (!isMap(e.match)) throw new ConfigError(`configuration key '${at}.match' must be a mapping`);
      for (const [k, v] of Object.entries(e.match)) {
        if (k === 'source') out.source = str(v, `${at}.match.source`);
        else if (k === 'rule') out.rule = str(v, `${at}.match.rule`);
        else if (k === 'tags') {
          if (!Array.isArray(v)) throw new ConfigError(`configuration key '${at}.match.tags' must be a list of tags`);
          out.tags = v.map((t, j) => str(t, `${at}.match.tags[${j}]`));
        } else throw new ConfigError(`configuration key '${at}.match.${k}' is unknown (expected source, tags, rule)`);
      }
    }
    if (out.format === '' && !out.fields?.length) throw new ConfigError(`configuration key '${at}' has neither extra_output nor extra_fields`);
    return out;
  });
}
