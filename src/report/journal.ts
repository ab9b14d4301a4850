import type { AppContext } from '../services/context.js'
import { csvAmount, csvDocument, csvText } from './csv.js'
import { CONTENT_TYPES, exportFilename } from './export-file.js'
import type { ExportFile } from './export-file.js'
import { norwegianDate } from './heading.js'
import { loadJournalAccounts, mergeAccounts } from './journal-accounts.js'
import type { JournalAccounts } from './journal-accounts.js'
import { loadReportSource } from './source.js'
import type { ReportSource } from './source.js'
import { costCentreName, sumsByCostCentre } from './sums.js'

/**
 * The invoice as an accounting journal (CSV, one voucher), for import
 * into the ledger. Columns, in order:
 *
 * | column           | holds                                              |
 * | ---------------- | -------------------------------------------------- |
 * | Dato             | invoice date, `06.11.2026`                         |
 * | Bilagsnummer     | the invoice number, `INV0589924430`                |
 * | Konto            | ledger account (see `journal.accounts`)            |
 * | Kostnadssted     | cost-centre code; empty on the supplier line       |
 * | Mvakode          | `1` inngående mva 25 %, `0` no VAT                 |
 * | Beløp ekskl. mva | debit positive, credit negative, `1234,56`         |
 * | Mva              | the input VAT on the line, `0,00` when code `0`    |
 * | Tekst            | supplier, invoice number, cost-centre name         |
 *
 * Debit lines: one per cost centre and VAT code, on the telephone account
 * (6900) for VAT-liable cost and the content account (6901) for VAT-free
 * cost. Credit line: the amount payable on the supplier account (2400).
 * Beløp ekskl. mva plus Mva, over all lines, is zero to the øre; should
 * the allocation ever differ from the amount payable, the difference is
 * posted to the rounding account rather than left unbalanced.
 */
export const JOURNAL_COLUMNS = [
  'Dato',
  'Bilagsnummer',
  'Konto',
  'Kostnadssted',
  'Mvakode',
  'Beløp ekskl. mva',
  'Mva',
  'Tekst',
] as const

export interface JournalOptions {
  /** Accounts for this export, over the stored setting and the defaults. */
  accounts?: Partial<JournalAccounts>
}

export interface JournalLine {
  account: string
  costCentre: string
  vatCode: '0' | '1'
  exVatOre: number
  vatOre: number
  text: string
}

export async function journalCsv(
  context: AppContext,
  invoiceId: string,
  options: JournalOptions = {},
): Promise<ExportFile> {
  const source = await loadReportSource(context.db, invoiceId)
  const stored = await loadJournalAccounts(context.db)
  const accounts = mergeAccounts({ ...stored, ...options.accounts })
  const { header } = source.invoice
  const voucher = [
    header.issueDate ? norwegianDate(header.issueDate) : '',
    header.number,
  ]
  const lines = journalLines(source, accounts).map((l) => [
    ...voucher.map(csvText),
    ...journalCells(l),
  ])

  return {
    filename: exportFilename('regnskap', header.number, 'csv'),
    contentType: CONTENT_TYPES.csv,
    body: csvDocument([JOURNAL_COLUMNS.map(csvText), ...lines]),
  }
}

export function journalLines(
  source: ReportSource,
  accounts: JournalAccounts,
): JournalLine[] {
  const debits = debitLines(source, accounts)
  const { header } = source.invoice
  const text = `${header.supplier} ${header.number}`
  const debitOre = debits.reduce((s, l) => s + l.exVatOre + l.vatOre, 0)
  const differenceOre = header.payableOre - debitOre
  const lines = [...debits]
  if (differenceOre !== 0) {
    lines.push({
      ...noVat(accounts.rounding, differenceOre),
      text: `${text}, avrunding mot fakturabeløp`,
    })
  }
  lines.push({ ...noVat(accounts.payable, -header.payableOre), text })

  return lines
}

function debitLines(
  source: ReportSource,
  accounts: JournalAccounts,
): JournalLine[] {
  const { header } = source.invoice
  const lines: JournalLine[] = []
  for (const sum of sumsByCostCentre(source)) {
    const text = `${header.supplier} ${header.number}, ${costCentreName(source, sum.code)}`
    const liableVatOre = sum.vatOre
    if (sum.vatBaseOre !== 0 || liableVatOre !== 0) {
      lines.push({
        account: accounts.vatLiable,
        costCentre: sum.code,
        vatCode: '1',
        exVatOre: sum.vatBaseOre,
        vatOre: liableVatOre,
        text,
      })
    }
    if (sum.vatFreeOre !== 0) {
      lines.push({
        ...noVat(accounts.vatFree, sum.vatFreeOre),
        costCentre: sum.code,
        text,
      })
    }
  }

  return lines
}

function noVat(account: string, exVatOre: number) {
  return { account, costCentre: '', vatCode: '0' as const, exVatOre, vatOre: 0 }
}

function journalCells(line: JournalLine): string[] {
  return [
    csvText(line.account),
    csvText(line.costCentre),
    csvText(line.vatCode),
    csvAmount(line.exVatOre),
    csvAmount(line.vatOre),
    csvText(line.text),
  ]
}
