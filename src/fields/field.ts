// The declaration of one filter field. Every stage (compiler, describe, --list,
// output formatting) reads this one declaration; nothing else restates a field's type.

/**
 * Falco's parameter types for fields (libsinsp `ppm_param_type` names without `PT_`).
 * The compiler picks comparison semantics from the type:
 *  - CHARBUF FSPATH FSRELPATH                 -> string
 *  - INT8 INT16 INT32 INT64 ERRNO FD PID      -> signed number (JS number)
 *  - UINT8 UINT16 UINT32 UINT64 PORT L4PROTO MODE FLAGS8 FLAGS16 FLAGS32 UID GID SIGTYPE
 *                                              -> unsigned number (JS number)
 *  - RELTIME ABSTIME                          -> unsigned 64-bit (JS bigint)
 *  - BOOL                                     -> boolean
 *  - IPADDR                                   -> Uint8Array of 4 or 16 bytes (network order)
 *  - IPNET                                    -> Uint8Array like IPADDR (compared against a network)
 *  - BYTEBUF                                  -> Uint8Array
 *  - DOUBLE                                   -> JS number
 *  - DYN                                      -> the type depends on the argument: `evt.rawarg.X`
 *                                                has the type of event parameter X (ask the event
 *                                                catalog at compile time), as libsinsp's PT_DYN
 */
export type FieldType =
  | 'CHARBUF' | 'FSPATH' | 'FSRELPATH'
  | 'INT8' | 'INT16' | 'INT32' | 'INT64' | 'ERRNO' | 'FD' | 'PID'
  | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64' | 'PORT' | 'L4PROTO' | 'MODE'
  | 'FLAGS8' | 'FLAGS16' | 'FLAGS32' | 'UID' | 'GID' | 'SIGTYPE'
  | 'RELTIME' | 'ABSTIME'
  | 'BOOL' | 'IPADDR' | 'IPNET' | 'BYTEBUF' | 'DOUBLE'
  | 'DYN';

/**
 * How a field takes an argument in brackets (`proc.aname[2]`, `proc.env[HOME]`); `-required`
 * also applies to the dot form (`evt.arg.name`) when the declaration has `dotArg`.
 * A dotted argument is always a key (a string); the form says what brackets accept.
 */
export type FieldArgForm =
  | 'none'                  // no argument allowed
  | 'index-optional'        // `[N]` optional (proc.aname, proc.aname[2])
  | 'index-required'        // `[N]` required (evt.arg[0]; evt.arg.name via dotArg)
  | 'key-optional'          // `[KEY]` optional
  | 'key-required'          // `[KEY]` required (k8s.pod.label[app], evt.rawarg.res via dotArg)
  | 'index-or-key-optional' // `[N]` or `[KEY]`, optional (proc.env, proc.env[HOME]): digits give an index
  | 'index-or-key-required';// `[N]` or `[KEY]`, required (container.mount.dest[0], container.mount.dest[/etc])

/** A parsed field argument: a number for index forms, a string for key forms. */
export type FieldArg = number | string;

/** A value a field yields. `undefined` means the field has no value for this event (printed `<NA>`). */
export type FieldValue = string | number | bigint | boolean | Uint8Array | FieldValue[];

/**
 * Reads a field from the evaluation context. Bound once per (field, argument) at
 * compile time so that argument parsing never happens per event.
 * `C` is the per-event context that the replay/live path defines (event + state).
 */
export type Extractor<C = any> = (ctx: C) => FieldValue | undefined;

export interface FieldDecl<C = any> {
  /** Full name, e.g. `proc.name`, `evt.arg` (for `evt.arg.X` / `evt.arg[N]`). */
  readonly name: string;
  /** Event source the field belongs to (`syscall`, `k8s_audit`, `aws_cloudtrail`, ...). */
  readonly source: string;
  /** Field class, e.g. `process`, `fd`, `evt`: used by `--list` to group fields. */
  readonly fieldClass: string;
  readonly type: FieldType;
  readonly arg: FieldArgForm;
  /** Short description, written for tercel (not copied from Falco). */
  readonly desc: string;
  /** The field yields a list of values (Falco's EPF_IS_LIST: `fd.types`, `ka.req.pod.containers.image`). */
  readonly isList?: boolean;
  /**
   * The argument may follow a dot as a key (`evt.arg.fd`, `k8s.pod.label.app`); the text after
   * the longest declared prefix is the key. `'only'`: brackets are refused (`evt.rawarg.X`,
   * `thread.cgroup.X`, `evt.type.is.X`).
   */
  readonly dotArg?: boolean | 'only';
  /** Field is not shown in `--list` (Falco's EPF_TABLE_ONLY / hidden). */
  readonly hidden?: boolean;
  /** Field may not be used in conditions, only outputs (Falco's EPF_PRINT_ONLY: `evt.outputtime`). */
  readonly outputOnly?: boolean;
  /** Field may not be used in outputs, only conditions (Falco's EPF_FILTER_ONLY: `fd.ip`, `fd.net`). */
  readonly filterOnly?: boolean;
  /** Deprecated (Falco's EPF_DEPRECATED): left out of `--list` unless asked, may warn on use. */
  readonly deprecated?: boolean;
  /** Field cannot be compared with another field, either side (Falco's EPF_NO_RHS). */
  readonly noRhs?: boolean;
  /** Field cannot be wrapped in a transformer such as `tolower()` (Falco's EPF_NO_TRANSFORMER). */
  readonly noTransformer?: boolean;
  /** Suggested for appended outputs (Falco's EPF_FORMAT_SUGGESTED, e.g. `container.id`). */
  readonly suggestedOutput?: boolean;
  /** Optional: produce the extractor for an argument. Absent until the field's extractor exists. */
  readonly bind?: (arg: FieldArg | undefined) => Extractor<C>;
}

/** A field class as `--list` prints it: its fields in order, with a heading. */
export interface FieldClassInfo {
  /** Class name, e.g. `evt`, `process`, `fd`. Two classes may share a name (libs has two `evt`). */
  readonly name: string;
  readonly source: string;
  /** Short text printed in parentheses after the name (`All event types`), may be empty. */
  readonly shortDesc: string;
  /** Written for tercel. */
  readonly desc: string;
  readonly fields: readonly FieldDecl[];
}
