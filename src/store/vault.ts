import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { keyId, open, parseKey, seal } from './crypto.js'
import type { Db } from './db.js'

/**
 * The encrypted file vault. Each file is sealed with AES-256-GCM under a
 * data key; data keys are stored wrapped by the master key, which never
 * touches the disk beside the data in production. The file's id and key id
 * are bound into the seal, so a blob cannot be swapped for another.
 */
export class Vault {
  readonly #db: Db
  readonly #dir: string
  readonly #master: Buffer
  readonly #masterId: string
  /** The current master key and any previous ones, by key id. */
  readonly #masters: Map<string, Buffer>
  readonly #keys = new Map<string, Buffer>()

  constructor(
    db: Db,
    dir: string,
    masterKey: Buffer,
    previousMasterKeys: readonly Buffer[] = [],
  ) {
    this.#db = db
    this.#dir = dir
    this.#master = masterKey
    this.#masterId = keyId(masterKey)
    this.#masters = masterKeyMap([masterKey, ...previousMasterKeys])
  }

  /** Seals and stores bytes; returns the new file's id and key id. */
  async put(bytes: Uint8Array): Promise<{ id: string; keyId: string }> {
    const id = randomUUID()
    const { id: dataKeyId, key } = await this.#activeKey()
    const sealed = seal(key, bytes, aad(id, dataKeyId))
    const path = this.#path(id)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(`${path}.tmp`, sealed, { mode: 0o600 })
    await rename(`${path}.tmp`, path)

    return { id, keyId: dataKeyId }
  }

