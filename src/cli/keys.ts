import { readFile } from 'node:fs/promises'
import { loadConfig } from '../config.js'
import { closeContext, openContext } from '../services/context.js'
import type { AppContext } from '../services/context.js'
import { keyId, parseKey } from '../store/crypto.js'
import { loadMasterKey, rewrapDataKeys } from '../store/vault.js'
import { CliError, EXIT, options } from './io.js'

const USAGE =
  'Bruk: telekost keys rotate-data-key\n' +
  '      telekost keys rewrap --new-master-key-file FIL'

/**
 * `telekost keys rotate-data-key`: new files get a new data key, older
 * files stay readable under theirs.
 * `telekost keys rewrap --new-master-key-file FIL`: every data key is
 * re-wrapped under a new master key in one transaction; no file is touched.
 */
export async function keysCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args
  if (action === 'rotate-data-key') {
    options(rest, {})
    return withContext(rotateDataKey)
  }
  if (action === 'rewrap') {
    const { values } = options(rest, {
      'new-master-key-file': { type: 'string' },
    })
    const file = values['new-master-key-file']
    if (!file) throw new CliError(`Mangler --new-master-key-file.\n${USAGE}`)
    const next = await readNewMasterKey(file)
    return withContext((context) => rewrap(context, next))
  }

  throw new CliError(USAGE)
}

async function withContext(
  run: (context: AppContext) => Promise<number>,
): Promise<number> {
  const context = await openContext(loadConfig())
  try {
    return await run(context)
  } finally {
    await closeContext(context)
  }
}

async function rotateDataKey(context: AppContext): Promise<number> {
  const { id } = await context.vault.rotateDataKey()
  await context.security.record({
    type: 'key-rotated',
    severity: 8,
    details: { action: 'rotate-data-key', dataKeyId: id },
  })
  console.log(
    `Ny datanøkkel ${id} er tatt i bruk. Eldre filer leses med sine nøkler.`,
  )

  return EXIT.ok
}

async function rewrap(context: AppContext, next: Buffer): Promise<number> {
  const current = loadMasterKey(context.config)
  const known = [current.key, ...current.previous]
  const { rewrapped, masterKeyId } = await rewrapDataKeys(
    context.db,
    known,
    next,
  )
  await context.security.record({
    type: 'key-rotated',
    severity: 8,
    details: {
      action: 'rewrap',
      dataKeys: rewrapped,
      masterKeyId,
      fromKeyIds: known.map(keyId).join(','),
    },
  })
  console.log(
    `${rewrapped} datanøkler er pakket inn under hovednøkkel ${masterKeyId}.\n` +
      'Start tjenesten med den nye nøkkelen i TELEKOST_MASTER_KEY_FILE; ' +
      'den gamle trengs ikke lenger.',
  )

  return EXIT.ok
}

async function readNewMasterKey(file: string): Promise<Buffer> {
  try {
    return parseKey(await readFile(file, 'utf8'))
  } catch (err) {
    throw new CliError(
      `Kan ikke lese en ny hovednøkkel fra ${file}: ${(err as Error).message}.`,
    )
  }
}
