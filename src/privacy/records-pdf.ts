import { PDFDocument, StandardFonts } from 'pdf-lib'
import type { PDFFont, PDFPage } from 'pdf-lib'
import type { ProcessingActivity, ProcessingRecord } from './records.js'
import type { RetentionSetting } from './records.js'

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 50
const WIDTH = A4[0] - 2 * MARGIN

// The standard fonts speak WinAnsi only; anything else becomes '?'.
const WIN_ANSI = /[^\x20-\x7e\xa0-\xff–—‘’“”•€…§]/g

/** The record of processing activities as an A4 PDF. */
export async function recordPdf(
  record: ProcessingRecord,
  retention: readonly RetentionSetting[],
): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.setTitle('Protokoll over behandlingsaktiviteter')
  doc.setCreator('Telekost')
  const writer = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  )
  writeHeader(writer, record)
  for (const activity of record.activities) writeActivity(writer, activity)
  writer.heading('Lagringstid som er satt i innstillingene')
  for (const r of retention) writer.bullet(`${r.key}: ${r.value}`)

  return doc.save()
}

function writeHeader(w: Writer, record: ProcessingRecord) {
  w.title('Protokoll over behandlingsaktiviteter (GDPR art. 30)')
  w.text(`Versjon ${record.version}, oppdatert ${record.updated}`)
  w.heading('Behandlingsansvarlig')
  const c = record.controller
  w.text(`${c.name}, org.nr. ${c.organisationNumber}`)
  w.text(`${c.address}. Kontakt: ${c.contact}`)
  w.heading('Personvernombud')
  const dpo = [record.dpo.name, record.dpo.email, record.dpo.phone]
  w.text(dpo.filter(Boolean).join(', '))
}

function writeActivity(w: Writer, a: ProcessingActivity) {
  w.heading(a.name)
  w.field('Formål', a.purpose)
  w.label('Rettslig grunnlag')
  for (const b of a.legalBasis) w.bullet(`${b.article}: ${b.description}`)
  w.list('Kategorier personopplysninger', a.dataCategories)
  w.list('Registrerte', a.dataSubjects)
  w.field('Lagringstid', a.retention)
  w.list('Kilder', a.sources)
  w.list('Mottakere', a.recipients)
  w.field('Overføring til tredjeland', a.thirdCountryTransfers)
  w.list('Sikkerhetstiltak', a.securityMeasures)
}

/** Lays text out top to bottom, wrapping lines and adding pages. */
class Writer {
  #page: PDFPage
  #y = A4[1] - MARGIN

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.#page = doc.addPage(A4)
  }

  title(text: string) {
    this.#lines(text, this.bold, 16, 0)
    this.#y -= 6
  }

  heading(text: string) {
    this.#y -= 8
    this.#lines(text, this.bold, 12, 0)
  }

  label(text: string) {
    this.#lines(text, this.bold, 10, 0)
  }

  field(label: string, text: string) {
    this.label(label)
    this.text(text)
  }

  list(label: string, items: readonly string[]) {
    this.label(label)
    for (const item of items) this.bullet(item)
  }

  text(text: string) {
    this.#lines(text, this.font, 10, 0)
  }

  bullet(text: string) {
    this.#lines(`• ${text}`, this.font, 10, 10)
  }

  #lines(text: string, font: PDFFont, size: number, indent: number) {
    for (const line of wrap(winAnsi(text), font, size, WIDTH - indent)) {
      if (this.#y < MARGIN + size) this.#newPage()
      this.#page.drawText(line, { x: MARGIN + indent, y: this.#y, size, font })
      this.#y -= size * 1.35
    }
  }

  #newPage() {
    this.#page = this.doc.addPage(A4)
    this.#y = A4[1] - MARGIN
  }
}

function winAnsi(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(WIN_ANSI, '?')
}

function wrap(text: string, font: PDFFont, size: number, width: number) {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line)
      line = word
    } else {
      line = next
    }
  }

  return [...lines, line]
}
