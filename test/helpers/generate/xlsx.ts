import ExcelJS from 'exceljs'
import { utils, write } from '@e965/xlsx'
import { vatOnLine } from '../../../src/domain/invoice.js'
import type {
  InvoiceDraft,
  InvoiceLine,
  SubscriptionDraft,
} from '../../../src/domain/invoice.js'
import { formatOre } from '../../../src/domain/money.js'
import { formatPhone } from '../../../src/domain/phone.js'

/** A cell as the generators write it. */
export type GeneratedCell = string | number | Date | null

export interface GeneratedSheet {
  name: string
  rows: GeneratedCell[][]
}

export type SpecColumn =
  | 'invoiceNumber'
  | 'invoiceDate'
  | 'phone'
  | 'user'
  | 'section'
  | 'description'
  | 'periodStart'
  | 'periodEnd'
  | 'quantity'
  | 'usage'
  | 'gross'
  | 'discount'
  | 'net'
  | 'vat'
  | 'total'

/** The fixture's columns and headings, in its order. */
export const SPEC_HEADERS: Record<SpecColumn, string> = {
  invoiceNumber: 'Fakturanummer',
  invoiceDate: 'Fakturadato',
  phone: 'Telefonnummer',
  user: 'Bruker',
  section: 'Kategori',
  description: 'Tjeneste',
  periodStart: 'Periode fra',
  periodEnd: 'Periode til',
  quantity: 'Antall',
  usage: 'Tid/MB',
  gross: 'Beløp ekskl. mva',
  discount: 'Rabatt',
  net: 'Beløp ekskl. mva inkl. rabatt',
  vat: 'Mva',
  total: 'Beløp inkl. mva',
}

export interface SpecOptions {
  /** `Fakturaspesifikasjon`, `Kunde: …`, `Kundenummer: …` above the header. */
  titleRows?: boolean
  /** Headings to write instead of the fixture's. */
  headers?: Partial<Record<SpecColumn, string>>
  /** Columns to leave out. */
  omit?: SpecColumn[]
  /** Amounts as numbers or as Norwegian text with a trailing minus. */
  amounts?: 'number' | 'text'
  /** Dates as dates, serial numbers, `06.11.26` or `2026-11-06`. */
  dates?: 'date' | 'serial' | 'text' | 'iso'
  /** How a subscription's phone number is written. */
  phone?: (phone: string, index: number) => string | number
  /** A blank row after each subscription. */
  blankRows?: boolean
  /** A `Sum` subtotal row (with the phone) after each subscription. */
  subtotalRows?: boolean
  /** The `Sum` row at the bottom (default on). */
  sumRow?: boolean
  /** The `Oppsummering` sheet (default on). */
  summarySheet?: boolean
}

/** The rows of a specification laid out like Telia's export. */
export function specSheets(
  draft: InvoiceDraft,
  options: SpecOptions = {},
): GeneratedSheet[] {
  const columns = (Object.keys(SPEC_HEADERS) as SpecColumn[]).filter(
    (c) => !options.omit?.includes(c),
  )
  const header = columns.map((c) => options.headers?.[c] ?? SPEC_HEADERS[c])
  const rows: GeneratedCell[][] = [
    ...(options.titleRows === false ? [] : titleRows(draft)),
    header,
  ]
  draft.subscriptions.forEach((s, i) => {
    const phone = options.phone?.(s.phone, i) ?? formatPhone(s.phone)
    for (const line of s.lines) {
      const values = lineValues(draft, s, phone, line, options)
      rows.push(columns.map((c) => values[c]))
    }
    if (options.subtotalRows) rows.push(subtotalRow(s, phone, columns, options))
    if (options.blankRows) rows.push([])
  })
  if (options.sumRow !== false) rows.push(sumRow(draft, columns, options))

  const sheets = [{ name: 'Spesifikasjon', rows }]
  if (options.summarySheet !== false) sheets.push(summarySheet(draft))

  return sheets
}

function titleRows(draft: InvoiceDraft): GeneratedCell[][] {
  return [
    ['Fakturaspesifikasjon'],
    [
      'Kunde: Eksempel AS',
      null,
      `Kundenummer: ${draft.header.customerNumber ?? ''}`,
    ],
    [],
  ]
}

function lineValues(
  draft: InvoiceDraft,
  s: SubscriptionDraft,
  phone: string | number,
  line: InvoiceLine,
  options: SpecOptions,
): Record<SpecColumn, GeneratedCell> {
  const vatOre = lineVat(line)
  const money = (ore: number) => moneyCell(ore, options)
  const date = (iso: string | null) => dateCell(iso, options)

  return {
    invoiceNumber: draft.header.number,
    invoiceDate: date(draft.header.issueDate),
    phone,
    user: s.user,
    section: line.section,
    description: line.description,
    periodStart: date(line.periodStart),
    periodEnd: date(line.periodEnd),
    quantity: quantityCell(line.quantity),
    usage: line.usage,
    gross: money(line.grossOre ?? line.netOre),
    discount: money(line.discountOre ?? 0),
    net: money(line.netOre),
    vat: money(vatOre),
    total: money(line.netOre + vatOre),
  }
}

