import type { MultipartFile } from '@fastify/multipart'
import type { Problem } from '../domain/invoice.js'
import type { UploadOutcome } from '../services/invoices.js'
import { BadRequestError } from './errors.js'

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
 * The status a refused upload answers with: 422 when the file could not
 * be read, 415 when its type is wrong, 409 for a duplicate, else 400.
 */
export function refusalStatus(
  outcome: Extract<UploadOutcome, { ok: false }>,
): number {
  if (outcome.reason === 'duplicate') return 409
  if (outcome.reason === 'unreadable') return 422
  const typeWrong = outcome.problems.some((p) =>
    /type|extension|mismatch|magic|format|content/.test(p.code),
  )

  return typeWrong ? 415 : 400
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
