import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import type { AppContext } from '../services/context.js'
import { listAuditEntries } from '../store/audit.js'
import { findEmployee, listAssignments } from '../store/register.js'
import type { Employee, PhoneAssignment } from '../store/register.js'
import {
  findSubjectState,
  insertExport,
  listRequests,
} from '../store/requests.js'
import type { StoredExport, StoredRequest } from '../store/requests.js'
import { candidateLines, personAllocations } from '../store/retention.js'
import type { PersonAllocationRow, PersonLineRow } from '../store/retention.js'
import { recordAudit } from './audit.js'
import type { AuditActor } from './audit.js'
import { openValue } from './requests-rectification.js'
import { findPersonKey } from './subject-keys.js'

/** Everything Telekost holds about one person (GDPR art. 15 and 20). */
export interface SubjectData {
  producedAt: string
  person: Employee
  privacy: { restricted: boolean; erased: boolean; pseudonym: string | null }
  numbers: PhoneAssignment[]
  lines: Array<Omit<PersonLineRow, 'employeeIds'>>
  allocations: PersonAllocationRow[]
  requests: Array<Omit<StoredRequest, 'employeeId'>>
  audit: Array<{
    seq: number
    at: string
    actor: string
    action: string
    purpose: string | null
    details: string
  }>
}

export async function collectSubjectData(
  context: Pick<AppContext, 'db' | 'subjectKeyWrap'>,
  employeeId: string,
  now: Date = new Date(),
): Promise<SubjectData | null> {
  const { db } = context
  const person = await findEmployee(db, employeeId)
  if (!person) return null
  const numbers = await listAssignments(db, employeeId)
  const state = await findSubjectState(db, employeeId)
  const phones = [...new Set(numbers.map((n) => n.phone))]
  const candidates = await candidateLines(db, employeeId, phones)
  const lines = candidates.filter((l) => isTheirs(l, employeeId, numbers))
  const key = await findPersonKey(context, employeeId)

  return {
    producedAt: now.toISOString(),
    person,
    privacy: {
      restricted: Boolean(state?.restrictedAt),
      erased: Boolean(state?.erasedAt),
      pseudonym: state?.pseudonym ?? null,
    },
    numbers,
    lines: lines.map((l) => withoutOthers(l, candidates, employeeId)),
    allocations: await personAllocations(db, employeeId),
    requests: (await listRequests(db, employeeId)).map(
      ({ employeeId: _, ...r }) => r,
    ),
    audit: (
      await listAuditEntries(db, { personRef: employeeId, limit: 10_000 })
    )
      .reverse()
      .map((e) => ({
        seq: e.seq,
        at: e.at,
        actor: e.actorName,
        action: e.action,
        purpose: e.purpose,
        details: key ? openSealed(e.details, key) : e.details,
      })),
  }
}

/**
 * The person's own earlier values, sealed in the trail under their key
 * (rectification), are theirs to read; a value that does not open stays
 * sealed.
 */
export function openSealed(details: string, key: Buffer): string {
  return details.replace(/"(sealed:[A-Za-z0-9_-]+)"/g, (whole, sealed) => {
    try {
      return JSON.stringify(openValue(key, sealed as string))
    } catch {
      return whole
    }
  })
}

/**
 * A line is the person's when its allocation names them; a line no
 * allocation names is theirs when it is on their number within the time
 * they held it. A line allocated to someone else never is.
 */
export function isTheirs(
  line: PersonLineRow,
  employeeId: string,
  numbers: readonly PhoneAssignment[],
): boolean {
  if (line.employeeIds.length > 0) return line.employeeIds.includes(employeeId)
  const day = line.periodStart ?? line.issueDate
  if (!line.phone || !day) return false

  return numbers.some(
    (n) =>
      n.phone === line.phone &&
      (n.validFrom === null || n.validFrom <= day) &&
      (n.validTo === null || day <= n.validTo),
  )
}

/**
 * The name Telia printed on a subscription belongs to whoever held the
 * number; it is kept only when every line of that subscription is theirs.
 */
function withoutOthers(
  line: PersonLineRow,
  all: readonly PersonLineRow[],
  employeeId: string,
): Omit<PersonLineRow, 'employeeIds'> {
  const { employeeIds: _, ...rest } = line
  const shared = all.some(
    (l) =>
      l.subscriptionId === line.subscriptionId &&
      l.employeeIds.some((id) => id !== employeeId),
  )

  return shared ? { ...rest, invoiceUserName: null } : rest
}

export function subjectJson(data: SubjectData): Buffer {
  return Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8')
}

type Cell = string | number | null

