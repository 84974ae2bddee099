// A rules file's text with the position arithmetic Falco's messages need. yaml-cpp counts
// offsets and columns in bytes with 0-based lines, so positions are reported that way even
// though JavaScript indexes strings in UTF-16 units.

export interface TextPosition {
  /** Byte offset from the start of the content. */
  readonly offset: number;
  /** 0-based line. */
  readonly line: number;
  /** 0-based byte column. */
  readonly column: number;
}

export class SourceText {
  readonly bytes: Uint8Array;
  readonly #lineStarts: number[] = [0];
  readonly #ascii: boolean;

  constructor(readonly text: string) {
    this.bytes = Buffer.from(text, 'utf8');
    this.#ascii = this.bytes.length === text.length;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.#lineStarts.push(i + 1);
  }

  /** Converts a UTF-16 index into the byte-based position yaml-cpp would report. */
  at(index: number): TextPosition {
    const i = Math.max(0, Math.min(index, this.text.length));
    let lo = 0;
    let hi = this.#lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#lineStarts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = this.#lineStarts[lo]!;
    if (this.#ascii) return { offset: i, line: lo, column: i - lineStart };
    const offset = Buffer.byteLength(this.text.slice(0, i), 'utf8');
    const column = Buffer.byteLength(this.text.slice(lineStart, i), 'utf8');
    return { offset, line: lo, column };
  }

  /** Byte length of a prefix of `s` of `index` UTF-16 units (for positions inside conditions). */
  static byteIndex(s: string, index: number): number {
    return Buffer.byteLength(s.slice(0, index), 'utf8');
  }
}
