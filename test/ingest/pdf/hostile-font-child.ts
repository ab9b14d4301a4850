// Reads one PDF with the PDF reader in this worker thread and tells the
// parent what came of it and whether anything raised the payload's flag.
import { parentPort, workerData } from 'node:worker_threads'
import { pdfReader } from '../../../src/ingest/pdf/index.js'

const result = await pdfReader.read(workerData as Uint8Array, {})
const flags = globalThis as { pwned?: unknown }

parentPort?.postMessage({
  codes: result.problems.map((p) => p.code),
  pwned: flags.pwned ?? null,
})
