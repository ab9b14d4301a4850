import type { FastifyInstance } from 'fastify'
import { isLang } from './i18n.js'

const LANG_COOKIE = '__Host-telekost-lang'

/** Bokmål unless `?lang=en` chose English, which a cookie remembers. */
export function installLanguage(app: FastifyInstance): void {
  app.decorateRequest('lang', 'nb')
  app.addHook('onRequest', async (request, reply) => {
    const asked = (request.query as Record<string, unknown>)['lang']
    if (isLang(asked)) {
      request.lang = asked
      reply.setCookie(LANG_COOKIE, asked, {
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'lax',
        maxAge: 365 * 24 * 3600,
      })
      return
    }
    const saved = request.cookies[LANG_COOKIE]
    if (isLang(saved)) request.lang = saved
  })
}
