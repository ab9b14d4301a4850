import type { BookResult } from './book.js'
import { loadXls } from './xls.js'
import { loadXlsx } from './xlsx.js'

export type SheetFormat = 'xlsx' | 'xls'

/** Both formats end in the same row model, so one reader does the rest. */
export function loadBook(bytes: Uint8Array, format: SheetFormat): BookResult {
  return format === 'xlsx' ? loadXlsx(bytes) : loadXls(bytes)
}
