import { oreFromNumber, parseOre } from '../../domain/money.js'
import type { IsoDate } from '../../domain/invoice.js'
import { normalizePhone } from '../../domain/phone.js'
import type { PhoneNumber } from '../../domain/phone.js'
import { cellText, serialDate } from './book.js'
import type { CellValue } from './book.js'

/** An amount stored as a number or written as Norwegian text. */
export function cellOre(value: CellValue | undefined): number | null {
  if (typeof value === 'number') return oreFromNumber(value)
  if (typeof value !== 'string') return null

  return parseOre(value)
}

export function cellPhone(value: CellValue | undefined): PhoneNumber | null {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? normalizePhone(value) : null
  }
  if (typeof value !== 'string') return null

  return normalizePhone(value)
}

/** A date stored as a date, an Excel serial, or text in a common style. */
export function cellDate(
  value: CellValue | undefined,
  date1904: boolean,
): IsoDate | null {
  if (value instanceof Date) return isoFromUtc(value)
  if (typeof value === 'number') return dateFromSerial(value, date1904)
  if (typeof value !== 'string') return null

  return dateFromText(value.trim())
}

export function dateFromSerial(
  serial: number,
  date1904: boolean,
): IsoDate | null {
  // Serials before 1900-03-01 and past 9999 are not invoice dates.
  if (!Number.isFinite(serial) || serial < 61 || serial > 2_958_465) {
    return null
  }

  return isoFromUtc(serialDate(Math.floor(serial), date1904))
}

function isoFromUtc(date: Date): IsoDate | null {
  if (Number.isNaN(date.getTime())) return null

  return date.toISOString().slice(0, 10)
}

const NORWEGIAN_DATE = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/

/** `06.11.26`, `6.11.2026`, `06/11/2026` (day first) or `2026-11-06`. */
export function dateFromText(text: string): IsoDate | null {
  const iso = ISO_DATE.exec(text)
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))

  const nb = NORWEGIAN_DATE.exec(text)
  if (!nb) return null
  const year = nb[3]!.length === 2 ? 2000 + Number(nb[3]) : Number(nb[3])

  return validDate(year, Number(nb[2]), Number(nb[1]))
}

function validDate(year: number, month: number, day: number): IsoDate | null {
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null
  }

  return isoFromUtc(date)
}

/** Text as printed, or null for an empty cell. */
export function cellString(value: CellValue | undefined): string | null {
  const text = cellText(value)

  return text === '' ? null : text
}
