/** The invoice asked for does not exist; the web layer answers 404. */
export class InvoiceNotFoundError extends Error {
  readonly code = 'invoice-not-found'

  constructor(invoiceId: string) {
    super(`invoice ${invoiceId} does not exist`)
  }
}

/** The stored `journal.accounts` setting cannot be used. */
export class JournalSettingsError extends Error {
  readonly code = 'journal-settings-invalid'
}
