import type { LayoutProfile } from '../profile.js'
import type { SheetLayout } from './layout.js'

/**
 * Telia Norge's `Fakturaspesifikasjon` as exported from the business
 * portal, and the English and shortened headings people rename it to.
 */
export const teliaSheetLayout: SheetLayout = {
  columns: {
    phone: [
      'telefonnummer',
      'telefon',
      'mobilnummer',
      'mobil',
      'tlf',
      'tlf nr',
      'abonnement',
      'phone',
      'phone number',
      'msisdn',
    ],
    user: ['bruker', 'navn', 'user', 'name'],
    section: ['kategori', 'seksjon', 'category', 'section'],
    description: [
      'tjeneste',
      'beskrivelse',
      'produkt',
      'description',
      'service',
      'product',
    ],
    periodStart: ['periode fra', 'fra', 'from', 'period from'],
    periodEnd: ['periode til', 'til', 'to', 'period to'],
    quantity: ['antall', 'quantity', 'qty'],
    usage: ['tid/mb', 'forbruk', 'usage'],
    gross: ['beløp ekskl. mva', 'sum ekskl. mva', 'gross'],
    discount: ['rabatt', 'sum rabatt', 'discount'],
    net: [
      'beløp ekskl. mva inkl. rabatt',
      'sum ekskl. mva inkl. rabatt',
      'netto',
      'net',
      'amount',
      'beløp',
    ],
    vat: ['mva', 'vat'],
    total: ['beløp inkl. mva', 'sum inkl. mva', 'total'],
    invoiceNumber: ['fakturanummer', 'fakturanr', 'invoice number'],
    invoiceDate: ['fakturadato', 'invoice date'],
  },
  required: ['phone', 'description', 'net'],
  titles: {
    invoiceNumber: ['fakturanummer', 'fakturanr', 'invoice number'],
    customerNumber: ['kundenummer', 'kundenr', 'customer number'],
    invoiceDate: ['fakturadato', 'invoice date'],
  },
  totalWords: ['sum', 'total', 'totalt', 'totalsum'],
  sheetNames: ['spesifikasjon', 'fakturaspesifikasjon', 'specification'],
  summary: {
    sheetNames: ['oppsummering', 'summary'],
    columns: {
      phone: ['telefonnummer', 'mobilnummer', 'phone', 'phone number'],
      vatBase: ['sum mva-pliktig', 'mva-pliktig', 'vat base'],
      vatFree: ['sum mva-fritt', 'mva-fritt', 'vat free'],
      vat: ['mva', 'vat'],
      total: ['sum denne periode', 'total'],
    },
  },
}

export const teliaSheetProfile: LayoutProfile = {
  id: 'telia-spesifikasjon',
  name: 'Telia Norge fakturaspesifikasjon',
  supplier: 'Telia Norge AS',
  sheet: teliaSheetLayout,
}
