import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  formatOre,
  oreFromNumber,
  oreToDecimal,
  parseOre,
  splitByLargestRemainder,
} from '../../src/domain/money.js'

describe('parseOre', () => {
  const cases: Array<[string, number | null]> = [
    ['1 234,56', 123456],
    ['1.234,56', 123456],
    ['16.303,26', 1630326],
    ['-1 234,56', -123456],
    ['1 234,56-', -123456],
    ['1234,56-', -123456],
    ['\u22121\u00a0234,50', -123450],
    ['1234.56', 123456],
    ['1,234.56', 123456],
    ['0,00', 0],
    ['-0,00', 0],
    ['12,5', 1250],
    ['12', 1200],
    ['1.234', 123400],
    [',50', 50],
    ['', null],
    ['abc', null],
    ['1,2,3', null],
    ['12,345,6', null],
    ['1.2.3,456', null],
  ]
  for (const [text, ore] of cases) {
    it(`reads ${JSON.stringify(text)} as ${ore}`, () => {
      assert.equal(parseOre(text), ore)
    })
  }

  it('round-trips every amount it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ore) => {
        assert.equal(parseOre(formatOre(ore)), ore)
        assert.equal(parseOre(formatOre(ore, '.')), ore)
        assert.equal(parseOre(formatOre(ore, ' ')), ore)
        assert.equal(parseOre(oreToDecimal(ore)), ore)
      }),
    )
  })

  it('reads a trailing minus as a credit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), (ore) => {
        assert.equal(parseOre(`${formatOre(ore, ' ')}-`), -ore)
      }),
    )
  })
})

describe('oreFromNumber', () => {
  it('converts kroner with two decimals exactly', () => {
    assert.equal(oreFromNumber(36057.18), 3605718)
    assert.equal(oreFromNumber(-16.54), -1654)
    assert.equal(oreFromNumber(0.29), 29)
  })

  it('refuses fractions of an øre', () => {
    assert.equal(oreFromNumber(12.345), null)
  })

  it('round-trips every two-decimal amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ore) => {
        assert.equal(oreFromNumber(Number(oreToDecimal(ore))), ore)
      }),
    )
  })
})

describe('splitByLargestRemainder', () => {
  it('splits 100 øre three ways into parts that sum to 100', () => {
    assert.deepEqual(splitByLargestRemainder(100, [1, 1, 1]), [34, 33, 33])
  })

  it('keeps the sign of a credit', () => {
    assert.deepEqual(splitByLargestRemainder(-100, [1, 1, 1]), [-34, -33, -33])
  })

  it('always sums to the whole', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e11, max: 1e11 }),
        fc
          .array(fc.integer({ min: 0, max: 10_000 }), {
            minLength: 1,
            maxLength: 20,
          })
          .filter((w) => w.some((x) => x > 0)),
        (whole, weights) => {
          const parts = splitByLargestRemainder(whole, weights)
          assert.equal(
            parts.reduce((a, b) => a + b, 0),
            whole,
          )
          parts.forEach((p, i) => {
            if (weights[i] === 0) assert.equal(p, 0)
          })
        },
      ),
    )
  })

  it('refuses weights that sum to zero', () => {
    assert.throws(() => splitByLargestRemainder(100, [0, 0]), RangeError)
  })
})
