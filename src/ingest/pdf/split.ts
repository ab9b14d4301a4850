import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { UPLOAD_LIMITS } from '../limits.js'
import { claimFront, pageClaims } from './claims.js'
import type { OpenPdf } from './document.js'
import type { HelperInput, HelperMessage } from './helper.js'
import type { TextPiece } from './lines.js'
import { unpackPage } from './page-transfer.js'

/** Pages of text by number; a null page could not be read. */
export type PageTexts = Map<number, TextPiece[] | null>

/**
 * Below this many pages a helper thread costs more to start (it loads
 * pdf.js and opens the document anew) than it saves.
 */
const HELPER_FROM_PAGES = 40
const HELPER_URL = new URL('./helper.js', import.meta.url)
/**
 * The helper gets half the sandbox's heap, so one upload stays within one
 * and a half times the limit: reading all 613 pages of a 2,000-number
 * invoice needs under 100 MB, and pages a helper cannot finish are read
 * again by the sandbox's own thread, under its own limit.
 */
const HELPER_HEAP_MB = Math.floor(UPLOAD_LIMITS.worker.maxHeapMb / 2)
const STACK_MB = 4

/**
 * The text of pages `first` to the last. A document of `helperFromPages`
 * or more is read by this thread from the front and a helper thread from
 * the back until they meet; whatever the helper does not deliver, this
 * thread reads itself. Reading stops at a page this thread cannot read,
 * and the pages after it may be missing.
 */
export async function readPagesFrom(
  pdf: OpenPdf,
  bytes: Uint8Array,
  first: number,
  helperFromPages = HELPER_FROM_PAGES,
): Promise<PageTexts> {
  const texts: PageTexts = new Map()
  const claims = pageClaims(first, pdf.pageCount)
  const helper = wantsHelper(pdf.pageCount - first + 1, helperFromPages)
    ? startHelper(bytes, claims, texts)
    : null

  try {
    for (let n = claimFront(claims); n !== null; n = claimFront(claims)) {
      const pieces = await pdf.pieces(n)
      texts.set(n, pieces)
      // Every page before it is read: this is the first that cannot be.
      if (!pieces) return texts
    }
    await helper?.finished
  } finally {
    await helper?.stop()
  }

  return readMissing(pdf, first, texts)
}

function wantsHelper(pages: number, helperFromPages: number): boolean {
  return pages >= helperFromPages && availableParallelism() > 1
}

async function readMissing(
  pdf: OpenPdf,
  first: number,
  texts: PageTexts,
): Promise<PageTexts> {
  for (let n = first; n <= pdf.pageCount; n++) {
    const pieces = texts.has(n) ? texts.get(n) : await pdf.pieces(n)
    texts.set(n, pieces ?? null)
    if (!pieces) return texts
  }

  return texts
}

interface Helper {
  /** Settles when the helper is done, failed or was stopped. */
  finished: Promise<void>
  stop(): Promise<void>
}

function startHelper(
  bytes: Uint8Array,
  claims: Int32Array,
  texts: PageTexts,
): Helper | null {
  const input: HelperInput = {
    // Its own copy, moved over: the caller keeps its bytes.
    bytes: bytes.slice(),
    claims,
    maxPages: UPLOAD_LIMITS.pdf.maxPages,
  }
  let worker: Worker
  try {
    worker = new Worker(HELPER_URL, helperOptions(input))
  } catch {
    return null
  }

  const finished = new Promise<void>((resolve) => {
    worker.on('message', (message: HelperMessage) => {
      if (message.kind === 'done') resolve()
      else if (!texts.has(message.page.number)) {
        texts.set(message.page.number, unpackPage(message.page))
      }
    })
    // Kept for good: an error after the finish must not go unheard.
    worker.on('error', () => resolve())
    worker.once('exit', () => resolve())
  })

  return {
    finished,
    async stop() {
      worker.removeAllListeners('message')
      await worker.terminate()
    },
  }
}

function helperOptions(input: HelperInput) {
  return {
    workerData: input,
    transferList: [input.bytes.buffer as ArrayBuffer],
    execArgv: process.execArgv.filter(
      (flag) => flag === '--enable-source-maps',
    ),
    resourceLimits: {
      maxOldGenerationSizeMb: HELPER_HEAP_MB,
      maxYoungGenerationSizeMb: Math.max(1, Math.min(32, HELPER_HEAP_MB >> 3)),
      stackSizeMb: STACK_MB,
    },
  }
}
