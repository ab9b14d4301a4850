import type { InvoiceFormat, ReadResult } from '../domain/invoice.js'
import type { LayoutProfile } from './profile.js'

/** What a reader is told besides the bytes. */
export interface ReadOptions {
  /** The layout profile to read with; each reader has a default. */
  profile?: LayoutProfile
  /** Where an EHF line carries its phone number. */
  phoneProperty?: string
}

/**
 * One interface, one reader per format. A reader never throws for a file
 * that is merely wrong: it answers with problems a user can act on. Only
 * the unexpected (a bug, an exhausted limit) throws.
 */
export interface InvoiceReader {
  format: InvoiceFormat
  read(bytes: Uint8Array, options: ReadOptions): Promise<ReadResult>
}

export function failed(
  code: string,
  message: string,
  detail?: string,
): ReadResult {
  return {
    ok: false,
    problems: [{ code, message, ...(detail ? { detail } : {}) }],
  }
}
