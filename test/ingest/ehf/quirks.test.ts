import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ReadResult } from '../../../src/domain/invoice.js'
import { ehfReader } from '../../../src/ingest/ehf/index.js'
import type { ReadOptions } from '../../../src/ingest/reader.js'
import { UPLOAD_LIMITS } from '../../../src/ingest/limits.js'
import { makeDraft, renderEhf } from '../../helpers/generate/ehf.js'
import { billionLaughsXml, xxeXml } from '../../helpers/hostile.js'

function read(xml: string, options: ReadOptions = {}): Promise<ReadResult> {
  return ehfReader.read(new TextEncoder().encode(xml), options)
}

function codes(result: ReadResult): string[] {
  return result.problems.map((p) => p.code)
}

function nested(depth: number): string {
  return `<Invoice>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</Invoice>`
}

describe('EHF quirks', () => {
  it('refuses an external entity before parsing', async () => {
    const result = await read(xxeXml())

    assert.equal(result.ok, false)
    assert.deepEqual(codes(result), ['xml-doctype'])
  })

  it('refuses entity expansion before parsing', async () => {
    const result = await read(billionLaughsXml())

    assert.deepEqual(codes(result), ['xml-doctype'])
  })

  it('puts a line without the phone property among the unassigned lines', async () => {
    const xml = renderEhf(makeDraft(2)).replace(
      /<cac:AdditionalItemProperty><cbc:Name>Telefonnummer<\/cbc:Name><cbc:Value>91000001<\/cbc:Value><\/cac:AdditionalItemProperty>/g,
      '',
    )
    const result = await read(xml)
    assert.ok(result.ok)

    assert.equal(result.draft.subscriptions.length, 1)
    assert.equal(result.draft.unassignedLines.length, 6)
  })

  it('says how many lines lack a phone number', async () => {
    const xml = renderEhf(makeDraft(1)).replaceAll('Telefonnummer', 'Nummer')
    const result = await read(xml)

    assert.deepEqual(codes(result), ['ehf-lines-without-phone'])
  })

  it('reads the phone number from a property named in the options', async () => {
    const xml = renderEhf(makeDraft(3), 'Mobilnummer')
    const result = await read(xml, { phoneProperty: 'Mobilnummer' })
    assert.ok(result.ok)

    assert.deepEqual(
      result.draft.subscriptions.map((s) => s.phone),
      ['+4791000000', '+4791000001', '+4791000002'],
    )
  })

  it('reads the phone number from a property named in the profile', async () => {
    const xml = renderEhf(makeDraft(1), 'Abonnement')
    const profile = {
      id: 'p',
      name: 'p',
      supplier: 'Telia Norge AS',
      ehf: { phoneProperty: 'Abonnement', userProperty: 'Bruker' },
    }
    const result = await read(xml, { profile })
    assert.ok(result.ok)

    assert.equal(result.draft.subscriptions.length, 1)
  })

  it('takes the phone number from the note only when the profile says so', async () => {
    const xml = renderEhf(makeDraft(1))
      .replaceAll(
        '<cbc:Name>Telefonnummer</cbc:Name>',
        '<cbc:Name>X</cbc:Name>',
      )
      .replaceAll(
        /<cbc:Note>[^<]*<\/cbc:Note>/g,
        '<cbc:Note>910 00 000</cbc:Note>',
      )
    const ehf = {
      phoneProperty: 'Telefonnummer',
      userProperty: 'Bruker',
      phoneFallbacks: ['note' as const],
    }
    const plain = await read(xml)
    const withFallback = await read(xml, {
      profile: { id: 'p', name: 'p', supplier: 'Telia', ehf },
    })
    assert.ok(plain.ok && withFallback.ok)

    assert.equal(plain.draft.subscriptions.length, 0)
    assert.equal(withFallback.draft.subscriptions.length, 1)
  })

  it('answers malformed XML with the line of the error', async () => {
    const xml = renderEhf(makeDraft(1)).replace('</cac:Item>', '</cac:Itm>')
    const result = await read(xml)

    assert.deepEqual(codes(result), ['xml-malformed'])
    assert.match(result.problems[0]!.message, /linje \d+/)
  })

  it('answers a truncated file as malformed', async () => {
    const xml = renderEhf(makeDraft(2))
    const result = await read(xml.slice(0, xml.length / 2))

    assert.deepEqual(codes(result), ['xml-malformed'])
  })

  it('reads nesting at the depth limit', async () => {
    const result = await read(nested(UPLOAD_LIMITS.xml.maxDepth - 1))

    assert.ok(!codes(result).includes('xml-too-deep'))
  })

  it('refuses nesting past the depth limit', async () => {
    const result = await read(nested(UPLOAD_LIMITS.xml.maxDepth))

    assert.deepEqual(codes(result), ['xml-too-deep'])
  })

  it('refuses a document that is not an invoice', async () => {
    const result = await read('<Order><ID>1</ID></Order>')

    assert.deepEqual(codes(result), ['ehf-not-invoice'])
  })

  it('refuses an amount written with a comma', async () => {
    const xml = renderEhf(makeDraft(1)).replace(
      /(<\/cbc:InvoicedQuantity>\s*<cbc:LineExtensionAmount currencyID="NOK">)(\d+)\.(\d\d)/,
      '$1$2,$3',
    )
    const result = await read(xml)

    assert.deepEqual(codes(result), ['ehf-line-amount'])
  })

  it('decodes the entities XML itself defines', async () => {
    const result = await read(renderEhf(makeDraft(1)))
    assert.ok(result.ok)

    assert.equal(result.draft.subscriptions[0]!.user, 'Ansatt & «Nr» 0')
  })

  it('refuses bytes that are not UTF-8', async () => {
    const bytes = Uint8Array.from([0x3c, 0x61, 0xff, 0x3e])
    const result = await ehfReader.read(bytes, {})

    assert.deepEqual(codes(result), ['xml-encoding'])
  })
})
