import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deflateRawSync } from 'node:zlib'
import { checkUpload } from '../../../src/ingest/intake/index.js'
import type { IntakeLimits, Upload } from '../../../src/ingest/intake/index.js'
import { UPLOAD_LIMITS } from '../../../src/ingest/limits.js'
import { cfb, manyEntryXlsx, sheet, xlsx } from '../../helpers/hostile.js'

function check(upload: Upload, limits: IntakeLimits = UPLOAD_LIMITS) {
  return checkUpload(upload, limits)
}

function csvOfBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size).fill(0x61)
  for (let i = 99; i < size; i += 100) bytes[i] = 0x0a

  return bytes
}

/**
 * Data whose deflated size times `ratio`, plus `extra`, is exactly its
 * own size: random bytes the deflater cannot shrink, then zeros it can.
 */
function dataAtRatio(ratio: number, extra: number): Uint8Array {
  const random = Uint8Array.from(
    { length: 2_000 },
    (_, i) => (i * 2654435761) >>> 24,
  )
  let size = random.length
  for (let round = 0; round < 50; round++) {
    const data = new Uint8Array(size)
    data.set(random)
    const wanted = deflateRawSync(data).length * ratio + extra
    if (wanted === size) return data
    size = wanted
  }
  throw new Error('no fixed point for the ratio')
}

function xlsxWithEntry(data: Uint8Array): Uint8Array {
  return xlsx(sheet(''), [{ name: 'xl/media/a.bin', data }])
}

describe('upload limits', () => {
  it('accepts a file of exactly the size limit', async () => {
    const bytes = csvOfBytes(UPLOAD_LIMITS.maxFileBytes)

    assert.ok((await check({ filename: 'a.csv', bytes, kind: 'register' })).ok)
  })

  it('refuses a file one byte past the size limit', async () => {
    const bytes = csvOfBytes(UPLOAD_LIMITS.maxFileBytes + 1)
    const result = await check({ filename: 'a.csv', bytes, kind: 'register' })
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'file-too-large')
  })

  it('takes a smaller size limit from its caller', async () => {
    const limits = { ...UPLOAD_LIMITS, maxFileBytes: 1_000 }
    const result = await check(
      { filename: 'a.csv', bytes: csvOfBytes(1_001), kind: 'register' },
      limits,
    )
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'file-too-large')
  })

  it('accepts an XLSX of exactly the entry limit', async () => {
    const bytes = manyEntryXlsx(UPLOAD_LIMITS.zip.maxEntries)

    assert.ok((await check({ filename: 'a.xlsx', bytes, kind: 'invoice' })).ok)
  })

  it('refuses an XLSX one entry past the limit', async () => {
    const bytes = manyEntryXlsx(UPLOAD_LIMITS.zip.maxEntries + 1)
    const result = await check({ filename: 'a.xlsx', bytes, kind: 'invoice' })
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'zip-too-many-entries')
  })

  it('accepts an entry at exactly the compression ratio limit', async () => {
    const data = dataAtRatio(UPLOAD_LIMITS.zip.maxCompressionRatio, 0)
    const result = await check({
      filename: 'a.xlsx',
      bytes: xlsxWithEntry(data),
      kind: 'invoice',
    })

    assert.ok(result.ok)
  })

  it('refuses an entry one byte past the compression ratio limit', async () => {
    const data = dataAtRatio(UPLOAD_LIMITS.zip.maxCompressionRatio, 1)
    const result = await check({
      filename: 'a.xlsx',
      bytes: xlsxWithEntry(data),
      kind: 'invoice',
    })
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'zip-bomb')
  })

  it('accepts entries that unpack to exactly the size limit', async () => {
    const bytes = xlsxWithEntry(new Uint8Array(1))
    const limits = withUnpackedLimit(unpackedSize(bytes))

    assert.ok(
      (await check({ filename: 'a.xlsx', bytes, kind: 'invoice' }, limits)).ok,
    )
  })

  it('refuses entries that unpack to one byte past the size limit', async () => {
    const bytes = xlsxWithEntry(new Uint8Array(1))
    const limits = withUnpackedLimit(unpackedSize(bytes) - 1)
    const result = await check(
      { filename: 'a.xlsx', bytes, kind: 'invoice' },
      limits,
    )
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'zip-too-large')
  })

  it('accepts an XLS of exactly the sector limit', async () => {
    const bytes = cfb()
    const limits = withSectorLimit(bytes.length / 512 - 1)

    assert.ok(
      (await check({ filename: 'a.xls', bytes, kind: 'invoice' }, limits)).ok,
    )
  })

  it('refuses an XLS one sector past the limit', async () => {
    const bytes = cfb()
    const limits = withSectorLimit(bytes.length / 512 - 2)
    const result = await check(
      { filename: 'a.xls', bytes, kind: 'invoice' },
      limits,
    )
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'cfb-too-large')
  })
})

/** The sum of the uncompressed sizes in a ZIP's central directory. */
function unpackedSize(zip: Uint8Array): number {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  const end = zip.length - 22
  let at = view.getUint32(end + 16, true)
  let total = 0
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    total += view.getUint32(at + 24, true)
    at += 46 + view.getUint16(at + 28, true)
  }

  return total
}

function withUnpackedLimit(maxUncompressedBytes: number): IntakeLimits {
  return {
    ...UPLOAD_LIMITS,
    zip: { ...UPLOAD_LIMITS.zip, maxUncompressedBytes },
  }
}

function withSectorLimit(maxSectors: number): IntakeLimits {
  return { ...UPLOAD_LIMITS, cfb: { maxSectors } }
}
