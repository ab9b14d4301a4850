import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type {
  InvoiceLine,
  ReadResult,
  SubscriptionDraft,
} from '../../src/domain/invoice.js'
import type { PhoneNumber } from '../../src/domain/phone.js'
import { ehfReader } from '../../src/ingest/ehf/index.js'
import { packResult, unpackResult } from '../../src/ingest/packed-result.js'
import type { PackedResult } from '../../src/ingest/packed-result.js'
import { makeDraft } from '../helpers/generate/ehf.js'
import { fixture } from '../helpers/paths.js'

/** What arrives on the other side of postMessage. */
function roundTrip(result: ReadResult): ReadResult | null {
  const packed = packResult(result)
  assert.ok(packed, 'the result was not packed')

  return unpackResult(structuredClone(packed))
}

function packedOf(result: ReadResult): PackedResult {
  const packed = packResult(result)
  assert.ok(packed)

  return structuredClone(packed)
}

function generated(): ReadResult {
  return { ok: true, draft: makeDraft(3), problems: [] }
}

const text = fc.option(fc.string(), { nil: null })
const amount = fc.option(fc.integer({ min: -1e9, max: 1e9 }), { nil: null })
const line: fc.Arbitrary<InvoiceLine> = fc.record(
  {
    section: fc.string(),
    description: fc.string(),
    periodStart: text,
    periodEnd: text,
    quantity: text,
    usage: text,
    grossOre: amount,
    discountPercent: text,
    discountOre: amount,
    netOre: fc.integer({ min: -1e9, max: 1e9 }),
    vatCategory: fc.constantFrom('standard' as const, 'exempt' as const),
    vatOre: amount,
  },
  { noNullPrototype: true },
)
const subscription: fc.Arbitrary<SubscriptionDraft> = fc.record(
  {
    phone: fc.string().map((s) => s as PhoneNumber),
    user: fc.string(),
    lines: fc.array(line, { maxLength: 5 }),
    vatBaseOre: fc.integer(),
    vatFreeOre: fc.integer(),
    vatOre: fc.integer(),
    totalOre: fc.integer(),
  },
  { noNullPrototype: true },
)

describe('packResult', () => {
  it('unpacks to the draft the EHF reader read', async () => {
    const bytes = await readFile(fixture('telia', '2026-11', 'invoice-ehf.xml'))
    const result = await ehfReader.read(bytes, {})

    assert.deepEqual(roundTrip(result), result)
  })

  it('unpacks any draft to the one it packed', () => {
    fc.assert(
      fc.property(
        fc.array(subscription, { maxLength: 4 }),
        fc.array(line, { maxLength: 3 }),
        (subscriptions, unassignedLines) => {
          const draft = { ...makeDraft(0), subscriptions, unassignedLines }
          const result: ReadResult = { ok: true, draft, problems: [] }

          assert.deepEqual(roundTrip(result), result)
        },
      ),
    )
  })

  it('leaves a failed read as it is', () => {
    const result: ReadResult = {
      ok: false,
      problems: [{ code: 'x', message: 'y' }],
    }

    assert.equal(packResult(result), null)
  })

  it('leaves a draft whose line has a key it does not know as it is', () => {
    const result = generated()
    assert.ok(result.ok)
    Object.assign(result.draft.subscriptions[0]!.lines[0]!, { extra: 1 })

    assert.equal(packResult(result), null)
  })

  it('leaves a draft with a NaN amount as it is', () => {
    const result = generated()
    assert.ok(result.ok)
    result.draft.subscriptions[0]!.lines[0]!.vatOre = NaN

    assert.equal(packResult(result), null)
  })
})

describe('unpackResult', () => {
  it('refuses line counts that disagree with the columns', () => {
    const packed = packedOf(generated())
    packed.subscriptions[0]!.lineCount += 1

    assert.equal(unpackResult(packed), null)
  })

  it('refuses a string index outside the table', () => {
    const packed = packedOf(generated())
    packed.lines.texts[0] = packed.strings.length

    assert.equal(unpackResult(packed), null)
  })

  it('refuses a column cut short', () => {
    const packed = packedOf(generated())
    packed.lines.amounts = packed.lines.amounts.subarray(1)

    assert.equal(unpackResult(packed), null)
  })
})
