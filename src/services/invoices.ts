import { createHash } from 'node:crypto'
import { allChecksHold, runChecks } from '../domain/checks.js'
import type { Check } from '../domain/checks.js'
import type { Problem } from '../domain/invoice.js'
import { UPLOAD_LIMITS } from '../ingest/limits.js'
import { readInvoiceFile } from '../ingest/read-invoice.js'
import type { LayoutProfile } from '../ingest/profile.js'
import { findInvoiceByNumber, insertInvoice } from '../store/invoices.js'
import { listLayoutProfiles } from '../store/profiles.js'
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
  const { db, vault, config } = context
  const profiles = await listLayoutProfiles(db)
  const read = await readInvoiceFile({
    filename: upload.filename,
    bytes: upload.bytes,
    options: sheetProfileOption(profiles),
    limits: { ...UPLOAD_LIMITS, maxFileBytes: config.maxUploadBytes },
  })
  if (!read.ok) {
    const reason = read.severity ? 'refused' : 'unreadable'
    const severity = read.severity ? { severity: read.severity } : {}
    return { ok: false, reason, problems: read.problems, ...severity }
  }

  const { draft } = read
  const known = await findInvoiceByNumber(
    db,
    draft.header.supplier,
    draft.header.number,
  )
  if (known) {
    return {
      ok: false,
      reason: 'duplicate',
      invoiceId: known.id,
      problems: [
        {
          code: 'duplicate-invoice',
          message:
            `Faktura ${draft.header.number} er allerede lastet opp. ` +
            'Åpne den som finnes, eller slett den før du laster opp på nytt.',
        },
      ],
    }
  }

  const checks = runChecks(draft)
  const status = allChecksHold(checks) ? 'ready' : 'needs_review'
  const file = await vault.put(upload.bytes)
  try {
    const invoiceId = await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('stored_files')
        .values({
          id: file.id,
          kind: 'invoice',
          safe_name: read.safeName,
          size_bytes: upload.bytes.byteLength,
          sha256: createHash('sha256').update(upload.bytes).digest('hex'),
          key_id: file.keyId,
          created_by: upload.userId,
          created_at: new Date().toISOString(),
        })
        .execute()
      const inserted = await insertInvoice(trx, {
        draft,
        checks,
        status,
        fileId: file.id,
        uploadedBy: upload.userId,
      })
      const fallbackDate =
        draft.header.issueDate ?? new Date().toISOString().slice(0, 10)
      await allocateIdentified(
        trx,
        inserted.id,
        { ...draft, ...inserted },
        config.suspenseCostCentre,
        fallbackDate,
      )

      return inserted.id
    })

    return { ok: true, invoiceId, checks, status }
  } catch (err) {
    await vault.delete(file.id)
    throw err
  }
}

function sheetProfileOption(profiles: LayoutProfile[]) {
  const sheet = profiles.find((p) => p.sheet)

  return sheet ? { profile: sheet } : {}
}
