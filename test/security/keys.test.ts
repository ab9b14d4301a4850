import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { keyId, open, parseKey } from '../../src/store/crypto.js'
import { rewrapDataKeys, Vault } from '../../src/store/vault.js'
import { freshContext } from '../helpers/context.js'

type Context = Awaited<ReturnType<typeof freshContext>>

interface Stored {
  id: string
  keyId: string
  bytes: Uint8Array
}

describe('re-wrapping data keys under a new master key', () => {
  let context: Context
  let oldKey: Buffer
  let newKey: Buffer
  let files: Stored[]

  beforeEach(async () => {
    context = await freshContext()
    oldKey = parseKey(context.config.masterKey!)
    newKey = randomBytes(32)
    files = []
    for (let i = 0; i < 3; i++) {
      const bytes = new Uint8Array(randomBytes(100 + i))
      files.push({ ...(await context.vault.put(bytes)), bytes })
      await context.vault.rotateDataKey()
    }
  })
  afterEach(() => context.close())

  function vault(master: Buffer, previous: Buffer[] = []): Vault {
    return new Vault(context.db, filesDir(), master, previous)
  }

  function filesDir(): string {
    return join(context.config.dataDir, 'files')
  }

  function blobPath(id: string): string {
    return join(filesDir(), id.slice(0, 2), id)
  }

  async function dataKeyRows() {
    return context.db
      .selectFrom('data_keys')
      .select(['id', 'wrapped_key', 'master_key_id'])
      .execute()
  }

  it('lets a vault with only the new master key read every file', async () => {
    await rewrapDataKeys(context.db, [oldKey], newKey)
    const fresh = vault(newKey)

    for (const file of files) {
      const read = await fresh.get(file.id, file.keyId)
      assert.deepEqual(new Uint8Array(read), file.bytes)
    }
  })

  it('leaves no data key that the old master key opens', async () => {
    await rewrapDataKeys(context.db, [oldKey], newKey)
    const rows = await dataKeyRows()

    assert.ok(rows.length >= files.length)
    for (const row of rows) {
      assert.equal(row.master_key_id, keyId(newKey))
      assert.throws(() =>
        open(
          oldKey,
          Buffer.from(row.wrapped_key, 'base64'),
          Buffer.from(row.id),
        ),
      )
    }
  })

  it('refuses a vault with only the old master key', async () => {
    await rewrapDataKeys(context.db, [oldKey], newKey)

    await assert.rejects(
      vault(oldKey).get(files[0]!.id, files[0]!.keyId),
      /another master key/,
    )
  })

  it('still refuses a blob with one byte flipped', async () => {
    await rewrapDataKeys(context.db, [oldKey], newKey)
    const { id, keyId: dataKeyId } = files[1]!
    const onDisk = await readFile(blobPath(id))
    onDisk[onDisk.length - 1]! ^= 1
    await writeFile(blobPath(id), onDisk)

    await assert.rejects(vault(newKey).get(id, dataKeyId))
  })

  it('leaves every file blob as it was', async () => {
    const before = await Promise.all(files.map((f) => readFile(blobPath(f.id))))
    await rewrapDataKeys(context.db, [oldKey], newKey)
    const after = await Promise.all(files.map((f) => readFile(blobPath(f.id))))

    assert.deepEqual(after, before)
  })

  it('keeps a running instance that knows both keys reading and writing', async () => {
    const running = vault(oldKey, [newKey])
    await rewrapDataKeys(context.db, [oldKey], newKey)
    const written = await running.put(new Uint8Array([4, 2]))

    for (const file of [
      ...files,
      { ...written, bytes: new Uint8Array([4, 2]) },
    ]) {
      const read = await running.get(file.id, file.keyId)
      assert.deepEqual(new Uint8Array(read), file.bytes)
    }
  })

  it('lets a restarted instance read old files before the re-wrap runs', async () => {
    const restarted = vault(newKey, [oldKey])
    const file = files[0]!

    assert.deepEqual(
      new Uint8Array(await restarted.get(file.id, file.keyId)),
      file.bytes,
    )
  })

  it('changes nothing when one data key is wrapped by an unknown key', async () => {
    await vault(randomBytes(32)).rotateDataKey()
    const before = await dataKeyRows()

    await assert.rejects(
      rewrapDataKeys(context.db, [oldKey], newKey),
      /another master key/,
    )
    assert.deepEqual(await dataKeyRows(), before)
  })
})
