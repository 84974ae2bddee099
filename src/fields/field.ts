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
 */
export type FieldType =
  | 'CHARBUF' | 'FSPATH' | 'FSRELPATH'
  | 'INT8' | 'INT16' | 'INT32' | 'INT64' | 'ERRNO' | 'FD' | 'PID'
  | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64' | 'PORT' | 'L4PROTO' | 'MODE'
  | 'FLAGS8' | 'FLAGS16' | 'FLAGS32' | 'UID' | 'GID' | 'SIGTYPE'
  | 'RELTIME' | 'ABSTIME'
  | 'BOOL' | 'IPADDR' | 'IPNET' | 'BYTEBUF' | 'DOUBLE';

/** How a field takes an argument in brackets (`proc.aname[2]`, `proc.env[HOME]`) or after a dot (`evt.arg.name`). */
export type FieldArgForm =
  | 'none'           // no argument allowed
  | 'index-optional' // `[N]` optional (proc.aname, proc.aname[2])
  | 'index-required' // `[N]` required
  | 'key-optional'   // `[KEY]` optional (proc.env, proc.env[HOME])
  | 'key-required';  // `[KEY]` required (evt.arg.*, k8s.pod.label[...])

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
  /** True when the field yields a list of values (`proc.aname` without index? no: `fd.types`, `ka.req.pod.containers.image`). */
  readonly isList?: boolean;
  /** True for `evt.arg.X`-style fields whose argument follows a dot rather than brackets. */
  readonly dotArg?: boolean;
  /** Field is not shown in `--list` (Falco's EPF_TABLE_ONLY / hidden). */
  readonly hidden?: boolean;
  /** Field may not be used in conditions, only outputs (Falco's EPF_FILTER_ONLY reversed). */
  readonly outputOnly?: boolean;
  /** Optional: produce the extractor for an argument. Absent until the field's extractor exists. */
  readonly bind?: (arg: FieldArg | undefined) => Extractor<C>;
}