  async get(id: string, dataKeyId: string): Promise<Buffer> {
    const sealed = await readFile(this.#path(id))
    const key = await this.#key(dataKeyId)

    return open(key, sealed, aad(id, dataKeyId))
  }

  async delete(id: string): Promise<void> {
    await rm(this.#path(id), { force: true })
  }

  #path(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('not a vault file id')

    return join(this.#dir, id.slice(0, 2), id)
  }

  async #activeKey(): Promise<{ id: string; key: Buffer }> {
    const row = await this.#db
      .selectFrom('data_keys')
      .select(['id', 'wrapped_key', 'master_key_id'])
      .where('retired_at', 'is', null)
      .where('id', 'not like', `${ROOT_PREFIX}%`)
      .where('master_key_id', 'in', [...this.#masters.keys()])
      .orderBy('created_at', 'desc')
      .executeTakeFirst()
    if (row) return { id: row.id, key: await this.#key(row.id) }

    return this.rotateDataKey()
  }

  /** Starts a new data key; older keys stay readable for older files. */
  async rotateDataKey(): Promise<{ id: string; key: Buffer }> {
    const id = randomUUID()
    const key = randomBytes(32)
    const now = new Date().toISOString()
    await this.#db
      .updateTable('data_keys')
      .set({ retired_at: now })
      .where('retired_at', 'is', null)
      .where('id', 'not like', `${ROOT_PREFIX}%`)
      .execute()
    await this.#db
      .insertInto('data_keys')
      .values({
        id,
        wrapped_key: wrap(this.#master, id, key),
        master_key_id: this.#masterId,
        created_at: now,
        retired_at: null,
      })
      .execute()
    this.#keys.set(id, key)

    return { id, key }
  }

  /**
   * A long-lived key for sealing small secrets (TOTP secrets, per-person
   * keys). It lives among the data keys, wrapped by the master key, so a
   * master-key rewrap carries it along and nothing sealed under it is lost.
   * Two instances starting at once agree on one: the first insert wins.
   */
  async rootKey(purpose: string): Promise<Buffer> {
    const id = `${ROOT_PREFIX}${purpose}`
    const known = await this.#db
      .selectFrom('data_keys')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst()
    if (!known) {
      await this.#db
        .insertInto('data_keys')
        .values({
          id,
          wrapped_key: wrap(this.#master, id, randomBytes(32)),
          master_key_id: this.#masterId,
          created_at: new Date().toISOString(),
          retired_at: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute()
    }

    return this.#key(id)
  }

  async #key(id: string): Promise<Buffer> {
    const cached = this.#keys.get(id)
    if (cached) return cached

    const row = await this.#db
      .selectFrom('data_keys')
      .select(['wrapped_key', 'master_key_id'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw new Error(`data key ${id} is unknown`)
    const key = unwrap(this.#masters, { id, ...row })
    this.#keys.set(id, key)

    return key
  }
}

/** Data keys with this id prefix seal secrets, not files. */
const ROOT_PREFIX = 'root:'

/**
 * Re-wraps every data key under a new master key in one transaction. File
 * blobs are sealed under the data keys, so they are not touched; a running
 * instance that knows both master keys reads on throughout.
 */
export async function rewrapDataKeys(
  db: Db,
  knownMasterKeys: readonly Buffer[],
  nextMasterKey: Buffer,
): Promise<{ rewrapped: number; masterKeyId: string }> {
  const masters = masterKeyMap([...knownMasterKeys, nextMasterKey])
  const nextId = keyId(nextMasterKey)
  const rewrapped = await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('data_keys')
      .select(['id', 'wrapped_key', 'master_key_id'])
      .execute()
    for (const row of rows) {
      const key = unwrap(masters, row)
      await trx
        .updateTable('data_keys')
        .set({
          wrapped_key: wrap(nextMasterKey, row.id, key),
          master_key_id: nextId,
        })
        .where('id', '=', row.id)
        .execute()
    }
    return rows.length
  })

  return { rewrapped, masterKeyId: nextId }
}

function masterKeyMap(keys: readonly Buffer[]): Map<string, Buffer> {
  return new Map(keys.map((key) => [keyId(key), key]))
}

function wrap(master: Buffer, dataKeyId: string, key: Buffer): string {
  return seal(master, key, Buffer.from(dataKeyId)).toString('base64')
}

function unwrap(
  masters: Map<string, Buffer>,
  row: { id: string; wrapped_key: string; master_key_id: string },
): Buffer {
  const master = masters.get(row.master_key_id)
  if (!master) {
    throw new Error(`data key ${row.id} is wrapped by another master key`)
  }

  return open(
    master,
    Buffer.from(row.wrapped_key, 'base64'),
    Buffer.from(row.id),
  )
}

function aad(fileId: string, dataKeyId: string): Buffer {
  return Buffer.from(`${fileId}|${dataKeyId}`)
}

/** Where the embedded default keeps its generated master key. */
export function devMasterKeyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'master.key')
}

/**
 * The master key: from TELEKOST_MASTER_KEY, from the file it names, or in
 * the embedded default a key generated once into the data folder. Previous
 * master keys come from TELEKOST_PREVIOUS_MASTER_KEYS or its file (one key
 * a line) and are only read, never used to wrap.
 */
export function loadMasterKey(options: {
  masterKey: string | null
  masterKeyFile: string | null
  previousMasterKeys?: readonly string[]
  previousMasterKeysFile?: string | null
  dataDir: string
  production: boolean
}): { key: Buffer; generated: boolean; previous: Buffer[] } {
  const previous = previousKeys(options)
  if (options.masterKey)
    return { key: parseKey(options.masterKey), generated: false, previous }
  if (options.masterKeyFile) {
    return {
      key: parseKey(readFileSync(options.masterKeyFile, 'utf8')),
      generated: false,
      previous,
    }
  }
  if (options.production) throw new Error('no master key is configured')

  const file = devMasterKeyFile(options.dataDir)
  if (existsSync(file)) {
    return {
      key: parseKey(readFileSync(file, 'utf8')),
      generated: false,
      previous,
    }
  }

  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const key = randomBytes(32)
  writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' })

  return { key, generated: true, previous }
}

function previousKeys(options: {
  previousMasterKeys?: readonly string[]
  previousMasterKeysFile?: string | null
}): Buffer[] {
  const fromFile = options.previousMasterKeysFile
    ? readFileSync(options.previousMasterKeysFile, 'utf8').split(/\r?\n/)
    : []

  return [...(options.previousMasterKeys ?? []), ...fromFile]
    .map((text) => text.trim())
    .filter(Boolean)
    .map(parseKey)
}
