// Users and groups by id, seeded from a trace's user/group lists (or, live, /etc/passwd
// and /etc/group), and updated by the user/group added/deleted meta events.
import type { GroupRecord, UserRecord } from '../capture/scap-header-records.js';

export class UserGroupTable {
  readonly users = new Map<number, UserRecord>();
  readonly groups = new Map<number, GroupRecord>();

  load(users: readonly UserRecord[], groups: readonly GroupRecord[]): void {
    for (const u of users) this.users.set(u.uid, u);
    for (const g of groups) this.groups.set(g.gid, g);
  }

  user(uid: number): UserRecord | undefined { return this.users.get(uid); }
  group(gid: number): GroupRecord | undefined { return this.groups.get(gid); }

  /** Reads /etc/passwd and /etc/group style text (for live capture on this host). */
  loadFromText(passwd: string, group: string): void {
    for (const line of passwd.split('\n')) {
      const f = line.split(':');
      if (f.length < 7 || !/^\d+$/.test(f[2])) continue;
      this.users.set(Number(f[2]), { uid: Number(f[2]), gid: Number(f[3]), name: f[0], homedir: f[5], shell: f[6] });
    }
    for (const line of group.split('\n')) {
      const f = line.split(':');
      if (f.length < 3 || !/^\d+$/.test(f[2])) continue;
      this.groups.set(Number(f[2]), { gid: Number(f[2]), name: f[0] });
    }
  }
}
