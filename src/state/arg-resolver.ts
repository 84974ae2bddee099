// The state lookups the evt.args/evt.arg formatter uses: `<f>/etc/passwd` for an fd of
// the event's thread, a thread's comm for pids, absolute paths for relative path
// parameters, user and group names. Bound to a SyscallState once; reads the current event.
import type { ArgResolver } from '../events/arg-formatter.js';
import type { ScapEvent } from '../events/scap-event.js';
import { concatenatePaths } from './path-utils.js';
import type { SyscallState } from './syscall-state.js';

export function stateArgResolver(s: SyscallState): ArgResolver {
  return {
    fd(_evt: ScapEvent, fd: number): string | undefined {
      const f = s.ctx.thread?.fds.get(fd);
      return f ? `<${f.typeChar}>${f.name}` : undefined;
    },
    thread(tid: number): string | undefined {
      return s.threads.get(tid)?.comm;
    },
    path(evt: ScapEvent, i: number, path: string): string | undefined {
      const t = s.ctx.thread;
      if (!t) return undefined;
      const pi = evt.info?.params[i];
      let base = s.threads.cwd(t);
      if (pi?.dirfd !== undefined) {
        const d = evt.getParam(pi.dirfd);
        if (typeof d === 'number' && d !== -100) {
          const f = t.fds.get(d);
          if (!f) return undefined;
          base = f.name.endsWith('/') ? f.name : f.name + '/';
        }
      }
      return concatenatePaths(base, path);
    },
    user(_evt: ScapEvent, uid: number): string | undefined { return s.users.user(uid)?.name; },
    group(_evt: ScapEvent, gid: number): string | undefined { return s.users.group(gid)?.name; },
  };
}
