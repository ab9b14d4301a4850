import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open as openFile, stat } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { keyId, open, seal } from './crypto.js'

/**
 * The backup container. After a plain header come sealed chunks of at most
 * CHUNK_BYTES: each is AES-256-GCM under the backup key, bound to the
 * header, its index and whether it is the last, so a flipped, dropped,
 * swapped or cut-off chunk fails. Inside, the plaintext is a run of
 * entries: name length (u16), name, size (u64), bytes; a zero name length
 * ends it.
 */
const MAGIC = Buffer.from('TELEKOST-BACKUP\n')
const CHUNK_BYTES = 1024 * 1024
const MAX_SEALED = CHUNK_BYTES + 64

export interface ArchiveHeader {
  format: 1
  keyId: string
  createdAt: string
}

export class BackupKeyError extends Error {}
export class DamagedBackupError extends Error {}

export class ArchiveWriter {
  readonly #file: FileHandle
  readonly #key: Buffer
  readonly #bound: Buffer
  #pending: Buffer[] = []
  #pendingBytes = 0
  #index = 0

  private constructor(file: FileHandle, key: Buffer, bound: Buffer) {
    this.#file = file
    this.#key = key
    this.#bound = bound
  }

  static async create(path: string, key: Buffer): Promise<ArchiveWriter> {
    const header = headerBytes({
      format: 1,
      keyId: keyId(key),
      createdAt: new Date().toISOString(),
    })
    const file = await openFile(path, 'wx', 0o600)
    await file.write(header)

    return new ArchiveWriter(file, key, digest(header))
  }

  async addBytes(name: string, bytes: Uint8Array): Promise<void> {
    await this.#push(entryHead(name, bytes.byteLength))
    await this.#push(Buffer.from(bytes))
  }

  async addFile(name: string, path: string): Promise<void> {
    const { size } = await stat(path)
    await this.#push(entryHead(name, size))
    let copied = 0
    for await (const piece of createReadStream(path)) {
      copied += (piece as Buffer).length
      await this.#push(piece as Buffer)
    }
    if (copied !== size) throw new Error(`${name} changed while copied`)
  }

  async finish(): Promise<void> {
    await this.#push(Buffer.alloc(2))
    await this.#flush(true)
    await this.#file.sync()
    await this.#file.close()
  }

  async abort(): Promise<void> {
    await this.#file.close()
  }

  async #push(bytes: Buffer): Promise<void> {
    this.#pending.push(bytes)
    this.#pendingBytes += bytes.length
    while (this.#pendingBytes > CHUNK_BYTES) await this.#flush(false)
  }

  async #flush(last: boolean): Promise<void> {
    const all = Buffer.concat(this.#pending)
    const chunk = all.subarray(0, CHUNK_BYTES)
    const rest = all.subarray(chunk.length)
    this.#pending = rest.length ? [rest] : []
    this.#pendingBytes = rest.length
    const sealed = seal(
      this.#key,
      chunk,
      chunkAad(this.#bound, this.#index++, last),
    )
    const length = Buffer.alloc(4)
    length.writeUInt32BE(sealed.length)
    await this.#file.write(Buffer.concat([length, sealed]))
  }
}

/**
 * Opens every chunk and writes each entry into `dir`. Anything wrong (a
 * wrong key, a changed byte, a missing end) throws before the caller has
 * used a byte; the caller removes `dir` then.
 */
export async function unpackArchive(
  path: string,
  key: Buffer,
  dir: string,
): Promise<{ header: ArchiveHeader; names: string[] }> {
  const file = await openFile(path, 'r')
  try {
    const { header, bound, offset } = await readHeader(file)
    if (header.keyId !== keyId(key)) {
      throw new BackupKeyError(
        `the backup is sealed under key ${header.keyId}, not ${keyId(key)}`,
      )
    }
    const entries = new EntryWriter(dir)
    for await (const plain of openChunks(file, key, bound, offset)) {
      await entries.take(plain)
    }
    if (!entries.ended) throw new DamagedBackupError('the backup has no end')

    return { header, names: entries.names }
  } finally {
    await file.close()
  }
}

async function readHeader(file: FileHandle) {
  const start = await readExactly(file, 0, MAGIC.length + 4)
  if (!start.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new DamagedBackupError('not a Telekost backup')
  }
  const length = start.readUInt32BE(MAGIC.length)
  if (length > 4096) throw new DamagedBackupError('the header is too long')
  const json = await readExactly(file, start.length, length)
  const header = JSON.parse(json.toString('utf8')) as ArchiveHeader
  if (header.format !== 1) {
    throw new DamagedBackupError(`unknown backup format ${header.format}`)
  }

  return {
    header,
    bound: digest(Buffer.concat([start, json])),
    offset: start.length + length,
  }
}

async function* openChunks(
  file: FileHandle,
  key: Buffer,
  bound: Buffer,
  start: number,
): AsyncGenerator<Buffer> {
  const { size } = await file.stat()
  let offset = start
  for (let index = 0; offset < size; index++) {
    const length = (await readExactly(file, offset, 4)).readUInt32BE(0)
    if (length > MAX_SEALED) throw new DamagedBackupError('a chunk is too long')
    const sealed = await readExactly(file, offset + 4, length)
    offset += 4 + length
    const last = offset === size
    try {
      yield open(key, sealed, chunkAad(bound, index, last))
    } catch (err) {
      if (err instanceof DamagedBackupError) throw err
      throw new DamagedBackupError(`chunk ${index} does not open: damaged`)
    }
  }
}

/** Splits the plaintext run back into files under a folder. */
class EntryWriter {
  readonly names: string[] = []
  ended = false
  readonly #dir: string
  #buffer = Buffer.alloc(0)
  #current: { file: FileHandle; left: number } | null = null

