// Where a diagnostic points: a chain of locations from the whole file down to the item,
// key or condition at fault, as Falco's rule_loader::context keeps it. The first location
// is always the rules content itself (position 0:0), so every diagnostic names its file.
import type { TextPosition } from './source-text.js';

export type ItemType =
  | 'value for'
  | 'exceptions'
  | 'exception'
  | 'exception values'
  | 'exception value'
  | 'rules content'
  | 'rules content item'
  | 'required_engine_version'
  | 'required plugin versions'
  | 'required plugin versions entry'
  | 'required plugin versions alternative'
  | 'list'
  | 'list item'
  | 'macro'
  | 'macro condition'
  | 'rule'
  | 'rule condition'
  | 'condition expression'
  | 'rule output'
  | 'rule output expression'
  | 'rule priority'
  | 'overrides'
  | 'extension item';

export interface LocationPosition {
  /** File name (as given to the loader), or a quoted prefix of a condition. */
  readonly name: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface Location {
  readonly itemType: ItemType;
  readonly itemName: string;
  readonly position: LocationPosition;
}

/** A position inside a condition as the filter parser reports it: 0-based byte index, 1-based line/column. */
export interface ConditionPosition {
  readonly index: number;
  readonly line: number;
  readonly column: number;
}

export class LoadContext {
  private constructor(
    readonly locations: readonly Location[],
    /** Text the snippet is cut from instead of the file (set for condition expressions). */
    readonly altContent?: string,
  ) {}

  static root(name: string): LoadContext {
    return new LoadContext([{ itemType: 'rules content', itemName: '', position: { name, line: 0, column: 0, offset: 0 } }]);
  }

  /** The content name of the chain: the file the first location names. */
  get name(): string {
    return this.locations[0]!.position.name;
  }

  /** Only the first location: where errors Falco catches generically point. */
  root(): LoadContext {
    return new LoadContext(this.locations.slice(0, 1));
  }

  get last(): Location {
    return this.locations[this.locations.length - 1]!;
  }

  child(at: TextPosition, itemType: ItemType, itemName = ''): LoadContext {
    const position = { name: this.name, line: at.line, column: at.column, offset: at.offset };
    return new LoadContext([...this.locations, { itemType, itemName, position }]);
  }

  /**
   * A location inside a condition. Falco adds the parser's position (1-based line and
   * column) to the position of the YAML node the context ends with, and names the
   * location after the first characters of the condition; we reproduce the arithmetic
   * because the numbers appear in Falco's JSON.
   */
  condition(at: ConditionPosition, condition: string): LoadContext {
    const short = condition.length > 20 ? `"${condition.slice(0, 17)}..."` : `"${condition}"`;
    const name = short.replace(/[\n\r]/g, ' ');
    const base = this.last.position;
    const position = {
      name,
      line: at.line + base.line,
      column: at.column + base.column,
      offset: at.index + base.offset,
    };
    return new LoadContext([...this.locations, { itemType: 'condition expression', itemName: '', position }], condition);
  }

  /** Falco's text form: one `In <type> '<name>': (<file>:<line>:<col>)` line per location. */
  asString(): string {
    let out = '';
    this.locations.forEach((loc, i) => {
      out += i === 0 ? 'In ' : '    ';
      out += loc.itemType;
      if (loc.itemName !== '') out += ` '${loc.itemName}'`;
      out += `: (${loc.position.name}:${loc.position.line}:${loc.position.column})\n`;
    });
    return out;
  }
}
