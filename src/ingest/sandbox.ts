import { Worker } from 'node:worker_threads'
import type { InvoiceFormat, ReadResult } from '../domain/invoice.js'
import { UPLOAD_LIMITS } from './limits.js'
import { unpackResult } from './packed-result.js'
import type { ReadOptions } from './reader.js'
import type { WorkerInput, WorkerOutput } from './worker.js'

export interface SandboxLimits {
  maxHeapMb: number
  timeoutMs: number
}

const WORKER_URL = new URL('./worker.js', import.meta.url)
const STACK_MB = 4

/**
 * Reads a file in a worker thread with its own heap limit and a deadline,
 * so a file built to exhaust memory or loop for ever costs one worker,
 * never the process. The bytes are transferred to the worker: the caller's
 * array is empty afterwards.
 */
export function readInSandbox(
  format: InvoiceFormat,
  bytes: Uint8Array,
  options: ReadOptions,
  limits: SandboxLimits = UPLOAD_LIMITS.worker,
): Promise<ReadResult> {
  const buffer = ownedBuffer(bytes)
  const input: WorkerInput = { format, bytes: buffer, options }
  const worker = new Worker(WORKER_URL, {
    workerData: input,
    // The parent's flags (a test runner's, an --eval's) are not the worker's.
    execArgv: process.execArgv.filter(
      (flag) => flag === '--enable-source-maps',
    ),
    transferList: [buffer],
    resourceLimits: {
      maxOldGenerationSizeMb: limits.maxHeapMb,
      maxYoungGenerationSizeMb: youngGenerationMb(limits.maxHeapMb),
      stackSizeMb: STACK_MB,
    },
  })

  return settleOnce(worker, limits)
}

function settleOnce(worker: Worker, limits: SandboxLimits) {
  return new Promise<ReadResult>((resolve) => {
    const timer = setTimeout(
      () => finish(stopped('timeout', timeoutMessage(limits.timeoutMs))),
      limits.timeoutMs,
    )
    function finish(result: ReadResult): void {
      clearTimeout(timer)
      resolve(result)
      void worker.terminate()
    }

    worker.once('message', (output: WorkerOutput) => finish(fromWorker(output)))
    worker.once('error', (err) => finish(fromError(err)))
    worker.once('exit', (code) => finish(stopped('exit', CRASH_MESSAGE, code)))
  })
}

function fromWorker(output: WorkerOutput): ReadResult {
  switch (output.kind) {
    case 'result':
      return output.result
    case 'packed':
      return (
        unpackResult(output.packed) ??
        stopped('reader-error', CRASH_MESSAGE, 'inconsistent packed result')
      )
    case 'crash':
      return stopped('reader-error', CRASH_MESSAGE, output.message)
  }
}

function fromError(err: Error & { code?: string }): ReadResult {
  return err.code === 'ERR_WORKER_OUT_OF_MEMORY'
    ? stopped('memory', MEMORY_MESSAGE, err.message)
    : stopped('worker-error', CRASH_MESSAGE, err.message)
}

/** A view on part of a larger buffer is copied once; a whole one moves. */
function ownedBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole =
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength

  return whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer
}

function youngGenerationMb(heapMb: number): number {
  return Math.max(1, Math.min(32, Math.floor(heapMb / 8)))
}

function stopped(
  reason: string,
  message: string,
  detail: unknown = '',
): ReadResult {
  return {
    ok: false,
    problems: [
      { code: 'parser-limit', message, detail: `${reason}: ${String(detail)}` },
    ],
  }
}

function timeoutMessage(timeoutMs: number): string {
  const seconds = Math.ceil(timeoutMs / 1000)

  return (
    `Filen tok mer enn ${seconds} sekunder å lese og ble stoppet. ` +
    'Kontroller at det er riktig fil; er den svært stor, last opp ' +
    'EHF-versjonen av fakturaen i stedet.'
  )
}

const MEMORY_MESSAGE =
  'Filen krevde mer minne å lese enn tillatt og ble stoppet. Kontroller ' +
  'at det er riktig fil; en faktura skal ikke være så krevende.'

const CRASH_MESSAGE =
  'Lesingen av filen stoppet uventet. Prøv igjen; skjer det igjen, last ' +
  'opp fakturaen i et annet format (PDF, regneark eller EHF).'
