import { subscriptionFromLines } from '../../../src/domain/draft.js'
import type {
  InvoiceDraft,
  InvoiceLine,
  SubscriptionDraft,
} from '../../../src/domain/invoice.js'
import { oreToDecimal, sumOre } from '../../../src/domain/money.js'
import type { PhoneNumber } from '../../../src/domain/phone.js'

/**
 * Writes a draft as EHF the way Telia does (see the fixtures): one
 * InvoiceLine per line, phone and user as AdditionalItemProperty, the
 * document VAT at 25 % of the base and the per-line difference in
 * PayableRoundingAmount. Built from strings, so 2,000 subscriptions take
 * milliseconds.
 */
export function renderEhf(
  draft: InvoiceDraft,
  phoneProperty = 'Telefonnummer',
): string {
  const parts = [documentStart(draft)]
  let id = 1
  for (const s of draft.subscriptions) {
    for (const line of s.lines) {
      parts.push(
        invoiceLine(id++, line, localNumber(s.phone), s.user, phoneProperty),
      )
    }
  }
  for (const line of draft.unassignedLines) {
    parts.push(invoiceLine(id++, line, null, null, phoneProperty))
  }
  parts.push('</Invoice>\n')

  return parts.join('')
}

function documentStart(draft: InvoiceDraft): string {
  const h = draft.header
  const roundingOre = h.vatRoundingOre ?? 0
  const taxOre = h.vatOre - roundingOre
  const exVatOre = h.vatBaseOre + h.vatFreeOre

  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>${xml(h.number)}</cbc:ID>
  ${optional('IssueDate', h.issueDate)}
  ${optional('DueDate', h.dueDate)}
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>${xml(h.currency)}</cbc:DocumentCurrencyCode>
  ${optional('BuyerReference', h.customerNumber)}
  <cac:AccountingSupplierParty><cac:Party>
    <cbc:EndpointID schemeID="0192">${xml(h.supplierOrgNo ?? '')}</cbc:EndpointID>
    <cac:PartyName><cbc:Name>${xml(h.supplier)}</cbc:Name></cac:PartyName>
    <cac:PartyLegalEntity><cbc:RegistrationName>${xml(h.supplier)}</cbc:RegistrationName><cbc:CompanyID>${xml(h.supplierOrgNo ?? '')}</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>${optional('PaymentID', h.kid)}<cac:PayeeFinancialAccount><cbc:ID>${xml(h.account ?? '')}</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="NOK">${oreToDecimal(taxOre)}</cbc:TaxAmount>
    ${taxSubtotal(h.vatBaseOre, taxOre, 'S', 25)}
    ${taxSubtotal(h.vatFreeOre, 0, 'E', 0)}
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="NOK">${oreToDecimal(exVatOre)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="NOK">${oreToDecimal(exVatOre)}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="NOK">${oreToDecimal(exVatOre + taxOre)}</cbc:TaxInclusiveAmount>
    ${h.vatRoundingOre === null ? '' : `<cbc:PayableRoundingAmount currencyID="NOK">${oreToDecimal(roundingOre)}</cbc:PayableRoundingAmount>`}
    <cbc:PayableAmount currencyID="NOK">${oreToDecimal(h.payableOre)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
`
}

function taxSubtotal(
  taxableOre: number,
  taxOre: number,
  category: string,
  percent: number,
): string {
  return `<cac:TaxSubtotal><cbc:TaxableAmount currencyID="NOK">${oreToDecimal(taxableOre)}</cbc:TaxableAmount><cbc:TaxAmount currencyID="NOK">${oreToDecimal(taxOre)}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>${category}</cbc:ID><cbc:Percent>${percent}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>`
}

function invoiceLine(
  id: number,
  line: InvoiceLine,
  phone: string | null,
  user: string | null,
  phoneProperty: string,
): string {
  const standard = line.vatCategory === 'standard'
  const quantity = xml(line.quantity ?? '1')
  const amount = oreToDecimal(line.netOre)
  const period =
    line.periodStart && line.periodEnd
      ? `\n    <cac:InvoicePeriod><cbc:StartDate>${line.periodStart}</cbc:StartDate><cbc:EndDate>${line.periodEnd}</cbc:EndDate></cac:InvoicePeriod>`
      : ''

  return `  <cac:InvoiceLine>
    <cbc:ID>${id}</cbc:ID>
    <cbc:Note>${xml(line.section)}</cbc:Note>
    <cbc:InvoicedQuantity unitCode="C62">${quantity}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="NOK">${amount}</cbc:LineExtensionAmount>${period}
    <cac:Item>
      <cbc:Name>${xml(line.description)}</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:ID>${standard ? 'S' : 'E'}</cbc:ID><cbc:Percent>${standard ? 25 : 0}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>${property(phoneProperty, phone)}${property('Bruker', user)}
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="NOK">${amount}</cbc:PriceAmount><cbc:BaseQuantity unitCode="C62">${quantity}</cbc:BaseQuantity></cac:Price>
  </cac:InvoiceLine>
`
}

function property(name: string, value: string | null): string {
  if (value === null) return ''

  return `\n      <cac:AdditionalItemProperty><cbc:Name>${xml(name)}</cbc:Name><cbc:Value>${xml(value)}</cbc:Value></cac:AdditionalItemProperty>`
}

function optional(element: string, value: string | null): string {
  return value === null ? '' : `<cbc:${element}>${xml(value)}</cbc:${element}>`
}

/** Telia writes Norwegian numbers without the country code. */
function localNumber(phone: string): string {
  return phone.startsWith('+47') ? phone.slice(3) : phone
}

export function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

const SERVICES: Array<[string, string, 'standard' | 'exempt']> = [
  ['Bruk', 'Samtaler i Norge', 'standard'],
  ['Bruk', 'SMS i utlandet', 'standard'],
  ['Bruk', 'Data i Norge', 'standard'],
  ['Bruk', '**Strex Informasjonstjeneste', 'exempt'],
  ['Faste avgifter', 'Dobbel 15 GB', 'standard'],
  ['Faste avgifter', 'Tvilling 1 Klokke-SIM', 'standard'],
  ['Rabatter', 'Dobbel 15 GB', 'standard'],
]

/**
 * A Telia-like draft of any size, the same every run: seven lines per
 * subscription, a content purchase on every third, and totals made the
 * way Telia makes them.
 */
export function makeDraft(subscriptionCount: number): InvoiceDraft {
  const subscriptions = Array.from({ length: subscriptionCount }, (_, i) =>
    makeSubscription(i),
  )
  const vatBaseOre = sumOre(subscriptions.map((s) => s.vatBaseOre))
  const vatFreeOre = sumOre(subscriptions.map((s) => s.vatFreeOre))
  const vatOre = sumOre(subscriptions.map((s) => s.vatOre))
  const documentVatOre = Math.round(vatBaseOre / 4)

  return {
    format: 'ehf',
    header: {
      supplier: 'Telia Norge AS',
      supplierOrgNo: '981929055',
      number: 'INV0000000001',
      customerNumber: '123456789',
      kid: '123456789',
      issueDate: '2026-11-06',
      dueDate: '2026-12-06',
      currency: 'NOK',
      account: '86011117947',
      vatBaseOre,
      vatFreeOre,
      vatOre,
      payableOre: vatBaseOre + vatFreeOre + vatOre,
      vatRoundingOre: vatOre - documentVatOre,
      pages: null,
    },
    subscriptions,
    unassignedLines: [],
  }
}

function makeSubscription(index: number): SubscriptionDraft {
  const phone = `+479${String(1_000_000 + index).padStart(7, '0')}`
  const lines = SERVICES.filter(
    ([, description]) => index % 3 === 0 || !description.startsWith('**'),
  ).map(([section, description, vatCategory], k) =>
    makeLine(section, description, vatCategory, index * 7 + k),
  )

  return subscriptionFromLines(
    phone as PhoneNumber,
    `Ansatt & «Nr» ${index}`,
    lines,
  )
}

function makeLine(
  section: string,
  description: string,
  vatCategory: 'standard' | 'exempt',
  seed: number,
): InvoiceLine {
  const amountOre = ((seed * 7919) % 50_000) + 1
  const netOre =
    section === 'Rabatter' ? -Math.floor(amountOre / 10) : amountOre

  return {
    section,
    description,
    periodStart: '2026-10-06',
    periodEnd: '2026-11-05',
    quantity: String((seed % 40) + 1),
    usage: null,
    grossOre: null,
    discountPercent: null,
    discountOre: null,
    netOre,
    vatCategory,
    vatOre: null,
  }
}
