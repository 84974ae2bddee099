// Block type numbers of the .scap (pcapng-like) container, as libscap writes them,
// including the pre-release numbers older traces still carry.

export const SHB_BLOCK_TYPE = 0x0a0d0d0a;
export const SHB_MAGIC = 0x1a2b3c4d;
export const SHB_MAGIC_SWAPPED = 0x4d3c2b1a;
export const SCAP_MAJOR_VERSION = 1;
export const SCAP_MINOR_VERSION = 2;

export const MI_BLOCK_TYPE = 0x201;
export const MI_BLOCK_TYPE_INT = 0x8002abcd;

export const PL_BLOCK_TYPE_V1 = 0x202;
export const PL_BLOCK_TYPE_V1_INT = 0x8000abcd;
export const PL_BLOCK_TYPE_V2 = 0x207;
export const PL_BLOCK_TYPE_V2_INT = 0x8013abcd;
export const PL_BLOCK_TYPE_V3 = 0x209;
export const PL_BLOCK_TYPE_V3_INT = 0x8014abcd;
export const PL_BLOCK_TYPE_V4 = 0x210;
export const PL_BLOCK_TYPE_V5 = 0x211;
export const PL_BLOCK_TYPE_V6 = 0x212;
export const PL_BLOCK_TYPE_V7 = 0x213;
export const PL_BLOCK_TYPE_V8 = 0x214;
export const PL_BLOCK_TYPE_V9 = 0x215;

export const FDL_BLOCK_TYPE = 0x203;
export const FDL_BLOCK_TYPE_INT = 0x8001abcd;
export const FDL_BLOCK_TYPE_V2 = 0x218;

export const EV_BLOCK_TYPE = 0x204;
export const EV_BLOCK_TYPE_INT = 0x8010abcd;
export const EV_BLOCK_TYPE_V2 = 0x216;
export const EV_BLOCK_TYPE_V2_LARGE = 0x221;
export const EVF_BLOCK_TYPE = 0x208;
export const EVF_BLOCK_TYPE_V2 = 0x217;
export const EVF_BLOCK_TYPE_V2_LARGE = 0x222;

export const IL_BLOCK_TYPE = 0x205;
export const IL_BLOCK_TYPE_INT = 0x8011abcd;
export const IL_BLOCK_TYPE_V2 = 0x219;

export const UL_BLOCK_TYPE = 0x206;
export const UL_BLOCK_TYPE_INT = 0x8012abcd;
export const UL_BLOCK_TYPE_V2 = 0x220;

/** Proclist block type -> layout version 1..9. */
export const PROCLIST_VERSION: ReadonlyMap<number, number> = new Map([
  [PL_BLOCK_TYPE_V1, 1], [PL_BLOCK_TYPE_V1_INT, 1], [PL_BLOCK_TYPE_V2, 2], [PL_BLOCK_TYPE_V2_INT, 2],
  [PL_BLOCK_TYPE_V3, 3], [PL_BLOCK_TYPE_V3_INT, 3], [PL_BLOCK_TYPE_V4, 4], [PL_BLOCK_TYPE_V5, 5],
  [PL_BLOCK_TYPE_V6, 6], [PL_BLOCK_TYPE_V7, 7], [PL_BLOCK_TYPE_V8, 8], [PL_BLOCK_TYPE_V9, 9],
]);

export function isEventBlock(t: number): boolean {
  return t === EV_BLOCK_TYPE || t === EV_BLOCK_TYPE_INT || t === EV_BLOCK_TYPE_V2 || t === EV_BLOCK_TYPE_V2_LARGE
    || t === EVF_BLOCK_TYPE || t === EVF_BLOCK_TYPE_V2 || t === EVF_BLOCK_TYPE_V2_LARGE;
}
export function isFlaggedEventBlock(t: number): boolean {
  return t === EVF_BLOCK_TYPE || t === EVF_BLOCK_TYPE_V2 || t === EVF_BLOCK_TYPE_V2_LARGE;
}
/** V2 event blocks carry nparams in the event header. */
export function isV2EventBlock(t: number): boolean {
  return t === EV_BLOCK_TYPE_V2 || t === EV_BLOCK_TYPE_V2_LARGE || t === EVF_BLOCK_TYPE_V2 || t === EVF_BLOCK_TYPE_V2_LARGE;
}
export function isLargeEventBlock(t: number): boolean {
  return t === EV_BLOCK_TYPE_V2_LARGE || t === EVF_BLOCK_TYPE_V2_LARGE;
}
