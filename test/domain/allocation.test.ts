import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  allocateInvoice,
  totalsByCostCentre,
} from '../../src/domain/allocation.js'
import type {
  AllocationContext,
  Assignment,
} from '../../src/domain/allocation.js'
import type { InvoiceLine } from '../../src/domain/invoice.js'

function line(
  netOre: number,
  overrides: Partial<InvoiceLine> = {},
): InvoiceLine {
  return {
    section: 'Faste avgifter',
    description: 'Dobbel 6 GB',
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
    quantity: '1',
    usage: null,
    grossOre: netOre,
    discountPercent: null,
    discountOre: 0,
    netOre,
    vatCategory: 'standard',
    vatOre: null,
    ...overrides,
  }
}

const kari: Assignment = {
  phone: '+4791234567',
  employeeId: 'kari',
  costCentre: '1100',
  validFrom: null,
  validTo: null,
}

function context(
  overrides: Partial<AllocationContext> = {},
): AllocationContext {
  return {
    assignments: [kari],
    rules: [],
    suspenseCostCentre: 'UNMATCHED',
    fallbackDate: '2026-11-06',
    ...overrides,
  }
}

describe('allocateInvoice', () => {
  it('charges a matched number to its employee’s cost centre', () => {
    const parts = allocateInvoice(
      {
        subscriptions: [
          { phone: kari.phone, lines: [line(10_000)], vatOre: 2_500 },
        ],
        unassignedLines: [],
      },
      context(),
    )

    assert.deepEqual(
      parts.map((p) => [p.costCentre, p.employeeId, p.exVatOre, p.vatOre]),
      [['1100', 'kari', 10_000, 2_500]],
    )
  })

  it('sends an unknown number to suspense', () => {
    const parts = allocateInvoice(
      {
        subscriptions: [
          { phone: '+4799999999', lines: [line(500)], vatOre: 125 },
        ],
        unassignedLines: [],
      },
      context(),
    )

    assert.deepEqual(
      parts.map((p) => [p.costCentre, p.basis]),
      [['UNMATCHED', 'suspense']],
    )
  })

  it('splits a number that moves mid-period by days', () => {
    const ola: Assignment = {
      ...kari,
      employeeId: 'ola',
      costCentre: '2100',
      validFrom: '2026-11-21',
    }
    const parts = allocateInvoice(
      {
        subscriptions: [
          { phone: kari.phone, lines: [line(30_000)], vatOre: 7_500 },
        ],
        unassignedLines: [],
      },
      context({ assignments: [{ ...kari, validTo: '2026-11-20' }, ola] }),
    )

    const totals = totalsByCostCentre(parts)
    assert.deepEqual(totals.get('1100'), { exVatOre: 20_000, vatOre: 5_000 })
    assert.deepEqual(totals.get('2100'), { exVatOre: 10_000, vatOre: 2_500 })
  })

  it('lets a number rule override the employee', () => {
    const parts = allocateInvoice(
      {
        subscriptions: [
          { phone: kari.phone, lines: [line(1_000)], vatOre: 250 },
        ],
        unassignedLines: [],
      },
      context({
        rules: [
          {
            phone: kari.phone,
            validFrom: null,
            validTo: null,
            parts: [
              { costCentre: '5100', weight: 3_333 },
              { costCentre: '6100', weight: 6_667 },
            ],
          },
        ],
      }),
    )

    const totals = totalsByCostCentre(parts)
    assert.equal(totals.get('5100')?.exVatOre, 333)
    assert.equal(totals.get('6100')?.exVatOre, 667)
    assert.equal(totals.has('1100'), false)
  })

  it('makes line VAT sum to the block’s stated VAT', () => {
    const lines = [
      line(4_465),
      line(26_154),
      line(5_800, { vatCategory: 'exempt' }),
    ]
    const parts = allocateInvoice(
      {
        subscriptions: [{ phone: kari.phone, lines, vatOre: 7_656 }],
        unassignedLines: [],
      },
      context(),
    )

    assert.equal(
      parts.reduce((a, p) => a + p.vatOre, 0),
      7_656,
    )
    assert.equal(parts[2]!.vatOre, 0)
  })

  it('always allocates exactly what the invoice holds', () => {
    const amount = fc.integer({ min: -1_000_000, max: 1_000_000 })
    const day = fc
      .integer({ min: 1, max: 28 })
      .map((d) => `2026-11-${String(d).padStart(2, '0')}`)
    const assignment = fc.record({
      phone: fc.constantFrom('+4791234567', '+4792345678'),
      employeeId: fc.constantFrom('a', 'b', 'c'),
      costCentre: fc.constantFrom('1100', '2100', '3100'),
      validFrom: fc.option(day),
      validTo: fc.option(day),
    })
    const subscription = fc.record({
      phone: fc.constantFrom('+4791234567', '+4792345678', '+4793456789'),
      lines: fc.array(
        amount.map((a) => line(a)),
        { minLength: 1, maxLength: 6 },
      ),
      vatOre: amount,
    })

    fc.assert(
      fc.property(
        fc.array(subscription, { maxLength: 5 }),
        fc.array(assignment, { maxLength: 6 }),
        (subscriptions, assignments) => {
          const parts = allocateInvoice(
            { subscriptions, unassignedLines: [line(123)] },
            context({ assignments }),
          )
          const exVat = subscriptions
            .flatMap((s) => s.lines)
            .reduce((a, l) => a + l.netOre, 123)
          const vat = subscriptions.reduce((a, s) => a + s.vatOre, 31)

          assert.equal(
            parts.reduce((a, p) => a + p.exVatOre, 0),
            exVat,
          )
          assert.equal(
            parts.reduce((a, p) => a + p.vatOre, 0),
            vat,
          )
        },
      ),
    )
  })
})
