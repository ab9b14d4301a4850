import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { openPdf } from '../../../src/ingest/pdf/document.js'
import type { OpenPdf } from '../../../src/ingest/pdf/document.js'
import { pdfReader } from '../../../src/ingest/pdf/index.js'
import { packPage, unpackPage } from '../../../src/ingest/pdf/page-transfer.js'
import { readPagesFrom } from '../../../src/ingest/pdf/split.js'
import type { PageTexts } from '../../../src/ingest/pdf/split.js'
import { makeInvoice } from '../../helpers/generate/invoice.js'
import { renderTeliaPdf } from '../../helpers/generate/pdf.js'

/** Long enough for a helper thread: about 50 pages. */
const draft = makeInvoice({ subscriptions: 160, seed: 7 })

async function withPdf<T>(
  bytes: Uint8Array,
  read: (pdf: OpenPdf) => Promise<T>,
): Promise<T> {
  const opened = await openPdf(bytes, 2_000)
  assert.ok(opened.ok)
  try {
    return await read(opened.pdf)
  } finally {
    await opened.pdf.close()
  }
}

function pageNumbers(texts: PageTexts): number[] {
  return [...texts.keys()].sort((a, b) => a - b)
}

describe('reading a long PDF on two threads', () => {
  let bytes: Uint8Array = new Uint8Array()
  before(async () => {
    bytes = await renderTeliaPdf(draft)
  })

  it('reads every subscription of a long invoice', async () => {
    const result = await pdfReader.read(bytes, {})

    assert.ok(result.ok, JSON.stringify(result.problems))
    assert.deepEqual(result.draft.subscriptions, draft.subscriptions)
  })

  it('reads the same text with a helper thread as without', async () => {
    const [shared, alone] = await withPdf(bytes, async (pdf) => [
      await readPagesFrom(pdf, bytes, 2, 2),
      await readPagesFrom(pdf, bytes, 2, Infinity),
    ])

    assert.ok(alone.size > 40)
    assert.deepEqual(pageNumbers(shared), pageNumbers(alone))
    for (const [n, pieces] of alone) assert.deepEqual(shared.get(n), pieces)
  })

  it('reads every page itself when the helper cannot open the file', async () => {
    const texts = await withPdf(bytes, (pdf) =>
      readPagesFrom(pdf, new Uint8Array([1, 2, 3]), 2, 2),
    )

    const pages = pageNumbers(texts)
    assert.equal(pages.length, texts.size)
    assert.equal(pages.at(-1), pages.length + 1)
    assert.ok([...texts.values()].every((pieces) => pieces !== null))
  })

  it('reads nothing when no page is left to read', async () => {
    const texts = await withPdf(bytes, (pdf) =>
      readPagesFrom(pdf, bytes, pdf.pageCount + 1, 1),
    )

    assert.equal(texts.size, 0)
  })
})

describe('packed pages', () => {
  it('unpack to the pieces that were packed', () => {
    const pieces = [
      { text: 'Total', x: 56.7, y: 700.25, width: 24.5, size: 9 },
      { text: '', x: 0, y: 0, width: 0, size: 0 },
      { text: '1 113,73', x: 480.1, y: 700.25, width: 33.33, size: 9 },
    ]

    assert.deepEqual(unpackPage(packPage(3, pieces)), pieces)
  })

  it('keep a page pdf.js could not read unreadable', () => {
    assert.equal(unpackPage(packPage(3, null)), null)
  })
})
