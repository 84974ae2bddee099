// The one error a trace reader throws for a damaged or unreadable file: it names the
// file and the byte offset (in the uncompressed stream) where the damage was found.

export type ScapErrorCode =
  | 'SCAP_NOT_SCAP'       // first block is not a section header / bad byte-order magic
  | 'SCAP_VERSION'        // major version newer than this reader
  | 'SCAP_TRUNCATED'      // the stream ends inside a block
  | 'SCAP_BAD_BLOCK'      // block length / trailer inconsistent
  | 'SCAP_BAD_EVENT'      // event header or parameter lengths do not fit the block
  | 'SCAP_BAD_RECORD'     // a header record (process, fd, user, interface) is malformed
  | 'SCAP_GZIP'           // the compressed stream is corrupt or ends early
  | 'SCAP_IO';            // the file cannot be read

export class ScapFormatError extends Error {
  override readonly name = 'ScapFormatError';
  constructor(
    readonly code: ScapErrorCode,
    readonly detail: string,
    readonly path: string,
    /** Byte offset in the uncompressed stream where the problem was found. */
    readonly offset: number,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${detail} (at byte offset ${offset})`, options);
  }
}
