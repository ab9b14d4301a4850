import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, YAMLError } from 'yaml'
import type { Config } from '../config.js'
import { repoRoot } from '../security/repo-root.js'
import type { AppContext } from '../services/context.js'
import {
  insertRecordVersion,
  latestRecordVersion,
} from '../store/processing-records.js'
import { recordAudit } from './audit.js'
import type { AuditActor } from './audit.js'
import { validateRecord } from './records-schema.js'
import type { ProcessingRecord, RecordCheck } from './records-schema.js'

export type { ProcessingActivity, ProcessingRecord } from './records-schema.js'

/** The shipped default; edits live in the database as newer versions. */
export const SHIPPED_RECORD = join(
  repoRoot,
  'privacy',
  'records-of-processing.yaml',
)

export interface CurrentRecord {
  record: ProcessingRecord
  yaml: string
  /** 0 for the shipped file, else the saved version. */
  version: number
  savedAt: string | null
  savedBy: string | null
}

export function parseRecordYaml(text: string): RecordCheck {
  try {
    return validateRecord(parse(text, { maxAliasCount: 50 }))
  } catch (err) {
    if (!(err instanceof YAMLError)) throw err
    return {
      ok: false,
      problems: [
        {
          code: 'record-yaml',
          message:
            'Teksten er ikke gyldig YAML. Sjekk innrykk og kolon på linjen som er nevnt.',
          detail: err.message,
        },
      ],
    }
  }
}

/** The shipped record; a broken shipped file is a bug, so it throws. */
export function loadShippedRecord(file = SHIPPED_RECORD): CurrentRecord {
  const yaml = readFileSync(file, 'utf8')
  const check = parseRecordYaml(yaml)
  if (!check.ok) {
    const details = check.problems.map((p) => p.detail).join('; ')
    throw new Error(`${file} is not a valid record: ${details}`)
  }

  return {
    record: check.record,
    yaml,
    version: 0,
    savedAt: null,
    savedBy: null,
  }
}

/**
 * The record in force: the latest saved edit, or the shipped file, with
 * the data protection officer's contact from the settings when set.
 */
export async function currentRecord(
  context: Pick<AppContext, 'db' | 'config'>,
): Promise<CurrentRecord> {
  const saved = await latestRecordVersion(context.db)
  const check = saved ? parseRecordYaml(saved.yaml) : null
  const current =
    saved && check?.ok
      ? { ...saved, record: check.record }
      : loadShippedRecord()

  return { ...current, record: withSettings(current.record, context.config) }
}

function withSettings(
  record: ProcessingRecord,
  config: Config,
): ProcessingRecord {
  return {
    ...record,
    dpo: {
      name: config.dpoName ?? record.dpo.name,
      email: config.dpoEmail ?? record.dpo.email ?? null,
      phone: config.dpoPhone ?? record.dpo.phone ?? null,
    },
  }
}

export type SaveOutcome =
  | { ok: true; version: number }
  | { ok: false; problems: import('../domain/invoice.js').Problem[] }

/** Validates and stores an edit as the new version; audited with both texts. */
export async function saveRecord(
  context: Pick<AppContext, 'db' | 'config'>,
  actor: AuditActor,
  yaml: string,
  now = new Date(),
): Promise<SaveOutcome> {
  const check = parseRecordYaml(yaml)
  if (!check.ok) return check

  const before = await currentRecord(context)
  const version = before.version + 1
  await insertRecordVersion(context.db, {
    version,
    yaml,
    savedAt: now.toISOString(),
    savedBy: actor.name,
  })
  await recordAudit(context, {
    actor,
    action: 'records.update',
    subjectType: 'processing-record',
    subjectId: String(version),
    purpose: 'protokoll over behandlingsaktiviteter (GDPR art. 30)',
    details: { before: before.yaml, after: yaml },
  })

  return { ok: true, version }
}

export interface RetentionSetting {
  key: string
  value: string
}

type Lang = 'nb' | 'en'

/** How each known retention setting reads on the page and in the PDF. */
const RETENTION_TEXT: Record<Lang, Record<string, (n: string) => string>> = {
  nb: {
    retentionInvoiceYears: (n) =>
      `Fakturaer og spesifikasjoner: ${n} år etter utgangen av regnskapsåret (bokføringsloven § 13)`,
    retentionLeaverMonths: (n) =>
      `Registerdata om personer som har sluttet: ${n} måneder`,
    retentionAuditYears: (n) => `Revisjonsspor: ${n} år`,
    retentionRequestYears: (n) =>
      `Avsluttede forespørsler fra registrerte: ${n} år`,
    retentionExportDays: (n) => `Lagrede eksporter: ${n} dager`,
  },
  en: {
    retentionInvoiceYears: (n) =>
      `Invoices and specifications: ${n} years after the end of the accounting year (Bookkeeping Act section 13)`,
    retentionLeaverMonths: (n) =>
      `Register data of people who have left: ${n} months`,
    retentionAuditYears: (n) => `Audit trail: ${n} years`,
    retentionRequestYears: (n) => `Closed data subject requests: ${n} years`,
    retentionExportDays: (n) => `Stored exports: ${n} days`,
  },
}

/** Settings named retention… that say how often, not how long. */
const NOT_A_PERIOD = new Set(['retentionIntervalHours'])

/**
 * The retention periods actually set: every `retention…` setting, or the
 * documented default when none is configured.
 */
export function retentionInEffect(
  config: Config,
  lang: Lang = 'nb',
): RetentionSetting[] {
  const set = Object.entries(config)
    .filter(([key]) => key.startsWith('retention') && !NOT_A_PERIOD.has(key))
    .map(([key, value]) => ({ key, value: describeSetting(key, value, lang) }))
  if (set.length > 0) return set

  // The documented default, until a retention setting exists.
  return [
    {
      key: 'retentionInvoiceYears',
      value: describeSetting('retentionInvoiceYears', 5, lang),
    },
  ]
}

function describeSetting(key: string, value: unknown, lang: Lang): string {
  if (value === null || value === undefined) return 'ikke satt'
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)

  return RETENTION_TEXT[lang][key]?.(text) ?? text
}
