/**
 * Every limit an upload is held to before and while it is read. Tests read
 * this table: a file at a limit passes, one past it is refused.
 */
export const UPLOAD_LIMITS = {
  /** Bytes of one uploaded file. Overridden by TELEKOST_MAX_UPLOAD_BYTES. */
  maxFileBytes: 50 * 1024 * 1024,
  /** Bytes of a filename, as UTF-8. */
  maxFilenameBytes: 255,
  zip: {
    maxEntries: 1_000,
    /** Declared and real uncompressed bytes of all entries together. */
    maxUncompressedBytes: 200 * 1024 * 1024,
    /** Uncompressed over compressed size of any one entry. */
    maxCompressionRatio: 200,
  },
  cfb: {
    maxSectors: 2_000_000,
  },
  pdf: {
    maxPages: 2_000,
  },
  sheet: {
    maxRows: 100_000,
    maxColumns: 100,
  },
  xml: {
    maxBytes: 50 * 1024 * 1024,
    maxDepth: 64,
    /** Namespace prefixes declared in scope at once; UBL uses a handful. */
    maxNamespaces: 64,
  },
  worker: {
    /** Old-generation heap of the worker that parses one file. */
    maxHeapMb: 512,
    timeoutMs: 60_000,
  },
} as const

export type UploadLimits = typeof UPLOAD_LIMITS

/** The extensions accepted for each kind of upload. */
export const ALLOWED_EXTENSIONS = {
  invoice: ['.pdf', '.xlsx', '.xls', '.xml'],
  register: ['.xlsx', '.csv'],
} as const
