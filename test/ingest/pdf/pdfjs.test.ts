import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadPdfjs } from '../../../src/ingest/pdf/pdfjs.js'

describe('loading pdf.js', () => {
  it("leaves the engine's own Array push in place", async () => {
    await loadPdfjs()
    const source = Function.prototype.toString.call(Array.prototype.push)

    assert.match(source, /\[native code\]/)
  })

  it('adds nothing enumerable to arrays', async () => {
    await loadPdfjs()
    const keys: string[] = []
    for (const key in []) keys.push(key)

    assert.deepEqual(keys, [])
  })
})
