import { parentPort, workerData } from 'node:worker_threads'
import { claimBack } from './claims.js'
import { openPdf } from './document.js'
import { packPage, transferablesOf } from './page-transfer.js'
import type { PackedPage } from './page-transfer.js'

/** What the reading thread sends its helper. */
export interface HelperInput {
  bytes: Uint8Array
  claims: Int32Array
  maxPages: number
}

/** Each page the helper read, then `done` once it has claimed the last. */
export type HelperMessage =
  { kind: 'page'; page: PackedPage } | { kind: 'done' }

/**
 * Reads pages from the back of the document until it meets the reading
 * thread coming from the front. A page it claims but never sends (it
 * failed, or was stopped) is read again by the reading thread.
 */
async function help({ bytes, claims, maxPages }: HelperInput): Promise<void> {
  const opened = await openPdf(bytes, maxPages)
  if (!opened.ok) return

  try {
    for (let n = claimBack(claims); n !== null; n = claimBack(claims)) {
      const page = packPage(n, await opened.pdf.pieces(n))
      send({ kind: 'page', page }, transferablesOf(page))
    }
  } finally {
    await opened.pdf.close()
  }
}

function send(message: HelperMessage, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer)
}

await help(workerData as HelperInput)
send({ kind: 'done' })
