import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../config.js'

export type ScanResult =
  | { verdict: 'clean' }
  | { verdict: 'infected'; signature: string }
  | { verdict: 'failed'; reason: string }

export interface Antivirus {
  scan(bytes: Uint8Array): Promise<ScanResult>
}

export interface ClamscanOptions {
  path: string
  /** A signature database folder or file; null for clamscan's default. */
  database: string | null
  timeoutMs: number
}

const CLEAN = 0
const INFECTED = 1

/**
 * ClamAV's command-line scanner. The bytes go to a file only this process
 * may read, in a folder of its own that is removed after the scan, found
 * or not. A scan that fails or runs out of time is reported as failed,
 * never as clean.
 */
export function clamscan(options: ClamscanOptions): Antivirus {
  return {
    async scan(bytes) {
      const dir = await mkdtemp(join(tmpdir(), 'telekost-scan-'))
      try {
        const file = join(dir, 'upload')
        await writeFile(file, bytes, { mode: 0o600, flag: 'wx' })
        return await run(options, file)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
  }
}

/** The configured scanner, or null when scanning is off or not installed. */
export function antivirusFromConfig(
  config: Pick<Config, 'clamscan' | 'clamscanDb' | 'clamscanTimeoutMs'>,
): Antivirus | null {
  if (!config.clamscan) return null

  return clamscan({
    path: config.clamscan,
    database: config.clamscanDb,
    timeoutMs: config.clamscanTimeoutMs,
  })
}

function run(options: ClamscanOptions, file: string): Promise<ScanResult> {
  const args = [
    '--no-summary',
    '--stdout',
    ...(options.database ? ['--database', options.database] : []),
    '--',
    file,
  ]

  return new Promise((resolve) => {
    execFile(
      options.path,
      args,
      { timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 },
      (err, stdout) => {
        const code = err ? (err as { code?: unknown }).code : CLEAN
        if (code === CLEAN) return resolve({ verdict: 'clean' })
        const found = signature(stdout)
        if (code === INFECTED && found) {
          return resolve({ verdict: 'infected', signature: found })
        }
        resolve({ verdict: 'failed', reason: failure(err!) })
      },
    )
  })
}

/** `/tmp/…/upload: Own.Test.Sig.UNOFFICIAL FOUND` → the signature name. */
function signature(stdout: string): string | null {
  return /:\s*(.+?)\s+FOUND\s*$/m.exec(stdout)?.[1] ?? null
}

function failure(err: Error & { killed?: boolean; code?: unknown }): string {
  if (err.killed) return 'timeout'

  return typeof err.code === 'number' ? `exit ${err.code}` : String(err.code)
}
