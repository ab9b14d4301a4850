import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { UPLOAD_LIMITS } from '../../../src/ingest/limits.js'
import { readInvoiceFile } from '../../../src/ingest/read-invoice.js'
import { makeDraft, renderEhf } from '../../helpers/generate/ehf.js'
import { zipBombXlsx } from '../../helpers/hostile.js'
import { fixture } from '../../helpers/paths.js'

describe('readInvoiceFile', () => {
  it('reads an EHF invoice through the intake and the sandbox', async () => {
    const bytes = await readFile(fixture('telia', '2026-11', 'invoice-ehf.xml'))
    const result = await readInvoiceFile({
      filename: 'faktura.xml',
      bytes,
      options: {},
    })
    assert.ok(result.ok)

    assert.equal(result.format, 'ehf')
    assert.equal(result.draft.header.payableOre, 4443172)
  })

  it('answers a refused upload with its problem and severity', async () => {
    const result = await readInvoiceFile({
      filename: 'a.xlsx',
      bytes: zipBombXlsx(),
      options: {},
    })
    assert.ok(!result.ok)

    assert.equal(result.problems[0]?.code, 'zip-bomb')
    assert.equal(result.severity, 8)
  })

  it('answers a read stopped by its limits with a parser-limit problem', async () => {
    const bytes = new TextEncoder().encode(renderEhf(makeDraft(500)))
    const limits = {
      ...UPLOAD_LIMITS,
      worker: { maxHeapMb: 512, timeoutMs: 1 },
    }
    const result = await readInvoiceFile({
      filename: 'a.xml',
      bytes,
      options: {},
      limits,
    })
    assert.ok(!result.ok)

    assert.equal(result.problems[0]?.code, 'parser-limit')
  })
})
