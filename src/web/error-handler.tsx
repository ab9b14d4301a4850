import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify'
import {
  BadRequestError,
  HttpError,
  NotFoundError,
  NotSignedInError,
  PasswordChangeRequiredError,
  ServiceUnavailableError,
  TotpEnrolmentRequiredError,
  UnsupportedMediaTypeError,
} from './errors.js'
import { StoreUnavailableError } from '../security/sessions.js'
import { pageContext, sendPage } from './page.js'
import { ErrorPage } from './views/error.js'

/**
 * The one translator from errors to answers: JSON under /api, a page
 * elsewhere. Details of a 5xx stay in the log.
 */
export function installErrorHandler(
  app: FastifyInstance,
  maxUploadBytes: number,
): void {
  app.setNotFoundHandler(async (request, reply) =>
    answer(request, reply, new NotFoundError()),
  )
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const http = toHttpError(error, maxUploadBytes)
    if (http.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed')
    }

    return answer(request, reply, http)
  })
}

function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  error: HttpError,
) {
  if (!wantsPage(request)) {
    const { code, message, problems } = error
    const body =
      problems.length > 0 ? { code, message, problems } : { code, message }
    return reply.code(error.statusCode).send({ error: body })
  }
  const redirect = pageRedirect(request, error)
  if (redirect) return reply.redirect(redirect, 303)

  const page = pageContext(request)
  const problems = error.problems.filter((p) => p.message !== error.message)

  return sendPage(
    reply,
    <ErrorPage
      page={page}
      statusCode={error.statusCode}
      message={error.message}
      problems={problems}
    />,
    error.statusCode,
  )
}

function wantsPage(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && !request.url.startsWith('/assets/')
}

function pageRedirect(
  request: FastifyRequest,
  error: HttpError,
): string | null {
  if (request.method !== 'GET') return null
  if (error instanceof NotSignedInError) return '/sign-in'
  if (error instanceof PasswordChangeRequiredError) return '/password'
  if (error instanceof TotpEnrolmentRequiredError) return '/account/totp'

  return null
}

function toHttpError(error: FastifyError, maxUploadBytes: number): HttpError {
  if (error instanceof HttpError) return error
  if (error instanceof StoreUnavailableError) {
    return new ServiceUnavailableError()
  }
  if (error.validation) {
    return new BadRequestError(
      [
        {
          code: 'invalid-request',
          message:
            'Noen av feltene har ugyldige verdier. Rett dem og prøv igjen.',
        },
      ],
      'invalid-request',
    )
  }
  if ((error as { code?: string }).code === 'invoice-not-found') {
    return new NotFoundError()
  }
  const status = error.statusCode ?? 500
  if (status === 413) return tooLarge(maxUploadBytes)
  if (status === 415) return new UnsupportedMediaTypeError()
  if (status >= 400 && status < 500) {
    return new HttpError(status, 'bad-request', 'Forespørselen er ugyldig.')
  }

  return new HttpError(
    500,
    'internal',
    'Noe gikk galt hos oss. Prøv igjen, og kontakt brukerstøtte om det gjentar seg.',
  )
}

function tooLarge(maxUploadBytes: number): HttpError {
  const mb = Math.floor(maxUploadBytes / (1024 * 1024))

  return new HttpError(
    413,
    'too-large',
    `Filen eller skjemaet er for stort. Største tillatte fil er ${mb} MB.`,
  )
}
