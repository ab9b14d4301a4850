import { maskPhone } from '../../domain/phone.js'
import type {
  Problem,
  ReadResult,
  SubscriptionDraft,
} from '../../domain/invoice.js'
import { readBlocks } from './blocks.js'
import type { Block } from './blocks.js'
import { readHeader } from './header.js'
import type { PdfBlockEnd, PdfLayout } from './layout.js'
import type { TextLine } from './lines.js'
import { patternsOf } from './patterns.js'

const END_LABELS: Record<keyof PdfBlockEnd, string> = {
  vatBase: 'Sum mva-pliktig',
  vatFree: 'Sum mva-fritt',
  vat: 'Mva',
  total: 'Sum denne periode',
}

/**
 * Turns the lines of every page into an invoice draft: the header from
 * page 1, a subscription per block from the pages after it. Each block's
 * totals are read as printed, never recomputed.
 */
export function draftFromPages(
  pages: readonly (readonly TextLine[])[],
  layout: PdfLayout,
): ReadResult {
  if (!hasSignature(pages[0] ?? [], layout)) {
    return failed(notThisLayout(layout))
  }

  const [firstPage = [], ...rest] = pages.map((p) => withoutIgnored(p, layout))
  const read = readBlocks(rest, layout)
  const head = readHeader(firstPage, read.outside, layout, pages.length)
  if (!head.ok) return head
  if (read.blocks.length === 0) return failed(noBlocks())

  const incomplete = read.blocks.filter((b) => missingEnds(b).length > 0)
  if (incomplete.length > 0) {
    return { ok: false, problems: incomplete.map(totalsMissing) }
  }

  return {
    ok: true,
    draft: {
      format: 'pdf',
      header: head.header,
      subscriptions: read.blocks.map(subscriptionOf),
      unassignedLines: [],
    },
    problems: [...head.problems, ...read.problems],
  }
}

export function hasSignature(
  lines: readonly TextLine[],
  layout: PdfLayout,
): boolean {
  const text = lines.map((l) => l.text).join('\n')

  return patternsOf(layout).signature.every((re) => re.test(text))
}

/** Drops page furniture and stamps such as `Scan ID: …|Arrived: …`. */
function withoutIgnored(
  lines: readonly TextLine[],
  layout: PdfLayout,
): TextLine[] {
  const ignore = patternsOf(layout).ignore

  return lines.filter((l) => !ignore.some((re) => re.test(l.text)))
}

function missingEnds(block: Block): (keyof PdfBlockEnd)[] {
  const fields = Object.keys(END_LABELS) as (keyof PdfBlockEnd)[]

  return fields.filter((f) => block.ends[f] === undefined)
}

function subscriptionOf(block: Block): SubscriptionDraft {
  const { vatBase, vatFree, vat, total } = block.ends

  return {
    phone: block.phone,
    user: block.user,
    lines: block.lines,
    vatBaseOre: vatBase!,
    vatFreeOre: vatFree!,
    vatOre: vat!,
    totalOre: total!,
  }
}

function failed(problem: Problem): ReadResult {
  return { ok: false, problems: [problem] }
}

export function notThisLayout(layout: PdfLayout): Problem {
  return {
    code: 'pdf-not-telia',
    message:
      `Filen ser ikke ut som en samlefaktura fra ${layout.supplier}. ` +
      'Last opp fakturaen slik den kom fra leverandøren, eller velg en ' +
      'annen leverandørprofil.',
    detail: layout.id,
  }
}

function noBlocks(): Problem {
  return {
    code: 'pdf-no-blocks',
    message:
      'Fant ingen tjenestespesifikasjon per abonnement i fakturaen. Last ' +
      'opp hele samlefakturaen med alle sider, eller bruk regnearket.',
  }
}

function totalsMissing(block: Block): Problem {
  const missing = missingEnds(block).map((f) => `«${END_LABELS[f]}»`)

  return {
    code: 'pdf-block-totals-missing',
    message:
      `Spesifikasjonen for ${block.user} mangler ${missing.join(', ')}. ` +
      'Filen kan være ufullstendig; last opp hele fakturaen.',
    detail: maskPhone(block.phone),
  }
}
