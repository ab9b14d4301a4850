import type { FastifyInstance, FastifyRequest } from 'fastify'
import { currentRecord, retentionInEffect } from '../../privacy/records.js'
import type { AppContext } from '../../services/context.js'
import { translator } from '../i18n.js'
import type { Lang } from '../i18n.js'
import { pageContext, sendPage } from '../page.js'
import { PrivacyNoticePage } from '../views/notice.js'

/** Where the notice lives in each language; open to everyone. */
export const NOTICE_PATHS: Record<Lang, string> = {
  nb: '/personvern',
  en: '/privacy',
}

/** The privacy notice, in Bokmål and English, without signing in. */
export function noticeRoutes(app: FastifyInstance, context: AppContext): void {
  for (const lang of ['nb', 'en'] as const) {
    app.get(
      NOTICE_PATHS[lang],
      { config: { access: 'public' } },
      async (request, reply) => {
        const { record } = await currentRecord(context)

        return sendPage(
          reply,
          <PrivacyNoticePage
            page={pageIn(request, lang)}
            record={record}
            retention={retentionInEffect(context.config, lang)}
          />,
        )
      },
    )
  }
}

/** Each path speaks its own language; the switch leads to the other. */
function pageIn(request: FastifyRequest, lang: Lang) {
  const other = lang === 'nb' ? 'en' : 'nb'

  return {
    ...pageContext(request),
    lang,
    t: translator(lang),
    path: NOTICE_PATHS[other],
  }
}
