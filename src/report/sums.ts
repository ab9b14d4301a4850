import type { ReportSource } from './source.js'

/** One cost centre's share of an invoice, in øre. */
export interface CostCentreSum {
  code: string
  /** Charged on lines with 25 % VAT. */
  vatBaseOre: number
  /** Charged on VAT-free lines (content bought through the bill). */
  vatFreeOre: number
  vatOre: number
}

/** Sums the invoice's allocation per cost centre, ordered by code. */
export function sumsByCostCentre(source: ReportSource): CostCentreSum[] {
  const sums = new Map<string, CostCentreSum>()
  for (const a of source.allocations) {
    const sum = sums.get(a.costCentre) ?? emptySum(a.costCentre)
    if (source.lines.get(a.lineId)?.vatCategory === 'exempt') {
      sum.vatFreeOre += a.exVatOre
    } else {
      sum.vatBaseOre += a.exVatOre
    }
    sum.vatOre += a.vatOre
    sums.set(a.costCentre, sum)
  }

  return [...sums.values()].sort((a, b) => a.code.localeCompare(b.code))
}

export function totalOf(sums: readonly CostCentreSum[]): CostCentreSum {
  const total = emptySum('')
  for (const s of sums) {
    total.vatBaseOre += s.vatBaseOre
    total.vatFreeOre += s.vatFreeOre
    total.vatOre += s.vatOre
  }

  return total
}

function emptySum(code: string): CostCentreSum {
  return { code, vatBaseOre: 0, vatFreeOre: 0, vatOre: 0 }
}

/** The name shown for a cost centre; suspense has none in the register. */
export function costCentreName(source: ReportSource, code: string): string {
  return source.costCentreNames.get(code) ?? SUSPENSE_NAME
}

const SUSPENSE_NAME = 'Ikke fordelt'
