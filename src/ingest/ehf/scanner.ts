import { isNamePart, nameEnd } from './names.js'
import {
  bindNamespaces,
  EMPTY_SCOPE,
  resolvePrefix,
  TOO_MANY,
} from './namespaces.js'
import type { Declaration, Scope } from './namespaces.js'
import { NextIndex } from './next-index.js'
import { decodeReferences, referenceEnd } from './references.js'

/**
 * A strict, streaming XML scanner that keeps only the elements a caller
 * selects. It enforces well-formedness (matching tags, one root, quoted
 * attributes, nothing but markup and whitespace outside the root), refuses
 * any DOCTYPE or ENTITY declaration, resolves namespace prefixes, and
 * decodes only the five predefined entities and character references.
 * What it does not keep it checks and forgets, so a 12 MB document costs
 * one pass of `indexOf`, not a tree of every element.
 */

/** An element that was kept: its local name, and text or children. */
export interface XmlElement {
  name: string
  /** The text of an element kept for its text, as written; else null. */
  text: string | null
  children: readonly XmlElement[]
}

/** Which children of an element to keep. */
export type Selection = readonly Selected[]

export interface Selected {
  /** The local name, and the namespace it must be in (null for none). */
  name: string
  namespace: string | null
  /** The children to keep, or null to keep the element's text. */
  children: Selection | null
  /**
   * Handed to the caller as soon as it closes instead of kept in its
   * parent: many such elements then never stand in memory at once.
   */
  streamed?: boolean
}

/** Receives each streamed element, whole, as it closes. */
export type StreamedElement = (element: XmlElement, root: ScannedRoot) => void

export type ScanErrorCode =
  | 'xml-malformed'
  | 'xml-doctype'
  | 'xml-too-deep'
  | 'xml-too-many-namespaces'
  | 'xml-encoding'

export interface ScanError {
  code: ScanErrorCode
  reason: string
  /** Where in the text the scanner stopped. */
  offset: number
}

export interface ScannedRoot {
  namespace: string | null
  name: string
  /** The root as kept, or null when the selection does not name it. */
  element: XmlElement | null
}

export type ScanResult =
  { ok: true; root: ScannedRoot } | { ok: false; error: ScanError }

export interface ScanLimits {
  /** Elements open at once, the root counted. */
  maxDepth: number
  /** Prefixes declared in scope at once, the default namespace not counted. */
  maxNamespaces: number
}

/** Scans a whole document, keeping what `roots` selects. */
export function scanXml(
  text: string,
  roots: Selection,
  limits: ScanLimits,
  onStreamed: StreamedElement = () => {},
): ScanResult {
  const scanner = new Scanner(text, roots, limits, onStreamed)
  try {
    return { ok: true, root: scanner.run() }
  } catch (err) {
    if (err instanceof ScanFailure) return { ok: false, error: err.error }
    throw err
  }
}

class ScanFailure extends Error {
  constructor(readonly error: ScanError) {
    super(error.reason)
  }
}

/** What a start tag held besides its name, when it had attributes. */
interface Attributes {
  names: Set<string>
  declarations: Declaration[]
  prefixes: string[]
}

const NOTHING: Selection = []
const LEAF: readonly XmlElement[] = Object.freeze([])

const GT = 0x3e
const SLASH = 0x2f
const QUESTION = 0x3f
const BANG = 0x21
const EQUALS = 0x3d
const QUOTE = 0x22
const APOSTROPHE = 0x27
const LT = 0x3c
const AMPERSAND = 0x26
const COLON = 0x3a

const XML_DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][\w.-]*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>/
const UTF8_NAMES = new Set(['utf-8', 'utf8'])
/** Lone surrogates cannot come out of the strict UTF-8 decoder. */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHARACTER = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/

/**
 * The open elements are kept in parallel arrays indexed by depth, and a
 * name as where it stands in the text: a million elements then cost no
 * object and no string each, which is most of what makes this fast.
 */
