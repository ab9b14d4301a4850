/**
 * Money is an integer number of øre everywhere. Amounts are parsed from
 * text digit by digit, never through a float, so 0,1 + 0,2 stays 30 øre.
 */

const MINUS_SIGNS = /^[-\u2212\u2012\u2013]/
const TRAILING_MINUS = /[-\u2212\u2012\u2013]$/
const GROUP_SPACES = /[\s\u00a0\u202f']/g

/**
 * Reads an amount as written in Norwegian invoices and spreadsheets:
 * `1 234,56`, `1.234,56`, `-1 234,56`, `1 234,56-`, `−12,50` and the
 * machine form `1234.56`. Returns null when the text is not an amount.
 */
export function parseOre(text: string): number | null {
  let s = text.trim().replace(GROUP_SPACES, '')
  if (s.length === 0) return null

  let negative = false
  if (MINUS_SIGNS.test(s)) {
    negative = true
    s = s.slice(1)
  } else if (TRAILING_MINUS.test(s)) {
    negative = true
    s = s.slice(0, -1)
  } else if (s.startsWith('+')) {
    s = s.slice(1)
  }

  const parts = splitDecimal(s)
  if (!parts) return null

  const ore = Number(parts.whole) * 100 + Number(parts.fraction.padEnd(2, '0'))
  if (!Number.isSafeInteger(ore)) return null

  return negative && ore !== 0 ? -ore : ore
}

function splitDecimal(s: string): { whole: string; fraction: string } | null {
  const comma = s.lastIndexOf(',')
  const dot = s.lastIndexOf('.')

  // Whichever separator comes last marks the øre; the other groups thousands.
  const decimalAt = Math.max(comma, dot)
  let whole = s
  let fraction = ''
  if (decimalAt >= 0) {
    const tail = s.slice(decimalAt + 1)
    // `1.234` and `1,234,567` only group: øre never have three digits.
    const onlyGroups = comma >= 0 !== dot >= 0 && tail.length === 3
    if (!onlyGroups) {
      whole = s.slice(0, decimalAt)
      fraction = tail
    }
  }

  if (/[.,]/.test(whole)) {
    const separator = whole.includes('.') ? '.' : ','
    const groupedWell = /^\d{1,3}([.,]\d{3})+$/.test(whole)
    const oneKind = !(whole.includes('.') && whole.includes(','))
    const differsFromDecimal = fraction === '' || s[decimalAt] !== separator
    if (!groupedWell || !oneKind || !differsFromDecimal) return null
    whole = whole.replace(/[.,]/g, '')
  }

  if (!/^\d*$/.test(whole) || !/^\d{0,2}$/.test(fraction)) return null
  if (whole === '' && fraction === '') return null

  return { whole: whole === '' ? '0' : whole, fraction }
}

/** Converts a JavaScript number from a spreadsheet cell, refusing sub-øre. */
export function oreFromNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null

  const ore = Math.round(value * 100)
  // A cell of 12.345 is not an amount in kroner and øre.
  if (Math.abs(ore - value * 100) > 1e-6 * Math.max(1, Math.abs(ore))) {
    return null
  }

  return Object.is(ore, -0) ? 0 : ore
}

/** `123456` → `1 234,56`, the way the interface shows kroner. */
export function formatOre(ore: number, groupSeparator = '\u00a0'): string {
  const sign = ore < 0 ? '-' : ''
  const abs = Math.abs(ore)
  const kroner = Math.floor(abs / 100).toString()
  const rest = (abs % 100).toString().padStart(2, '0')
  const grouped = kroner.replace(/\B(?=(\d{3})+(?!\d))/g, groupSeparator)

  return `${sign}${grouped},${rest}`
}

/** `123456` → `1234.56`, for machine-readable exports. */
export function oreToDecimal(ore: number): string {
  const sign = ore < 0 ? '-' : ''
  const abs = Math.abs(ore)

  return `${sign}${Math.floor(abs / 100)}.${(abs % 100).toString().padStart(2, '0')}`
}

/**
 * Splits a whole into parts proportional to the weights by largest
 * remainder, so the parts always add up to the whole to the øre. Ties go
 * to the earlier part, which keeps the split deterministic.
 */
export function splitByLargestRemainder(
  wholeOre: number,
  weights: readonly number[],
): number[] {
  if (weights.length === 0) throw new RangeError('no weights to split by')
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError('weights must be non-negative integers')
  }
  const totalWeight = weights.reduce((a, b) => a + b, 0)
  if (totalWeight === 0) throw new RangeError('weights sum to zero')

  const sign = wholeOre < 0 ? -1 : 1
  const whole = BigInt(Math.abs(wholeOre))
  const total = BigInt(totalWeight)
  const floors = weights.map((w) => (whole * BigInt(w)) / total)
  const remainders = weights.map((w, i) => ({
    i,
    r: (whole * BigInt(w)) % total,
  }))

  let left = whole - floors.reduce((a, b) => a + b, 0n)
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))
  for (const { i } of remainders) {
    if (left === 0n) break
    floors[i] = floors[i]! + 1n
    left -= 1n
  }

  return floors.map((f) => sign * Number(f) || 0)
}

/** Sums øre amounts, failing loudly rather than losing precision. */
export function sumOre(amounts: Iterable<number>): number {
  let sum = 0
  for (const a of amounts) sum += a
  if (!Number.isSafeInteger(sum)) throw new RangeError('sum of øre overflows')

  return sum
}
