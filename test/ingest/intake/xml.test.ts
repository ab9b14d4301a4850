import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { checkUpload } from '../../../src/ingest/intake/index.js'
import type { IntakeResult } from '../../../src/ingest/intake/index.js'
import { makeDraft, renderEhf } from '../../helpers/generate/ehf.js'
import { fixture } from '../../helpers/paths.js'

function check(bytes: Uint8Array): Promise<IntakeResult> {
  return checkUpload({ filename: 'faktura.xml', bytes, kind: 'invoice' })
}

function code(result: IntakeResult): string {
  return result.ok ? 'ok' : result.problem.code
}

/** A generated EHF large enough that its end lies far past the head. */
function largeEhf(): string {
  return renderEhf(makeDraft(200))
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

describe('EHF intake', () => {
  it('accepts the Telia EHF fixture', async () => {
    const bytes = await readFile(fixture('telia', '2026-11', 'invoice-ehf.xml'))

    assert.equal(code(await check(bytes)), 'ok')
  })

  it('refuses a DOCTYPE far past the head of the file', async () => {
    const xml = largeEhf().replace('</Invoice>', '<!DOCTYPE x></Invoice>')

    assert.equal(code(await check(encode(xml))), 'xml-doctype')
  })

  it('refuses an ENTITY declaration in lower case inside a comment', async () => {
    const xml = largeEhf().replace(
      '</Invoice>',
      '<!-- <!entity x "y"> -->\n</Invoice>',
    )

    assert.equal(code(await check(encode(xml))), 'xml-doctype')
  })

  it('refuses a byte that is not UTF-8 far past the head of the file', async () => {
    const bytes = encode(largeEhf())
    bytes[bytes.length - 20] = 0xff

    assert.equal(code(await check(bytes)), 'xml-not-ehf')
  })

  it('accepts a character split by the end of the inspected head', async () => {
    const head = 64 * 1024
    const xml = largeEhf()
    const at = xml.indexOf('<cbc:ProfileID>')
    const before = `${xml.slice(0, at)}<!-- `
    const filler = 'x'.repeat(head - 1 - encode(before).length)
    const split = `${before}${filler}ø -->${xml.slice(at)}`
    assert.deepEqual(
      [...encode(split).subarray(head - 1, head + 1)],
      [0xc3, 0xb8],
    )

    assert.equal(code(await check(encode(split))), 'ok')
  })
})
