import { inflateRawSync } from 'node:zlib'
import { UPLOAD_LIMITS } from '../limits.js'

/**
 * Just enough of ZIP to read an XLSX: the central directory, stored and
 * deflated entries. Sizes come from the central directory and are held to
 * while inflating, so an entry that lies about its size is refused before
 * it can fill memory.
 */
export interface ZipEntry {
  name: string
  method: number
  compressedSize: number
  size: number
  localHeaderOffset: number
}

export class ZipError extends Error {
  override name = 'ZipError'
}

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50
const EOCD_MIN = 22
const MAX_COMMENT = 0xffff

export function readCentralDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const eocd = findEndOfCentralDirectory(view)
  const count = view.getUint16(eocd + 10, true)
  const offset = view.getUint32(eocd + 16, true)
  if (count === 0xffff || offset === 0xffffffff) {
    throw new ZipError('ZIP64 is not used by spreadsheets of this size')
  }
  if (count > UPLOAD_LIMITS.zip.maxEntries) {
    throw new ZipError(`${count} entries`)
  }

  return readEntries(view, offset, count)
}

function findEndOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - EOCD_MIN
  const first = Math.max(0, last - MAX_COMMENT)
  for (let at = last; at >= first; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) return at
  }

  throw new ZipError('no end of central directory')
}

function readEntries(
  view: DataView,
  offset: number,
  count: number,
): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>()
  const decoder = new TextDecoder()
  let at = offset
  let declaredTotal = 0
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength) throw new ZipError('truncated directory')
    if (view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw new ZipError('bad central directory entry')
    }
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    const nameBytes = new Uint8Array(
      view.buffer,
      view.byteOffset + at + 46,
      nameLength,
    )
    const entry: ZipEntry = {
      name: decoder.decode(nameBytes),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    }
    declaredTotal += entry.size
    checkDeclared(entry, declaredTotal)
    entries.set(entry.name, entry)
    at += 46 + nameLength + extraLength + commentLength
  }

  return entries
}

function checkDeclared(entry: ZipEntry, declaredTotal: number): void {
  const { maxUncompressedBytes, maxCompressionRatio } = UPLOAD_LIMITS.zip
  if (declaredTotal > maxUncompressedBytes) {
    throw new ZipError('declared sizes over the limit')
  }
  if (entry.size > Math.max(1, entry.compressedSize) * maxCompressionRatio) {
    throw new ZipError(`${entry.name} compresses too well`)
  }
}

/**
 * Inflates one entry, never past its declared size: a stream that would
 * inflate further is cut off by zlib and refused.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Buffer {
  const data = entryData(bytes, entry)
  if (entry.method === 0) {
    if (data.byteLength !== entry.size) throw new ZipError('stored size lies')
    return Buffer.from(data)
  }
  if (entry.method !== 8) throw new ZipError(`method ${entry.method}`)

  let out: Buffer
  try {
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) })
  } catch (err) {
    throw new ZipError(`${entry.name} does not inflate to its size`, {
      cause: err,
    })
  }
  if (out.byteLength !== entry.size) {
    throw new ZipError(`${entry.name} inflates to another size`)
  }

  return out
}

function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const at = entry.localHeaderOffset
  if (at + 30 > bytes.byteLength) throw new ZipError('truncated entry')
  if (view.getUint32(at, true) !== LOCAL_SIGNATURE) {
    throw new ZipError('bad local header')
  }
  const start =
    at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
  const end = start + entry.compressedSize
  if (end > bytes.byteLength) throw new ZipError('truncated entry data')

  return bytes.subarray(start, end)
}
