import { splitByLargestRemainder, sumOre } from './money.js'
import { vatOnLine } from './invoice.js'
import type { InvoiceLine, IsoDate } from './invoice.js'

/**
 * Allocation: every line of an invoice ends up on cost centres, exact to
 * the øre. A number is charged, day by day over the line's period, to a
 * number rule when one covers the day (shared phones, machine SIMs, splits),
 * else to the employee the number belonged to that day, else to suspense.
 * Parts are split by largest remainder, so they always sum to the line.
 */

export interface Assignment {
  phone: string
  employeeId: string
  costCentre: string
  validFrom: IsoDate | null
  validTo: IsoDate | null
}

export interface NumberRule {
  phone: string
  validFrom: IsoDate | null
  validTo: IsoDate | null
  /** Weights in basis points; a fixed cost centre is one part of 10 000. */
  parts: Array<{ costCentre: string; weight: number }>
}

export interface AllocationContext {
  assignments: readonly Assignment[]
  rules: readonly NumberRule[]
  suspenseCostCentre: string
  /** The day a line without a period is charged for: the invoice date. */
  fallbackDate: IsoDate
}

export type AllocationBasis = 'employee' | 'rule' | 'suspense'

export interface AllocatedPart {
  /** Index into the invoice's subscriptions; null for unassigned lines. */
  subscriptionIndex: number | null
  lineIndex: number
  costCentre: string
  employeeId: string | null
  basis: AllocationBasis
  exVatOre: number
  vatOre: number
}

export interface AllocatableInvoice {
  subscriptions: ReadonlyArray<{
    phone: string
    lines: readonly InvoiceLine[]
    vatOre: number
  }>
  unassignedLines: readonly InvoiceLine[]
}

export function allocateInvoice(
  invoice: AllocatableInvoice,
  context: AllocationContext,
): AllocatedPart[] {
  const parts: AllocatedPart[] = []
  const rules = groupByPhone(context.rules)
  const assignments = groupByPhone(context.assignments)

  invoice.subscriptions.forEach((subscription, subscriptionIndex) => {
    const vats = lineVats(subscription.lines, subscription.vatOre)
    const phone = subscription.phone
    const known = {
      rules: rules.get(phone) ?? [],
      assignments: assignments.get(phone) ?? [],
    }
    subscription.lines.forEach((line, lineIndex) => {
      const targets = targetsFor(line, known, context)
      const split = splitLine(line.netOre, vats[lineIndex]!, targets)
      for (const p of split) parts.push({ subscriptionIndex, lineIndex, ...p })
    })
  })

  const suspense = [suspenseTarget(context, 1)]
  invoice.unassignedLines.forEach((line, lineIndex) => {
    const vat = line.vatOre ?? standardVat(line)
    for (const p of splitLine(line.netOre, vat, suspense)) {
      parts.push({ subscriptionIndex: null, lineIndex, ...p })
    }
  })

  return parts
}

/** Sums allocated parts per cost centre. */
export function totalsByCostCentre(
  parts: readonly AllocatedPart[],
): Map<string, { exVatOre: number; vatOre: number }> {
  const totals = new Map<string, { exVatOre: number; vatOre: number }>()
  for (const p of parts) {
    const t = totals.get(p.costCentre) ?? { exVatOre: 0, vatOre: 0 }
    t.exVatOre += p.exVatOre
    t.vatOre += p.vatOre
    totals.set(p.costCentre, t)
  }

  return totals
}

/**
 * VAT per line, summing exactly to the block's stated VAT. Telia computes
 * VAT per line, so the per-line figures usually match; any difference of
 * an øre or two goes to the largest VAT-liable line.
 */
export function lineVats(lines: readonly InvoiceLine[], blockVatOre: number) {
  const vats = lines.map((l) => l.vatOre ?? standardVat(l))
  const difference = blockVatOre - sumOre(vats)
  if (difference !== 0 && lines.length > 0)
    vats[largestLiable(lines)]! += difference

  return vats
}

function standardVat(line: InvoiceLine): number {
  return line.vatCategory === 'standard' ? vatOnLine(line.netOre) : 0
}

function largestLiable(lines: readonly InvoiceLine[]): number {
  let best = 0
  let bestSize = -1
  lines.forEach((l, i) => {
    const size = l.vatCategory === 'standard' ? Math.abs(l.netOre) : -1
    if (size > bestSize) {
      best = i
      bestSize = size
    }
  })

  return best
}

