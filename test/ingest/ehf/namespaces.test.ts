import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import type { ReadResult } from '../../../src/domain/invoice.js'
import { ehfReader } from '../../../src/ingest/ehf/index.js'
import { makeDraft, renderEhf } from '../../helpers/generate/ehf.js'
import { fixture } from '../../helpers/paths.js'

const INVOICE = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'
const CBC =
  'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2'

async function teliaXml(): Promise<string> {
  return readFile(fixture('telia', '2026-11', 'invoice-ehf.xml'), 'utf8')
}

function read(xml: string | Uint8Array): Promise<ReadResult> {
  const bytes = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml

  return ehfReader.read(bytes, {})
}

function codes(result: ReadResult): string[] {
  return result.problems.map((p) => p.code)
}

/** Renames a prefix in tags and in its declaration. */
function renamePrefix(xml: string, from: string, to: string): string {
  const tag = new RegExp(`(</?)${from}:`, 'g')
  const prefix = to === '' ? '$1' : `$1${to}:`

  return xml
    .replace(tag, prefix)
    .replace(`xmlns:${from}=`, to === '' ? 'xmlns=' : `xmlns:${to}=`)
}

describe('EHF namespaces and markup', () => {
  it('reads prefixes other than cbc and cac', async () => {
    const xml = await teliaXml()
    const renamed = renamePrefix(renamePrefix(xml, 'cbc', 'b'), 'cac', 'agg')

    assert.deepEqual(await read(renamed), await read(xml))
  })

  it('reads basic components in the default namespace under a prefixed root', async () => {
    const xml = await teliaXml()
    const prefixedRoot = xml
      .replace(`xmlns="${INVOICE}"`, `xmlns:ubl="${INVOICE}"`)
      .replace('<Invoice ', '<ubl:Invoice ')
      .replace('</Invoice>', '</ubl:Invoice>')
    const defaultCbc = renamePrefix(prefixedRoot, 'cbc', '')
    assert.ok(defaultCbc.includes(`xmlns="${CBC}"`))

    assert.deepEqual(await read(defaultCbc), await read(xml))
  })

  it('refuses an Invoice root outside the UBL namespace', async () => {
    const xml = (await teliaXml()).replace(`xmlns="${INVOICE}"`, '')

    assert.deepEqual(codes(await read(xml)), ['ehf-not-invoice'])
  })

  it('does not read a total written in another namespace', async () => {
    const xml = (await teliaXml()).replace(
      /<cbc:PayableAmount([^>]*)>([^<]*)<\/cbc:PayableAmount>/,
      '<x:PayableAmount xmlns:x="urn:other"$1>$2</x:PayableAmount>',
    )

    assert.deepEqual(codes(await read(xml)), ['ehf-missing-total'])
  })

  it('reads an item name written as CDATA', async () => {
    const xml = renderEhf(makeDraft(1)).replace(
      '<cbc:Name>Samtaler i Norge</cbc:Name>',
      '<cbc:Name><![CDATA[Samtaler i Norge & <utland>]]></cbc:Name>',
    )
    const result = await read(xml)
    assert.ok(result.ok)
    const descriptions = result.draft.subscriptions[0]!.lines.map(
      (l) => l.description,
    )

    assert.ok(descriptions.includes('Samtaler i Norge & <utland>'))
  })

  it('reads comments and processing instructions between elements', async () => {
    const xml = await teliaXml()
    const commented = xml
      .replaceAll('</cbc:ID>', '</cbc:ID><!-- linje -->')
      .replaceAll('<cac:InvoiceLine>', '<?telia skip?><cac:InvoiceLine>')

    assert.deepEqual(await read(commented), await read(xml))
  })

  it('refuses an overlong UTF-8 sequence', async () => {
    const xml = renderEhf(makeDraft(1))
    const at = new TextEncoder().encode(xml.slice(0, xml.indexOf('Ansatt')))
    const bytes = new TextEncoder().encode(xml)
    bytes.set([0xc0, 0xaf], at.length)

    assert.deepEqual(codes(await read(bytes)), ['xml-encoding'])
  })

  it('refuses a file cut off inside a character', async () => {
    const bytes = new TextEncoder().encode(renderEhf(makeDraft(1)) + 'ø')

    assert.deepEqual(codes(await read(bytes.subarray(0, -1))), ['xml-encoding'])
  })

  it('names the line of a mismatched end tag', async () => {
    const xml = renderEhf(makeDraft(1)).replace('</cac:Item>', '</cac:Itm>')
    const line = xml.slice(0, xml.indexOf('</cac:Itm>')).split('\n').length
    const result = await read(xml)

    assert.match(result.problems[0]!.message, new RegExp(`linje ${line}\\)`))
  })

  it('refuses a DOCTYPE after the root element', async () => {
    const xml = (await teliaXml()) + '<!DOCTYPE x>'

    assert.deepEqual(codes(await read(xml)), ['xml-doctype'])
  })
})
