// Extractors of the `user` and `group` classes: the thread's uid/gid and login uid, with
// names, home and shell from the user/group tables. As in libsinsp, an id missing from the
// tables reads as the text "<NA>" (a value, so `user.name != root` holds for it), except
// id 0, which is root (home /root) even when no table lists it (a trace without user
// records, a container whose own /etc/passwd tercel does not read).
import type { EvalContext } from '../../state/eval-context.js';
import { type BinderMap, plain } from './extractor-kit.js';

const NA = '<NA>';
const user = (c: EvalContext) => c.state.users.user(c.thread!.uid);

export function addUserBinders(m: BinderMap): void {
  plain(m, {
    'user.uid': (c) => c.thread?.uid,
    'user.name': (c) => (c.thread ? user(c)?.name ?? (c.thread.uid === 0 ? 'root' : NA) : undefined),
    'user.homedir': (c) => (c.thread ? user(c)?.homedir ?? (c.thread.uid === 0 ? '/root' : NA) : undefined),
    'user.shell': (c) => (c.thread ? user(c)?.shell ?? NA : undefined),
    'user.loginuid': (c) => (c.thread ? c.thread.loginuid | 0 : undefined),
    'user.loginname': (c) => (c.thread ? c.state.users.user(c.thread.loginuid)?.name ?? (c.thread.loginuid === 0 ? 'root' : NA) : undefined),
    'group.gid': (c) => c.thread?.gid,
    'group.name': (c) => (c.thread ? c.state.users.group(c.thread.gid)?.name ?? (c.thread.gid === 0 ? 'root' : NA) : undefined),
  });
}