interface Target {
  costCentre: string
  employeeId: string | null
  basis: AllocationBasis
  weight: number
}

const FULL = 10_000
const MAX_PERIOD_DAYS = 400

function groupByPhone<T extends { phone: string }>(items: readonly T[]) {
  const byPhone = new Map<string, T[]>()
  for (const item of items) {
    const list = byPhone.get(item.phone)
    if (list) list.push(item)
    else byPhone.set(item.phone, [item])
  }

  return byPhone
}

function targetsFor(
  line: InvoiceLine,
  known: { rules: NumberRule[]; assignments: Assignment[] },
  context: AllocationContext,
): Target[] {
  const { rules, assignments } = known
  const start = line.periodStart ?? line.periodEnd ?? context.fallbackDate
  const end = line.periodEnd ?? start
  // Most numbers keep one owner all period: then the first day decides.
  if ([...rules, ...assignments].every((s) => steadyOver(s, start, end))) {
    return targetsOnDay(start, rules, assignments, context)
  }

  const days = daysOf(start, end)
  const byKey = new Map<string, Target>()

  for (const day of days) {
    for (const t of targetsOnDay(day, rules, assignments, context)) {
      const key = `${t.basis}|${t.costCentre}|${t.employeeId ?? ''}`
      const known = byKey.get(key)
      if (known) known.weight += t.weight
      else byKey.set(key, { ...t })
    }
  }

  return [...byKey.values()]
}

function targetsOnDay(
  day: IsoDate,
  rules: readonly NumberRule[],
  assignments: readonly Assignment[],
  context: AllocationContext,
): Target[] {
  const rule = rules.find((r) => covers(r, day))
  if (rule) {
    return rule.parts.map((p) => ({
      costCentre: p.costCentre,
      employeeId: null,
      basis: 'rule' as const,
      weight: p.weight,
    }))
  }

  const assignment = assignments.find((a) => covers(a, day))
  if (assignment) {
    return [
      {
        costCentre: assignment.costCentre,
        employeeId: assignment.employeeId,
        basis: 'employee',
        weight: FULL,
      },
    ]
  }

  return [suspenseTarget(context, FULL)]
}

function suspenseTarget(context: AllocationContext, weight: number): Target {
  return {
    costCentre: context.suspenseCostCentre,
    employeeId: null,
    basis: 'suspense',
    weight,
  }
}

function covers(
  span: { validFrom: IsoDate | null; validTo: IsoDate | null },
  day: IsoDate,
): boolean {
  return (
    (span.validFrom === null || span.validFrom <= day) &&
    (span.validTo === null || day <= span.validTo)
  )
}

/** Whether a span covers all of a period or none of it. */
function steadyOver(
  span: { validFrom: IsoDate | null; validTo: IsoDate | null },
  start: IsoDate,
  end: IsoDate,
): boolean {
  const outside =
    (span.validTo !== null && span.validTo < start) ||
    (span.validFrom !== null && span.validFrom > end)

  return outside || (covers(span, start) && covers(span, end))
}

/** The days of a period; a malformed period counts as its last day. */
function daysOf(start: IsoDate, end: IsoDate): IsoDate[] {
  const days: IsoDate[] = []
  const day = new Date(`${start}T00:00:00Z`)
  const last = new Date(`${end}T00:00:00Z`)
  if (
    Number.isNaN(day.getTime()) ||
    Number.isNaN(last.getTime()) ||
    day > last
  ) {
    return [end]
  }

  while (day <= last && days.length < MAX_PERIOD_DAYS) {
    days.push(day.toISOString().slice(0, 10))
    day.setUTCDate(day.getUTCDate() + 1)
  }

  return days
}

function splitLine(
  exVatOre: number,
  vatOre: number,
  targets: readonly Target[],
): Array<Omit<AllocatedPart, 'subscriptionIndex' | 'lineIndex'>> {
  if (targets.length === 1) {
    const [t] = targets as [Target]
    return [{ ...withoutWeight(t), exVatOre, vatOre }]
  }

  const weights = targets.map((t) => t.weight)
  const exVat = splitByLargestRemainder(exVatOre, weights)
  const vat = splitByLargestRemainder(vatOre, weights)

  return targets.map((t, i) => ({
    costCentre: t.costCentre,
    employeeId: t.employeeId,
    basis: t.basis,
    exVatOre: exVat[i]!,
    vatOre: vat[i]!,
  }))
}

function withoutWeight(t: Target) {
  return { costCentre: t.costCentre, employeeId: t.employeeId, basis: t.basis }
}
