import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60

const PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'interest-cohort=()',
].join(', ')

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
}

/**
 * The security headers, on every response including errors and 404s.
 * Helmet's defaults miss Permissions-Policy and leave caching to chance,
 * so those are set here too: nothing but the static assets may be kept.
 */
export async function installSecurityHeaders(
  app: FastifyInstance,
): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    strictTransportSecurity: {
      maxAge: 2 * ONE_YEAR_SECONDS,
      includeSubDomains: true,
    },
    referrerPolicy: { policy: 'same-origin' },
    // The same answer as frame-ancestors 'none', for browsers without CSP.
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  })
  app.addHook('onRequest', async (request, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY)
    const asset = request.url.startsWith('/assets/')
    reply.header('cache-control', asset ? 'public, max-age=3600' : 'no-store')
  })
}

/** The same headers as raw lines, for answers written before Fastify. */
export function rawSecurityHeaders(): string {
  const csp = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ')

  return [
    `Strict-Transport-Security: max-age=${2 * ONE_YEAR_SECONDS}; includeSubDomains`,
    `Content-Security-Policy: ${csp}`,
    'X-Content-Type-Options: nosniff',
    'X-Frame-Options: DENY',
    'Referrer-Policy: same-origin',
    `Permissions-Policy: ${PERMISSIONS_POLICY}`,
    'Cache-Control: no-store',
  ].join('\r\n')
}

/** The same headers as a field map, for answers sent outside the hooks. */
export function securityHeaderFields(): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const line of rawSecurityHeaders().split('\r\n')) {
    const colon = line.indexOf(':')
    fields[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }

  return fields
}