/** One sheet per part; text stays text, no cell is ever a formula. */
export async function subjectWorkbook(data: SubjectData): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.created = new Date(data.producedAt)
  const p = data.person
  addSheet(
    book,
    'Person',
    ['Felt', 'Verdi'],
    [
      ['Id', p.id],
      ['Ansattnummer', p.employeeNo],
      ['Navn', p.name],
      ['E-post', p.email],
      ['Avdeling', p.department],
      ['Kostnadssted', p.costCentre],
      ['Sluttdato', p.endDate],
      ['Begrenset behandling', data.privacy.restricted ? 'ja' : 'nei'],
      ['Laget', data.producedAt],
    ],
  )
  addSheet(
    book,
    'Nummerhistorikk',
    ['Telefonnummer', 'Fra', 'Til'],
    data.numbers.map((n) => [n.phone, n.validFrom, n.validTo]),
  )
  addSheet(book, 'Fakturalinjer', LINE_COLUMNS, data.lines.map(lineCells))
  addSheet(
    book,
    'Fordeling',
    [
      'Faktura',
      'Linje',
      'Kostnadssted',
      'Grunnlag',
      'Eks. mva (øre)',
      'Mva (øre)',
    ],
    data.allocations.map((a) => [
      a.invoiceId,
      a.lineId,
      a.costCentre,
      a.basis,
      a.exVatOre,
      a.vatOre,
    ]),
  )
  addSheet(
    book,
    'Henvendelser',
    ['Type', 'Mottatt', 'Frist', 'Status', 'Notat'],
    data.requests.map((r) => [
      r.type,
      r.receivedOn,
      r.extendedDueOn ?? r.dueOn,
      r.status,
      r.notes,
    ]),
  )
  addSheet(
    book,
    'Revisjonsspor',
    ['Nr', 'Tid', 'Hvem', 'Handling', 'Formål', 'Detaljer'],
    data.audit.map((e) => [
      e.seq,
      e.at,
      e.actor,
      e.action,
      e.purpose,
      e.details,
    ]),
  )

  return Buffer.from(await book.xlsx.writeBuffer())
}

const LINE_COLUMNS = [
  'Faktura',
  'Fakturadato',
  'Telefonnummer',
  'Bruker på fakturaen',
  'Seksjon',
  'Beskrivelse',
  'Fra',
  'Til',
  'Forbruk',
  'Beløp eks. mva (øre)',
  'Mva (øre)',
]

function lineCells(l: Omit<PersonLineRow, 'employeeIds'>): Cell[] {
  return [
    l.invoiceNumber,
    l.issueDate,
    l.phone,
    l.invoiceUserName,
    l.section,
    l.description,
    l.periodStart,
    l.periodEnd,
    l.usage,
    l.netOre,
    l.vatOre,
  ]
}

function addSheet(
  book: ExcelJS.Workbook,
  name: string,
  header: readonly string[],
  rows: readonly Cell[][],
) {
  const sheet = book.addWorksheet(name)
  sheet.addRow([...header]).font = { bold: true }
  for (const row of rows) {
    // A plain string value is a shared-string cell, even one that starts
    // with '='; exceljs writes a formula only when given { formula }.
    sheet.addRow(row.map((v) => v ?? ''))
  }
  header.forEach((_, i) => {
    sheet.getColumn(i + 1).width = 20
  })
}

export interface ExportOutcome {
  json: StoredExport
  xlsx: StoredExport
}

/**
 * Produces both files for a request, seals them in the vault for the
 * export retention period, and records who exported whose data and why.
 */
export async function exportSubjectData(
  context: Pick<AppContext, 'db' | 'vault' | 'config' | 'subjectKeyWrap'>,
  actor: AuditActor,
  request: { id: string; employeeId: string; type: string },
  now: Date = new Date(),
): Promise<ExportOutcome | null> {
  const data = await collectSubjectData(context, request.employeeId, now)
  if (!data) return null
  const expiresAt = new Date(
    now.getTime() + context.config.retentionExportDays * 86_400_000,
  ).toISOString()
  const store = async (format: 'json' | 'xlsx', bytes: Buffer) => {
    const file = await context.vault.put(bytes)
    const stored: StoredExport = {
      id: randomUUID(),
      requestId: request.id,
      employeeId: request.employeeId,
      format,
      fileId: file.id,
      keyId: file.keyId,
      createdBy: actor.userId,
      createdAt: now.toISOString(),
      expiresAt,
    }
    await insertExport(context.db, stored)
    return stored
  }
  const json = await store('json', subjectJson(data))
  const xlsx = await store('xlsx', await subjectWorkbook(data))
  await recordAudit(
    context,
    {
      actor,
      action: 'subject-data.export',
      subjectType: 'subject-request',
      subjectId: request.id,
      personRef: request.employeeId,
      purpose: `GDPR ${request.type === 'portability' ? 'art. 20' : 'art. 15'}`,
      details: {
        requestType: request.type,
        lines: data.lines.length,
        numbers: data.numbers.length,
        allocations: data.allocations.length,
      },
    },
    now,
  )

  return { json, xlsx }
}
