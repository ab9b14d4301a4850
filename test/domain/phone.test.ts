import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatPhone, normalizePhone } from '../../src/domain/phone.js'

describe('normalizePhone', () => {
  const styles = [
    '92601815',
    '926 01 815',
    '+47 926 01 815',
    '+4792601815',
    '004792601815',
    '4792601815',
    '926-01-815',
    '(+47) 926 01 815',
    92601815,
  ]
  for (const raw of styles) {
    it(`normalises ${JSON.stringify(raw)} to E.164`, () => {
      assert.equal(normalizePhone(raw), '+4792601815')
    })
  }

  it('keeps a twelve-digit machine number as printed', () => {
    assert.equal(normalizePhone('580 0123 45678'), '580012345678')
  })

  it('refuses text that is not a number', () => {
    assert.equal(normalizePhone('Per'), null)
    assert.equal(normalizePhone('123'), null)
    assert.equal(normalizePhone('+47 123'), null)
  })

  it('writes a Norwegian mobile the Norwegian way', () => {
    assert.equal(formatPhone('+4792601815'), '926 01 815')
  })
})
