import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { testConfig } from '../../src/config.js'
import type { Config } from '../../src/config.js'
import { openTotpSecret, sealTotpSecret } from '../../src/security/totp.js'
import { closeContext, openContext } from '../../src/services/context.js'
import { rewrapDataKeys, Vault } from '../../src/store/vault.js'

describe('secrets sealed under the root key', () => {
  let dir: string
  let config: Config
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'telekost-root-'))
    config = testConfig(dir)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('still open after the master key is re-wrapped', async () => {
    const first = await openContext(config)
    const sealed = sealTotpSecret(first.totpKey, 'user-1', 'JBSWY3DPEHPK3PXP')
    const oldMaster = Buffer.from(config.masterKey!, 'hex')
    const newMaster = randomBytes(32)
    await rewrapDataKeys(first.db, [oldMaster], newMaster)
    await closeContext(first)

    const next = { ...config, masterKey: newMaster.toString('hex') }
    const second = await openContext(next)
    try {
      assert.equal(
        openTotpSecret(second.totpKey, 'user-1', sealed),
        'JBSWY3DPEHPK3PXP',
      )
    } finally {
      await closeContext(second)
    }
    config = next
  })

  it('is the same key for two instances starting at once', async () => {
    const context = await openContext(config)
    try {
      const master = Buffer.from(config.masterKey!, 'hex')
      const files = join(dir, 'files')
      const [a, b] = await Promise.all([
        new Vault(context.db, files, master).rootKey('race'),
        new Vault(context.db, files, master).rootKey('race'),
      ])

      assert.deepEqual(a, b)
    } finally {
      await closeContext(context)
    }
  })

  it('is never used for files, and survives a data-key rotation', async () => {
    const context = await openContext(config)
    try {
      const root = await context.vault.rootKey('secrets')
      await context.vault.rotateDataKey()
      const { keyId } = await context.vault.put(new Uint8Array([1, 2, 3]))
      const rows = await context.db
        .selectFrom('data_keys')
        .select(['id', 'retired_at'])
        .execute()

      assert.ok(!keyId.startsWith('root:'))
      assert.equal(rows.find((r) => r.id === 'root:secrets')?.retired_at, null)
      assert.deepEqual(await context.vault.rootKey('secrets'), root)
    } finally {
      await closeContext(context)
    }
  })
})
