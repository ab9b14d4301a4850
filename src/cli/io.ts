import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import type { ParseArgsConfig } from 'node:util'

/** An error the command line reports as one clear line and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message)
  }
}

export const EXIT = { ok: 0, checkFailed: 1, unreadable: 2 } as const

export function options<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  spec: T,
) {
  try {
    return parseArgs({
      args,
      options: spec,
      allowPositionals: true,
      strict: true,
    })
  } catch (err) {
    throw new CliError(`${(err as Error).message}. Se telekost --help.`)
  }
}

/** Reads a file named on the command line, or explains why it cannot. */
export async function readInput(path: string | undefined, what = 'fil') {
  if (!path) throw new CliError(`Mangler ${what}. Se telekost --help.`)

  try {
    const info = await stat(path)
    if (!info.isFile()) throw new CliError(`${path} er ikke en fil.`)

    return {
      filename: basename(path),
      bytes: new Uint8Array(await readFile(path)),
    }
  } catch (err) {
    if (err instanceof CliError) throw err
    throw new CliError(
      `Kan ikke lese ${path}: ${(err as NodeJS.ErrnoException).code ?? 'ukjent feil'}.`,
    )
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}
