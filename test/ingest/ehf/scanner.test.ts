import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { scanXml } from '../../../src/ingest/ehf/scanner.js'
import type {
  ScanResult,
  Selected,
  XmlElement,
} from '../../../src/ingest/ehf/scanner.js'
import { UPLOAD_LIMITS } from '../../../src/ingest/limits.js'

const LIMITS = {
  maxDepth: UPLOAD_LIMITS.xml.maxDepth,
  maxNamespaces: UPLOAD_LIMITS.xml.maxNamespaces,
}
const NS = 'urn:example:a'

/** Keeps `<r>`'s text, in no namespace. */
const TEXT_OF_R: Selected[] = [{ name: 'r', namespace: null, children: null }]

function scan(xml: string, roots: Selected[] = TEXT_OF_R): ScanResult {
  return scanXml(xml, roots, LIMITS)
}

function textOf(xml: string): string | null {
  const result = scan(xml)
  assert.ok(result.ok, result.ok ? '' : result.error.reason)

  return result.root.element?.text ?? null
}

function refusal(xml: string, maxDepth: number = LIMITS.maxDepth): string {
  const result = scanXml(xml, TEXT_OF_R, { ...LIMITS, maxDepth })
  assert.ok(!result.ok, 'the scanner accepted the document')

  return result.error.code
}

/** ` xmlns:p0="urn:p0"` and so on, `count` of them. */
function declarations(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => ` xmlns:p${i}="urn:p${i}"`,
  ).join('')
}

function nested(depth: number): string {
  return '<e>'.repeat(depth) + '</e>'.repeat(depth)
}

/** The inverse of what the scanner decodes: safe for any XML text. */
function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\r', '&#13;')
}

/** Any character XML 1.0 can carry, astral ones included. */
const xmlCharacter = fc
  .oneof(
    fc.constantFrom('\t', '\n', '\r', ' ', '&', '<', '>', ']', '"', "'"),
    fc.integer({ min: 0x20, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0xfffd }),
    fc.integer({ min: 0x10000, max: 0x10ffff }),
  )
  .map((c) => (typeof c === 'number' ? String.fromCodePoint(c) : c))

