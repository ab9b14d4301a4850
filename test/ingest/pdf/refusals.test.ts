import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import type { ReadResult } from '../../../src/domain/invoice.js'
import { UPLOAD_LIMITS } from '../../../src/ingest/limits.js'
import { pdfReader } from '../../../src/ingest/pdf/index.js'
import { renderTeliaPdf } from '../../helpers/generate/pdf.js'
import { invoiceOf, plainInvoice } from './drafts.js'

function codes(result: ReadResult): string[] {
  return result.problems.map((p) => p.code)
}

async function blankPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  for (let i = 0; i < pages; i++) doc.addPage()

  return doc.save()
}

async function letterPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const page = doc.addPage()
  page.drawText('Faktura fra Eksempel Strøm AS', { x: 50, y: 700, font })
  page.drawText('Å betale 1.234,56', { x: 50, y: 680, font })

  return doc.save()
}

function hasQpdf(): boolean {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('Samlefaktura PDF refusals', () => {
  let dir = ''
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'telekost-pdf-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  async function encrypted(userPassword: string): Promise<Uint8Array> {
    const plain = join(dir, 'plain.pdf')
    const locked = join(dir, `locked-${userPassword.length}.pdf`)
    await writeFile(plain, await renderTeliaPdf(plainInvoice()))
    const args = ['--encrypt', userPassword, 'eier', '256', '--']
    execFileSync('qpdf', [...args, plain, locked])

    return readFile(locked)
  }

  it('refuses bytes that are not a PDF', async () => {
    const bytes = new TextEncoder().encode('Fakturanummer: INV0123456789')
    const result = await pdfReader.read(bytes, {})

    assert.equal(result.ok, false)
    assert.deepEqual(codes(result), ['pdf-not-pdf'])
  })

  it('refuses a PDF that is not a Telia invoice', async () => {
    const result = await pdfReader.read(await letterPdf(), {})

    assert.equal(result.ok, false)
    assert.deepEqual(codes(result), ['pdf-not-telia'])
  })

  it('refuses a Telia invoice without subscription blocks', async () => {
    const bytes = await renderTeliaPdf(invoiceOf([]))
    const result = await pdfReader.read(bytes, {})

    assert.equal(result.ok, false)
    assert.deepEqual(codes(result), ['pdf-no-blocks'])
  })

  it('reads a PDF of exactly the page limit', async () => {
    const bytes = await blankPdf(UPLOAD_LIMITS.pdf.maxPages)
    const result = await pdfReader.read(bytes, {})

    assert.deepEqual(codes(result), ['pdf-not-telia'])
  })

  it('refuses a PDF one page over the limit', async () => {
    const bytes = await blankPdf(UPLOAD_LIMITS.pdf.maxPages + 1)
    const result = await pdfReader.read(bytes, {})

    assert.equal(result.ok, false)
    assert.deepEqual(codes(result), ['pdf-too-many-pages'])
  })

  it('refuses a PDF locked with a password', { skip: !hasQpdf() }, async () => {
    const result = await pdfReader.read(await encrypted('hemmelig'), {})

    assert.equal(result.ok, false)
    assert.deepEqual(codes(result), ['pdf-encrypted'])
  })

  it(
    'refuses an encrypted PDF that opens without a password',
    { skip: !hasQpdf() },
    async () => {
      const result = await pdfReader.read(await encrypted(''), {})

      assert.equal(result.ok, false)
      assert.deepEqual(codes(result), ['pdf-encrypted'])
    },
  )

  it('leaves the caller its bytes', async () => {
    const bytes = await renderTeliaPdf(plainInvoice())
    const copy = bytes.slice()
    await pdfReader.read(bytes, {})

    assert.deepEqual(bytes, copy)
  })
})
