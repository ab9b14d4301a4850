import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { Worker } from 'node:worker_threads'
import { PDFJS_OPTIONS } from '../../../src/ingest/pdf/document.js'
import { pdfReader } from '../../../src/ingest/pdf/index.js'
import { readInvoiceFile } from '../../../src/ingest/read-invoice.js'
import * as hostile from '../../helpers/hostile.js'
import { repoRoot } from '../../helpers/paths.js'

const flags = globalThis as { pwned?: unknown }

interface ChildReport {
  codes: string[]
  pwned: unknown
}

function readInWorker(bytes: Uint8Array): Promise<ChildReport> {
  const url = new URL('./hostile-font-child.js', import.meta.url)
  const worker = new Worker(url, { workerData: bytes })

  return new Promise((resolve, reject) => {
    worker.once('message', (report: ChildReport) => {
      resolve(report)
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}

/** The call pdf.js up to 4.1 compiled for a glyph, with this FontMatrix. */
function oldGlyphCode(matrix: Array<number | string>): string {
  return `c.save();c.transform(${matrix.join(',')});c.restore();`
}

describe('a PDF whose font program is built to run code', () => {
  let dir = ''
  let marker = ''
  let bytes: Uint8Array = new Uint8Array()
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'telekost-font-'))
    marker = join(dir, 'payload-ran')
    bytes = hostile.fontInjectionPdf(hostile.fontPayload(marker))
  })
  after(async () => {
    delete flags.pwned
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    delete flags.pwned
    await rm(marker, { force: true })
  })

  it('carries a payload that runs when compiled as glyph code', () => {
    const matrix = hostile.injectedFontMatrix(hostile.fontPayload(marker))
    const glyph = new Function('c', 'size', oldGlyphCode(matrix))
    const noop = () => {}
    glyph({ save: noop, transform: noop, restore: noop }, 12)

    assert.equal(flags.pwned, 1)
    assert.ok(existsSync(marker))
  })

  it('is read by the PDF reader without running the payload', async () => {
    const result = await pdfReader.read(bytes, {})

    assert.equal(result.ok, false)
    assert.deepEqual(
      result.problems.map((p) => p.code),
      ['pdf-not-telia'],
    )
    assert.equal(flags.pwned, undefined)
    assert.equal(existsSync(marker), false)
  })

  it('runs no payload in the worker thread that reads it', async () => {
    const report = await readInWorker(bytes)

    assert.deepEqual(report, { codes: ['pdf-not-telia'], pwned: null })
    assert.equal(existsSync(marker), false)
  })

  it('is refused through the sandbox with a problem that says why', async () => {
    const result = await readInvoiceFile({
      filename: 'faktura.pdf',
      bytes,
      options: {},
    })

    assert.equal(result.ok, false)
    const [problem] = result.problems
    assert.equal(problem?.code, 'pdf-not-telia')
    assert.match(problem?.message ?? '', /Telia/)
    assert.equal(flags.pwned, undefined)
    assert.equal(existsSync(marker), false)
  })
})

describe('the options pdf.js opens a file with', () => {
  it('keep eval off, so pdf.js compiles no code from a file', () => {
    assert.equal(PDFJS_OPTIONS.isEvalSupported, false)
  })

  it('stay frozen, so no caller can switch eval on', () => {
    assert.ok(Object.isFrozen(PDFJS_OPTIONS))
  })

  it('are the ones the document opener passes and overrides none of', async () => {
    const path = join(repoRoot, 'src', 'ingest', 'pdf', 'document.ts')
    const source = await readFile(path, 'utf8')
    const call = /getDocument\(\{([^}]*)\}\)/.exec(source)?.[1] ?? ''

    assert.match(call, /\.\.\.PDFJS_OPTIONS,/)
    const after = call.slice(call.indexOf('...PDFJS_OPTIONS'))
    for (const key of Object.keys(PDFJS_OPTIONS)) {
      assert.doesNotMatch(after, new RegExp(`\\b${key}\\b`), key)
    }
    assert.equal(source.match(/isEvalSupported/g)?.length, 1)
  })
})
