import type { AppContext } from '../services/context.js'
import { checkIncidentDeadlines } from './incidents.js'

/**
 * Runs the deadline check every few minutes (from the settings). The
 * timer never keeps the process alive, and a failed run is logged and
 * tried again next time. Returns the function that stops it.
 */
export function startIncidentDeadlineWatch(context: AppContext): () => void {
  const log = context.log.child({ subsystem: 'incidents' })
  const run = () => {
    checkIncidentDeadlines(context, new Date()).catch((err: unknown) =>
      log.error({ err }, 'incident deadline check failed'),
    )
  }
  const minutes = Math.max(1, context.config.incidentCheckMinutes)
  const timer = setInterval(run, minutes * 60_000)
  timer.unref()
  run()

  return () => clearInterval(timer)
}
