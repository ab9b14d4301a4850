/**
 * `2026-11-02T09:30` as a clock in Norway shows it → the ISO instant, or
 * null when the text is not such a time. The offset (+01:00 or +02:00)
 * is the one in force in Europe/Oslo at that moment.
 */
export function osloLocalToIso(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null
  const asUtc = Date.parse(`${local}:00.000Z`)
  if (Number.isNaN(asUtc)) return null

  const offset = osloOffsetMinutes(new Date(asUtc))

  return new Date(asUtc - offset * 60_000).toISOString()
}

/** The ISO instant as a `datetime-local` value on a clock in Norway. */
export function isoToOsloLocal(iso: string): string {
  const date = new Date(iso)
  const shifted = date.getTime() + osloOffsetMinutes(date) * 60_000

  return new Date(shifted).toISOString().slice(0, 16)
}

function osloOffsetMinutes(at: Date): number {
  const name = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Oslo',
    timeZoneName: 'longOffset',
  })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '')
  if (!m) return 0

  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]))
}
