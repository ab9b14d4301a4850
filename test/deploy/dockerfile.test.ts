import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseDockerfile } from './dockerfile.js'
import type { Instruction, Stage } from './dockerfile.js'
import { readDeploy } from './paths.js'

const { global, stages } = parseDockerfile(readDeploy('Dockerfile.prod'))
const final = stages.at(-1)!
const SECRET = /pass(word)?|secret|token|key|credential|_url/i

function all(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword)
}

function stageNamed(name: string): Stage {
  const stage = stages.find((s) => s.name === name)
  assert.ok(stage, `no stage named ${name}`)

  return stage
}

/** The stage the final one copies node_modules from. */
function dependencyStage(): Stage {
  const copy = all(final, 'COPY').find((i) => /node_modules/.test(i.text))
  const from = /--from=(\S+)/.exec(copy?.text ?? '')?.[1]
  assert.ok(from, 'the final stage copies no node_modules from a stage')

  return stageNamed(from)
}

function envNames(instruction: Instruction): string[] {
  return [...instruction.text.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)[= ]/g)]
    .map((m) => m[1]!)
    .slice(0, instruction.keyword === 'ARG' ? 1 : undefined)
}

describe('deploy/Dockerfile.prod', () => {
  it('builds in several stages', () => {
    assert.ok(stages.length >= 2)
  })

  it('starts every stage from a Node slim image of an even (LTS) line', () => {
    const arg = global.find((i) => i.keyword === 'ARG')!.text
    const image = /NODE_IMAGE=(node:(\d+)-slim)/.exec(arg)

    assert.ok(image && Number(image[2]) % 2 === 0, arg)
    assert.ok(
      stages.every((s) => ['${NODE_IMAGE}', 'toolchain'].includes(s.image)),
    )
  })

  it('runs the final stage as a user that is not root', () => {
    const user = all(final, 'USER').at(-1)?.text ?? 'root'

    assert.doesNotMatch(user, /^(root|0)(:|$)/)
  })

  it('has a health check against /api/health', () => {
    const check = all(final, 'HEALTHCHECK').at(-1)

    assert.ok(check?.text.includes('deploy/healthcheck.mjs'))
    assert.match(readDeploy('healthcheck.mjs'), /\/api\/health/)
  })

  it('sets no ENV or ARG whose name suggests a secret', () => {
    const named = stages
      .flatMap((s) => s.instructions)
      .concat(global)
      .filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')
      .flatMap(envNames)

    assert.ok(named.includes('NODE_ENV'))
    assert.deepEqual(
      named.filter((n) => SECRET.test(n)),
      [],
    )
  })

  it('copies no secret or environment file into the image', () => {
    const copied = stages
      .flatMap((s) => all(s, 'COPY').concat(all(s, 'ADD')))
      .map((i) => i.text)

    assert.deepEqual(
      copied.filter((t) => /\.env\b|secrets?\/|\.key\b|\.pem\b/.test(t)),
      [],
    )
  })

  it('sets NODE_ENV=production in the final stage', () => {
    const env = all(final, 'ENV')
      .map((i) => i.text)
      .join(' ')

    assert.match(env, /NODE_ENV=production/)
  })

  it('installs production dependencies only, scripts off, for the runtime', () => {
    const run = all(dependencyStage(), 'RUN')
      .map((i) => i.text)
      .join(' ')

    assert.match(run, /npm ci --omit=dev --ignore-scripts/)
  })

  it('rebuilds the native modules after installing without scripts', () => {
    const run = all(dependencyStage(), 'RUN')
      .map((i) => i.text)
      .join(' ')

    for (const name of [
      'better-sqlite3',
      'better-sqlite3-multiple-ciphers',
      'argon2',
    ]) {
      assert.match(run, new RegExp(`npm rebuild[^&]*\\b${name}(\\s|$)`))
    }
  })

  it('makes the code folder read-only before switching user', () => {
    const order = final.instructions.map((i) => `${i.keyword} ${i.text}`)
    const readOnly = order.findIndex((t) => /^RUN chmod -R a-w \/app$/.test(t))
    const user = order.findIndex((t) => t.startsWith('USER '))

    assert.ok(readOnly >= 0 && readOnly < user)
  })

  it('starts the server in exec form through the entrypoint', () => {
    assert.deepEqual(all(final, 'ENTRYPOINT').at(-1)?.exec, [
      'deploy/entrypoint.sh',
    ])
    assert.deepEqual(all(final, 'CMD').at(-1)?.exec, ['serve'])
  })
})
