import type { Problem } from '../domain/invoice.js'

/**
 * Errors the web layer answers with a status and a stable code. One error
 * handler turns them into JSON or a page; tests assert the code.
 */
export class HttpError extends Error {
  readonly statusCode: number
  readonly code: string
  readonly problems: Problem[]

  constructor(
    statusCode: number,
    code: string,
    message: string,
    problems: Problem[] = [],
  ) {
    super(message)
    this.statusCode = statusCode
    this.code = code
    this.problems = problems
  }
}

export class NotSignedInError extends HttpError {
  constructor() {
    super(401, 'not-signed-in', 'Du må logge inn.')
  }
}

export class ForbiddenError extends HttpError {
  constructor() {
    super(403, 'forbidden', 'Du har ikke tilgang til denne siden.')
  }
}

export class CsrfError extends HttpError {
  /** `openAt`: the address to use instead, when the origin was wrong. */
  constructor(code: 'csrf-token' | 'csrf-origin', openAt?: string) {
    super(
      403,
      code,
      openAt
        ? `Skjemaet ble sendt fra en annen adresse enn tjenesten har. ` +
            `Åpne ${openAt} i nettleseren og prøv igjen.`
        : 'Skjemaet kunne ikke sendes. Last siden på nytt og prøv igjen.',
    )
  }
}

export class PasswordChangeRequiredError extends HttpError {
  constructor() {
    super(403, 'password-change-required', 'Du må bytte passord først.')
  }
}

export class TotpEnrolmentRequiredError extends HttpError {
  constructor() {
    super(
      403,
      'totp-enrolment-required',
      'Du må sette opp tofaktorinnlogging (TOTP) før du kan fortsette.',
    )
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor() {
    super(
      503,
      'store-unavailable',
      'Innlogging og sider er midlertidig utilgjengelige fordi øktlageret ' +
        'ikke svarer. Prøv igjen om litt, og kontakt driften om det varer.',
    )
  }
}

export class NotFoundError extends HttpError {
  constructor() {
    super(404, 'not-found', 'Fant ikke det du lette etter.')
  }
}

export class ConflictError extends HttpError {
  constructor(problems: Problem[]) {
    super(409, 'conflict', problems[0]?.message ?? 'Konflikt.', problems)
  }
}

export class BadRequestError extends HttpError {
  constructor(problems: Problem[], code = 'bad-request') {
    super(400, code, problems[0]?.message ?? 'Ugyldig forespørsel.', problems)
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(problems: Problem[] = []) {
    super(
      415,
      'unsupported-media-type',
      problems[0]?.message ?? 'Denne typen innhold tas ikke imot her.',
      problems,
    )
  }
}

export class UnprocessableError extends HttpError {
  constructor(problems: Problem[]) {
    super(
      422,
      'unprocessable',
      problems[0]?.message ?? 'Filen kunne ikke leses.',
      problems,
    )
  }
}
