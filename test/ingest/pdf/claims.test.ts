import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  claimBack,
  claimFront,
  pageClaims,
} from '../../../src/ingest/pdf/claims.js'

describe('page claims shared by two threads', () => {
  it('hands out every page once, front and back taking turns', () => {
    const claims = pageClaims(2, 11)
    const front: number[] = []
    const back: number[] = []
    for (;;) {
      const a = claimFront(claims)
      const b = claimBack(claims)
      if (a !== null) front.push(a)
      if (b !== null) back.push(b)
      if (a === null && b === null) break
    }

    assert.deepEqual(front, [2, 3, 4, 5, 6])
    assert.deepEqual(back, [11, 10, 9, 8, 7])
  })

  it('hands every page to the front when the back never claims', () => {
    const claims = pageClaims(1, 4)
    const pages = [1, 2, 3, 4, 5].map(() => claimFront(claims))

    assert.deepEqual(pages, [1, 2, 3, 4, null])
  })

  it('hands out nothing when there are no pages', () => {
    const claims = pageClaims(2, 1)

    assert.equal(claimFront(claims), null)
    assert.equal(claimBack(claims), null)
  })

  it('refuses a range that does not fit the shared word', () => {
    assert.throws(() => pageClaims(1, 40_000), RangeError)
  })
})
