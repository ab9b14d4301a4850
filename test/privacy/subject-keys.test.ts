import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  openValue,
  rectifyEmployee,
} from '../../src/privacy/requests-rectification.js'
import { collectSubjectData } from '../../src/privacy/subject-export.js'
import { findPersonKey } from '../../src/privacy/subject-keys.js'
import { listAuditEntries } from '../../src/store/audit.js'
import { deriveKey } from '../../src/store/crypto.js'
import { findEmployee } from '../../src/store/register.js'
import {
  findSubjectKey,
  insertSubjectKey,
  subjects,
} from '../../src/store/requests.js'
import { freshContext } from '../helpers/context.js'
import { buildWorld, KARI, OFFICER } from './requests-world.js'
import type { World } from './requests-world.js'

const NEW_EMAIL = 'kari.ny@firma.no'

/** The sealed values in the person's rectification entries. */
async function sealedValues(
  context: Awaited<ReturnType<typeof freshContext>>,
  employeeId: string,
): Promise<string[]> {
  const entries = await listAuditEntries(context.db, { personRef: employeeId })

  return entries
    .filter((e) => e.action === 'subject.rectify')
    .flatMap((e) => e.details.match(/sealed:[A-Za-z0-9_-]+/g) ?? [])
}

/** Every way a stored key might be read as a key by someone without it. */
function readAsKey(stored: string): Buffer[] {
  const parts = [stored, ...stored.split(':')]

  return parts.flatMap((p) => [
    Buffer.from(p, 'base64'),
    Buffer.from(p, 'base64url'),
  ])
}

function opens(key: Buffer, sealed: string): boolean {
  try {
    openValue(key, sealed)
    return true
  } catch {
    return false
  }
}

describe('the per-person audit key', () => {
  let context: Awaited<ReturnType<typeof freshContext>>
  let world: World

  before(async () => {
    context = await freshContext()
    world = await buildWorld(context)
    const kari = (await findEmployee(context.db, world.kari))!
    await rectifyEmployee(
      context,
      OFFICER,
      world.kari,
      { ...kari, email: NEW_EMAIL },
      'Ny e-postadresse',
    )
  })
  after(() => context.close())

  it('is stored wrapped, never as the raw key', async () => {
    const stored = (await findSubjectKey(context.db, world.kari))!
    const key = (await findPersonKey(context, world.kari))!

    assert.match(stored, /^wrapped:[0-9a-f]{16}:/)
    assert.equal(
      readAsKey(stored).some((k) => k.equals(key)),
      false,
    )
    assert.equal(stored.includes(key.toString('base64')), false)
  })

  it('opens the sealed audit values with the master key', async () => {
    const key = (await findPersonKey(context, world.kari))!
    const values = (await sealedValues(context, world.kari)).map((s) =>
      openValue(key, s),
    )

    assert.deepEqual(values.sort(), [KARI.email, NEW_EMAIL].sort())
  })

  it('opens nothing from a copy of the database without the master key', async () => {
    const copy = {
      db: context.db,
      subjectKeyWrap: deriveKey(randomBytes(32), 'telekost-subject-key-wrap'),
    }
    const stored = (await findSubjectKey(context.db, world.kari))!
    const sealed = await sealedValues(context, world.kari)
    const guesses = readAsKey(stored)

    await assert.rejects(findPersonKey(copy, world.kari))
    assert.equal(sealed.length, 2)
    assert.equal(
      sealed.some((s) => guesses.some((k) => k.length === 32 && opens(k, s))),
      false,
    )
  })

  it('does not open when moved to another person', async () => {
    const stored = (await findSubjectKey(context.db, world.kari))!
    await subjects(context.db)
      .deleteFrom('subject_keys')
      .where('employee_id', '=', world.ola)
      .execute()
    await insertSubjectKey(context.db, world.ola, stored, '2026-11-01')

    await assert.rejects(findPersonKey(context, world.ola))
  })

  it('shows the person their own earlier values in the access export', async () => {
    const data = (await collectSubjectData(context, world.kari))!
    const rectified = data.audit.find((e) => e.action === 'subject.rectify')!

    assert.ok(rectified.details.includes(KARI.email), rectified.details)
    assert.equal(rectified.details.includes('sealed:'), false)
  })
})

describe('an audit key stored before wrapping', () => {
  let context: Awaited<ReturnType<typeof freshContext>>
  let world: World
  const bare = randomBytes(32)

  before(async () => {
    context = await freshContext()
    world = await buildWorld(context)
    await insertSubjectKey(
      context.db,
      world.kari,
      bare.toString('base64'),
      '2026-10-01T00:00:00.000Z',
    )
  })
  after(() => context.close())

  it('still opens and is wrapped on first use', async () => {
    const key = await findPersonKey(context, world.kari)
    const stored = await findSubjectKey(context.db, world.kari)

    assert.ok(key?.equals(bare))
    assert.match(stored!, /^wrapped:/)
    assert.ok((await findPersonKey(context, world.kari))?.equals(bare))
  })
})
