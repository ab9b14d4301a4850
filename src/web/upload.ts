import type { MultipartFile } from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import type { Problem } from '../domain/invoice.js'
import { sanitiseFilename } from '../ingest/intake/index.js'
import { antivirusFromConfig } from '../security/antivirus.js'
import { checkUpload } from '../ingest/intake/index.js'
import { UPLOAD_LIMITS } from '../ingest/limits.js'
import { acceptInvoiceUpload, uploadOutcomeOf } from '../jobs/read-invoice.js'
import { refusalEvent, refusalStatus } from '../jobs/refusals.js'
import type { AppContext } from '../services/context.js'
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
export { refusalEvent, refusalStatus }

/** Accepted and kept, but not read within the wait: poll the job. */
export interface PendingUpload {
  ok: 'pending'
  jobId: string
}

export type InvoiceUploadResult = UploadOutcome | PendingUpload

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
 * Scans and checks one uploaded invoice, keeps it with a job to read it,
 * and runs that job here at once. Answers with the invoice when the job
 * ends within the wait, else with the job to poll. A refusal the intake,
 * the sandbox or the virus scanner judged an attempt is recorded as a
 * security event; nothing of a refused file is kept.
 */
export async function receiveInvoiceUpload(
  context: AppContext,
  request: FastifyRequest,
  file: UploadedFile,
): Promise<InvoiceUploadResult> {
  const refused =
    (await scanUpload(context, file.bytes)) ??
    (await intakeRefusal(context, file))
  if (refused) {
    await recordRefusal(context, request, file.filename, refused)
    return refused
  }

  const jobId = await acceptInvoiceUpload(context, {
    ...file,
    safeName: sanitiseFilename(file.filename),
    userId: request.auth?.user.id ?? null,
    ip: request.ip,
    route: request.routeOptions.url ?? null,
    requestId: String(request.id),
  })

  return settleUpload(context, jobId)
}

/** Runs the upload's job here unless another instance has it, and waits. */
async function settleUpload(
  context: AppContext,
  jobId: string,
): Promise<InvoiceUploadResult> {
  await context.jobs.runNow(jobId).catch((err: unknown) => {
    // The poller of some instance takes it up instead.
    context.log.warn({ err, jobId }, 'could not claim an upload job')
  })
  const job = await context.jobs.waitFor(jobId, context.config.uploadWaitMs)
  const outcome = job ? uploadOutcomeOf(job) : null

  return outcome ?? { ok: 'pending', jobId }
}

/** The intake's refusal, before anything of the file is kept. */
async function intakeRefusal(
  context: AppContext,
  file: UploadedFile,
): Promise<RefusedUpload | null> {
  const limits = {
    ...UPLOAD_LIMITS,
    maxFileBytes: context.config.maxUploadBytes,
  }
  const intake = await checkUpload(
    { filename: file.filename, bytes: file.bytes, kind: 'invoice' },
    limits,
  )
  if (intake.ok) return null

  return {
    ok: false,
    reason: 'refused',
    problems: [intake.problem],
    severity: intake.severity,
  }
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

/** The error the API answers a refused upload with. */
export function refusalError(outcome: RefusedUpload): HttpError {
  const problems = outcome.problems.map(withHeaders)
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

/**
 * A client of the API maps the columns from the headers; the rest of the
 * detail stays on the server.
 */
function withHeaders(problem: Problem): Problem & { headers?: string[] } {
  const headers = unrecognisedHeaders([problem])

  return headers ? { ...problem, headers } : problem
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
