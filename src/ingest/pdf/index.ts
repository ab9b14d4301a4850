import type { ReadResult } from '../../domain/invoice.js'
import { UPLOAD_LIMITS } from '../limits.js'
import type { InvoiceReader, ReadOptions } from '../reader.js'
import { openPdf } from './document.js'
import type { OpenPdf } from './document.js'
import { draftFromPages } from './draft.js'
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
    const pages = await linesOfPages(opened.pdf)
    return draftFromPages(pages, layout)
  } finally {
    await opened.pdf.close()
  }
}

async function linesOfPages(pdf: OpenPdf): Promise<TextLine[][]> {
  const pages: TextLine[][] = []
  for (let n = 1; n <= pdf.pageCount; n++) {
    pages.push(buildLines(await pdf.pieces(n)))
  }

  return pages
}

export { teliaSamlefaktura }
export type { PdfLayout }
