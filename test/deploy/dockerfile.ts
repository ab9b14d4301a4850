/**
 * A small Dockerfile reader for the tests: joins continued lines, drops
 * comments and parser directives, and splits the instructions into stages.
 */
export interface Instruction {
  keyword: string
  /** The arguments as written, after the keyword. */
  text: string
  /** The JSON (exec) form's items, or null for the shell form. */
  exec: string[] | null
  line: number
}

export interface Stage {
  image: string
  name: string | null
  instructions: Instruction[]
}

export function parseDockerfile(source: string): {
  global: Instruction[]
  stages: Stage[]
} {
  const global: Instruction[] = []
  const stages: Stage[] = []
  for (const instruction of instructions(source)) {
    if (instruction.keyword === 'FROM') {
      stages.push(fromStage(instruction))
      continue
    }
    const stage = stages.at(-1)
    if (stage) stage.instructions.push(instruction)
    else global.push(instruction)
  }

  return { global, stages }
}

function instructions(source: string): Instruction[] {
  const result: Instruction[] = []
  let pending = ''
  let start = 0
  source.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (!pending && (line === '' || line.startsWith('#'))) return
    if (pending && line.startsWith('#')) return
    if (!pending) start = index + 1
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `
      return
    }
    result.push(instruction(`${pending}${line}`.trim(), start))
    pending = ''
  })
  if (pending) throw new Error(`line ${start}: continued past the end`)

  return result
}

function instruction(text: string, line: number): Instruction {
  const match = /^(\S+)\s*(.*)$/.exec(text)
  if (!match) throw new Error(`line ${line}: not an instruction`)
  const keyword = match[1]!.toUpperCase()
  const rest = match[2]!

  return { keyword, text: rest, exec: execForm(rest), line }
}

function execForm(text: string): string[] | null {
  if (!text.startsWith('[')) return null
  try {
    const value = JSON.parse(text) as unknown
    return Array.isArray(value) && value.every((v) => typeof v === 'string')
      ? value
      : null
  } catch {
    return null
  }
}

function fromStage(from: Instruction): Stage {
  const words = from.text.split(/\s+/).filter((w) => !w.startsWith('--'))
  const as = words.findIndex((w) => w.toUpperCase() === 'AS')

  return {
    image: words[0]!,
    name: as >= 0 ? words[as + 1]! : null,
    instructions: [],
  }
}
