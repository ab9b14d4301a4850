import type { PdfLayout } from './layout.js'

const AMOUNT = '(-?\\d{1,3}(?:\\.\\d{3})*,\\d{2})'

/** Telia Norge's "Samlefaktura", as printed since 2024. */
export const teliaSamlefaktura: PdfLayout = {
  id: 'telia-samlefaktura',
  supplier: 'Telia Norge AS',
  currency: 'NOK',
  signature: ['Samlefaktura', 'Telia Norge AS', 'Fakturanummer'],
  ignoreLines: ['^Scan ID:', 'Side: \\d+ av \\d+$'],
  header: {
    invoiceNumber: 'Fakturanummer:\\s*(INV\\d{10})\\b',
    customerNumber: 'Kundenummer/KID:\\s*(\\d{9})\\b',
    issueDate: 'Fakturadato:\\s*(\\d{2}\\.\\d{2}\\.\\d{2})\\b',
    supplierOrgNo: '\\bNO\\s?(\\d{3}\\s?\\d{3}\\s?\\d{3})\\s?MVA\\b',
    paymentLabels: {
      dueDate: 'Betalingsfrist:',
      account: 'Til konto:',
      kid: 'KID:',
      payable: 'Å betale \\(NOK\\):',
    },
    summaryHeading: '^Påløpt denne fakturaen$',
    summary: {
      vatBase: `^Mva-pliktig\\s+${AMOUNT}$`,
      vatFree: `^Mva-fritt\\s+${AMOUNT}$`,
      vat: `^Mva\\s+${AMOUNT}$`,
      payable: `^Å betale\\s+${AMOUNT}$`,
    },
    vatRounding: `^Mva\\. avrunding\\s+${AMOUNT}$`,
  },
  blockHeading: 'Tjenestespesifikasjon for',
  continuationMarker: '(fortsettelse)',
  userNumberSeparator: ' - ',
  columns: [
    { field: 'description', label: 'Tjeneste' },
    { field: 'period', label: 'Periode' },
    { field: 'quantity', label: 'Antall' },
    { field: 'usage', label: 'Tid/MB' },
    { field: 'gross', label: 'Sum ekskl. mva' },
    { field: 'discountPercent', label: 'Rabatt %' },
    { field: 'discount', label: 'Sum rabatt' },
    { field: 'net', label: 'Sum ekskl. mva inkl. rabatt' },
  ],
  singleAmountSections: ['Rabatter'],
  blockEnd: {
    vatBase: '^Sum mva-pliktig(?: \\d+ ?%)?$',
    vatFree: '^Sum mva-fritt$',
    vat: '^Mva(?: \\d+ ?%)?$',
    total: '^Sum denne periode$',
  },
  contentMarker: '**',
}
