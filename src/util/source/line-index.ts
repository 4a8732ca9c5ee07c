/** A 1-based line and column, as messages and editors count them. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Where each line of a text starts, so an offset becomes a line and column without keeping a parser's document:
 * four bytes a line (4.8 MB for a 31 MB, 1.2-million-line inventory).
 */
export class LineIndex {
  private readonly starts: Uint32Array;

  constructor(text: string) {
    let count = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
    this.starts = new Uint32Array(count);
    let line = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts[line++] = at + 1;
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] as number) + 1 };
  }
}
