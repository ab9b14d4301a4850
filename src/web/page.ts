import type { FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import { render } from 'preact-render-to-string'
import { translator } from './i18n.js'
import type { Lang, Translate } from './i18n.js'
import type { Auth } from './types.js'

/** What every page needs besides its own data. */
export interface PageContext {
  t: Translate
  lang: Lang
  auth: Auth | null
  /** The path without its query, for the language switch. */
  path: string
}

export function pageContext(request: FastifyRequest): PageContext {
  return {
    t: translator(request.lang),
    lang: request.lang,
    auth: request.auth,
    path: request.url.split('?')[0] ?? '/',
  }
}

/** Renders a page; Preact escapes every string it is given. */
export function sendPage(
  reply: FastifyReply,
  page: VNode,
  statusCode = 200,
): FastifyReply {
  return reply
    .code(statusCode)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${render(page)}`)
}

/** After a form post: go to a page with GET, so a reload posts nothing. */
export function seeOther(reply: FastifyReply, location: string) {
  return reply.redirect(location, 303)
}
