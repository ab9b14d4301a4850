import { join } from 'node:path'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import Fastify from 'fastify'
import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify'
import { repoRoot } from '../security/repo-root.js'
import type { SessionStore } from '../security/sessions.js'
import type { AppContext } from '../services/context.js'
import { installErrorHandler } from './error-handler.js'
import {
  installSecurityHeaders,
  rawSecurityHeaders,
  securityHeaderFields,
} from './headers.js'
import { installLanguage } from './language.js'
import { installGuard } from './guard.js'
import { installRequestEvents } from '../security/events/http.js'
import { installRateLimits } from '../security/limits/http.js'
import { securityEventRoutes } from './routes/security-events.js'
import { apiRoutes } from './routes/api.js'
import { attentionRoutes } from './routes/attention.js'
import { auditRoutes } from './routes/audit.js'
import { incidentRoutes } from './routes/incidents.js'
import { noticeRoutes } from './routes/notice.js'
import { processingRecordRoutes } from './routes/records.js'
import { accountRoutes } from './routes/account.js'
import { authRoutes } from './routes/auth.js'
import { employeeRoutes } from './routes/employees.js'
import { exportRoutes } from './routes/exports.js'
import { invoicePageRoutes } from './routes/invoices.js'
import { registerRoutes } from './routes/register.js'
import { privacyRequestRoutes } from './routes/privacy-requests.js'
import { securityStatusRoutes } from './routes/security-status.js'
import { uploadRoutes } from './routes/uploads.js'
import { userRoutes } from './routes/users.js'
import { healthRoutes } from './routes/health.js'
import { jobRoutes } from './routes/jobs.js'
import { installMetrics } from './metrics.js'
import { echoRequestId, requestIdGenerator } from './request-id.js'
import './types.js'

/** Served from the source folder, so `dist/` builds find them too. */
export const ASSETS_DIR = join(repoRoot, 'src', 'web', 'assets')

/** Forms and JSON are small; upload routes raise their own limit. */
const DEFAULT_BODY_LIMIT = 64 * 1024

export interface AppOptions {
  sessionStore?: SessionStore
}

export async function buildApp(
  context: AppContext,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const { config } = context
  const app = Fastify({
    loggerInstance: context.log.child({
      subsystem: 'web',
    }) as FastifyBaseLogger,
    requestTimeout: 120_000,
    connectionTimeout: 130_000,
    keepAliveTimeout: 5_000,
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy:
      config.trustedProxies.length > 0 ? config.trustedProxies : false,
    clientErrorHandler: answerBrokenRequest,
    frameworkErrors: answerFrameworkError,
    genReqId: requestIdGenerator(config.trustedProxies),
  })
  recordRoutes(app)
  installMetrics(app)
  echoRequestId(app)
  await installPlugins(app, context)
  installLanguage(app)
  installGuard(app, context, options.sessionStore ?? context.sessions)
  installRateLimits(app, context)
  installRequestEvents(app, context)
  installRoutes(app, context, options.sessionStore ?? context.sessions)
  installErrorHandler(app, config.maxUploadBytes)

  return app
}

async function installPlugins(app: FastifyInstance, context: AppContext) {
  await installSecurityHeaders(app)
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: 16 * 1024 })
  await app.register(multipart, {
    attachFieldsToBody: true,
    // Keep the name as sent: `../x.pdf` must reach the filename check and
    // be refused, not be quietly cut down to `x.pdf`.
    preservePath: true,
    limits: {
      fileSize: context.config.maxUploadBytes,
      files: 1,
      fields: 10,
      fieldSize: 4 * 1024,
      parts: 12,
    },
  })
  // A JSON or form route must never be reachable with a text/plain body.
  app.removeContentTypeParser('text/plain')
  await app.register(swagger, {
    openapi: {
      info: { title: 'Telekost API', version: '1' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: '__Host-telekost' },
        },
      },
      security: [{ session: [] }],
    },
    transform: ({ schema, url }) => ({
      schema: url.startsWith('/api/') ? schema : { ...schema, hide: true },
      url,
    }),
  })
  await app.register(fastifyStatic, {
    root: ASSETS_DIR,
    prefix: '/assets/',
    index: false,
    schemaHide: true,
    dotfiles: 'deny',
  })
}

function installRoutes(
  app: FastifyInstance,
  context: AppContext,
  store: SessionStore,
) {
  authRoutes(app, context, store)
  accountRoutes(app, context, store)
  userRoutes(app, context, store)
  invoicePageRoutes(app, context)
  uploadRoutes(app, context)
  exportRoutes(app, context)
  attentionRoutes(app, context)
  employeeRoutes(app, context)
  registerRoutes(app, context)
  privacyRequestRoutes(app, context)
  apiRoutes(app, context)
  securityStatusRoutes(app, context)
  securityEventRoutes(app, context)
  auditRoutes(app, context)
  processingRecordRoutes(app, context)
  noticeRoutes(app, context)
  incidentRoutes(app, context)
  healthRoutes(app, context)
  jobRoutes(app, context)
}

function recordRoutes(app: FastifyInstance) {
  const table: FastifyInstance['routeTable'] = []
  app.decorate('routeTable', table)
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat()
    for (const method of methods) {
      if (method === 'HEAD') continue
      const access = route.config?.access ?? 'signed-in'
      const body = route.config?.body ?? 'form'
      table.push({ method, url: route.url, access, body })
    }
  })
}

/** Malformed HTTP never reaches Fastify's hooks; answer it with headers. */
function answerBrokenRequest(_error: Error, socket: import('node:net').Socket) {
  if (!socket.writable) return socket.destroy()

  socket.end(
    `HTTP/1.1 400 Bad Request\r\n${rawSecurityHeaders()}\r\n` +
      'Content-Length: 0\r\nConnection: close\r\n\r\n',
  )
}

/**
 * A URL Fastify cannot decode (`/invoices/%ZZ`) is answered before any
 * hook runs, so the security headers are set here, and the URL is not
 * echoed back.
 */
function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
) {
  const bad = error.code === 'FST_ERR_BAD_URL'

  return reply
    .code(bad ? 400 : 500)
    .headers(securityHeaderFields())
    .type('text/plain; charset=utf-8')
    .send(bad ? 'Ugyldig adresse.\n' : 'Noe gikk galt.\n')
}
