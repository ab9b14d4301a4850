import type { InvoiceFormat } from '../domain/invoice.js'
import type { InvoiceReader } from './reader.js'

/**
 * The reader for each format, imported only when a file of that format
 * is read: a worker reading an EHF file never loads pdf.js or ExcelJS.
 */
const LOADERS: Record<InvoiceFormat, () => Promise<InvoiceReader>> = {
  pdf: async () => (await import('./pdf/index.js')).pdfReader,
  xlsx: async () => (await import('./spreadsheet/index.js')).xlsxReader,
  xls: async () => (await import('./spreadsheet/index.js')).xlsReader,
  ehf: async () => (await import('./ehf/index.js')).ehfReader,
}

export function loadReader(format: InvoiceFormat): Promise<InvoiceReader> {
  return LOADERS[format]()
}
