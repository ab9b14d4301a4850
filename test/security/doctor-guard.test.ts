import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { loadConfig } from '../../src/config.js'
import { ProductionGuardError, startServer } from '../../src/web/server.js'
import {
  bareProductionEnv,
  fullProductionEnv,
  NO_POSTGRES,
  NO_REDIS,
  NO_SAFE_DEFAULT,
  scratch,
} from './doctor-env.js'
import type { Scratch } from './doctor-env.js'

describe('production guard', () => {
  let s: Scratch
  beforeEach(() => {
    s = scratch()
  })
  afterEach(() => s.close())

  it('refuses to start and names every missing measure', async () => {
    const config = loadConfig(bareProductionEnv(s))

    await assert.rejects(
      startServer(config, { handleSignals: false }),
      (err) => {
        assert.ok(err instanceof ProductionGuardError)
        const ids = err.missing.map((item) => item.id)
        for (const id of NO_SAFE_DEFAULT) assert.ok(ids.includes(id), id)
        for (const item of err.missing) {
          assert.ok(err.message.includes(`✗ ${item.message}`), item.id)
        }
        return true
      },
    )
  })

  it(
    'refuses to start when one measure is missing',
    { skip: NO_REDIS },
    async () => {
      const env = fullProductionEnv(s)
      env['TELEKOST_ORIGIN'] = 'http://telekost.example.no'

      await assert.rejects(
        startServer(loadConfig(env), { handleSignals: false }),
        (err) =>
          err instanceof ProductionGuardError &&
          err.missing.length === 1 &&
          err.missing[0]!.id === 'https-origin',
      )
    },
  )

  it(
    'stops at start when PostgreSQL does not answer',
    { skip: NO_REDIS },
    async () => {
      const env = fullProductionEnv(s)
      env['DATABASE_URL'] = 'postgres://telekost:hemmelig@127.0.0.1:1/telekost'

      await assert.rejects(
        startServer(loadConfig(env), { handleSignals: false }),
        /ECONNREFUSED/,
      )
    },
  )

  it(
    'starts and answers when every measure holds',
    { skip: NO_REDIS || NO_POSTGRES },
    async () => {
      const server = await startServer(loadConfig(fullProductionEnv(s)), {
        handleSignals: false,
      })
      try {
        const response = await fetch(`${server.address}/api/health`)

        assert.equal(response.status, 200)
      } finally {
        await server.close()
      }
    },
  )

  it('starts in development with nothing set', async () => {
    const server = await startServer(
      loadConfig({
        TELEKOST_DATA_DIR: s.dataDir,
        TELEKOST_ADMIN_PASSWORD: 'riktig hest batteri stift',
        PORT: '0',
        LOG_LEVEL: 'silent',
      }),
      { handleSignals: false },
    )

    await server.close()
  })
})
