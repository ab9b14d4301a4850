import { loadConfig } from '../config.js'
import { closeContext, openContext } from '../services/context.js'
import { importRegisterFile } from '../services/register.js'
import { CliError, EXIT, options, readInput } from './io.js'

/** `telekost import-register FILE`: employees or cost centres into the store. */
export async function importRegisterCommand(args: string[]): Promise<number> {
  const { positionals } = options(args, {})
  const input = await readInput(positionals[0], 'registerfil')
  const context = await openContext(loadConfig())
  try {
    const outcome = await importRegisterFile(context, input, {
      userId: null,
      name: 'kommandolinjen (import-register)',
    })
    for (const p of outcome.problems) console.error(`advarsel: ${p.message}`)
    if (!outcome.ok) throw new CliError(`Registeret ble ikke importert.`)
    console.log(
      `Importert: ${outcome.created} nye, ${outcome.updated} oppdaterte ansatte, ` +
        `${outcome.costCentres} kostnadssteder.`,
    )

    return EXIT.ok
  } finally {
    await closeContext(context)
  }
}
