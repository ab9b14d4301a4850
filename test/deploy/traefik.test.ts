import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadCompose } from './compose.js'
import { readYaml } from './paths.js'

interface TlsOptions {
  minVersion: string
  cipherSuites: string[]
  curvePreferences: string[]
  sniStrict?: boolean
}

const dynamic = readYaml('traefik/dynamic.yml') as {
  tls: { options: Record<string, TlsOptions> }
}
const options = dynamic.tls.options['default']!
const compose = loadCompose()
const proxy = compose.services['proxy']!

/** Traefik's static settings, from its `--name=value` flags. */
const flags = new Map(
  proxy.command!.map((flag) => {
    const [name, ...value] = flag.replace(/^--/, '').split('=')
    return [name!.toLowerCase(), value.join('=') || 'true']
  }),
)

describe('Traefik', () => {
  it('accepts TLS 1.2 at the lowest', () => {
    assert.equal(options.minVersion, 'VersionTLS12')
  })

  it('offers only forward-secret AEAD suites to TLS 1.2 clients', () => {
    const weak = options.cipherSuites.filter(
      (s) =>
        !/^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM|CHACHA20_POLY1305)_SHA(256|384)$/.test(
          s,
        ),
    )

    assert.deepEqual(weak, [])
  })

  it('prefers X25519 and offers only strong curves', () => {
    assert.equal(options.curvePreferences[0], 'X25519')
    assert.deepEqual(
      options.curvePreferences.filter(
        (c) =>
          !['X25519', 'CurveP256', 'CurveP384', 'X25519MLKEM768'].includes(c),
      ),
      [],
    )
  })

  it('reads the TLS options from the mounted dynamic file', () => {
    assert.equal(
      flags.get('providers.file.filename'),
      '/etc/traefik/dynamic.yml',
    )
    assert.ok(
      proxy.volumes!.includes(
        './traefik/dynamic.yml:/etc/traefik/dynamic.yml:ro',
      ),
    )
  })

  it("gets certificates from Let's Encrypt with the TLS challenge", () => {
    assert.equal(
      flags.get('certificatesresolvers.letsencrypt.acme.tlschallenge'),
      'true',
    )
    assert.match(
      flags.get('certificatesresolvers.letsencrypt.acme.email') ?? '',
      /@/,
    )
    assert.equal(
      flags.get('entrypoints.websecure.http.tls.certresolver'),
      'letsencrypt',
    )
  })

  it('redirects HTTP to HTTPS permanently', () => {
    assert.equal(
      flags.get('entrypoints.web.http.redirections.entrypoint.to'),
      'websecure',
    )
    assert.equal(
      flags.get('entrypoints.web.http.redirections.entrypoint.scheme'),
      'https',
    )
  })

  it('routes only services that ask for it', () => {
    assert.equal(flags.get('providers.docker.exposedbydefault'), 'false')
  })

  it('routes the domain to the app over TLS, checking readiness', () => {
    const labels = compose.services['app']!.labels!

    assert.ok(
      labels.includes(
        'traefik.http.routers.telekost.rule=Host(`telekost.example.no`)',
      ),
    )
    assert.ok(
      labels.includes('traefik.http.routers.telekost.entrypoints=websecure'),
    )
    assert.ok(
      labels.includes(
        'traefik.http.services.telekost.loadbalancer.healthcheck.path=/api/ready',
      ),
    )
  })
})
