/**
 * Namespace prefixes in scope, with `''` for the default namespace. A
 * scope is shared by every element below the one that declared it; only
 * a new declaration makes a new one. It is kept as two short arrays, so
 * a prefix is found by comparing it where it stands in the text, without
 * cutting it out first.
 */
export interface Scope {
  readonly prefixes: readonly string[]
  /** The namespace of each prefix; null for an undeclared default. */
  readonly uris: readonly (string | null)[]
}

export interface Declaration {
  prefix: string
  uri: string
}

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace'
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/'

export const EMPTY_SCOPE: Scope = {
  prefixes: ['', 'xml'],
  uris: [null, XML_NAMESPACE],
}

/**
 * The namespace of the prefix written at `text[start, start + length)`:
 * null for no namespace, undefined when the prefix was never declared.
 */
export function resolvePrefix(
  scope: Scope,
  text: string,
  start: number,
  length: number,
): string | null | undefined {
  const { prefixes, uris } = scope
  for (let i = 0; i < prefixes.length; i++) {
    const prefix = prefixes[i]!
    if (prefix.length === length && text.startsWith(prefix, start)) {
      return uris[i]
    }
  }

  return undefined
}

/** The default namespace and `xml`, in every scope from the start. */
const BUILT_IN = EMPTY_SCOPE.prefixes.length

/**
 * A new scope with the declarations added, or why they are not allowed.
 * A scope is searched for every element, so the number of prefixes in it
 * is held to `maxPrefixes`: a file cannot make each lookup slow.
 */
export function bindNamespaces(
  parent: Scope,
  declarations: readonly Declaration[],
  maxPrefixes: number,
): Scope | string {
  const prefixes = [...parent.prefixes]
  const uris = [...parent.uris]
  for (const { prefix, uri } of declarations) {
    const wrong = declarationError(prefix, uri)
    if (wrong) return wrong
    const known = prefixes.indexOf(prefix)
    const at = known < 0 ? prefixes.length : known
    if (at - BUILT_IN >= maxPrefixes) return TOO_MANY
    prefixes[at] = prefix
    uris[at] = uri === '' ? null : uri
  }

  return { prefixes, uris }
}

export const TOO_MANY = 'more namespace prefixes in scope than allowed'

function declarationError(prefix: string, uri: string): string | null {
  if (prefix === 'xmlns') return 'the prefix xmlns cannot be declared'
  if ((prefix === 'xml') !== (uri === XML_NAMESPACE)) {
    return 'the prefix xml belongs to its own namespace only'
  }
  if (uri === XMLNS_NAMESPACE) return 'the xmlns namespace cannot be bound'
  if (prefix !== '' && uri === '') return `prefix ${prefix} bound to nothing`

  return null
}
