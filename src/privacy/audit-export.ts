import { csvDocument, csvText } from '../report/csv.js'
import type { AuditEntry } from './audit.js'

const COLUMNS = [
  'seq',
  'at',
  'actorUserId',
  'actorName',
  'action',
  'subjectType',
  'subjectId',
  'personRef',
  'purpose',
  'details',
  'prevHash',
  'hash',
] as const

/** CSV for a spreadsheet: every cell a would-be formula is neutralised. */
export function auditCsv(entries: readonly AuditEntry[]): Buffer {
  const lines = [
    [...COLUMNS].map(csvText),
    ...entries.map((entry) =>
      COLUMNS.map((column) => csvText(String(entry[column] ?? ''))),
    ),
  ]

  return csvDocument(lines)
}

/** JSON with the details parsed, and the hashes to check them against. */
export function auditJson(entries: readonly AuditEntry[]): string {
  const parsed = entries.map((entry) => ({
    ...entry,
    details: JSON.parse(entry.details) as unknown,
  }))

  return `${JSON.stringify({ entries: parsed }, null, 2)}\n`
}
