import { createHash } from 'node:crypto'
import { allChecksHold, runChecks } from '../domain/checks.js'
import type { Check } from '../domain/checks.js'
import type { InvoiceDraft, Problem } from '../domain/invoice.js'
import { UPLOAD_LIMITS } from '../ingest/limits.js'
import { readInvoiceFile } from '../ingest/read-invoice.js'
import type { LayoutProfile } from '../ingest/profile.js'
import { findInvoiceByNumber, insertInvoice } from '../store/invoices.js'
import { recordAudit } from '../privacy/audit.js'
import type { AuditActor } from '../privacy/audit.js'
import { listLayoutProfiles } from '../store/profiles.js'
import { findUserById } from '../store/users.js'
import type { Db } from '../store/db.js'
import { allocateIdentified } from './allocation.js'
import type { AppContext } from './context.js'

export type UploadOutcome =
  | {
      ok: true
      invoiceId: string
      checks: Check[]
      status: 'ready' | 'needs_review'
    }
  | {
      ok: false
      reason: UploadRefusal
      problems: Problem[]
      invoiceId?: string
      /** How hostile the intake judged the file, 1–10, when it refused it. */
      severity?: number
    }

/** Why an upload was refused, which the web layer maps to a status code. */
export type UploadRefusal = 'refused' | 'unreadable' | 'duplicate'

/** A file read and checked, not yet stored. */
export interface ReadUpload {
  safeName: string
  draft: InvoiceDraft
  checks: Check[]
  status: 'ready' | 'needs_review'
}

type Refused = Extract<UploadOutcome, { ok: false }>

/**
 * Takes one uploaded invoice from bytes to a stored, checked and allocated
 * invoice. The file is read in a sandbox before anything is stored; if a
 * later step fails, what was stored is undone, so a failed upload leaves
 * nothing behind.
 */
export async function processUpload(
  context: AppContext,
  upload: { filename: string; bytes: Uint8Array; userId: string | null },
): Promise<UploadOutcome> {
  const { db, vault } = context
  const read = await readUpload(context, upload)
  if (!read.ok) return read.refusal

  const duplicate = await duplicateRefusal(db, read.upload.draft)
  if (duplicate) return duplicate

  const file = await vault.put(upload.bytes)
  try {
    const invoiceId = await db.transaction().execute(async (trx) => {
      await insertStoredFile(trx, {
        file,
        safeName: read.upload.safeName,
        bytes: upload.bytes,
        userId: upload.userId,
      })

      return storeInvoice(trx, context, read.upload, {
        fileId: file.id,
        userId: upload.userId,
      })
    })
    const { checks, status } = read.upload

    return { ok: true, invoiceId, checks, status }
  } catch (err) {
    await vault.delete(file.id)
    throw err
  }
}

/** Reads a file in the sandbox and runs the checks; stores nothing. */
export async function readUpload(
  context: AppContext,
  upload: { filename: string; bytes: Uint8Array },
): Promise<{ ok: true; upload: ReadUpload } | { ok: false; refusal: Refused }> {
  const profiles = await listLayoutProfiles(context.db)
  const read = await readInvoiceFile({
    filename: upload.filename,
    bytes: upload.bytes,
    options: sheetProfileOption(profiles),
    limits: { ...UPLOAD_LIMITS, maxFileBytes: context.config.maxUploadBytes },
  })
  if (!read.ok) {
    const reason = read.severity ? 'refused' : 'unreadable'
    const severity = read.severity ? { severity: read.severity } : {}
    const refusal: Refused = {
      ok: false,
      reason,
      problems: read.problems,
      ...severity,
    }
    return { ok: false, refusal }
  }

  const checks = runChecks(read.draft)
  const status = allChecksHold(checks) ? 'ready' : 'needs_review'

  return {
    ok: true,
    upload: { safeName: read.safeName, draft: read.draft, checks, status },
  }
}

/** The refusal for an invoice number already stored, else null. */
export async function duplicateRefusal(
  db: Db,
  draft: InvoiceDraft,
): Promise<Refused | null> {
  const known = await findInvoiceByNumber(
    db,
    draft.header.supplier,
    draft.header.number,
  )
  if (!known) return null

  return {
    ok: false,
    reason: 'duplicate',
    invoiceId: known.id,
    problems: [
      {
        code: 'duplicate-invoice',
        message:
          `Faktura ${draft.header.number} er allerede lastet opp. ` +
          'Åpne den som finnes; du trenger ikke laste den opp på nytt.',
      },
    ],
  }
}

/** The row that names a file in the vault, with its hash. */
export async function insertStoredFile(
  trx: Db,
  stored: {
    file: { id: string; keyId: string }
    safeName: string
    bytes: Uint8Array
    userId: string | null
  },
): Promise<void> {
  await trx
    .insertInto('stored_files')
    .values({
      id: stored.file.id,
      kind: 'invoice',
      safe_name: stored.safeName,
      size_bytes: stored.bytes.byteLength,
      sha256: createHash('sha256').update(stored.bytes).digest('hex'),
      key_id: stored.file.keyId,
      created_by: stored.userId,
      created_at: new Date().toISOString(),
    })
    .execute()
}

/**
 * Stores a read invoice and allocates it, inside the caller's transaction;
 * returns the new invoice's id.
 */
export async function storeInvoice(
  trx: Db,
  context: AppContext,
  read: ReadUpload,
  stored: { fileId: string; userId: string | null },
): Promise<string> {
  const { draft, checks, status } = read
  const inserted = await insertInvoice(trx, {
    draft,
    checks,
    status,
    fileId: stored.fileId,
    uploadedBy: stored.userId,
  })
  const fallbackDate =
    draft.header.issueDate ?? new Date().toISOString().slice(0, 10)
  await allocateIdentified(
    trx,
    inserted.id,
    { ...draft, ...inserted },
    context.config.suspenseCostCentre,
    fallbackDate,
  )
  await recordAudit(
    { db: trx },
    {
      actor: await uploader(trx, stored.userId),
      action: 'invoice.upload',
      subjectType: 'invoice',
      subjectId: inserted.id,
      purpose: 'kontroll og fordeling av telefonfaktura',
      details: { fileId: stored.fileId, status },
    },
  )

  return inserted.id
}

/** Who sent the file; an upload without a user came from the command line. */
async function uploader(db: Db, userId: string | null): Promise<AuditActor> {
  const user = userId ? await findUserById(db, userId) : null
  if (!user) return { userId: null, name: 'kommandolinje' }

  return { userId: user.id, name: `${user.displayName} (${user.username})` }
}

function sheetProfileOption(profiles: LayoutProfile[]) {
  const sheet = profiles.find((p) => p.sheet)

  return sheet ? { profile: sheet } : {}
}