describe('scanXml', () => {
  describe('well-formedness', () => {
    it('keeps the text of a selected element', () => {
      assert.equal(textOf('<r>Dobbel 15 GB</r>'), 'Dobbel 15 GB')
    })

    it('refuses an end tag that does not match its start tag', () => {
      assert.equal(refusal('<r><a></b></r>'), 'xml-malformed')
    })

    it('refuses an end tag that only begins like its start tag', () => {
      assert.equal(refusal('<r><ab></a></r>'), 'xml-malformed')
    })

    it('refuses a root that is never closed', () => {
      assert.equal(refusal('<r><a></a>'), 'xml-malformed')
    })

    it('refuses a second root element', () => {
      assert.equal(refusal('<r></r><r></r>'), 'xml-malformed')
    })

    it('refuses a document without a root element', () => {
      assert.equal(refusal('<!-- nothing -->'), 'xml-malformed')
    })

    it('refuses text before the root element', () => {
      assert.equal(refusal('x<r></r>'), 'xml-malformed')
    })

    it('refuses text after the root element', () => {
      assert.equal(refusal('<r></r>x'), 'xml-malformed')
    })

    it('allows whitespace around the root element', () => {
      assert.equal(textOf(' \n<r>a</r>\r\n\t'), 'a')
    })

    it('refuses an attribute value without quotes', () => {
      assert.equal(refusal('<r a=1>x</r>'), 'xml-malformed')
    })

    it('refuses a < inside an attribute value', () => {
      assert.equal(refusal('<r a="<">x</r>'), 'xml-malformed')
    })

    it('reads a > inside an attribute value', () => {
      assert.equal(textOf('<r a=">">x</r>'), 'x')
    })

    it('refuses an attribute given twice', () => {
      assert.equal(refusal('<r a="1" a="2">x</r>'), 'xml-malformed')
    })

    it('refuses attributes with no space between them', () => {
      assert.equal(refusal('<r a="1"b="2">x</r>'), 'xml-malformed')
    })

    it('refuses a control character XML forbids', () => {
      assert.equal(refusal('<r>a\u0001b</r>'), 'xml-malformed')
    })

    it('refuses ]]> in text', () => {
      assert.equal(refusal('<r>a]]>b</r>'), 'xml-malformed')
    })
  })

  describe('the XML declaration', () => {
    it('reads a declaration at the start', () => {
      const xml =
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><r>a</r>'

      assert.equal(textOf(xml), 'a')
    })

    it('refuses a declaration after anything else', () => {
      assert.equal(refusal(' <?xml version="1.0"?><r/>'), 'xml-malformed')
    })

    it('refuses a declaration without a version', () => {
      assert.equal(refusal('<?xml encoding="UTF-8"?><r/>'), 'xml-malformed')
    })

    it('refuses a declared encoding other than UTF-8', () => {
      const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><r/>'

      assert.equal(refusal(xml), 'xml-encoding')
    })
  })

  describe('comments, CDATA and processing instructions', () => {
    it('reads CDATA as text, markup characters and all', () => {
      assert.equal(textOf('<r>a <![CDATA[<b> & ]]> c</r>'), 'a <b> &  c')
    })

    it('refuses CDATA that never ends', () => {
      assert.equal(refusal('<r><![CDATA[a</r>'), 'xml-malformed')
    })

    it('refuses CDATA outside the root element', () => {
      assert.equal(refusal('<![CDATA[a]]><r/>'), 'xml-malformed')
    })

    it('leaves comments out of the text', () => {
      assert.equal(textOf('<r>a<!-- <b>x</b> -->b</r>'), 'ab')
    })

    it('refuses -- inside a comment', () => {
      assert.equal(refusal('<r><!-- a -- b --></r>'), 'xml-malformed')
    })

    it('skips processing instructions inside and outside the root', () => {
      assert.equal(textOf('<?pi x?><r>a<?pi <y>?>b</r><?pi z?>'), 'ab')
    })

    it('refuses a processing instruction that never ends', () => {
      assert.equal(refusal('<r><?pi x</r>'), 'xml-malformed')
    })
  })

  describe('entities', () => {
    it('decodes the five entities XML defines', () => {
      assert.equal(textOf('<r>&amp;&lt;&gt;&quot;&apos;</r>'), '&<>"\'')
    })

    it('decodes decimal and hexadecimal character references', () => {
      assert.equal(textOf('<r>&#248;&#xE5;&#x1F4F1;</r>'), 'øå📱')
    })

    it('refuses an entity XML does not define', () => {
      assert.equal(refusal('<r>&nbsp;</r>'), 'xml-malformed')
    })

    it('refuses an unknown entity in an element that is not kept', () => {
      assert.equal(refusal('<r><a>&lol9;</a></r>'), 'xml-malformed')
    })

    it('refuses an unknown entity in an attribute value', () => {
      assert.equal(refusal('<r a="&x;">b</r>'), 'xml-malformed')
    })

    it('refuses a bare ampersand', () => {
      assert.equal(refusal('<r>AT&T</r>'), 'xml-malformed')
    })

    it('refuses a reference to a character XML forbids', () => {
      assert.equal(refusal('<r>&#0;</r>'), 'xml-malformed')
    })

    it('refuses a DOCTYPE', () => {
      assert.equal(refusal('<!DOCTYPE r [<!ENTITY a "b">]><r/>'), 'xml-doctype')
    })

    it('refuses a DOCTYPE written in lower case', () => {
      assert.equal(refusal('<!doctype r><r/>'), 'xml-doctype')
    })

    it('refuses an ENTITY declaration hidden in a comment', () => {
      assert.equal(refusal('<r><!-- <!ENTITY a "b"> --></r>'), 'xml-doctype')
    })

    it('refuses a DOCTYPE hidden in CDATA', () => {
      assert.equal(refusal('<r><![CDATA[<!DOCTYPE r>]]></r>'), 'xml-doctype')
    })
  })

  describe('depth', () => {
    it('reads nesting at the depth limit', () => {
      const result = scan(nested(LIMITS.maxDepth))

      assert.ok(result.ok)
    })

    it('refuses nesting one past the depth limit', () => {
      assert.equal(refusal(nested(LIMITS.maxDepth + 1)), 'xml-too-deep')
    })

    it('counts self-closing elements towards the depth', () => {
      const xml = '<e>'.repeat(3) + '<e/>' + '</e>'.repeat(3)

      assert.equal(refusal(xml, 3), 'xml-too-deep')
    })
  })

  describe('namespaces', () => {
    const kept: Selected[] = [{ name: 'r', namespace: NS, children: null }]

    function keptText(xml: string): string | null {
      const result = scan(xml, kept)
      assert.ok(result.ok, result.ok ? '' : result.error.reason)

      return result.root.element?.text ?? null
    }

    it('keeps an element by its namespace, whatever its prefix', () => {
      assert.equal(keptText(`<p:r xmlns:p="${NS}">a</p:r>`), 'a')
    })

    it('keeps an element in a default namespace', () => {
      assert.equal(keptText(`<r xmlns="${NS}">a</r>`), 'a')
    })

    it('does not keep an element of the same name in another namespace', () => {
      assert.equal(keptText('<p:r xmlns:p="urn:other">a</p:r>'), null)
    })

    it('does not keep an element in no namespace', () => {
      assert.equal(keptText('<r>a</r>'), null)
    })

    it('resolves a prefix declared again on an inner element', () => {
      const selected: Selected[] = [
        {
          name: 'r',
          namespace: 'urn:outer',
          children: [{ name: 'v', namespace: NS, children: null }],
        },
      ]
      const xml = `<p:r xmlns:p="urn:outer"><p:v xmlns:p="${NS}">a</p:v></p:r>`
      const result = scan(xml, selected)
      assert.ok(result.ok)

      assert.equal(result.root.element?.children[0]?.text, 'a')
    })

    it('refuses an undeclared element prefix', () => {
      assert.equal(refusal('<r><q:a/></r>'), 'xml-malformed')
    })

    it('refuses an undeclared attribute prefix', () => {
      assert.equal(refusal('<r q:a="1"/>'), 'xml-malformed')
    })

    it('refuses a prefix declared as nothing', () => {
      assert.equal(refusal('<r xmlns:q=""/>'), 'xml-malformed')
    })

    it('reads as many prefixes in scope as the limit allows', () => {
      const result = scan(`<r${declarations(LIMITS.maxNamespaces)}>a</r>`)

      assert.ok(result.ok)
    })

    it('refuses one prefix in scope past the limit', () => {
      const xml = `<r${declarations(LIMITS.maxNamespaces)}><a xmlns:z="urn:z"/></r>`

      assert.equal(refusal(xml), 'xml-too-many-namespaces')
    })

    it('refuses a declaration of the xmlns prefix', () => {
      assert.equal(refusal('<r xmlns:xmlns="urn:x"/>'), 'xml-malformed')
    })
  })

  describe('streaming', () => {
    it('hands a streamed element over instead of keeping it', () => {
      const line: Selected = {
        name: 'l',
        namespace: null,
        children: [{ name: 'v', namespace: null, children: null }],
        streamed: true,
      }
      const roots: Selected[] = [
        { name: 'r', namespace: null, children: [line] },
      ]
      const seen: XmlElement[] = []
      const result = scanXml(
        '<r><l><v>1</v></l><l><v>2</v></l></r>',
        roots,
        LIMITS,
        (element) => seen.push(element),
      )
      assert.ok(result.ok)

      assert.deepEqual(
        seen.map((l) => l.children[0]?.text),
        ['1', '2'],
      )
      assert.equal(result.root.element?.children.length, 0)
    })
  })

  describe('properties', () => {
    it('reads back any text escaped into an element', () => {
      fc.assert(
        fc.property(fc.string({ unit: xmlCharacter }), (text) => {
          assert.equal(textOf(`<r>${escapeXml(text)}</r>`), text)
        }),
      )
    })

    it('answers any input with a result, never an exception', () => {
      const markup = fc.constantFrom(
        '<',
        '>',
        '/',
        '&',
        ';',
        '!',
        '?',
        '"',
        ':',
        '=',
        '-',
        '[',
        ']',
        'r',
        'a',
        ' ',
        'CDATA',
        'xmlns',
      )
      fc.assert(
        fc.property(fc.string({ unit: markup, maxLength: 60 }), (xml) => {
          const result = scan(xml)
          assert.equal(typeof result.ok, 'boolean')
        }),
      )
    })
  })
})
