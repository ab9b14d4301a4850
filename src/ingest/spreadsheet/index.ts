import type { InvoiceReader } from '../reader.js'
import { loadBook } from './load.js'
import type { SheetFormat } from './load.js'
import { readSpecification } from './tabular.js'

export { describeSheetColumns } from './describe.js'
export type { SheetColumns, SheetColumnsResult } from './describe.js'
export { loadBook } from './load.js'
export type { SheetFormat } from './load.js'
export { teliaSheetLayout, teliaSheetProfile } from './telia-layout.js'

function sheetReader(format: SheetFormat): InvoiceReader {
  return {
    format,
    async read(bytes, options) {
      const loaded = loadBook(bytes, format)
      if (!loaded.ok) return loaded

      return readSpecification(loaded.book, format, options.profile)
    },
  }
}

export const xlsxReader: InvoiceReader = sheetReader('xlsx')

export const xlsReader: InvoiceReader = sheetReader('xls')
