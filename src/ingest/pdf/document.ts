import type {
  PDFDocumentLoadingTask,
  PDFDocumentProxy,
  PDFWorker,
} from 'pdfjs-dist/legacy/build/pdf.mjs'
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api.js'
import type { Problem } from '../../domain/invoice.js'
import type { TextPiece } from './lines.js'
import { loadPdfjs } from './pdfjs.js'
import type { Pdfjs } from './pdfjs.js'
import { portPair } from './port.js'

export interface OpenPdf {
  pageCount: number
  /** The text of page `number`, counted from 1; null if it is damaged. */
  pieces(number: number): Promise<TextPiece[] | null>
  close(): Promise<void>
}

export type OpenResult =
  { ok: true; pdf: OpenPdf } | { ok: false; problems: Problem[] }

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d] // %PDF-
/** The PDF standard lets a header stand this far into the file. */
const MAGIC_WITHIN = 1024

interface InThreadWorker {
  worker: PDFWorker
  destroy(): void
}

/**
 * pdf.js parses on this thread: the caller already runs the whole reader
 * inside a worker thread with memory and time limits, and pdf.js must
 * never fetch a worker script of its own. Its parser is wired to the API
 * through in-thread ports that spare the text a structured clone.
 */
function inThreadWorker({ api, parser }: Pdfjs): InThreadWorker {
  const [apiPort, parserPort] = portPair()
  parser.initializeFromPort(parserPort)
  const worker = new api.PDFWorker({
    // Typed as null only: pdf.js's declarations leave out the port option.
    port: apiPort as never,
    verbosity: api.VerbosityLevel.ERRORS,
  })

  return {
    worker,
    destroy() {
      worker.destroy()
      apiPort.terminate()
    },
  }
}

/**
 * What pdf.js may do with a file: never compile code from it (eval), run
 * forms, load fonts into a page or the system, or use native decoders.
 */
export const PDFJS_OPTIONS = Object.freeze({
  isEvalSupported: false,
  enableXfa: false,
  disableFontFace: true,
  useSystemFonts: false,
  useWasm: false,
  isOffscreenCanvasSupported: false,
  isImageDecoderSupported: false,
  stopAtErrors: false,
})

/** Opens a PDF for reading text, refusing what must not be read. */
export async function openPdf(
  bytes: Uint8Array,
  maxPages: number,
): Promise<OpenResult> {
  if (!hasPdfMagic(bytes)) return refused(notPdf())

  const pdfjs = await loadPdfjs()
  const parser = inThreadWorker(pdfjs)
  const task = pdfjs.api.getDocument({
    worker: parser.worker,
    // pdf.js may take the buffer over; the caller keeps its own.
    data: new Uint8Array(bytes),
    ...PDFJS_OPTIONS,
    verbosity: pdfjs.api.VerbosityLevel.ERRORS,
  })

  const close = () => closeBoth(task, parser)
  let doc: PDFDocumentProxy
  try {
    doc = await task.promise
  } catch (err) {
    await close()
    return refused(openFailure(err))
  }

  const refusal = await refusalOf(doc, maxPages)
  if (refusal) {
    await close()
    return refused(refusal)
  }

  return {
    ok: true,
    pdf: {
      pageCount: doc.numPages,
      pieces: (n) => pagePieces(doc, n),
      close,
    },
  }
}

async function closeBoth(
  task: PDFDocumentLoadingTask,
  parser: InThreadWorker,
): Promise<void> {
  await task.destroy()
  parser.destroy()
}

async function refusalOf(
  doc: PDFDocumentProxy,
  maxPages: number,
): Promise<Problem | null> {
  const { info } = await doc.getMetadata()
  const encryption = (info as { EncryptFilterName?: string | null })
    .EncryptFilterName
  if (encryption) return encrypted()
  if (doc.numPages < 1) return damaged('the document has no pages')
  if (doc.numPages > maxPages) return tooManyPages(doc.numPages, maxPages)

  return null
}

async function pagePieces(
  doc: PDFDocumentProxy,
  number: number,
): Promise<TextPiece[] | null> {
  try {
    const page = await doc.getPage(number)
    const pieces = await streamedPieces(page.streamTextContent())
    page.cleanup()

    return pieces
  } catch {
    return null
  }
}

/** Reads the chunks as they come, rather than gathering them all first. */
async function streamedPieces(
  stream: ReadableStream<TextContent>,
): Promise<TextPiece[]> {
  const pieces: TextPiece[] = []
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return pieces

    for (const item of value.items) {
      if (!('str' in item) || item.str === '') continue
      pieces.push(pieceOf(item))
    }
  }
}

function pieceOf(item: TextItem): TextPiece {
  const [, , c, d, x, y] = item.transform as number[]

  return {
    text: item.str,
    x: x!,
    y: y!,
    width: item.width,
    size: Math.hypot(c!, d!),
  }
}

function hasPdfMagic(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, MAGIC_WITHIN) - PDF_MAGIC.length
  for (let at = 0; at <= end; at++) {
    if (PDF_MAGIC.every((b, i) => bytes[at + i] === b)) return true
  }

  return false
}

function refused(problem: Problem): OpenResult {
  return { ok: false, problems: [problem] }
}

function notPdf(): Problem {
  return {
    code: 'pdf-not-pdf',
    message:
      'Filen er ikke en PDF. Last opp samlefakturaen fra Telia som PDF, ' +
      'eller velg riktig filtype.',
  }
}

function encrypted(): Problem {
  return {
    code: 'pdf-encrypted',
    message:
      'PDF-filen er kryptert eller passordbeskyttet og kan ikke leses. ' +
      'Last ned fakturaen på nytt fra Telia uten passord.',
  }
}

function tooManyPages(pages: number, maxPages: number): Problem {
  return {
    code: 'pdf-too-many-pages',
    message:
      `PDF-filen har ${pages} sider; grensen er ${maxPages}. ` +
      'Del fakturaen opp, eller bruk regnearket eller EHF-filen i stedet.',
  }
}

function openFailure(err: unknown): Problem {
  const name = (err as { name?: string } | null)?.name
  if (name === 'PasswordException') return encrypted()

  return damaged(err instanceof Error ? err.message : String(err))
}

function damaged(detail: string): Problem {
  return {
    code: 'pdf-damaged',
    message:
      'PDF-filen er skadet og kan ikke leses. Last ned fakturaen på nytt ' +
      'fra Telia og prøv igjen.',
    detail,
  }
}