class Scanner {
  private depth = 0
  private readonly nameStarts: Int32Array
  private readonly nameLengths: Int32Array
  private readonly scopes: Scope[] = []
  /** What to keep below each element: null for its text. */
  private readonly keeps: (Selection | null)[] = []
  private readonly elements: (XmlElement | null)[] = []
  private readonly streamed: Uint8Array
  /** The decoded text so far of each element kept for its text. */
  private readonly collected: string[] = []
  private readonly ampersands: NextIndex
  private readonly cdataEnds: NextIndex
  private readonly bangs: NextIndex
  private pos = 0
  private tagEnd = 0
  private selfClosing = false
  private root: ScannedRoot | null = null

  constructor(
    private readonly text: string,
    private readonly roots: Selection,
    private readonly limits: ScanLimits,
    private readonly onStreamed: StreamedElement,
  ) {
    this.streamed = new Uint8Array(limits.maxDepth + 1)
    this.nameStarts = new Int32Array(limits.maxDepth + 1)
    this.nameLengths = new Int32Array(limits.maxDepth + 1)
    this.ampersands = new NextIndex(text, '&')
    this.cdataEnds = new NextIndex(text, ']]>')
    this.bangs = new NextIndex(text, '<!')
  }

  run(): ScannedRoot {
    const { text } = this
    this.onlyXmlCharacters()
    this.declaration()
    while (this.pos < text.length) {
      const lt = text.indexOf('<', this.pos)
      const end = lt < 0 ? text.length : lt
      if (end > this.pos) this.characters(this.pos, end)
      this.pos = end
      if (lt >= 0) this.markup(lt)
    }
    if (this.depth > 0) {
      this.fail('unclosed', `<${this.openName()}> is never closed`)
    }
    if (!this.root) this.fail('no-root', 'no root element')

    return this.root
  }

  /**
   * XML 1.0 allows no control character but tab and line ends, written or
   * referenced. One native search over the whole text finds any.
   */
  private onlyXmlCharacters(): void {
    const at = this.text.search(NOT_XML_CHARACTER)
    if (at >= 0) {
      this.fail('character', 'a character XML forbids', undefined, at)
    }
  }

  // The prolog

  private declaration(): void {
    const { text } = this
    if (!text.startsWith('<?xml') || !isSpace(text.charCodeAt(5))) return
    const match = XML_DECLARATION.exec(text.slice(0, 512))
    if (!match) return this.fail('declaration', 'unreadable XML declaration')
    const encoding = match[3]
    if (encoding !== undefined && !UTF8_NAMES.has(encoding.toLowerCase())) {
      this.fail('encoding', `declared ${encoding}`, 'xml-encoding', 0)
    }
    this.pos = match[0].length
  }

  // Text

  private characters(from: number, to: number): void {
    if (this.depth === 0) return this.whitespaceOnly(from, to)

    const referenced = this.ampersands.before(from, to)
    if (referenced) this.checkReferences(from, to)
    if (this.cdataEnds.before(from, to)) {
      this.fail('text', ']]> in text', 'xml-malformed', from)
    }
    if (this.keeps[this.depth] !== null) return
    const raw = lineEnds(this.text.slice(from, to))
    this.collected[this.depth] += referenced ? decodeReferences(raw) : raw
  }

  private whitespaceOnly(from: number, to: number): void {
    for (let at = from; at < to; at++) {
      if (isSpace(this.text.charCodeAt(at))) continue
      const where = this.root ? 'after' : 'before'
      this.fail('outside-root', `text ${where} the root element`, undefined, at)
    }
  }

  /** Every `&` in the range must start a reference XML itself defines. */
  private checkReferences(from: number, to: number): void {
    let amp = this.ampersands.from(from)
    while (amp >= 0 && amp < to) {
      const end = referenceEnd(this.text, amp)
      if (end < 0) this.unknownReference(amp)
      amp = this.ampersands.from(end)
    }
  }

  private unknownReference(amp: number): never {
    const shown = this.text.slice(amp, amp + 12).split(/[\s<;]/)[0]

    return this.fail('entity', `unknown reference ${shown}`, undefined, amp)
  }

  // Markup

