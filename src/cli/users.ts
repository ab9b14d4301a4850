import { createInterface } from 'node:readline'
import { loadConfig } from '../config.js'
import { createUser } from '../security/accounts.js'
import { passwordProblem } from '../security/passwords.js'
import { recordAudit } from '../privacy/audit.js'
import type { AuditActor } from '../privacy/audit.js'
import { isRole, ROLES } from '../security/roles.js'
import type { Role } from '../security/roles.js'
import { closeContext, openContext } from '../services/context.js'
import type { AppContext } from '../services/context.js'
import { resetPassword } from '../services/password-reset.js'
import { ensureCostCentre } from '../store/register.js'
import { findUserForSignIn, grantCostCentre } from '../store/users.js'
import type { User } from '../store/users.js'
import { CliError, EXIT, options } from './io.js'

/**
 * `telekost users create --username NAME --role ROLE [--name "Full Name"]
 * [--cost-centre CODE …]`. The password is asked for on a terminal, or
 * read from the first line of standard input when that is a pipe.
 */
export async function usersCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args
  if (action === 'reset-password') return resetPasswordCommand(rest)
  if (action !== 'create') {
    throw new CliError(
      'Bruk: telekost users create --username NAVN --role ROLLE, eller ' +
        'telekost users reset-password --username NAVN [--generate]',
    )
  }
  const { values } = options(rest, {
    username: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    'cost-centre': { type: 'string', multiple: true },
  })
  const username = values.username?.trim()
  if (!username) throw new CliError('Mangler --username.')
  if (!values.role || !isRole(values.role)) {
    throw new CliError(`--role må være en av: ${ROLES.join(', ')}.`)
  }

  const password = await askPassword()
  const problem = passwordProblem(password)
  if (problem) throw new CliError(problem.message)

  const context = await openContext(loadConfig())
  try {
    const user = await createUserFromCli(
      context,
      {
        username,
        displayName: values.name ?? username,
        role: values.role,
        costCentres: values['cost-centre'] ?? [],
      },
      password,
    )
    console.log(`Opprettet ${user.username} med rollen ${user.role}.`)

    return EXIT.ok
  } finally {
    await closeContext(context)
  }
}

/** The command line as the audit trail names it. */
export const CLI_ACTOR: AuditActor = { userId: null, name: 'kommandolinje' }

/** Creates a user with cost centres, and records who was created. */
export async function createUserFromCli(
  context: AppContext,
  input: {
    username: string
    displayName: string
    role: Role
    costCentres: string[]
  },
  password: string,
): Promise<User> {
  const user = await createUser(context.db, input, password)
  for (const code of input.costCentres) {
    await ensureCostCentre(context.db, code)
    await grantCostCentre(context.db, user.id, code)
  }
  await recordAudit(context, {
    actor: CLI_ACTOR,
    action: 'user.create',
    subjectType: 'user',
    subjectId: user.id,
    purpose: 'tilgangsstyring',
    details: { role: user.role, costCentres: input.costCentres },
  })

  return user
}

async function askPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, terminal: false })
  if (process.stdin.isTTY) {
    process.stderr.write('Passord (vises ikke): ')
    process.stdin.setRawMode?.(true)
  }
  try {
    const line = await readLineHidden(rl)

    return line.replace(/\r?\n$/, '')
  } finally {
    if (process.stdin.isTTY) {
      process.stdin.setRawMode?.(false)
      process.stderr.write('\n')
    }
    rl.close()
  }
}

function readLineHidden(
  rl: ReturnType<typeof createInterface>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    rl.once('line', resolve)
    rl.once('close', () => reject(new CliError('Fikk ikke noe passord.')))
  })
}

/**
 * `telekost users reset-password --username NAME [--generate]`. Asks for
 * the new initial password like `create`; `--generate` or an empty answer
 * makes a random one, printed once.
 */
async function resetPasswordCommand(args: string[]): Promise<number> {
  const { values } = options(args, {
    username: { type: 'string' },
    generate: { type: 'boolean' },
  })
  const username = values.username?.trim()
  if (!username) throw new CliError('Mangler --username.')
  const given = values.generate ? '' : await askPassword()

  const context = await openContext(loadConfig())
  try {
    const password = await resetPasswordFromCli(context, username, given)
    console.log(
      `${username} har fått et nytt startpassord, som må byttes ved neste ` +
        `innlogging. Alle øktene er avsluttet.\n${password}`,
    )

    return EXIT.ok
  } finally {
    await closeContext(context)
  }
}

/** Resets a user's password; returns the password to print once. */
export async function resetPasswordFromCli(
  context: AppContext,
  username: string,
  given: string,
): Promise<string> {
  const user = await findUserForSignIn(context.db, username.toLowerCase())
  if (!user) throw new CliError(`Fant ingen bruker med navnet ${username}.`)

  const { passwordHash: _, ...found } = user
  const reset = { actor: CLI_ACTOR, user: found, ip: null }
  const outcome = await resetPassword(context, context.sessions, reset, given)
  if (!outcome.ok) throw new CliError(outcome.problem.message)

  return outcome.password
}
