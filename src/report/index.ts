export { costCentreReport } from './cost-centre.js'
export { subscriptionReport } from './subscription.js'
export { journalCsv, JOURNAL_COLUMNS } from './journal.js'
export type { JournalOptions } from './journal.js'
export {
  DEFAULT_JOURNAL_ACCOUNTS,
  JOURNAL_ACCOUNTS_SETTING,
  loadJournalAccounts,
  saveJournalAccounts,
} from './journal-accounts.js'
export type { JournalAccounts } from './journal-accounts.js'
export { InvoiceNotFoundError, JournalSettingsError } from './errors.js'
export type { ExportFile, ReportFormat } from './export-file.js'
