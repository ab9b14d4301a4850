import type { Db } from '../store/db.js'
import { JournalSettingsError } from './errors.js'

/**
 * The ledger accounts the journal posts to. Defaults follow the Norwegian
 * standard chart (NS 4102); a company changes them in the settings table
 * under `journal.accounts`, as JSON with any of these keys.
 */
export interface JournalAccounts {
  /** Telephone cost with 25 % VAT. */
  vatLiable: string
  /** VAT-free content bought through the phone bill. */
  vatFree: string
  /** Leverandørgjeld: what is owed to the supplier. */
  payable: string
  /** Any øre between the allocated sum and the invoice's amount. */
  rounding: string
}

export const JOURNAL_ACCOUNTS_SETTING = 'journal.accounts'

export const DEFAULT_JOURNAL_ACCOUNTS: Readonly<JournalAccounts> = {
  vatLiable: '6900',
  vatFree: '6901',
  payable: '2400',
  rounding: '7790',
}

const ACCOUNT = /^\d{4,8}$/
const KEYS = Object.keys(DEFAULT_JOURNAL_ACCOUNTS) as Array<
  keyof JournalAccounts
>

export async function loadJournalAccounts(db: Db): Promise<JournalAccounts> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', JOURNAL_ACCOUNTS_SETTING)
    .executeTakeFirst()
  const stored = row ? parseStored(row.value) : {}

  return mergeAccounts(stored)
}

export async function saveJournalAccounts(
  db: Db,
  accounts: Partial<JournalAccounts>,
): Promise<void> {
  const value = JSON.stringify(mergeAccounts(accounts))
  await db
    .insertInto('settings')
    .values({ key: JOURNAL_ACCOUNTS_SETTING, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute()
}

/** The defaults with the given accounts laid over them, each checked. */
export function mergeAccounts(
  given: Partial<Record<string, unknown>>,
): JournalAccounts {
  const accounts = { ...DEFAULT_JOURNAL_ACCOUNTS }
  for (const key of KEYS) {
    const value = given[key]
    if (value === undefined) continue
    if (typeof value !== 'string' || !ACCOUNT.test(value)) {
      throw new JournalSettingsError(
        `Kontoen for «${key}» i ${JOURNAL_ACCOUNTS_SETTING} må være ` +
          '4–8 sifre. Rett innstillingen og eksporter på nytt.',
      )
    }
    accounts[key] = value
  }

  return accounts
}

function parseStored(value: string): Partial<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(value)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>
    }
  } catch {
    // Reported below, with the same message as any other shape.
  }
  throw new JournalSettingsError(
    `Innstillingen ${JOURNAL_ACCOUNTS_SETTING} er ikke et JSON-objekt. ` +
      'Rett innstillingen og eksporter på nytt.',
  )
}
