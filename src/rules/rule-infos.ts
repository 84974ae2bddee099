// What the reader collects from the YAML before anything is compiled: one record per
// list, macro and rule (the latest definition, with appends and overrides applied), with
// the contexts that later diagnostics point at.
import type { LoadContext } from './load-context.js';
import type { Priority } from './priority.js';
import type { Semver } from './engine-version.js';

/** A field, comp or value of an exception: one string, or a list of entries. */
export type ExceptionEntry =
  | { readonly isList: false; readonly item: string }
  | { readonly isList: true; readonly items: readonly ExceptionEntry[] };

export const entryValid = (e: ExceptionEntry | undefined): e is ExceptionEntry =>
  e !== undefined && (e.isList ? e.items.length > 0 : e.item !== '');

export interface ExceptionInfo {
  ctx: LoadContext;
  name: string;
  fields?: ExceptionEntry;
  comps?: ExceptionEntry;
  values: ExceptionEntry[];
}

export interface ListInfo {
  ctx: LoadContext;
  /** Definition order of the first definition (redefinitions keep the slot). */
  index: number;
  /** Order of the latest definition or append: what this item may refer to. */
  visibility: number;
  name: string;
  items: string[];
}

export interface MacroInfo {
  ctx: LoadContext;
  condCtx: LoadContext;
  index: number;
  visibility: number;
  name: string;
  cond: string;
}

export interface RuleInfo {
  ctx: LoadContext;
  condCtx: LoadContext;
  outputCtx: LoadContext;
  index: number;
  visibility: number;
  unknownSource: boolean;
  name: string;
  cond: string;
  source: string;
  desc: string;
  output: string;
  tags: Set<string>;
  exceptions: ExceptionInfo[];
  priority: Priority;
  capture: boolean;
  captureDuration: number;
  enabled: boolean;
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
}

/** An `append`/`override` of an existing rule: only the keys given are set. */
export interface RuleUpdateInfo {
  ctx: LoadContext;
  condCtx: LoadContext;
  name: string;
  source: string;
  /** How the update was asked for: the legacy `append: true` key or an `override:` map. */
  via: 'append-key' | 'override';
  cond?: string;
  output?: string;
  desc?: string;
  tags?: Set<string>;
  exceptions?: ExceptionInfo[];
  priority?: Priority;
  capture?: boolean;
  captureDuration?: number;
  enabled?: boolean;
  warnEvttypes?: boolean;
  skipIfUnknownFilter?: boolean;
}

export const updateHasValue = (u: RuleUpdateInfo): boolean =>
  u.cond !== undefined || u.output !== undefined || u.desc !== undefined || u.tags !== undefined ||
  u.exceptions !== undefined || u.priority !== undefined || u.enabled !== undefined || u.capture !== undefined ||
  u.captureDuration !== undefined || u.warnEvttypes !== undefined || u.skipIfUnknownFilter !== undefined;

export interface EngineVersionInfo {
  ctx: LoadContext;
  version: Semver;
  /** As written, for messages (`9999999` or `0.57.0`). */
  text: string;
}

export interface PluginRequirement {
  readonly name: string;
  readonly version: string;
}

export interface PluginVersionInfo {
  ctx: LoadContext;
  /** The first entry, then its alternatives: any one of them satisfies the requirement. */
  alternatives: PluginRequirement[];
}
