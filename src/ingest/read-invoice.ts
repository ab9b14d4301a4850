import type { InvoiceDraft, InvoiceFormat, Problem } from '../domain/invoice.js'
import { checkUpload } from './intake/index.js'
import type { IntakeLimits } from './intake/index.js'
import { UPLOAD_LIMITS } from './limits.js'
import type { ReadOptions } from './reader.js'
import { readInSandbox } from './sandbox.js'
import type { SandboxLimits } from './sandbox.js'

export interface InvoiceFile {
  filename: string
  bytes: Uint8Array
  options: ReadOptions
  limits?: IntakeLimits & { worker: SandboxLimits }
}

export type ReadInvoiceResult =
  | {
      ok: true
      format: InvoiceFormat
      safeName: string
      draft: InvoiceDraft
      problems: Problem[]
    }
  | { ok: false; problems: Problem[]; severity?: number }

/**
 * The whole way from uploaded bytes to a draft: the intake checks, then
 * the reader in its sandbox. The sandbox gets its own copy to transfer,
 * so the caller's bytes stay whole for storing.
 */
export async function readInvoiceFile(
  file: InvoiceFile,
): Promise<ReadInvoiceResult> {
  const { filename, bytes, options, limits = UPLOAD_LIMITS } = file
  const intake = await checkUpload({ filename, bytes, kind: 'invoice' }, limits)
  if (!intake.ok) {
    return { ok: false, problems: [intake.problem], severity: intake.severity }
  }
  const format = intake.format
  // The intake allows only invoice extensions for this kind.
  if (format === 'csv') throw new Error('a CSV passed the invoice intake')

  // A copy: `Buffer#slice` would be a view of the caller's memory, which
  // the transfer to the worker empties.
  const copy = new Uint8Array(bytes)
  const read = await readInSandbox(format, copy, options, limits.worker)
  if (!read.ok) return read

  return { ...read, format, safeName: intake.safeName }
}
