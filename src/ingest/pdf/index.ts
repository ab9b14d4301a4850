import type { Problem, ReadResult } from '../../domain/invoice.js'
import { UPLOAD_LIMITS } from '../limits.js'
import type { InvoiceReader, ReadOptions } from '../reader.js'
import { openPdf } from './document.js'
import type { OpenPdf } from './document.js'
import { draftFromPages, hasSignature, notThisLayout } from './draft.js'
import type { PdfLayout } from './layout.js'
import { buildLines } from './lines.js'
import type { TextLine } from './lines.js'
import { teliaSamlefaktura } from './telia-layout.js'

/** Reads a supplier's PDF invoice, Telia's "Samlefaktura" by default. */
export const pdfReader: InvoiceReader = {
  format: 'pdf',
  read: readPdf,
}

async function readPdf(
  bytes: Uint8Array,
  options: ReadOptions,
): Promise<ReadResult> {
  const layout = options.profile?.pdf ?? teliaSamlefaktura
  const opened = await openPdf(bytes, UPLOAD_LIMITS.pdf.maxPages)
  if (!opened.ok) return opened

  try {
    return await readPages(opened.pdf, layout)
  } finally {
    await opened.pdf.close()
  }
}

/** Page 1 tells whether the layout applies before the rest is read. */
async function readPages(pdf: OpenPdf, layout: PdfLayout): Promise<ReadResult> {
  const pages: TextLine[][] = []
  for (let n = 1; n <= pdf.pageCount; n++) {
    const pieces = await pdf.pieces(n)
    if (!pieces) return failed(pageUnreadable(n))

    pages.push(buildLines(pieces))
    if (n === 1 && !hasSignature(pages[0]!, layout)) {
      return failed(notThisLayout(layout))
    }
  }

  return draftFromPages(pages, layout)
}

function failed(problem: Problem): ReadResult {
  return { ok: false, problems: [problem] }
}

function pageUnreadable(page: number): Problem {
  return {
    code: 'pdf-page-unreadable',
    message:
      `Side ${page} i PDF-filen er skadet og kan ikke leses. Last ned ` +
      'fakturaen på nytt fra Telia og prøv igjen.',
  }
}

export { teliaSamlefaktura }
export type { PdfLayout }
