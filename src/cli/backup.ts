import { resolve } from 'node:path'
import { loadConfig } from '../config.js'
import {
  BackupKeyError,
  BackupMismatchError,
  createBackup,
  DamagedBackupError,
  NotEmptyError,
  restoreBackup,
} from '../store/backup.js'
import { CliError, EXIT, options } from './io.js'

/**
 * `telekost backup --out FIL`: one sealed file with a consistent copy of
 * the database, the vault's files and the wrapped data keys.
 */
export async function backupCommand(args: string[]): Promise<number> {
  const { values } = options(args, { out: { type: 'string' } })
  if (!values.out) throw new CliError('Bruk: telekost backup --out FIL')

  const out = resolve(values.out)
  const manifest = await createBackup(loadConfig(), out).catch(explain)
  console.log(
    `Sikkerhetskopien er skrevet til ${out}: ${manifest.database}, ` +
      `${manifest.files} filer, ${manifest.dataKeys.length} datanøkler.`,
  )

  return EXIT.ok
}

/**
 * `telekost restore --in FIL [--force]`: into an empty system only,
 * unless --force says to replace what is there. Stop every instance first.
 */
export async function restoreCommand(args: string[]): Promise<number> {
  const { values } = options(args, {
    in: { type: 'string' },
    force: { type: 'boolean' },
  })
  if (!values.in)
    throw new CliError('Bruk: telekost restore --in FIL [--force]')

  const input = resolve(values.in)
  const manifest = await restoreBackup(loadConfig(), input, {
    force: values.force ?? false,
  }).catch(explain)
  console.log(
    `Sikkerhetskopien fra ${manifest.createdAt} er lagt tilbake: ` +
      `${manifest.files} filer. Tjenesten kan startes igjen.`,
  )

  return EXIT.ok
}

function explain(err: unknown): never {
  if (err instanceof NotEmptyError || err instanceof BackupMismatchError) {
    throw new CliError(err.message, EXIT.checkFailed)
  }
  if (err instanceof BackupKeyError) {
    throw new CliError(
      'Sikkerhetskopien er låst med en annen nøkkel: sett ' +
        'TELEKOST_BACKUP_KEY(_FILE) eller hovednøkkelen den ble tatt med ' +
        `(${err.message}).`,
    )
  }
  if (err instanceof DamagedBackupError) {
    throw new CliError(
      `Sikkerhetskopien er skadet eller endret og kan ikke brukes (${err.message}). ` +
        'Ingenting er endret; bruk en annen kopi.',
    )
  }
  throw err
}
