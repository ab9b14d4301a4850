import type { SecurityEventInput } from '../security/events/types.js'
import type { Severity } from '../security/events/types.js'
import type { UploadOutcome } from '../services/invoices.js'

export type RefusedUpload = Extract<UploadOutcome, { ok: false }>

/**
 * Which refusals are security events: a parser limit hit, and whatever the
 * intake or the scanner refused (they give it a severity). A file that is
 * merely not an invoice, or one already uploaded, is not.
 */
export function refusalEvent(
  outcome: RefusedUpload,
): Pick<SecurityEventInput, 'type' | 'severity'> | null {
  const code = outcome.problems[0]?.code ?? ''
  if (code === 'parser-limit') return { type: 'parser-limit', severity: 7 }
  if (!outcome.severity) return null

  const severity = Math.min(10, Math.max(1, outcome.severity)) as Severity
  const type = code.startsWith('filename-')
    ? 'filename-refused'
    : 'upload-refused'

  return { type, severity }
}

/** What kind of thing is wrong with a file, by the code the intake gives. */
const STATUS_BY_CODE: Record<string, number> = {
  'file-too-large': 413,
  'file-type-not-allowed': 415,
  'extension-mismatch': 415,
  polyglot: 415,
  'xlsx-no-workbook': 415,
  'xls-no-workbook': 415,
  'csv-not-text': 415,
  'xml-not-ehf': 415,
  'scan-failed': 503,
}

/**
 * The status a refused upload answers with: 400 for a bad filename, 413
 * when too large, 415 when the type is not allowed or the bytes are not
 * what the name says, 409 for a duplicate, and 422 for a file that could
 * not be read or hit a parser limit.
 */
export function refusalStatus(outcome: RefusedUpload): number {
  if (outcome.reason === 'duplicate') return 409

  const code = outcome.problems[0]?.code ?? ''
  if (code.startsWith('filename-')) return 400

  return STATUS_BY_CODE[code] ?? 422
}
