import { vatOnLine } from '../../domain/invoice.js'

/** UBL amounts are machine decimals: `1234.56`, `-25`, `4900.0`. */
const UBL_AMOUNT = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/
const UBL_PERCENT = /^\d{1,3}(\.\d{1,2})?$/

/**
 * Reads a UBL amount into øre, digit strings and never a float. UBL has
 * one way to write an amount, so this reads only that: Norwegian grouping
 * (`1.234` for a thousand kroner) is not an amount here.
 */
export function readAmount(text: string | null): number | null {
  const match = text === null ? null : UBL_AMOUNT.exec(text.trim())
  if (!match) return null
  const [, sign, whole, fraction = ''] = match
  const ore = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  if (!Number.isSafeInteger(ore)) return null

  return sign === '-' && ore !== 0 ? -ore : ore
}

/** `25` → 2500, `12.5` → 1250: a VAT rate in hundredths of a percent. */
export function readRateBasisPoints(text: string | null): number | null {
  if (text === null) return null
  const trimmed = text.trim()
  if (!UBL_PERCENT.test(trimmed)) return null
  const [whole, fraction = ''] = trimmed.split('.')

  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
}

/**
 * VAT on one line, rounded half away from zero as Telia rounds it. The
 * standard 25 % goes through the domain's rule; other Norwegian rates
 * (15 %, 12 %) follow the same rounding.
 */
export function vatAtRate(netOre: number, basisPoints: number | null): number {
  if (basisPoints === null || basisPoints === 2500) return vatOnLine(netOre)
  const sign = netOre < 0 ? -1 : 1
  const abs = Math.abs(netOre)

  return sign * Math.floor((abs * basisPoints + 5000) / 10000) || 0
}

/** Flips a sign without making a `-0`. */
export function negate(ore: number): number {
  return ore === 0 ? 0 : -ore
}
