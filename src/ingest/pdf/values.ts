import type { IsoDate } from '../../domain/invoice.js'

/** `06.11.26` → `2026-11-06`: Telia's two-digit years are this century. */
export function dateFromShort(text: string): IsoDate | null {
  const match = /^(\d{2})\.(\d{2})\.(\d{2})$/.exec(text.trim())
  if (!match) return null

  const [, dd, mm, yy] = match
  const iso = `20${yy}-${mm}-${dd}`
  const date = new Date(`${iso}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return null

  // Date rolls 31.02 over into March; a real date survives the round trip.
  return date.toISOString().slice(0, 10) === iso ? iso : null
}

export interface Period {
  start: IsoDate
  end: IsoDate
}

/** `06.10.26-05.11.26`, or one date (`06.11.26`) for both ends. */
export function periodFrom(text: string): Period | null {
  const [first, second, ...rest] = text.split('-')
  if (first === undefined || rest.length > 0) return null

  const start = dateFromShort(first)
  const end = second === undefined ? start : dateFromShort(second)
  if (!start || !end) return null

  return { start, end }
}

/** The MOD10 (Luhn) control digit a Norwegian KID ends with. */
export function isMod10(digits: string): boolean {
  if (!/^\d{2,25}$/.test(digits)) return false

  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }

  return sum % 10 === 0
}
