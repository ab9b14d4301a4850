import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { allChecksHold, runChecks } from '../../../src/domain/checks.js'
import { ehfReader } from '../../../src/ingest/ehf/index.js'
import { makeDraft, renderEhf } from '../../helpers/generate/ehf.js'

describe('generated EHF', () => {
  it('reads back the totals it was written from', async () => {
    const draft = makeDraft(40)
    const result = await ehfReader.read(
      new TextEncoder().encode(renderEhf(draft)),
      {},
    )
    assert.ok(result.ok)

    assert.deepEqual(result.draft.header, draft.header)
  })

  it('reads back every subscription', async () => {
    const draft = makeDraft(40)
    const result = await ehfReader.read(
      new TextEncoder().encode(renderEhf(draft)),
      {},
    )
    assert.ok(result.ok)
    const summary = (s: (typeof draft.subscriptions)[number]) =>
      [s.phone, s.user, s.totalOre, s.lines.length].join('|')

    assert.deepEqual(
      result.draft.subscriptions.map(summary),
      draft.subscriptions.map(summary),
    )
  })

  it('reads 2,000 subscriptions that reconcile', async () => {
    const xml = renderEhf(makeDraft(2_000))
    const result = await ehfReader.read(new TextEncoder().encode(xml), {})
    assert.ok(result.ok)

    assert.equal(result.draft.subscriptions.length, 2_000)
    assert.ok(allChecksHold(runChecks(result.draft)))
  })
})
