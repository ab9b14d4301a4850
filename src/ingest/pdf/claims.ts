/**
 * Pages two threads share out between them: one takes them from the front,
 * the other from the back, each page once, until they meet. Both ends live
 * in one shared 32-bit word so that a claim is a single compare-and-swap.
 */

const END_BITS = 15
const END_MASK = (1 << END_BITS) - 1

/** The pages `first` to `last`, not yet claimed by either thread. */
export function pageClaims(first: number, last: number): Int32Array {
  if (first < 1 || last >= END_MASK) {
    throw new RangeError(`pages ${first}–${last} do not fit a claim word`)
  }
  const claims = new Int32Array(new SharedArrayBuffer(4))
  Atomics.store(claims, 0, pack(first, last))

  return claims
}

/** The lowest page nobody has claimed, now claimed; null when none is left. */
export function claimFront(claims: Int32Array): number | null {
  return claim(claims, (front, back) => [front, pack(front + 1, back)])
}

/** The highest page nobody has claimed, now claimed; null when none is left. */
export function claimBack(claims: Int32Array): number | null {
  return claim(claims, (front, back) => [back, pack(front, back - 1)])
}

function claim(
  claims: Int32Array,
  take: (front: number, back: number) => [number, number],
): number | null {
  for (;;) {
    const word = Atomics.load(claims, 0)
    const front = word & END_MASK
    const back = word >>> END_BITS
    if (front > back) return null

    const [page, next] = take(front, back)
    if (Atomics.compareExchange(claims, 0, word, next) === word) return page
  }
}

function pack(front: number, back: number): number {
  return front | (back << END_BITS)
}
