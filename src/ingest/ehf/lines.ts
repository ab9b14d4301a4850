import type { InvoiceLine, Problem } from '../../domain/invoice.js'
import { normalizePhone } from '../../domain/phone.js'
import type { PhoneNumber } from '../../domain/phone.js'
import {
  negate,
  readAmount,
  readRateBasisPoints,
  vatAtRate,
} from './amounts.js'
import type { EhfLayout } from './layout.js'
import { at, childrenOf, textAt } from './xml.js'
import type { XmlElement } from './xml.js'

/** A line read from the file, with the subscription it names, if any. */
export interface EhfLine {
  line: InvoiceLine
  phone: PhoneNumber | null
  /** The phone text as written when it is not a phone number. */
  unreadablePhone: string | null
  user: string
}

export interface LineContext {
  sign: 1 | -1
  layout: EhfLayout
  quantityElement: 'InvoicedQuantity' | 'CreditedQuantity'
}

export function readLine(
  node: XmlElement,
  context: LineContext,
): EhfLine | Problem {
  const id = textAt(node, 'ID') ?? '?'
  const netOre = readAmount(textAt(node, 'LineExtensionAmount'))
  if (netOre === null) return unreadableAmount(id)

  const item = at(node, 'Item')
  const category = at(item, 'ClassifiedTaxCategory')
  const signedOre = context.sign === 1 ? netOre : negate(netOre)
  const line = newLine({
    section: textAt(node, 'Note') ?? '',
    description: textAt(item, 'Name') ?? '',
    netOre: signedOre,
    category,
  })
  line.periodStart = textAt(node, 'InvoicePeriod', 'StartDate')
  line.periodEnd = textAt(node, 'InvoicePeriod', 'EndDate')
  line.quantity = textAt(node, context.quantityElement)
  const phoneText = phoneOf(node, item, context.layout)
  const phone = phoneText === null ? null : normalizePhone(phoneText)

  return {
    line,
    phone,
    unreadablePhone: phone === null ? phoneText : null,
    user: itemProperty(item, context.layout.userProperty) ?? '',
  }
}

/**
 * A document-level allowance or charge (freight, a discount on the whole
 * invoice) belongs to no subscription, but must be counted for the lines
 * to add up to the invoice.
 */
export function readAllowanceCharge(
  node: XmlElement,
  sign: 1 | -1,
): InvoiceLine | Problem {
  const amountOre = readAmount(textAt(node, 'Amount'))
  if (amountOre === null) return unreadableAmount('AllowanceCharge')

  const isCharge = textAt(node, 'ChargeIndicator') === 'true'
  const chargeOre = isCharge ? amountOre : negate(amountOre)

  return newLine({
    section: isCharge ? 'Tillegg' : 'Rabatter',
    description:
      textAt(node, 'AllowanceChargeReason') ??
      textAt(node, 'AllowanceChargeReasonCode') ??
      '',
    netOre: sign === 1 ? chargeOre : negate(chargeOre),
    category: at(node, 'TaxCategory'),
  })
}

interface LineParts {
  section: string
  description: string
  netOre: number
  category: XmlElement | undefined
}

function newLine(parts: LineParts): InvoiceLine {
  const standard = textAt(parts.category, 'ID') === 'S'
  const rate = readRateBasisPoints(textAt(parts.category, 'Percent'))

  return {
    section: parts.section,
    description: parts.description,
    periodStart: null,
    periodEnd: null,
    quantity: null,
    usage: null,
    grossOre: null,
    discountPercent: null,
    discountOre: null,
    netOre: parts.netOre,
    vatCategory: standard ? 'standard' : 'exempt',
    vatOre: standard ? vatAtRate(parts.netOre, rate) : null,
  }
}

function phoneOf(
  node: XmlElement,
  item: XmlElement | undefined,
  layout: EhfLayout,
): string | null {
  const property = itemProperty(item, layout.phoneProperty)
  if (property !== null) return property

  for (const fallback of layout.phoneFallbacks ?? []) {
    const text =
      fallback === 'note'
        ? textAt(node, 'Note')
        : textAt(item, 'SellersItemIdentification', 'ID')
    if (text !== null && normalizePhone(text) !== null) return text
  }

  return null
}

function itemProperty(
  item: XmlElement | undefined,
  name: string,
): string | null {
  const property = childrenOf(item, 'AdditionalItemProperty').find(
    (p) => textAt(p, 'Name') === name,
  )

  return property === undefined ? null : textAt(property, 'Value')
}

function unreadableAmount(lineId: string): Problem {
  return {
    code: 'ehf-line-amount',
    message:
      `Linje ${lineId} i EHF-filen har et beløp som ikke kan leses. Filen ` +
      'følger ikke EHF-standarden; be leverandøren sende fakturaen på nytt.',
    detail: `line ${lineId}`,
  }
}
