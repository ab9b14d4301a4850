import { loadConfig } from '../config.js'
import {
  defaultProbes,
  failedItems,
  formatChecklist,
  securityChecklist,
} from '../security/doctor.js'
import { EXIT, options, printJson } from './io.js'

/**
 * `telekost doctor [--production] [--json]`: the security checklist with
 * ✓ and ✗; exit 0 when every measure holds in the mode checked, 1 if not.
 */
export async function doctorCommand(args: string[]): Promise<number> {
  const { values } = options(args, {
    production: { type: 'boolean' },
    json: { type: 'boolean' },
  })
  const env = values.production
    ? { ...process.env, NODE_ENV: 'production' }
    : process.env
  const config = loadConfig(env)
  const items = await securityChecklist(config, defaultProbes())
  const failed = failedItems(items)

  if (values.json) {
    printJson({ production: config.production, items })
  } else {
    const mode = config.production ? 'produksjon' : 'utvikling'
    console.log(`Sikkerhetssjekk for ${mode}:\n\n${formatChecklist(items)}\n`)
    console.log(
      failed.length === 0
        ? 'Alle tiltak er på plass.'
        : `${failed.length} av ${items.length} tiltak mangler.`,
    )
  }

  return failed.length === 0 ? EXIT.ok : EXIT.checkFailed
}
