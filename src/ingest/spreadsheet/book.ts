import type { Problem } from '../../domain/invoice.js'

/** One cell as every loader hands it over: no formulas, no styles. */
export type CellValue = string | number | boolean | Date | null

export type Row = CellValue[]

export interface Sheet {
  name: string
  /** Row by row from the top; a missing row is a hole or undefined. */
  rows: (Row | undefined)[]
}

/** A workbook reduced to the values the tabular reader needs. */
export interface Book {
  sheets: Sheet[]
  /** Serials count from 1904-01-01 (old Mac workbooks). */
  date1904: boolean
}

export type BookResult =
  { ok: true; book: Book } | { ok: false; problems: Problem[] }

/** Lower case, accents and punctuation gone, spaces collapsed. */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[.:;,_*/-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The text of a cell as a person reads it, or '' when empty. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)

  return String(value).trim()
}

export function isBlankRow(row: Row | undefined): boolean {
  return !row || row.every((v) => cellText(v) === '')
}

export function tooLarge(
  sheet: string,
  what: string,
): { ok: false; problems: Problem[] } {
  return {
    ok: false,
    problems: [
      {
        code: 'sheet-too-large',
        message:
          `Arket «${sheet}» har for mange ${what}. ` +
          'Del filen opp eller last opp fakturaen som PDF eller EHF.',
        detail: JSON.stringify({ sheet, what }),
      },
    ],
  }
}

const DAY_MS = 86_400_000
/** Serial 0 is 1899-12-30, which absorbs Excel's phantom 1900-02-29. */
const EPOCH_1900_MS = Date.UTC(1899, 11, 30)
const EPOCH_1904_MS = Date.UTC(1904, 0, 1)

/** The moment an Excel serial in a date-formatted cell stands for, as UTC. */
export function serialDate(serial: number, date1904: boolean): Date {
  const epoch = date1904 ? EPOCH_1904_MS : EPOCH_1900_MS

  return new Date(epoch + Math.round(serial * DAY_MS))
}
