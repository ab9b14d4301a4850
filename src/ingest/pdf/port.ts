/**
 * The two ends of an in-thread channel between pdf.js's API and its parser,
 * shaped like MessagePorts so `new PDFWorker({ port })` and
 * `WorkerMessageHandler.initializeFromPort(port)` accept them.
 *
 * pdf.js's own fake worker structured-clones every message, and on a large
 * invoice cloning the text content costs more than parsing it. Here every
 * message is still cloned, as a real port would, except the chunks of a
 * text-content stream: those are handed over as a shallow copy. That is
 * safe because the parser replaces, never mutates, what it has sent (it
 * builds each item and its transform anew and swaps in a fresh `items`
 * array and `styles` object after each chunk), and the reader only reads
 * them. The shallow copy is what keeps the swap from emptying the chunk on
 * its way over.
 */
export interface PdfPort {
  postMessage(data: unknown, transfer?: Transferable[]): void
  addEventListener(
    type: string,
    listener: Listener,
    options?: { signal?: AbortSignal } | null,
  ): void
  removeEventListener(type: string, listener: Listener): void
  terminate(): void
}

type Listener = (this: PdfPort, event: { data: unknown }) => void

interface Message {
  sourceName?: string
  targetName?: string
  action?: string
  stream?: number
  streamId?: number
  chunk?: unknown
}

/** pdf.js's StreamKind values that begin and end a stream's life. */
const STREAM_ENQUEUE = 4
const STREAM_ENDS = new Set([2, 3, 5]) // cancelled, closed, failed
const TEXT_ACTION = 'GetTextContent'

/** Returns [the API's end, the parser's end]. */
export function portPair(): [PdfPort, PdfPort] {
  const textStreams = new Set<string>()
  const api = new InThreadPort((data) => noteTextStream(textStreams, data))
  const parser = new InThreadPort((data) => textChunkCopy(textStreams, data))
  api.peer = parser
  parser.peer = api

  return [api, parser]
}

class InThreadPort implements PdfPort {
  peer: InThreadPort | null = null
  #listeners = new Map<Listener, (() => void) | null>()
  #fastCopy: (data: Message) => Message | null

  constructor(fastCopy: (data: Message) => Message | null) {
    this.#fastCopy = fastCopy
  }

  postMessage(data: unknown, transfer?: Transferable[]): void {
    const peer = this.peer
    if (!peer) return

    const message =
      this.#fastCopy(data as Message) ??
      (transfer?.length ? null : flatCopy(data)) ??
      structuredClone(data, transfer ? { transfer } : undefined)
    // A microtask, as pdf.js's own loopback port: order is kept.
    void Promise.resolve().then(() => peer.deliver({ data: message }))
  }

  deliver(event: { data: unknown }): void {
    for (const listener of [...this.#listeners.keys()]) {
      listener.call(this, event)
    }
  }

  addEventListener(
    type: string,
    listener: Listener,
    options?: { signal?: AbortSignal } | null,
  ): void {
    if (type !== 'message') return

    const signal = options?.signal
    if (signal?.aborted) return
    let unhook: (() => void) | null = null
    if (signal) {
      const onAbort = () => this.removeEventListener(type, listener)
      signal.addEventListener('abort', onAbort)
      unhook = () => signal.removeEventListener('abort', onAbort)
    }
    this.#listeners.set(listener, unhook)
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.#listeners.get(listener)?.()
    this.#listeners.delete(listener)
  }

  /** Cuts both ends: nothing is delivered afterwards. */
  terminate(): void {
    for (const unhook of this.#listeners.values()) unhook?.()
    this.#listeners.clear()
    const peer = this.peer
    this.peer = null
    if (peer?.peer === this) peer.terminate()
  }
}

/** The API asks for text content: remember the stream, clone the request. */
function noteTextStream(textStreams: Set<string>, data: Message): null {
  if (data.action === TEXT_ACTION && data.streamId !== undefined) {
    textStreams.add(streamKey(data.sourceName, data.streamId))
  }

  return null
}

function textChunkCopy(
  textStreams: Set<string>,
  data: Message,
): Message | null {
  if (data.stream === undefined || data.streamId === undefined) return null

  const key = streamKey(data.targetName, data.streamId)
  if (STREAM_ENDS.has(data.stream)) textStreams.delete(key)
  if (data.stream !== STREAM_ENQUEUE || !textStreams.has(key)) return null
  if (!isTextChunk(data.chunk)) return null

  return { ...data, chunk: { ...data.chunk } }
}

function isTextChunk(chunk: unknown): chunk is object {
  return (
    isPlainObject(chunk) && Array.isArray((chunk as { items?: unknown }).items)
  )
}

function streamKey(handler: string | undefined, streamId: number): string {
  return `${handler ?? ''}/${streamId}`
}

/**
 * Most messages are stream bookkeeping (pull, pulled) of a few names and
 * numbers: for a plain object of primitives a spread is an exact clone.
 */
function flatCopy(data: unknown): object | null {
  if (!isPlainObject(data)) return null
  for (const key in data) {
    const value = (data as Record<string, unknown>)[key]
    if (typeof value === 'object' && value !== null) return null
    if (typeof value === 'function' || typeof value === 'symbol') return null
  }

  return { ...data }
}

function isPlainObject(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  )
}
