import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  checkUpload,
  sanitiseFilename,
} from '../../../src/ingest/intake/index.js'
import { UPLOAD_LIMITS } from '../../../src/ingest/limits.js'
import { BAD_FILENAMES, pdf } from '../../helpers/hostile.js'

const bytes = pdf(['<< /Type /Catalog >>'])

function upload(filename: string) {
  return checkUpload({ filename, bytes, kind: 'invoice' })
}

/** A `.pdf` name of exactly `size` UTF-8 bytes, with two-byte letters. */
function nameOfBytes(size: number): string {
  const stem = 'ø'.repeat(Math.floor((size - 4) / 2))

  return `${stem}${'a'.repeat((size - 4) % 2)}.pdf`
}

describe('upload filenames', () => {
  for (const [name, reason] of BAD_FILENAMES) {
    it(`refuses a name with ${reason}`, async () => {
      const result = await upload(name)
      assert.ok(!result.ok)

      assert.equal(result.severity, 7)
      assert.match(result.problem.code, /^filename-/)
    })
  }

  it('accepts an ordinary Norwegian name with spaces and parentheses', async () => {
    const result = await upload('Telia faktura oktober (1) – Østlandet.pdf')

    assert.ok(result.ok)
  })

  it('accepts a name of exactly the byte limit', async () => {
    const name = nameOfBytes(UPLOAD_LIMITS.maxFilenameBytes)
    assert.equal(Buffer.byteLength(name), UPLOAD_LIMITS.maxFilenameBytes)

    assert.ok((await upload(name)).ok)
  })

  it('refuses a name one byte past the limit', async () => {
    const result = await upload(nameOfBytes(UPLOAD_LIMITS.maxFilenameBytes + 1))
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'filename-too-long')
  })

  it('tells the user what to do in Norwegian', async () => {
    const result = await upload('../x.pdf')
    assert.ok(!result.ok)

    assert.match(result.problem.message, /Gi filen et vanlig navn/)
  })
})

describe('sanitiseFilename', () => {
  for (const [name, reason] of BAD_FILENAMES) {
    it(`leaves nothing unsafe in a name with ${reason}`, () => {
      const shown = sanitiseFilename(name)

      assert.doesNotMatch(
        shown,
        // eslint-disable-next-line no-control-regex -- looking for them
        /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069/\\<>|&;$`]|\.\./,
      )
      assert.ok(Buffer.byteLength(shown) <= UPLOAD_LIMITS.maxFilenameBytes)
    })
  }

  it('keeps an ordinary name as it is', () => {
    assert.equal(sanitiseFilename('Faktura 2026-11.pdf'), 'Faktura 2026-11.pdf')
  })

  it('never answers with an empty name', () => {
    assert.equal(sanitiseFilename('\u202e'), '_')
    assert.equal(sanitiseFilename(''), 'fil')
  })
})