  constructor(dir: string) {
    this.#dir = dir
  }

  async take(bytes: Buffer): Promise<void> {
    if (this.ended && bytes.length) {
      throw new DamagedBackupError('bytes after the end of the backup')
    }
    this.#buffer = Buffer.concat([this.#buffer, bytes])
    while (await this.#step());
  }

  async #step(): Promise<boolean> {
    if (this.#current) return this.#copy(this.#current)
    if (this.ended || this.#buffer.length < 2) return false

    const nameLength = this.#buffer.readUInt16BE(0)
    if (nameLength === 0) {
      this.ended = true
      this.#buffer = this.#buffer.subarray(2)
      return false
    }
    if (this.#buffer.length < 2 + nameLength + 8) return false
    const name = this.#buffer.subarray(2, 2 + nameLength).toString('utf8')
    const size = this.#buffer.readBigUInt64BE(2 + nameLength)
    this.#buffer = this.#buffer.subarray(2 + nameLength + 8)
    const path = join(this.#dir, safeName(name))
    await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    const file = await openFile(path, 'wx', 0o600)
    this.#current = { file, left: Number(size) }
    this.names.push(name)

    return true
  }

  async #copy(current: { file: FileHandle; left: number }) {
    const piece = this.#buffer.subarray(0, current.left)
    if (piece.length) await current.file.write(piece)
    current.left -= piece.length
    this.#buffer = this.#buffer.subarray(piece.length)
    if (current.left > 0) return false

    await current.file.close()
    this.#current = null
    return true
  }
}

/** Entry names are relative paths of plain segments, never `..`. */
function safeName(name: string): string {
  const plain = /^[A-Za-z0-9._-]+$/
  const segments = name.split('/')
  if (!segments.every((s) => plain.test(s) && s !== '.' && s !== '..')) {
    throw new DamagedBackupError(`an entry has an unsafe name: ${name}`)
  }

  return segments.join('/')
}

function entryHead(name: string, size: number): Buffer {
  safeName(name)
  const nameBytes = Buffer.from(name, 'utf8')
  const head = Buffer.alloc(2 + nameBytes.length + 8)
  head.writeUInt16BE(nameBytes.length, 0)
  nameBytes.copy(head, 2)
  head.writeBigUInt64BE(BigInt(size), 2 + nameBytes.length)

  return head
}

function headerBytes(header: ArchiveHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(json.length)

  return Buffer.concat([MAGIC, length, json])
}

function chunkAad(bound: Buffer, index: number, last: boolean): Buffer {
  const tail = Buffer.alloc(9)
  tail.writeBigUInt64BE(BigInt(index))
  tail.writeUInt8(last ? 1 : 0, 8)

  return Buffer.concat([bound, tail])
}

function digest(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest()
}

async function readExactly(
  file: FileHandle,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await file.read(buffer, 0, length, position)
  if (bytesRead !== length)
    throw new DamagedBackupError('the backup is cut off')

  return buffer
}
