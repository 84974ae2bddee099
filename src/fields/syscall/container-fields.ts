// Container fields of the syscall source. libsinsp dropped its `container` class; Falco now
// gets these from the container plugin, whose field list (and order) this follows. tercel
// derives them from its own container table (id from the cgroup, the rest from the runtime).
import type { FieldDecl } from '../field.js';
import { fieldBuilder, type FieldOptions } from './field-builder.js';

const f = fieldBuilder('container');

/** Mount fields: `[N]` picks the Nth mount, `[PATH]` the first mount matching a glob. */
const mount: FieldOptions = { arg: 'index-or-key-required' };

export const containerFields: readonly FieldDecl[] = [
  f('container.id', 'CHARBUF', "Short container id (first 12 characters), taken from the thread's cgroup, so it is always known; 'host' for processes outside containers. Key for looking up every other container.* field. Pod sandbox processes may carry an id equal to k8s.pod.sandbox_id with no other container data.", { suggestedOutput: true }),
  f('container.full_id', 'CHARBUF', 'Full 64-character container id, filled in from the container runtime; may be missing while the runtime lookup is pending.'),
  f('container.name', 'CHARBUF', "Container name from the runtime; 'host' for processes outside containers. May be missing while the runtime lookup is pending.", { suggestedOutput: true }),
  f('container.image', 'CHARBUF', 'Image the container runs, as the runtime names it (e.g. falcosecurity/falco:latest).'),
  f('container.image.id', 'CHARBUF', 'Id of the container image (e.g. 6f7e2741b66b).'),
  f('container.type', 'CHARBUF', 'Container runtime kind: docker, cri-o, containerd, podman, ...'),
  f('container.privileged', 'BOOL', 'true when the container runs privileged.'),
  f('container.mounts', 'CHARBUF', "The container's mounts, comma-separated, each written source:dest:mode:rdrw:propagation."),
  f('container.mount', 'CHARBUF', "One mount as source:dest:mode:rdrw:propagation, chosen by position (container.mount[0]) or by source path, which may be a glob (container.mount[/usr/local/*]). No value when no mount matches.", mount),
  f('container.mount.source', 'CHARBUF', 'Source of one mount, chosen by position or by destination path (a glob is allowed).', mount),
  f('container.mount.dest', 'CHARBUF', 'Destination of one mount, chosen by position or by source path (a glob is allowed).', mount),
  f('container.mount.mode', 'CHARBUF', 'Mode of one mount, chosen by position or by source path (a glob is allowed).', mount),
  f('container.mount.rdwr', 'CHARBUF', 'Read/write flag of one mount, chosen by position or by source path (a glob is allowed).', mount),
  f('container.mount.propagation', 'CHARBUF', 'Propagation setting of one mount, chosen by position or by source path (a glob is allowed).', mount),
  f('container.image.repository', 'CHARBUF', 'Repository part of the image name (e.g. falcosecurity/falco).', { suggestedOutput: true }),
  f('container.image.tag', 'CHARBUF', 'Tag part of the image name (e.g. latest).', { suggestedOutput: true }),
  f('container.image.digest', 'CHARBUF', 'Registry digest of the image (sha256:...).'),
  f('container.healthcheck', 'CHARBUF', 'Deprecated; yields nothing (was the health check command of the container).', { deprecated: true }),
  f('container.liveness_probe', 'CHARBUF', 'Deprecated; yields nothing (was the Kubernetes liveness probe command).', { deprecated: true }),
  f('container.readiness_probe', 'CHARBUF', 'Deprecated; yields nothing (was the Kubernetes readiness probe command).', { deprecated: true }),
  f('container.start_ts', 'ABSTIME', 'Start time of the container in nanoseconds since the Unix epoch, from the start of its PID namespace (known in the kernel, not asked of the runtime).'),
  f('container.duration', 'RELTIME', 'Nanoseconds since container.start_ts.'),
  f('container.ip', 'CHARBUF', "Primary IPv4 address of the container (or its pod), from the runtime; see container.cni.json for every interface."),
  f('container.cni.json', 'CHARBUF', 'CNI result of the pod from the CRI runtime, as escaped JSON: the addresses (IPv4 and IPv6) of every interface.'),
  f('container.host_pid', 'BOOL', 'true when the container shares the host PID namespace.'),
  f('container.host_network', 'BOOL', 'true when the container shares the host network namespace.'),
  f('container.host_ipc', 'BOOL', 'true when the container shares the host IPC namespace.'),
  f('container.label', 'CHARBUF', 'Value of one container label: container.label[NAME] or container.label.NAME.', { arg: 'key-required', dotArg: true }),
  f('container.labels', 'CHARBUF', "All container labels as 'name:value' pairs, comma-separated."),
  f('proc.is_container_healthcheck', 'BOOL', "Deprecated; yields nothing (was: the process is the container's health check).", { deprecated: true }),
  f('proc.is_container_liveness_probe', 'BOOL', "Deprecated; yields nothing (was: the process is the container's liveness probe).", { deprecated: true }),
  f('proc.is_container_readiness_probe', 'BOOL', "Deprecated; yields nothing (was: the process is the container's readiness probe).", { deprecated: true }),
];
