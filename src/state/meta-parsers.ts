// Parsers of meta events the capture writes into the stream: container descriptions (old
// CONTAINER_E and the JSON forms) and user/group additions and removals.
import { num, str, type EventParser } from './parser-types.js';

export const parseContainerEvent: EventParser = (s, ctx) => {
  const evt = ctx.evt;
  const json = str(evt, 'json');
  if (json !== undefined) { s.containers.addJson(json); return; }
  const id = str(evt, 'id');
  if (id) s.containers.addSimple(id, num(evt, 'type'), str(evt, 'name') ?? '', str(evt, 'image') ?? '');
};

export const parseUserAdded: EventParser = (s, ctx) => {
  const evt = ctx.evt;
  if (str(evt, 'container_id')) return; // users inside containers are not tracked by uid alone
  const uid = num(evt, 'uid') >>> 0;
  s.users.users.set(uid, { uid, gid: num(evt, 'gid') >>> 0, name: str(evt, 'name') ?? '', homedir: str(evt, 'home') ?? '', shell: str(evt, 'shell') ?? '' });
};

export const parseUserDeleted: EventParser = (s, ctx) => {
  if (str(ctx.evt, 'container_id')) return;
  s.users.users.delete(num(ctx.evt, 'uid') >>> 0);
};

export const parseGroupAdded: EventParser = (s, ctx) => {
  if (str(ctx.evt, 'container_id')) return;
  const gid = num(ctx.evt, 'gid') >>> 0;
  s.users.groups.set(gid, { gid, name: str(ctx.evt, 'name') ?? '' });
};

export const parseGroupDeleted: EventParser = (s, ctx) => {
  if (str(ctx.evt, 'container_id')) return;
  s.users.groups.delete(num(ctx.evt, 'gid') >>> 0);
};