  private markup(lt: number): void {
    const next = this.text.charCodeAt(lt + 1)
    if (next === SLASH) this.endTag(lt)
    else if (next === QUESTION) this.processingInstruction(lt)
    else if (next === BANG) this.bang(lt)
    else this.startTag(lt)
  }

  private bang(lt: number): void {
    const { text } = this
    if (text.startsWith('<!--', lt)) return this.comment(lt)
    if (text.startsWith('<![CDATA[', lt)) return this.cdata(lt)
    if (isDeclaration(text, lt)) this.refuseDeclaration(lt)

    this.fail('markup', 'unknown markup after <!', undefined, lt)
  }

  private comment(lt: number): void {
    const start = lt + 4
    const end = this.text.indexOf('-->', start)
    if (end < 0) this.fail('comment', 'unterminated comment', undefined, lt)
    if (this.text.indexOf('--', start) < end) {
      this.fail('comment', '-- inside a comment', undefined, lt)
    }
    this.noDeclarationIn(start, end)
    this.pos = end + 3
  }

  private cdata(lt: number): void {
    if (this.depth === 0) {
      this.fail('cdata', 'CDATA outside the root', undefined, lt)
    }
    const start = lt + 9
    const end = this.cdataEnds.from(start)
    if (end < 0) this.fail('cdata', 'unterminated CDATA', undefined, lt)
    this.noDeclarationIn(start, end)
    if (this.keeps[this.depth] === null) {
      this.collected[this.depth] += lineEnds(this.text.slice(start, end))
    }
    this.pos = end + 3
  }

  private processingInstruction(lt: number): void {
    const { text } = this
    const targetEnd = nameEnd(text, lt + 2, false)
    if (targetEnd < 0) this.fail('pi', 'unnamed instruction', undefined, lt)
    if (text.slice(lt + 2, targetEnd).toLowerCase() === 'xml') {
      this.fail(
        'declaration',
        'XML declaration not at the start',
        undefined,
        lt,
      )
    }
    const end = text.indexOf('?>', targetEnd)
    if (end < 0) this.fail('pi', 'unterminated instruction', undefined, lt)
    if (end > targetEnd && !isSpace(text.charCodeAt(targetEnd))) {
      this.fail('pi', 'instruction target runs on', undefined, lt)
    }
    this.noDeclarationIn(targetEnd, end)
    this.pos = end + 2
  }

  /** A DOCTYPE has no place in UBL, not even inside a comment. */
  private noDeclarationIn(from: number, to: number): void {
    let at = this.bangs.from(from)
    while (at >= 0 && at < to) {
      if (isDeclaration(this.text, at)) this.refuseDeclaration(at)
      at = this.bangs.from(at + 2)
    }
  }

  private refuseDeclaration(at: number): never {
    return this.fail('doctype', 'DOCTYPE or ENTITY', 'xml-doctype', at)
  }

  // Elements

  private startTag(lt: number): void {
    if (this.depth === 0 && this.root) {
      this.fail('second-root', 'a second root element', undefined, lt)
    }
    const { maxDepth } = this.limits
    if (this.depth >= maxDepth) {
      this.fail('depth', `deeper than ${maxDepth}`, 'xml-too-deep', lt)
    }
    const end = nameEnd(this.text, lt + 1, true)
    if (end < 0) this.fail('name', 'unreadable element name', undefined, lt)
    const parentScope = this.depth > 0 ? this.scopes[this.depth]! : EMPTY_SCOPE
    const attributes = this.attributes(end)
    const scope = attributes
      ? this.scopeOf(attributes, parentScope, lt)
      : parentScope

    this.open(lt + 1, end, scope)
    this.pos = this.tagEnd
    if (this.selfClosing) this.close()
  }

  private open(start: number, end: number, scope: Scope): void {
    const parent = this.depth
    const depth = ++this.depth
    this.nameStarts[depth] = start
    this.nameLengths[depth] = end - start
    this.scopes[depth] = scope
    this.collected[depth] = ''

    const colon = colonIn(this.text, start, end)
    const local = colon < 0 ? start : colon + 1
    const namespace = this.namespaceOf(scope, start, colon)
    const selected = this.selected(parent, local, end, namespace)
    const element = selected ? newElement(selected) : null
    this.keeps[depth] = selected ? selected.children : NOTHING
    this.elements[depth] = element
    this.streamed[depth] = selected?.streamed ? 1 : 0

    if (parent === 0) {
      this.root = { namespace, name: this.text.slice(local, end), element }
    } else if (element && !selected!.streamed) {
      ;(this.elements[parent]!.children as XmlElement[]).push(element)
    }
  }

