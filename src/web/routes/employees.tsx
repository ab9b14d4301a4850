import type { FastifyInstance } from 'fastify'
import { assignNumber } from '../../services/register.js'
import { reallocateOpenInvoices } from '../../services/allocation.js'
import type { AppContext } from '../../services/context.js'
import {
  findEmployee,
  listAssignments,
  listCostCentres,
  listEmployees,
  updateEmployee,
} from '../../store/register.js'
import { restrictedPeople } from '../../privacy/restriction.js'
import { ACCESS, may } from '../access.js'
import { auditActor } from '../audit-actor.js'
import { recordAudit } from '../../privacy/audit.js'
import { BadRequestError, NotFoundError } from '../errors.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { EmployeeBody, IdParams, NumberBody } from '../schemas.js'
import { EmployeePage, EmployeesPage } from '../views/register.js'

const FORM_LIMIT = 16 * 1024

export function employeeRoutes(
  app: FastifyInstance,
  context: AppContext,
): void {
  const { db } = context

  app.get(
    '/register/employees',
    { config: { access: ACCESS.readRegister } },
    async (request, reply) =>
      sendPage(
        reply,
        <EmployeesPage
          page={pageContext(request)}
          employees={await listEmployees(db)}
          assignments={await listAssignments(db)}
          canEdit={may(request.auth!.user.role, ACCESS.editRegister)}
          restricted={await restrictedPeople(context)}
        />,
      ),
  )

  app.get<{ Params: IdParams }>(
    '/register/employees/:id',
    { config: { access: ACCESS.readRegister }, schema: { params: IdParams } },
    async (request, reply) => {
      const employee = await findEmployee(db, request.params.id)
      if (!employee) throw new NotFoundError()
      await recordAudit(context, {
        actor: auditActor(request),
        action: 'employee.view',
        subjectType: 'employee',
        subjectId: employee.id,
        personRef: employee.id,
        purpose: 'vedlikehold av ansattregisteret',
      })
      const page = pageContext(request)
      const saved = 'saved' in (request.query as object)

      return sendPage(
        reply,
        <EmployeePage
          page={page}
          employee={employee}
          assignments={await listAssignments(db, employee.id)}
          costCentres={await listCostCentres(db)}
          canEdit={may(request.auth!.user.role, ACCESS.editRegister)}
          notice={saved ? page.t('employeeSaved') : null}
          problems={[]}
        />,
      )
    },
  )

  app.post<{ Params: IdParams; Body: EmployeeBody }>(
    '/register/employees/:id',
    {
      config: { access: ACCESS.editRegister },
      bodyLimit: FORM_LIMIT,
      schema: { params: IdParams, body: EmployeeBody },
    },
    async (request, reply) => {
      const { id } = request.params
      const before = await findEmployee(db, id)
      if (!before) throw new NotFoundError()
      const b = request.body
      const after = {
        employeeNo: b.employeeNo?.trim() || null,
        name: b.name.trim(),
        email: b.email?.trim() || null,
        department: b.department?.trim() || null,
        costCentre: b.costCentre || null,
        endDate: b.endDate || null,
      }
      await updateEmployee(db, id, after)
      await recordAudit(context, {
        actor: auditActor(request),
        action: 'employee.update',
        subjectType: 'employee',
        subjectId: id,
        personRef: id,
        purpose: 'vedlikehold av ansattregisteret',
        details: { before: { ...before }, after },
      })
      await reallocateOpenInvoices(db, context.config.suspenseCostCentre)

      return seeOther(reply, `/register/employees/${id}?saved`)
    },
  )

  app.post<{ Params: IdParams; Body: NumberBody }>(
    '/register/employees/:id/numbers',
    {
      config: { access: ACCESS.editRegister },
      bodyLimit: FORM_LIMIT,
      schema: { params: IdParams, body: NumberBody },
    },
    async (request, reply) => {
      const { id } = request.params
      if (!(await findEmployee(db, id))) throw new NotFoundError()
      const { phone, validFrom, validTo } = request.body
      const result = await assignNumber(
        context,
        {
          phone,
          employeeId: id,
          validFrom: validFrom || null,
          validTo: validTo || null,
        },
        auditActor(request),
      )
      if (!result.ok) throw new BadRequestError([result.problem])

      return seeOther(reply, `/register/employees/${id}?saved`)
    },
  )
}
