import { UPLOAD_LIMITS } from '../limits.js'
import { refuse, SEVERITY } from './refusal.js'
import type { Refusal } from './refusal.js'

// Control characters are exactly what this looks for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
/** Bidirectional controls and invisible characters that disguise a name. */
const BIDI = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/
/** Characters a shell or an HTML page gives a meaning. */
const METACHARACTERS = /[<>|&;$`*?"'{}[\]!~^]/
const SEPARATORS = /[/\\]/
const UNSAFE = new RegExp(
  `${CONTROL.source}|${BIDI.source}|${METACHARACTERS.source}|${SEPARATORS.source}`,
  'gu',
)

/** Refuses a name that could walk a path, fool a reader or reach a shell. */
export function checkFilename(
  name: string,
  maxBytes: number = UPLOAD_LIMITS.maxFilenameBytes,
): Refusal | null {
  const shown = sanitiseFilename(name)
  if (name.trim() === '' || !/[\p{L}\p{N}]/u.test(stem(name))) {
    return badName('filename-empty', 'Filen mangler navn.', shown)
  }
  if (new TextEncoder().encode(name).length > maxBytes) {
    return badName(
      'filename-too-long',
      `Filnavnet er lengre enn ${maxBytes} byte.`,
      shown,
    )
  }
  if (SEPARATORS.test(name) || name.includes('..')) {
    return badName('filename-path', 'Filnavnet inneholder en mappesti.', shown)
  }
  if (CONTROL.test(name)) {
    return badName(
      'filename-control',
      'Filnavnet inneholder kontrolltegn.',
      shown,
    )
  }
  if (BIDI.test(name)) {
    return badName(
      'filename-bidi',
      'Filnavnet inneholder usynlige tegn som snur skriveretningen.',
      shown,
    )
  }
  if (METACHARACTERS.test(name) || name.startsWith('-')) {
    return badName(
      'filename-metacharacter',
      'Filnavnet inneholder tegn som < > | & ; $ eller anførselstegn.',
      shown,
    )
  }

  return null
}

/**
 * Makes any name safe to show or log: unsafe characters become `_`, the
 * length is capped on a character boundary, and nothing is left empty.
 */
export function sanitiseFilename(
  name: string,
  maxBytes: number = UPLOAD_LIMITS.maxFilenameBytes,
): string {
  const cleaned = name
    .normalize('NFC')
    .replace(UNSAFE, '_')
    .replace(/\.{2,}/g, '_')
    .trim()

  return truncateUtf8(cleaned, maxBytes) || 'fil'
}

/** `Faktura.PDF` → `.pdf`; `''` when the name has no extension. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')

  return dot <= 0 ? '' : name.slice(dot).toLowerCase()
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.')

  return dot < 0 ? name : name.slice(0, dot)
}

function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0
  let out = ''
  for (const char of text) {
    bytes += new TextEncoder().encode(char).length
    if (bytes > maxBytes) break
    out += char
  }

  return out
}

function badName(code: string, what: string, shown: string): Refusal {
  return refuse(
    code,
    SEVERITY.filename,
    `${what} Gi filen et vanlig navn (bokstaver, tall, mellomrom, ` +
      'bindestrek og punktum) og last den opp på nytt.',
    shown,
  )
}
