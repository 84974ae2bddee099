// Extractors of the `user` and `group` classes: the thread's uid/gid and login uid, with
// names, home and shell from the user/group tables.
import type { EvalContext } from '../../state/eval-context.js';
import { type BinderMap, plain } from './extractor-kit.js';

const user = (c: EvalContext) => (c.thread ? c.state.users.user(c.thread.uid) : undefined);

export function addUserBinders(m: BinderMap): void {
  plain(m, {
    'user.uid': (c) => c.thread?.uid,
    'user.name': (c) => user(c)?.name,
    'user.homedir': (c) => user(c)?.homedir,
    'user.shell': (c) => user(c)?.shell,
    'user.loginuid': (c) => (c.thread ? c.thread.loginuid | 0 : undefined),
    'user.loginname': (c) => (c.thread ? c.state.users.user(c.thread.loginuid)?.name : undefined),
    'group.gid': (c) => c.thread?.gid,
    'group.name': (c) => (c.thread ? c.state.users.group(c.thread.gid)?.name : undefined),
  });
}
