/**
 * Where a needle next occurs in a text, remembered between questions. A
 * scanner that asks at every tag whether a `&` lies ahead still reads the
 * text once: the search only runs again when the scan has passed the last
 * answer.
 */
export class NextIndex {
  private next = -1

  constructor(
    private readonly text: string,
    private readonly needle: string,
  ) {}

  /** The first occurrence at or after `start`, or -1. */
  from(start: number): number {
    if (this.next < start) {
      const found = this.text.indexOf(this.needle, start)
      this.next = found < 0 ? this.text.length : found
    }

    return this.next < this.text.length ? this.next : -1
  }

  /** Whether the needle starts somewhere in `[from, to)`. */
  before(from: number, to: number): boolean {
    const at = this.from(from)

    return at >= 0 && at < to
  }
}
