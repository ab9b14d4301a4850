import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { uploadOutcomeOf } from '../../jobs/read-invoice.js'
import type { AppContext } from '../../services/context.js'
import { findJob } from '../../store/jobs.js'
import type { Job } from '../../store/jobs.js'
import { ACCESS } from '../access.js'
import { NotFoundError } from '../errors.js'
import { Check, ErrorReply, IdParams, Problem } from '../schemas.js'

/** An upload's job: poll until `done` (with the invoice) or `failed`. */
export const JobReply = Type.Object({
  id: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('running'),
    Type.Literal('done'),
    Type.Literal('failed'),
  ]),
  attempts: Type.Integer(),
  invoiceId: Type.Union([Type.String(), Type.Null()]),
  invoiceStatus: Type.Optional(Type.String()),
  checks: Type.Optional(Type.Array(Check)),
  error: Type.Union([Type.String(), Type.Null()]),
  problems: Type.Optional(Type.Array(Problem)),
})

/** 202: the upload is kept; poll `location` for its job. */
export const AcceptedReply = Type.Object({
  id: Type.String(),
  status: Type.Literal('pending'),
  location: Type.String(),
})

export function jobRoutes(app: FastifyInstance, context: AppContext): void {
  app.get<{ Params: IdParams }>(
    '/api/v1/jobs/:id',
    {
      config: { access: ACCESS.workInvoices },
      schema: {
        tags: ['invoices'],
        summary: 'The job reading an upload answered with 202',
        params: IdParams,
        response: { 200: JobReply, 404: ErrorReply },
      },
    },
    async (request) => {
      const job = await findJob(context.db, request.params.id)
      if (!job) throw new NotFoundError()

      return jobReply(job)
    },
  )
}

/** 202 Accepted: the upload is kept, its job not finished within the wait. */
export function sendAccepted(reply: FastifyReply, jobId: string) {
  const location = `/api/v1/jobs/${jobId}`

  return reply
    .code(202)
    .header('location', location)
    .send({ id: jobId, status: 'pending', location })
}

export function jobReply(job: Job) {
  const outcome = uploadOutcomeOf(job)
  const base = {
    id: job.id,
    status: job.status,
    attempts: job.attempts,
    invoiceId: job.invoiceId,
    error: job.error,
  }
  if (!outcome) return base
  if (!outcome.ok) return { ...base, problems: outcome.problems }

  return { ...base, invoiceStatus: outcome.status, checks: outcome.checks }
}
