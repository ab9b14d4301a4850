import { allocateCommand } from './allocate.js'
import { auditCommand } from './audit.js'
import { backupCommand, restoreCommand } from './backup.js'
import { doctorCommand } from './doctor.js'
import { importRegisterCommand } from './import-register.js'
import { CliError } from './io.js'
import { keysCommand } from './keys.js'
import { parseCommand } from './parse.js'
import { processCommand } from './process.js'
import { retentionCommand } from './retention.js'
import { serveCommand } from './serve.js'
import { usersCommand } from './users.js'

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  parse: parseCommand,
  allocate: allocateCommand,
  'import-register': importRegisterCommand,
  process: processCommand,
  users: usersCommand,
  doctor: doctorCommand,
  keys: keysCommand,
  audit: auditCommand,
  retention: retentionCommand,
  backup: backupCommand,
  restore: restoreCommand,
}

const USAGE = `Bruk: telekost <kommando> [valg]

  serve                                  start webtjenesten
  parse FIL [--json]                     les en faktura uten å lagre den
  allocate FIL --register FIL [--json]   fordel en faktura på kostnadssteder
  import-register FIL                    importer ansattregister (.xlsx/.csv)
  process FIL                            lagre, kontroller og fordel en faktura
  users create --username NAVN --role ROLLE [--name NAVN]
  users reset-password --username NAVN [--generate]
  doctor [--production] [--json]         vis sikkerhetssjekken (✓/✗)
  keys rotate-data-key                   ta i bruk en ny datanøkkel
  keys rewrap --new-master-key-file FIL  pakk datanøklene under ny hovednøkkel
  audit verify [--json]                  kontroller revisjonssporets kjede
  retention [--dry-run] [--json]         slett det som har passert lagringstiden
  backup --out FIL                       skriv en kryptert sikkerhetskopi
  restore --in FIL [--force]             legg tilbake en sikkerhetskopi i en tom installasjon

Exit: 0 lest og alle kontroller holder, 1 en kontroll feiler, 2 filen kan ikke leses.`

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE)
    return name ? 0 : 2
  }
  const command = COMMANDS[name]
  if (!command) {
    console.error(`Ukjent kommando «${name}».\n\n${USAGE}`)
    return 2
  }

  return command(args)
}

// Output piped into `head` and the like may close early; that is no error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw err
})

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      console.error(err.message)
      process.exitCode = err.exitCode
      return
    }
    console.error(err)
    process.exitCode = 2
  },
)
