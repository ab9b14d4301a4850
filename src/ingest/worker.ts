import { parentPort, workerData } from 'node:worker_threads'
import type { InvoiceFormat, ReadResult } from '../domain/invoice.js'
import type { ReadOptions } from './reader.js'
import { loadReader } from './readers.js'

/** What the sandbox sends: the bytes arrive transferred, not copied. */
export interface WorkerInput {
  format: InvoiceFormat
  bytes: ArrayBuffer
  options: ReadOptions
}

export type WorkerOutput =
  { kind: 'result'; result: ReadResult } | { kind: 'crash'; message: string }

async function run(input: WorkerInput): Promise<WorkerOutput> {
  try {
    const reader = await loadReader(input.format)
    const result = await reader.read(new Uint8Array(input.bytes), input.options)

    return { kind: 'result', result }
  } catch (err) {
    return { kind: 'crash', message: String(err) }
  }
}

parentPort?.postMessage(await run(workerData as WorkerInput))