  /** What the parent's selection says of a child, if it keeps it. */
  private selected(
    parent: number,
    local: number,
    end: number,
    namespace: string | null,
  ): Selected | null {
    const keep = parent > 0 ? this.keeps[parent]! : this.roots
    if (keep === null || keep.length === 0) return null
    const selected = selectedAt(keep, this.text, local, end)

    return selected?.namespace === namespace ? selected : null
  }

  private namespaceOf(scope: Scope, start: number, colon: number) {
    const length = colon < 0 ? 0 : colon - start
    const namespace = resolvePrefix(scope, this.text, start, length)
    if (namespace === undefined) {
      const prefix = this.text.slice(start, colon)
      return this.fail(
        'prefix',
        `undeclared prefix ${prefix}`,
        undefined,
        start,
      )
    }

    return namespace
  }

  private endTag(lt: number): void {
    if (this.depth === 0) {
      this.fail('end-tag', 'end tag with no start', undefined, lt)
    }
    const { text } = this
    const at = this.matchName(lt + 2)
    if (at < 0) {
      const found = text.slice(
        lt + 2,
        Math.max(lt + 2, nameEnd(text, lt + 2, true)),
      )
      this.fail(
        'mismatch',
        `</${found}> closes <${this.openName()}>`,
        undefined,
        lt,
      )
    }
    let gt = at
    while (isSpace(text.charCodeAt(gt))) gt++
    if (text.charCodeAt(gt) !== GT) {
      this.fail('end-tag', `unterminated </${this.openName()}>`, undefined, lt)
    }
    this.pos = gt + 1
    this.close()
  }

  /** Past the open element's name written at `from`, or -1 if another. */
  private matchName(from: number): number {
    const { text } = this
    const start = this.nameStarts[this.depth]!
    const length = this.nameLengths[this.depth]!
    for (let i = 0; i < length; i++) {
      if (text.charCodeAt(start + i) !== text.charCodeAt(from + i)) return -1
    }
    const after = text.charCodeAt(from + length)

    return isNamePart(after) || after === COLON ? -1 : from + length
  }

  private close(): void {
    const depth = this.depth--
    const element = this.elements[depth]
    if (element && this.keeps[depth] === null) {
      element.text = this.collected[depth]!
    }
    if (element && this.streamed[depth]) this.onStreamed(element, this.root!)
    this.elements[depth] = null
  }

  private openName(): string {
    const start = this.nameStarts[this.depth]!

    return this.text.slice(start, start + this.nameLengths[this.depth]!)
  }

  // Attributes

  /** Reads to the end of a start tag; the attributes, if it had any. */
  private attributes(from: number): Attributes | null {
    const { text } = this
    let found: Attributes | null = null
    let at = from
    for (;;) {
      const spaced = isSpace(text.charCodeAt(at))
      while (isSpace(text.charCodeAt(at))) at++
      const c = text.charCodeAt(at)
      if (c === GT || (c === SLASH && text.charCodeAt(at + 1) === GT)) {
        this.selfClosing = c === SLASH
        this.tagEnd = at + (c === SLASH ? 2 : 1)
        return found
      }
      if (!spaced)
        this.fail('tag', 'malformed or unterminated tag', undefined, at)
      found ??= { names: new Set(), declarations: [], prefixes: [] }
      at = this.attribute(at, found)
    }
  }

