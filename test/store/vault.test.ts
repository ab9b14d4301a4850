import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { Vault } from '../../src/store/vault.js'
import { freshContext } from '../helpers/context.js'

type Context = Awaited<ReturnType<typeof freshContext>>

describe('Vault', () => {
  let context: Context
  beforeEach(async () => {
    context = await freshContext()
  })
  afterEach(async () => {
    await context.close()
  })

  function blobPath(id: string): string {
    return join(context.config.dataDir, 'files', id.slice(0, 2), id)
  }

  it('returns the bytes it was given', async () => {
    const bytes = new TextEncoder().encode('Tjenestespesifikasjon for Kari')
    const { id, keyId } = await context.vault.put(bytes)

    assert.deepEqual(new Uint8Array(await context.vault.get(id, keyId)), bytes)
  })

  it('stores no plaintext on disk', async () => {
    const { id } = await context.vault.put(
      new TextEncoder().encode('Kari Nordmann 91234567'),
    )
    const onDisk = await readFile(blobPath(id))

    assert.equal(onDisk.includes(Buffer.from('Kari')), false)
  })

  it('refuses a blob with one byte flipped', async () => {
    const { id, keyId } = await context.vault.put(new Uint8Array(64).fill(7))
    const onDisk = await readFile(blobPath(id))
    onDisk[onDisk.length - 1]! ^= 1
    await writeFile(blobPath(id), onDisk)

    await assert.rejects(context.vault.get(id, keyId))
  })

  it('refuses a blob moved to another file id', async () => {
    const a = await context.vault.put(new Uint8Array([1, 2, 3]))
    const b = await context.vault.put(new Uint8Array([4, 5, 6]))
    await writeFile(blobPath(b.id), await readFile(blobPath(a.id)))

    await assert.rejects(context.vault.get(b.id, b.keyId))
  })

  it('reads older files after the data key rotates', async () => {
    const old = await context.vault.put(new Uint8Array([9, 9]))
    await context.vault.rotateDataKey()
    const fresh = await context.vault.put(new Uint8Array([8]))

    assert.notEqual(fresh.keyId, old.keyId)
    assert.deepEqual([...(await context.vault.get(old.id, old.keyId))], [9, 9])
  })

  it('cannot open data keys under another master key', async () => {
    const { id, keyId } = await context.vault.put(new Uint8Array([1]))
    const other = new Vault(
      context.db,
      join(context.config.dataDir, 'files'),
      Buffer.alloc(32, 1),
    )

    await assert.rejects(other.get(id, keyId), /another master key/)
  })
})
