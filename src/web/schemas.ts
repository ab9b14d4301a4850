import { Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'

/** One schema per resource: validation, types and the API document. */

export const IdParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
})
export type IdParams = Static<typeof IdParams>

const csrf = Type.Optional(Type.String({ maxLength: 200 }))
const shortText = (maxLength = 200) => Type.String({ maxLength })
const optionalDate = Type.Optional(
  Type.Union([Type.Literal(''), Type.String({ format: 'date' })]),
)

export const SignInBody = Type.Object({
  username: shortText(100),
  password: Type.String({ maxLength: 1024 }),
})
export type SignInBody = Static<typeof SignInBody>

export const PasswordBody = Type.Object({
  _csrf: csrf,
  username: Type.Optional(shortText(100)),
  current: Type.String({ maxLength: 1024 }),
  next: Type.String({ maxLength: 1024 }),
  repeat: Type.String({ maxLength: 1024 }),
})
export type PasswordBody = Static<typeof PasswordBody>

export const CsrfOnlyBody = Type.Object({ _csrf: csrf })

export const AcceptBody = Type.Object({
  _csrf: csrf,
  comment: Type.String({ minLength: 1, maxLength: 2000 }),
})
export type AcceptBody = Static<typeof AcceptBody>

export const ApproveBody = Type.Object({
  _csrf: csrf,
  suspenseComment: Type.Optional(Type.String({ maxLength: 2000 })),
})
export type ApproveBody = Static<typeof ApproveBody>

export const AssignBody = Type.Object({
  _csrf: csrf,
  phone: shortText(30),
  employeeId: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
  validFrom: optionalDate,
  validTo: optionalDate,
})
export type AssignBody = Static<typeof AssignBody>

export const EmployeeBody = Type.Object({
  _csrf: csrf,
  employeeNo: Type.Optional(shortText(40)),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.Optional(shortText(200)),
  department: Type.Optional(shortText(200)),
  costCentre: Type.Optional(shortText(40)),
  endDate: optionalDate,
})
export type EmployeeBody = Static<typeof EmployeeBody>

export const NumberBody = Type.Object({
  _csrf: csrf,
  phone: shortText(30),
  validFrom: optionalDate,
  validTo: optionalDate,
})
export type NumberBody = Static<typeof NumberBody>

export const RuleBody = Type.Object({
  _csrf: csrf,
  phone: shortText(30),
  label: Type.String({ minLength: 1, maxLength: 200 }),
  validFrom: optionalDate,
  validTo: optionalDate,
  costCentre0: Type.Optional(shortText(40)),
  percent0: Type.Optional(shortText(10)),
  costCentre1: Type.Optional(shortText(40)),
  percent1: Type.Optional(shortText(10)),
  costCentre2: Type.Optional(shortText(40)),
  percent2: Type.Optional(shortText(10)),
})
export type RuleBody = Static<typeof RuleBody>

export const MappingBody = Type.Record(Type.String(), shortText(200))
export type MappingBody = Static<typeof MappingBody>

export const Problem = Type.Object({
  code: Type.String(),
  message: Type.String(),
  /** The sheet's headers, when its columns were not recognised. */
  headers: Type.Optional(Type.Array(Type.String())),
})

export const ErrorReply = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    problems: Type.Optional(Type.Array(Problem)),
  }),
})

export const Check = Type.Object({
  code: Type.String(),
  ok: Type.Boolean(),
  message: Type.String(),
  phone: Type.Optional(Type.String()),
  expectedOre: Type.Optional(Type.Integer()),
  actualOre: Type.Optional(Type.Integer()),
})

export const InvoiceStatus = Type.Union([
  Type.Literal('needs_review'),
  Type.Literal('ready'),
  Type.Literal('approved'),
])

export const UploadReply = Type.Object({
  id: Type.String(),
  status: InvoiceStatus,
  checks: Type.Array(Check),
})

const nullableString = Type.Union([Type.String(), Type.Null()])

export const InvoiceReply = Type.Object({
  id: Type.String(),
  status: InvoiceStatus,
  format: Type.String(),
  header: Type.Object({
    supplier: Type.String(),
    number: Type.String(),
    customerNumber: nullableString,
    kid: nullableString,
    issueDate: nullableString,
    dueDate: nullableString,
    currency: Type.String(),
    vatBaseOre: Type.Integer(),
    vatFreeOre: Type.Integer(),
    vatOre: Type.Integer(),
    payableOre: Type.Integer(),
  }),
  checks: Type.Array(Check),
  subscriptions: Type.Array(
    Type.Object({
      phone: Type.String(),
      user: Type.String(),
      vatBaseOre: Type.Integer(),
      vatFreeOre: Type.Integer(),
      vatOre: Type.Integer(),
      totalOre: Type.Integer(),
    }),
  ),
})

export const AllocationReply = Type.Object({
  invoiceId: Type.String(),
  costCentres: Type.Array(
    Type.Object({
      code: Type.String(),
      name: nullableString,
      exVatOre: Type.Integer(),
      vatOre: Type.Integer(),
    }),
  ),
  totalExVatOre: Type.Integer(),
  totalVatOre: Type.Integer(),
})

export const HealthReply = Type.Object({ status: Type.Literal('ok') })
