import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testConfig } from '../../src/config.js'
import type { Config } from '../../src/config.js'
import { closeContext, openContext } from '../../src/services/context.js'
import type { AppContext } from '../../src/services/context.js'

/**
 * A fresh context on a new SQLite file built by the real migrations, in a
 * temporary folder removed by `close()`.
 */
export async function freshContext(
  overrides: Partial<Config> = {},
): Promise<AppContext & { close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'telekost-test-'))
  const context = await openContext(testConfig(dir, overrides))

  return {
    ...context,
    async close() {
      await closeContext(context)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
