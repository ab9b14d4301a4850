import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { Worker } from 'node:worker_threads'
import type { ReadResult } from '../../src/domain/invoice.js'
import { ehfReader } from '../../src/ingest/ehf/index.js'
import { UPLOAD_LIMITS } from '../../src/ingest/limits.js'
import { readInSandbox } from '../../src/ingest/sandbox.js'
import { xlsxReader } from '../../src/ingest/spreadsheet/index.js'
import { makeDraft, renderEhf } from '../helpers/generate/ehf.js'
import * as hostile from '../helpers/hostile.js'
import { fixture } from '../helpers/paths.js'

const TIGHT = { maxHeapMb: 64, timeoutMs: 20_000 }

function bigEhf(): Uint8Array {
  return new TextEncoder().encode(renderEhf(makeDraft(2_000)))
}

function stoppedBy(result: ReadResult): string {
  assert.ok(!result.ok)
  assert.equal(result.problems[0]?.code, 'parser-limit')

  return result.problems[0]?.detail?.split(':')[0] ?? ''
}

async function stillReads(): Promise<void> {
  const bytes = await readFile(fixture('telia', '2026-11', 'invoice-ehf.xml'))
  const result = await readInSandbox('ehf', bytes, {})

  assert.ok(result.ok)
}

describe('readInSandbox', () => {
  it('reads a file as the reader does in process', async () => {
    const path = fixture('telia', '2026-11', 'invoice-ehf.xml')
    const direct = await ehfReader.read(await readFile(path), {})
    const sandboxed = await readInSandbox('ehf', await readFile(path), {})

    assert.deepEqual(sandboxed, direct)
  })

  it('reads a spreadsheet as the reader does in process', async () => {
    const path = fixture('telia', '2026-11', 'spesifikasjon.xlsx')
    const direct = await xlsxReader.read(await readFile(path), {})
    const sandboxed = await readInSandbox('xlsx', await readFile(path), {})

    assert.deepEqual(sandboxed, direct)
  })

  it('moves the bytes to the worker instead of copying them', async () => {
    const bytes = new Uint8Array(
      await readFile(fixture('telia', '2026-11', 'invoice-ehf.xml')),
    )
    await readInSandbox('ehf', bytes, {})

    assert.equal(bytes.byteLength, 0)
  })

  it('leaves the rest of a shared buffer alone', async () => {
    const file = await readFile(fixture('telia', '2026-11', 'invoice-ehf.xml'))
    const shared = new Uint8Array(file.length + 10)
    shared.set(file, 10)
    const result = await readInSandbox('ehf', shared.subarray(10), {})

    assert.ok(result.ok)
    assert.equal(shared.byteLength, file.length + 10)
  })

  it('stops a read that runs past its time', async () => {
    const result = await readInSandbox(
      'ehf',
      bigEhf(),
      {},
      { maxHeapMb: 512, timeoutMs: 1 },
    )

    assert.equal(stoppedBy(result), 'timeout')
  })

  it('stops a read that runs out of memory', async () => {
    const result = await readInSandbox(
      'ehf',
      bigEhf(),
      {},
      { maxHeapMb: 16, timeoutMs: 60_000 },
    )

    assert.equal(stoppedBy(result), 'memory')
  })

  it('keeps the process reading after a worker ran out of memory', async () => {
    await readInSandbox(
      'ehf',
      bigEhf(),
      {},
      { maxHeapMb: 16, timeoutMs: 60_000 },
    )

    await stillReads()
  })

  it('explains a stopped read in Norwegian', async () => {
    const result = await readInSandbox(
      'ehf',
      bigEhf(),
      {},
      { maxHeapMb: 512, timeoutMs: 1 },
    )
    assert.ok(!result.ok)

    assert.match(result.problems[0]!.message, /ble stoppet/)
  })

  it('reads a 2,000-subscription EHF within the default limits', async () => {
    const result = await readInSandbox(
      'ehf',
      bigEhf(),
      {},
      UPLOAD_LIMITS.worker,
    )
    assert.ok(result.ok)

    assert.equal(result.draft.subscriptions.length, 2_000)
  })
})

/**
 * Runs `code` (an async function body) in a fresh worker and answers
 * whether pdf.js, which sets `globalThis.pdfjsLib`, was loaded by it.
 */
function loadsPdfjs(code: string): Promise<boolean> {
  const readers = new URL('../../src/ingest/readers.js', import.meta.url)
  const source = `
    const { parentPort } = require('node:worker_threads')
    const readers = ${JSON.stringify(readers.href)}
    ;(async () => { ${code} })().then(
      () => parentPort.postMessage(typeof globalThis.pdfjsLib),
      (err) => parentPort.postMessage(String(err)),
    )`
  const worker = new Worker(source, { eval: true })

  return new Promise((resolve, reject) => {
    worker.once('message', (kind: string) => {
      void worker.terminate()
      if (kind === 'object' || kind === 'undefined') resolve(kind === 'object')
      else reject(new Error(kind))
    })
    worker.once('error', reject)
  })
}

describe('loadReader', () => {
  it('loads the EHF reader without pdf.js', async () => {
    const code = "await (await import(readers)).loadReader('ehf')"

    assert.equal(await loadsPdfjs(code), false)
  })

  it('loads the XLSX reader without pdf.js', async () => {
    const code = "await (await import(readers)).loadReader('xlsx')"

    assert.equal(await loadsPdfjs(code), false)
  })

  it('sees pdf.js in a worker that imports it', async () => {
    const pdfjs = import.meta.resolve('pdfjs-dist/legacy/build/pdf.mjs')
    const code = `await import(${JSON.stringify(pdfjs)})`

    assert.equal(await loadsPdfjs(code), true)
  })
})

describe('hostile files only a reader can catch', () => {
  const cases: Array<[string, 'pdf' | 'xlsx', () => Uint8Array]> = [
    [
      'a PDF with a huge decompressed stream',
      'pdf',
      () => hostile.hugeStreamPdf(),
    ],
    ['a PDF whose page tree loops', 'pdf', () => hostile.referenceLoopPdf()],
    [
      'an XLSX with a merged range over the whole sheet',
      'xlsx',
      () => hostile.wholeSheetMergeXlsx(),
    ],
    [
      'an XLSX with a column range over the whole sheet',
      'xlsx',
      () => hostile.wholeSheetColumnsXlsx(),
    ],
  ]
  for (const [what, format, make] of cases) {
    it(`fails cleanly on ${what}`, async () => {
      const result = await readInSandbox(format, make(), {}, TIGHT)
      assert.ok(!result.ok)
      const reason = result.problems[0]?.detail?.split(':')[0]

      assert.ok(!['worker-error', 'exit'].includes(reason ?? ''), reason)
      await stillReads()
    })
  }
})
