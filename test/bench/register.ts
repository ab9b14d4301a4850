import type { Assignment } from '../../src/domain/allocation.js'
import type { InvoiceDraft } from '../../src/domain/invoice.js'

const COST_CENTRES = ['1100', '1200', '2100', '3100', '4100', '5100', '6100']

/**
 * A register covering nine numbers in ten, as a real company's does: the
 * rest (new SIMs, machine lines) go to suspense.
 */
export function benchRegister(draft: InvoiceDraft): Assignment[] {
  return draft.subscriptions
    .filter((_, i) => i % 10 !== 9)
    .map((s, i) => ({
      phone: s.phone,
      employeeId: `employee-${i}`,
      costCentre: COST_CENTRES[i % COST_CENTRES.length]!,
      validFrom: null,
      validTo: null,
    }))
}