function quantityCell(quantity: string | null): GeneratedCell {
  return quantity !== null && /^\d+$/.test(quantity)
    ? Number(quantity)
    : quantity
}

function lineVat(line: InvoiceLine): number {
  if (line.vatCategory === 'exempt') return 0

  return line.vatOre ?? vatOnLine(line.netOre)
}

function subtotalRow(
  s: SubscriptionDraft,
  phone: string | number,
  columns: SpecColumn[],
  options: SpecOptions,
): GeneratedCell[] {
  const values: Partial<Record<SpecColumn, GeneratedCell>> = {
    phone,
    description: 'Sum denne periode',
    net: moneyCell(s.vatBaseOre + s.vatFreeOre, options),
    vat: moneyCell(s.vatOre, options),
    total: moneyCell(s.totalOre, options),
  }

  return columns.map((c) => values[c] ?? null)
}

function sumRow(
  draft: InvoiceDraft,
  columns: SpecColumn[],
  options: SpecOptions,
): GeneratedCell[] {
  const h = draft.header
  const values: Partial<Record<SpecColumn, GeneratedCell>> = {
    gross: 'Sum',
    net: moneyCell(h.vatBaseOre + h.vatFreeOre, options),
    vat: moneyCell(h.vatOre, options),
    total: moneyCell(h.payableOre, options),
  }

  return columns.map((c) => values[c] ?? null)
}

function summarySheet(draft: InvoiceDraft): GeneratedSheet {
  const header = [
    'Telefonnummer',
    'Bruker',
    'Sum mva-pliktig',
    'Sum mva-fritt',
    'Mva',
    'Sum denne periode',
  ]
  const rows = draft.subscriptions.map((s) => [
    formatPhone(s.phone),
    s.user,
    s.vatBaseOre / 100,
    s.vatFreeOre / 100,
    s.vatOre / 100,
    s.totalOre / 100,
  ])

  return { name: 'Oppsummering', rows: [header, ...rows] }
}

/** `-1234.56` → `1 234,56-`, the trailing minus some ERP exports write. */
export function norwegianText(ore: number): string {
  const text = formatOre(Math.abs(ore), ' ')

  return ore < 0 ? `${text}-` : text
}

function moneyCell(ore: number, options: SpecOptions): GeneratedCell {
  return options.amounts === 'text' ? norwegianText(ore) : ore / 100
}

function dateCell(iso: string | null, options: SpecOptions): GeneratedCell {
  if (iso === null) return null
  const [y, m, d] = iso.split('-')
  switch (options.dates) {
    case 'serial':
      return Date.UTC(+y!, +m! - 1, +d!) / 86_400_000 + 25_569
    case 'text':
      return `${d}.${m}.${y!.slice(2)}`
    case 'iso':
      return iso
  }

  return new Date(Date.UTC(+y!, +m! - 1, +d!))
}

/** Writes sheets of plain rows to XLSX through ExcelJS. */
export async function renderRowsXlsx(
  sheets: GeneratedSheet[],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name)
    for (const row of sheet.rows) {
      const added = worksheet.addRow(row)
      row.forEach((v, i) => {
        if (v instanceof Date) added.getCell(i + 1).numFmt = 'dd.mm.yyyy'
      })
    }
  }

  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

/**
 * Writes sheets of plain rows to a BIFF8 `.xls` through SheetJS, dates as
 * serial numbers the way Telia's `.xls` stores them.
 */
export function renderRowsXls(sheets: GeneratedSheet[]): Uint8Array {
  const workbook = utils.book_new()
  for (const sheet of sheets) {
    const rows = sheet.rows.map((row) => row.map(serialIfDate))
    const worksheet = utils.aoa_to_sheet(rows, { dense: true })
    utils.book_append_sheet(workbook, worksheet, sheet.name)
  }

  return new Uint8Array(write(workbook, { type: 'buffer', bookType: 'biff8' }))
}

function serialIfDate(cell: GeneratedCell): GeneratedCell {
  return cell instanceof Date ? cell.getTime() / 86_400_000 + 25_569 : cell
}

export async function renderSpecXlsx(
  draft: InvoiceDraft,
  options: SpecOptions = {},
): Promise<Uint8Array> {
  return renderRowsXlsx(specSheets(draft, options))
}

export async function renderSpecXls(
  draft: InvoiceDraft,
  options: SpecOptions = {},
): Promise<Uint8Array> {
  return renderRowsXls(specSheets(draft, options))
}
