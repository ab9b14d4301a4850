import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { maskDigits } from '../src/log.js'

describe('maskDigits', () => {
  for (const phone of [
    '926 01 815',
    '+4792601815',
    '004792601815',
    '92601815',
  ]) {
    it(`masks ${phone} but its last two digits`, () => {
      const masked = maskDigits(`ring ${phone} i dag`)

      assert.doesNotMatch(masked, /926/)
      assert.match(masked, /15 i dag$/)
    })
  }

  it('leaves the digits inside a UUID alone', () => {
    const id = '550e8400-e29b-41d4-a716-446655440000'

    assert.equal(maskDigits(id), id)
  })

  it('leaves a date alone', () => {
    assert.equal(maskDigits('2026-11-06'), '2026-11-06')
  })
})
