import { parentPort, workerData } from 'node:worker_threads'
import type { InvoiceFormat, ReadResult } from '../domain/invoice.js'
import { packedBuffers, packResult } from './packed-result.js'
import type { PackedResult } from './packed-result.js'
import type { ReadOptions } from './reader.js'
import { loadReader } from './readers.js'

/** What the sandbox sends: the bytes arrive transferred, not copied. */
export interface WorkerInput {
  format: InvoiceFormat
  bytes: ArrayBuffer
  options: ReadOptions
}

export type WorkerOutput =
  | { kind: 'result'; result: ReadResult }
  | { kind: 'packed'; packed: PackedResult }
  | { kind: 'crash'; message: string }

/** Reads the file; a draft goes back packed when it can be. */
async function run(input: WorkerInput): Promise<WorkerOutput> {
  try {
    const reader = await loadReader(input.format)
    const result = await reader.read(new Uint8Array(input.bytes), input.options)
    const packed = packResult(result)

    return packed ? { kind: 'packed', packed } : { kind: 'result', result }
  } catch (err) {
    return { kind: 'crash', message: String(err) }
  }
}

/** A packed draft's columns move to the parent instead of being copied. */
function send(output: WorkerOutput): void {
  const transfer = output.kind === 'packed' ? packedBuffers(output.packed) : []
  parentPort?.postMessage(output, transfer)
}

send(await run(workerData as WorkerInput))
