// Kubernetes fields of the syscall source, read from the labels and sandbox data that the
// container runtime keeps for each pod (no API server involved). Falco now gets them from the
// container plugin, whose list and order this follows; the rc/svc/rs/deployment/ns-label
// fields survive only as deprecated names that yield nothing.
import type { FieldDecl } from '../field.js';
import { fieldBuilder, type FieldOptions } from './field-builder.js';

const f = fieldBuilder('k8s');

/** `k8s.pod.label[app.kubernetes.io/name]` or `k8s.pod.label.app.kubernetes.io/name`. */
const label: FieldOptions = { arg: 'key-required', dotArg: true };
const gone: FieldOptions = { deprecated: true };
const goneLabel: FieldOptions = { ...label, deprecated: true };
const goneDesc = 'Deprecated; yields nothing (Kubernetes API metadata is not collected).';

export const k8sFields: readonly FieldDecl[] = [
  f('k8s.pod.name', 'CHARBUF', 'Name of the pod the container belongs to, from the runtime.', { suggestedOutput: true }),
  f('k8s.ns.name', 'CHARBUF', 'Namespace of the pod the container belongs to, from the runtime.', { suggestedOutput: true }),
  f('k8s.pod.id', 'CHARBUF', 'Legacy name of k8s.pod.uid.'),
  f('k8s.pod.uid', 'CHARBUF', 'UID Kubernetes gave the pod at creation (e.g. 3e41dc6b-08a8-44db-bc2a-3724b18ab19a); not the sandbox id.'),
  f('k8s.pod.sandbox_id', 'CHARBUF', "Short id (first 12 characters) of the pod's sandbox, the runtime's container-like id for the pod, taken from the cgroup."),
  f('k8s.pod.full_sandbox_id', 'CHARBUF', "Full id of the pod's sandbox."),
  f('k8s.pod.label', 'CHARBUF', 'Value of one pod label: k8s.pod.label[NAME] or k8s.pod.label.NAME; the name may contain dots, dashes and slashes (k8s.pod.label[app.kubernetes.io/name]).', label),
  f('k8s.pod.labels', 'CHARBUF', "All pod labels as 'name:value' pairs, comma-separated."),
  f('k8s.pod.ip', 'CHARBUF', 'Primary IPv4 address of the pod (its containers share it).'),
  f('k8s.pod.cni.json', 'CHARBUF', 'CNI result of the pod as escaped JSON, as container.cni.json.'),
  f('k8s.rc.name', 'CHARBUF', goneDesc, gone),
  f('k8s.rc.id', 'CHARBUF', goneDesc, gone),
  f('k8s.rc.label', 'CHARBUF', goneDesc, goneLabel),
  f('k8s.rc.labels', 'CHARBUF', goneDesc, gone),
  f('k8s.svc.name', 'CHARBUF', goneDesc, gone),
  f('k8s.svc.id', 'CHARBUF', goneDesc, gone),
  f('k8s.svc.label', 'CHARBUF', goneDesc, goneLabel),
  f('k8s.svc.labels', 'CHARBUF', goneDesc, gone),
  f('k8s.ns.id', 'CHARBUF', goneDesc, gone),
  f('k8s.ns.label', 'CHARBUF', goneDesc, goneLabel),
  f('k8s.ns.labels', 'CHARBUF', goneDesc, gone),
  f('k8s.rs.name', 'CHARBUF', goneDesc, gone),
  f('k8s.rs.id', 'CHARBUF', goneDesc, gone),
  f('k8s.rs.label', 'CHARBUF', goneDesc, goneLabel),
  f('k8s.rs.labels', 'CHARBUF', goneDesc, gone),
  f('k8s.deployment.name', 'CHARBUF', goneDesc, gone),
  f('k8s.deployment.id', 'CHARBUF', goneDesc, gone),
  f('k8s.deployment.label', 'CHARBUF', goneDesc, goneLabel),
  f('k8s.deployment.labels', 'CHARBUF', goneDesc, gone),
];
