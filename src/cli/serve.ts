import { loadConfig } from '../config.js'
import { ProductionGuardError, startServer } from '../web/server.js'
import { CliError, EXIT, options } from './io.js'

/** `telekost serve`: the web application, until SIGTERM or SIGINT. */
export async function serveCommand(args: string[]): Promise<number> {
  options(args, {})
  await startServer(loadConfig()).catch((err: unknown) => {
    if (err instanceof ProductionGuardError) {
      throw new CliError(err.message, EXIT.checkFailed)
    }
    throw err
  })

  return new Promise<number>(() => {})
}
