import { loadConfig } from '../config.js'
import { startServer } from '../web/server.js'
import { options } from './io.js'

/** `telekost serve`: the web application, until SIGTERM or SIGINT. */
export async function serveCommand(args: string[]): Promise<number> {
  options(args, {})
  await startServer(loadConfig())

  return new Promise<number>(() => {})
}
