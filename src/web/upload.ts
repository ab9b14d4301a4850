import type { MultipartFile } from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import type { Problem } from '../domain/invoice.js'
import { sanitiseFilename } from '../ingest/intake/index.js'
import { antivirusFromConfig } from '../security/antivirus.js'
import type { SecurityEventInput } from '../security/events/types.js'
import type { Severity } from '../security/events/types.js'
import type { AppContext } from '../services/context.js'
import { processUpload } from '../services/invoices.js'
import type { UploadOutcome } from '../services/invoices.js'
import { importRegisterFile } from '../services/register.js'
import type { RegisterImportOutcome } from '../services/register.js'
import type { AuditActor } from '../privacy/audit.js'
import {
  BadRequestError,
  ConflictError,
  HttpError,
  UnprocessableError,
  UnsupportedMediaTypeError,
} from './errors.js'

export type RefusedUpload = Extract<UploadOutcome, { ok: false }>

export interface UploadedFile {
  filename: string
  bytes: Buffer
}

/** The `file` part of a multipart body, read whole (its size is capped). */
export async function uploadedFile(body: unknown): Promise<UploadedFile> {
  const part = (body as Record<string, unknown> | null)?.['file']
  if (!isFilePart(part)) {
    throw new BadRequestError(
      [{ code: 'file-missing', message: 'Velg en fil å laste opp.' }],
      'file-missing',
    )
  }

  return { filename: part.filename, bytes: await part.toBuffer() }
}

function isFilePart(part: unknown): part is MultipartFile {
  return (
    typeof part === 'object' &&
    part !== null &&
    'toBuffer' in part &&
    'filename' in part
  )
}

/**
 * Scans, reads and stores one uploaded invoice. A refusal the intake, the
 * sandbox or the virus scanner judged an attempt is recorded as a security
 * event; nothing of a refused file is kept.
 */
export async function receiveInvoiceUpload(
  context: AppContext,
  request: FastifyRequest,
  file: UploadedFile,
): Promise<UploadOutcome> {
  const userId = request.auth?.user.id ?? null
  const outcome =
    (await scanUpload(context, file.bytes)) ??
    (await processUpload(context, { ...file, userId }))
  if (!outcome.ok) {
    await recordRefusal(context, request, file.filename, outcome)
  }

  return outcome
}

/**
 * Scans and imports an uploaded register file, with the same refusals and
 * security events as an invoice upload.
 */
export async function receiveRegisterUpload(
  context: AppContext,
  request: FastifyRequest,
  file: UploadedFile,
  actor: AuditActor,
): Promise<{ outcome: RegisterImportOutcome; status: number }> {
  const scanned = await scanUpload(context, file.bytes)
  const outcome: RegisterImportOutcome = scanned
    ? { ...scanned, created: 0, updated: 0, costCentres: 0 }
    : await importRegisterFile(context, file, actor)
  if (outcome.ok) return { outcome, status: 200 }

  const refusal: RefusedUpload = {
    ok: false,
    reason: 'refused',
    problems: outcome.problems,
    ...(outcome.severity ? { severity: outcome.severity } : {}),
  }
  await recordRefusal(context, request, file.filename, refusal)

  return { outcome, status: refusalStatus(refusal) }
}

/** A refusal when the scanner finds something or cannot scan; else null. */
async function scanUpload(
  context: AppContext,
  bytes: Uint8Array,
): Promise<RefusedUpload | null> {
  const antivirus = antivirusFromConfig(context.config)
  if (!antivirus) return null

  const result = await antivirus.scan(bytes)
  if (result.verdict === 'clean') return null
  if (result.verdict === 'infected') {
    return scanRefusal(9, {
      code: 'malware-found',
      message:
        'Virusskanneren fant skadelig innhold i filen, og den er avvist. ' +
        'Ikke åpne filen; last ned fakturaen på nytt fra Telia.',
      detail: result.signature,
    })
  }
  context.log.error({ reason: result.reason }, 'virus scan failed')

  return scanRefusal(5, {
    code: 'scan-failed',
    message:
      'Filen kunne ikke kontrolleres for virus akkurat nå, og er ikke ' +
      'tatt imot. Prøv igjen om litt.',
    detail: result.reason,
  })
}

function scanRefusal(severity: number, problem: Problem): RefusedUpload {
  return { ok: false, reason: 'refused', severity, problems: [problem] }
}

async function recordRefusal(
  context: AppContext,
  request: FastifyRequest,
  filename: string,
  outcome: RefusedUpload,
): Promise<void> {
  const event = refusalEvent(outcome)
  if (!event) return

  const code = outcome.problems[0]?.code ?? 'unknown'
  await context.security.record({
    ...event,
    ip: request.ip,
    userId: request.auth?.user.id ?? null,
    details: {
      code,
      file: sanitiseFilename(filename),
      status: refusalStatus(outcome),
      route: request.routeOptions.url ?? '',
    },
  })
}

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

/** The error the API answers a refused upload with. */
export function refusalError(outcome: RefusedUpload): HttpError {
  const { problems } = outcome
  const message = problems[0]?.message ?? 'Filen ble ikke tatt imot.'
  switch (refusalStatus(outcome)) {
    case 409:
      return new ConflictError(problems)
    case 400:
      return new BadRequestError(problems, 'upload-refused')
    case 413:
      return new HttpError(413, 'too-large', message, problems)
    case 415:
      return new UnsupportedMediaTypeError(problems)
    case 503:
      return new HttpError(503, 'scan-failed', message, problems)
    default:
      return new UnprocessableError(problems)
  }
}

/** The headers a sheet had, when its columns were not recognised. */
export function unrecognisedHeaders(problems: Problem[]): string[] | null {
  const problem = problems.find((p) => p.code === 'columns-unrecognised')
  if (!problem) return null

  return headersFromDetail(problem.detail ?? '')
}

function headersFromDetail(detail: string): string[] {
  const json = parseJson(detail)
  const list = Array.isArray(json)
    ? json
    : typeof json === 'object' && json !== null && 'headers' in json
      ? (json as { headers: unknown }).headers
      : null
  if (Array.isArray(list)) return list.map(String).filter(Boolean)

  const text = detail.replace(/^[^:]*:\s*/, '')

  return text
    .split(/\s*[|;]\s*|,\s+/)
    .map((h) => h.trim())
    .filter(Boolean)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
