import { latin1, startsWith } from './bytes.js'
import { refuse, SEVERITY } from './refusal.js'
import type { Refusal } from './refusal.js'
import { containsZip } from './zip.js'

/** How far from the end `%%EOF` may stand (trailing whitespace, a scanner's padding). */
const EOF_WINDOW = 1024

/**
 * A PDF starts with `%PDF-` and ends with `%%EOF`. One that also ends in
 * a ZIP directory opens as an archive in another program: a polyglot.
 */
export function inspectPdf(bytes: Uint8Array): Refusal | null {
  if (!startsWith(bytes, '%PDF-')) return notPdf('no %PDF- header')
  if (containsZip(bytes)) return polyglot()
  const tail = latin1(
    bytes,
    Math.max(0, bytes.length - EOF_WINDOW),
    bytes.length,
  )
  if (!tail.includes('%%EOF')) return notPdf('no %%EOF near the end')

  return null
}

function notPdf(detail: string): Refusal {
  return refuse(
    'pdf-damaged',
    SEVERITY.damaged,
    'PDF-filen er ufullstendig eller skadet. Last ned fakturaen på nytt ' +
      'fra Telia og last den opp igjen.',
    detail,
  )
}

function polyglot(): Refusal {
  return refuse(
    'polyglot',
    SEVERITY.hostile,
    'Filen er både en PDF og et ZIP-arkiv, og er avvist. Last ned ' +
      'fakturaen på nytt fra Telia og last opp originalen.',
    'ZIP central directory at the end of a PDF',
  )
}
