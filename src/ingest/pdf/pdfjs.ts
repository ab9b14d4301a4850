type PdfjsApi = typeof import('pdfjs-dist/legacy/build/pdf.mjs')
type PdfjsParser =
  (typeof import('pdfjs-dist/legacy/build/pdf.worker.mjs'))['WorkerMessageHandler']

export interface Pdfjs {
  api: PdfjsApi
  parser: PdfjsParser
}

let loaded: Promise<Pdfjs> | undefined

/**
 * pdf.js's API and its parser, loaded once.
 *
 * The legacy build replaces Array.prototype.push with core-js's version
 * because V8's differs on array-likes longer than 2³² − 1, which no PDF
 * reaches; every push in the thread then runs through JavaScript, a fifth
 * of the reading time of a large invoice. The engine's own push is put
 * back once both modules are in, so the parser's check for enumerable
 * Array.prototype properties still sees the same descriptor.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  loaded ??= loadKeepingNativePush()

  return loaded
}

async function loadKeepingNativePush(): Promise<Pdfjs> {
  const push = Object.getOwnPropertyDescriptor(Array.prototype, 'push')
  const api = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs')
  if (push && isNative(push.value)) {
    Object.defineProperty(Array.prototype, 'push', push)
  }

  return { api, parser: worker.WorkerMessageHandler }
}

/** Only the engine's own function is put back, never another polyfill. */
function isNative(value: unknown): boolean {
  return (
    typeof value === 'function' &&
    /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(value))
  )
}
