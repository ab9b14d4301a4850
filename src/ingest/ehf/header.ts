import type { InvoiceHeader, Problem } from '../../domain/invoice.js'
import { negate, readAmount } from './amounts.js'
import { at, childrenOf, textAt } from './xml.js'
import type { XmlElement } from './xml.js'

export type HeaderResult =
  | { ok: true; header: InvoiceHeader; taxOre: number }
  | { ok: false; problem: Problem }

/**
 * Reads the document level of a UBL Invoice or CreditNote. `sign` is -1
 * for a credit note, whose amounts are written positive but credit the
 * buyer. `taxOre` is the document's TaxAmount before any rounding is
 * counted as VAT (see `vatWithRounding`).
 */
export function readHeader(root: XmlElement, sign: 1 | -1): HeaderResult {
  const totals = at(root, 'LegalMonetaryTotal')
  const payableOre = readAmount(textAt(totals, 'PayableAmount'))
  if (payableOre === null) return missing('PayableAmount')
  const roundingText = textAt(totals, 'PayableRoundingAmount')
  const roundingOre = readAmount(roundingText)
  if (roundingText !== null && roundingOre === null) {
    return missing('PayableRoundingAmount')
  }

  const taxTotal = documentTaxTotal(root)
  const taxOre = readAmount(textAt(taxTotal, 'TaxAmount'))
  if (taxOre === null) return missing('TaxTotal/TaxAmount')
  const bases = readTaxBases(taxTotal)
  if (!bases) return missing('TaxSubtotal/TaxableAmount')

  const signed = (ore: number) => (sign === 1 ? ore : negate(ore))
  const header: InvoiceHeader = {
    ...readParties(root),
    vatBaseOre: signed(bases.vatBaseOre),
    vatFreeOre: signed(bases.vatFreeOre),
    vatOre: signed(taxOre),
    payableOre: signed(payableOre),
    vatRoundingOre: roundingOre === null ? null : signed(roundingOre),
    pages: null,
  }

  return { ok: true, header, taxOre: signed(taxOre) }
}

function readParties(root: XmlElement) {
  const supplier = at(root, 'AccountingSupplierParty', 'Party')
  const payment = at(root, 'PaymentMeans')

  return {
    supplier:
      textAt(supplier, 'PartyName', 'Name') ??
      textAt(supplier, 'PartyLegalEntity', 'RegistrationName') ??
      '',
    supplierOrgNo:
      textAt(supplier, 'PartyLegalEntity', 'CompanyID') ??
      textAt(supplier, 'EndpointID'),
    number: textAt(root, 'ID') ?? '',
    customerNumber:
      textAt(root, 'BuyerReference') ??
      textAt(
        root,
        'AccountingCustomerParty',
        'Party',
        'PartyIdentification',
        'ID',
      ),
    kid: textAt(payment, 'PaymentID'),
    issueDate: textAt(root, 'IssueDate'),
    dueDate: textAt(root, 'DueDate') ?? textAt(payment, 'PaymentDueDate'),
    currency: textAt(root, 'DocumentCurrencyCode') ?? 'NOK',
    account: textAt(payment, 'PayeeFinancialAccount', 'ID'),
  }
}

/**
 * A document in a foreign currency may carry a second TaxTotal in the
 * tax currency; only the one in the document currency has subtotals.
 */
function documentTaxTotal(root: XmlElement): XmlElement | undefined {
  const totals = childrenOf(root, 'TaxTotal')

  return (
    totals.find((t) => childrenOf(t, 'TaxSubtotal').length > 0) ?? totals[0]
  )
}

/** Standard-rated subtotals are the VAT base; every other category is free. */
function readTaxBases(taxTotal: XmlElement | undefined) {
  let vatBaseOre = 0
  let vatFreeOre = 0
  for (const subtotal of childrenOf(taxTotal, 'TaxSubtotal')) {
    const taxableOre = readAmount(textAt(subtotal, 'TaxableAmount'))
    if (taxableOre === null) return null
    if (textAt(subtotal, 'TaxCategory', 'ID') === 'S') vatBaseOre += taxableOre
    else vatFreeOre += taxableOre
  }

  return { vatBaseOre, vatFreeOre }
}

/**
 * Telia computes VAT per line, but EHF wants one TaxAmount of 25 % on the
 * whole base. Telia writes that document-level TaxAmount and carries the
 * difference to the sum of its per-line VAT in PayableRoundingAmount, so
 * the rounding is VAT in all but name: counting it as VAT makes base +
 * free + VAT equal the amount to pay, as on the PDF. An ordinary rounding
 * to whole kroner (the BIS examples) is not VAT, so the rounding is only
 * counted when the lines' own VAT confirms it.
 */
export function vatWithRounding(
  header: InvoiceHeader,
  taxOre: number,
  lineVatOre: number,
): InvoiceHeader {
  const roundingOre = header.vatRoundingOre
  if (!roundingOre || taxOre + roundingOre !== lineVatOre) return header

  return { ...header, vatOre: taxOre + roundingOre }
}

function missing(element: string): HeaderResult {
  return {
    ok: false,
    problem: {
      code: 'ehf-missing-total',
      message:
        `EHF-filen mangler et lesbart beløp i ${element}. Filen følger ` +
        'ikke EHF-standarden; be leverandøren sende fakturaen på nytt.',
      detail: element,
    },
  }
}
