/** pdf.js ships its worker module without types; only this is used. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: {
    /** Serves one API through `port`, announcing itself with "ready". */
    initializeFromPort(port: unknown): void
  }
}
