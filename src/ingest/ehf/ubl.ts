import type { Selected, Selection } from './scanner.js'

/**
 * The parts of a UBL Invoice or CreditNote the reader uses, by namespace,
 * whatever prefixes the file gives them. Everything else in the document
 * is checked by the scanner and not kept.
 */
export const UBL_NAMESPACES = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
} as const

/** Basic components, kept for their text. */
function cbc(...names: string[]): Selected[] {
  return names.map((name) => ({
    name,
    namespace: UBL_NAMESPACES.cbc,
    children: null,
  }))
}

/** An aggregate, kept with the children named. */
function cac(name: string, ...children: Selected[][]): Selected[] {
  return [{ name, namespace: UBL_NAMESPACES.cac, children: keep(children) }]
}

/** Lines go to the reader one by one, so no tree of 16,000 stays. */
function streamed(entries: Selected[]): Selected[] {
  return entries.map((entry) => ({ ...entry, streamed: true }))
}

function keep(entries: Selected[][]): Selection {
  return entries.flat()
}

const taxCategory = (name: string) => cac(name, cbc('ID', 'Percent'))

const party = cac(
  'Party',
  cbc('EndpointID'),
  cac('PartyIdentification', cbc('ID')),
  cac('PartyName', cbc('Name')),
  cac('PartyLegalEntity', cbc('RegistrationName', 'CompanyID')),
)

const line = [
  cbc(
    'ID',
    'Note',
    'InvoicedQuantity',
    'CreditedQuantity',
    'LineExtensionAmount',
  ),
  cac('InvoicePeriod', cbc('StartDate', 'EndDate')),
  cac(
    'Item',
    cbc('Name'),
    cac('SellersItemIdentification', cbc('ID')),
    taxCategory('ClassifiedTaxCategory'),
    cac('AdditionalItemProperty', cbc('Name', 'Value')),
  ),
]

// Lines first: they are nearly every child of the root.
const document = keep([
  streamed(cac('InvoiceLine', ...line)),
  streamed(cac('CreditNoteLine', ...line)),
  cbc('ID', 'IssueDate', 'DueDate', 'DocumentCurrencyCode', 'BuyerReference'),
  cac('AccountingSupplierParty', party),
  cac('AccountingCustomerParty', party),
  cac(
    'PaymentMeans',
    cbc('PaymentDueDate', 'PaymentID'),
    cac('PayeeFinancialAccount', cbc('ID')),
  ),
  cac(
    'AllowanceCharge',
    cbc(
      'ChargeIndicator',
      'AllowanceChargeReasonCode',
      'AllowanceChargeReason',
      'Amount',
    ),
    taxCategory('TaxCategory'),
  ),
  cac(
    'TaxTotal',
    cbc('TaxAmount'),
    cac('TaxSubtotal', cbc('TaxableAmount'), taxCategory('TaxCategory')),
  ),
  cac('LegalMonetaryTotal', cbc('PayableRoundingAmount', 'PayableAmount')),
])

/** The roots an EHF document may have, each with what to keep below. */
export const UBL_DOCUMENT: Selection = [
  { name: 'Invoice', namespace: UBL_NAMESPACES.Invoice, children: document },
  {
    name: 'CreditNote',
    namespace: UBL_NAMESPACES.CreditNote,
    children: document,
  },
]