  private attribute(start: number, found: Attributes): number {
    const { text } = this
    const end = nameEnd(text, start, true)
    if (end < 0)
      this.fail('attribute', 'unreadable attribute', undefined, start)
    const name = text.slice(start, end)
    let at = end
    while (isSpace(text.charCodeAt(at))) at++
    if (text.charCodeAt(at++) !== EQUALS) {
      this.fail('attribute', `${name} has no value`, undefined, start)
    }
    while (isSpace(text.charCodeAt(at))) at++
    const quote = text.charCodeAt(at)
    if (quote !== QUOTE && quote !== APOSTROPHE) {
      this.fail('attribute', `${name} is not quoted`, undefined, start)
    }
    const close = text.indexOf(quote === QUOTE ? '"' : "'", at + 1)
    if (close < 0)
      this.fail('attribute', `${name} never ends`, undefined, start)
    this.checkValue(at + 1, close)
    this.record(found, name, text.slice(at + 1, close), start)

    return close + 1
  }

  /** An attribute value: no `<`, and only references XML defines. */
  private checkValue(from: number, to: number): void {
    const { text } = this
    for (let at = from; at < to; at++) {
      const c = text.charCodeAt(at)
      if (c === LT) this.fail('attribute', '< in a value', undefined, at)
      if (c === AMPERSAND && referenceEnd(text, at) < 0) {
        this.unknownReference(at)
      }
    }
  }

  private record(
    found: Attributes,
    name: string,
    value: string,
    at: number,
  ): void {
    if (found.names.has(name)) {
      this.fail('attribute', `${name} given twice`, undefined, at)
    }
    found.names.add(name)
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      const prefix = name === 'xmlns' ? '' : name.slice(6)
      found.declarations.push({ prefix, uri: decodeReferences(value) })
    } else if (name.includes(':')) {
      found.prefixes.push(name.slice(0, name.indexOf(':')))
    }
  }

  /** The tag's own declarations over its parent's; its prefixes bound. */
  private scopeOf(found: Attributes, parent: Scope, at: number): Scope {
    let scope = parent
    if (found.declarations.length > 0) {
      const max = this.limits.maxNamespaces
      const bound = bindNamespaces(parent, found.declarations, max)
      if (typeof bound === 'string') this.refuseNamespaces(bound, at)
      scope = bound as Scope
    }
    for (const prefix of found.prefixes) {
      const known = resolvePrefix(scope, prefix, 0, prefix.length)
      if (prefix === 'xmlns' || known === undefined) {
        this.fail('prefix', `undeclared prefix ${prefix}`, undefined, at)
      }
    }

    return scope
  }

  private refuseNamespaces(why: string, at: number): never {
    const code = why === TOO_MANY ? 'xml-too-many-namespaces' : undefined

    return this.fail('namespace', why, code, at)
  }

  private fail(
    kind: string,
    reason: string,
    code: ScanErrorCode = 'xml-malformed',
    offset = this.pos,
  ): never {
    throw new ScanFailure({ code, reason: `${kind}: ${reason}`, offset })
  }
}

/** The entry for the local name at `text[start, end)`, if selected. */
function selectedAt(
  selection: Selection,
  text: string,
  start: number,
  end: number,
): Selected | undefined {
  const length = end - start
  for (let i = 0; i < selection.length; i++) {
    const { name } = selection[i]!
    if (name.length === length && text.startsWith(name, start)) {
      return selection[i]
    }
  }

  return undefined
}

function newElement(selected: Selected): XmlElement {
  const leaf = selected.children === null

  return {
    name: selected.name,
    text: leaf ? '' : null,
    children: leaf ? LEAF : [],
  }
}

/** The colon of a qualified name in `[start, end)`, or -1. */
function colonIn(text: string, start: number, end: number): number {
  for (let at = start; at < end; at++) {
    if (text.charCodeAt(at) === COLON) return at
  }

  return -1
}

/**
 * XML reads every line end as `\n` before anything else; a carriage
 * return that must survive is written `&#13;`, decoded after this.
 */
function lineEnds(raw: string): string {
  return raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw
}

/** `<!DOCTYPE` or `<!ENTITY` at `at`, in any case. */
function isDeclaration(text: string, at: number): boolean {
  const word = text.slice(at + 2, at + 9).toUpperCase()

  return word.startsWith('DOCTYPE') || word.startsWith('ENTITY')
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d
}
