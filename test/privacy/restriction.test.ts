import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { restrictProcessing } from '../../src/privacy/restriction.js'
import { subscriptionReport } from '../../src/report/subscription.js'
import { buildTestApp } from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'
import { buildWorld, KARI, OFFICER, OLA } from './requests-world.js'
import type { World } from './requests-world.js'

describe('restricted processing', () => {
  let t: TestApp
  let world: World

  before(async () => {
    t = await buildTestApp()
    world = await buildWorld(t.context)
    await restrictProcessing(
      t.context,
      OFFICER,
      world.kari,
      'Bestrider riktigheten',
    )
  })
  after(() => t.close())

  it('shows the person as restricted on the register page', async () => {
    const agent = await t.signIn('privacy')
    const page = await agent.inject({
      method: 'GET',
      url: '/register/employees',
    })

    assert.match(
      page.body,
      /Kari Nordmann<\/a><span class="badge" data-restricted="yes"> Begrenset behandling \/ Restricted/,
    )
  })

  it('leaves people who are not restricted unmarked', async () => {
    const agent = await t.signIn('privacy')
    const page = await agent.inject({
      method: 'GET',
      url: '/register/employees',
    })

    assert.match(
      page.body,
      /Ola Hansen<\/a><\/td>|Ola Hansen<\/a>(?!<span class="badge")/,
    )
  })

  it('names the person nowhere in the subscription report', async () => {
    const file = await subscriptionReport(t.context, world.october, 'csv')
    const text = file.body.toString()

    assert.equal(text.includes(KARI.name), false)
    assert.match(text, /Begrenset behandling \/ Restricted/)
    assert.ok(text.includes(OLA.name))
  })
})
