import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AccountRecord, Bank, Representative } from '../core/interchange/index.ts'
import { type FixtureAccount, loadFixture, recordsOfType } from './marketplace-fixture.ts'

// Independent checkers, written from the standards rather than shared with the generator.

function isValidIban(raw: string): boolean {
  const iban = raw.replace(/\s+/g, '').toUpperCase()
  const rearranged = iban.slice(4) + iban.slice(0, 4)
  const digits = [...rearranged].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('')
  return BigInt(digits) % 97n === 1n
}

function isValidAba(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false
  const d = [...routing].map(Number)
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!)
  return sum % 10 === 0
}

function isValidCnResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = weights.reduce((s, w, i) => s + w * Number(id[i]), 0)
  return '10X98765432'[sum % 11] === id[17]
}

function isValidUscc(code: string): boolean {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  const sum = weights.reduce((s, w, i) => s + w * chars.indexOf(code[i] ?? ''), 0)
  return chars[(31 - (sum % 31)) % 31] === code[17]
}

function isSsaValidSsn(ssn: string): boolean {
  const m = /^(\d{3})-?(\d{2})-?(\d{4})$/.exec(ssn)
  if (!m) return false
  const [area, group, serial] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0
}

const fixture = () => loadFixture(5000, 1)
const isFarm = (a: FixtureAccount) => a.truth.role === 'farm' || a.truth.role === 'purchased'

/** Every bank, representative and business an account declared, at registration or in an update. */
function declared(a: FixtureAccount): {
  banks: Bank[]
  reps: Representative[]
  businesses: NonNullable<AccountRecord['business']>[]
} {
  const banks: Bank[] = []
  const reps: Representative[] = []
  const businesses: NonNullable<AccountRecord['business']>[] = []
  for (const r of a.records) {
    const profile = r.type === 'account' ? r : r.type === 'update' ? r.set : undefined
    if (!profile) continue
    if (profile.bank) banks.push(profile.bank)
    if (profile.representative) reps.push(profile.representative)
    if (profile.business) businesses.push(profile.business)
  }
  return { banks, reps, businesses }
}

describe('generated identifiers', () => {
  it('carry valid IBAN check digits (ISO 7064 mod 97) for every IBAN', () => {
    const ibans = fixture().accounts.flatMap((a) => declared(a).banks.flatMap((b) => (b.iban ? [b.iban] : [])))
    assert.ok(ibans.length > 100)
    for (const iban of ibans) assert.ok(isValidIban(iban), iban)
  })

  it('carry valid ABA routing numbers for every US bank account', () => {
    const banks = fixture().accounts.flatMap((a) => declared(a).banks.filter((b) => b.country === 'US'))
    assert.ok(banks.length > 100)
    for (const b of banks) assert.ok(isValidAba(b.routingNumber ?? ''), b.routingNumber)
  })

  it('give honest CN residents valid ID numbers whose embedded birth date matches', () => {
    let checked = 0
    for (const a of fixture().accounts.filter((x) => !isFarm(x))) {
      for (const rep of declared(a).reps) {
        if (rep.document?.country !== 'CN' || rep.document.type !== 'national_id') continue
        checked++
        assert.ok(isValidCnResidentId(rep.document.number), rep.document.number)
        if (rep.birthDate) assert.equal(rep.document.number.slice(6, 14), rep.birthDate.replace(/-/g, ''))
      }
    }
    assert.ok(checked > 50)
  })

  it('give honest US residents SSNs that follow the SSA rules and CN companies valid credit codes', () => {
    for (const a of fixture().accounts.filter((x) => !isFarm(x))) {
      const { reps, businesses } = declared(a)
      for (const rep of reps) {
        if (rep.document?.country === 'US' && rep.document.type === 'national_id')
          assert.ok(isSsaValidSsn(rep.document.number))
      }
      for (const b of businesses)
        if (b.country === 'CN' && b.registrationNumber) assert.ok(isValidUscc(b.registrationNumber))
    }
  })

  it('let farms use forged documents and one document under several names', () => {
    const farm = fixture().accounts.filter((a) => a.truth.role === 'farm')
    const docs = farm.flatMap((a) => declared(a).reps.filter((r) => r.document))
    const forged = docs.filter(
      (r) =>
        r.document?.country === 'CN' && r.document.type === 'national_id' && !isValidCnResidentId(r.document.number),
    )
    assert.ok(forged.length > 0, 'no forged CN resident ID among farm accounts')
    const names = new Map<string, Set<string>>()
    for (const r of docs) {
      const n = names.get(r.document?.number ?? '') ?? new Set<string>()
      n.add(`${r.givenName} ${r.familyName}`)
      names.set(r.document?.number ?? '', n)
    }
    assert.ok(
      [...names.values()].some((n) => n.size >= 2),
      'no document used under two names',
    )
  })

  it('keep a face stable across readings and far apart between people', () => {
    const cos = (x: readonly number[], y: readonly number[]) => {
      let dot = 0
      let nx = 0
      let ny = 0
      x.forEach((v, i) => {
        const w = y[i] ?? 0
        dot += v * w
        nx += v * v
        ny += w * w
      })
      return dot / Math.sqrt(nx * ny)
    }
    const faces = recordsOfType(fixture(), 'verification').flatMap(({ account, record }) =>
      record.face ? [{ account, face: record.face }] : [],
    )
    assert.ok(faces.every((f) => f.face.length === 128))
    const honest = faces.filter((f) => f.account.truth.role === 'independent').slice(0, 60)
    for (let i = 1; i < honest.length; i++) assert.ok(cos(honest[i - 1]!.face, honest[i]!.face) < 0.5)
    const farmFaces = faces.filter((f) => f.account.truth.role === 'farm')
    const sameFace = farmFaces.some((f, i) =>
      farmFaces.some((g, j) => j > i && f.account.id !== g.account.id && cos(f.face, g.face) > 0.95),
    )
    assert.ok(sameFace, 'no face shared by two farm accounts')
  })

  it('write image hashes as 16 hex digits', () => {
    for (const { record } of recordsOfType(fixture(), 'listing')) {
      for (const h of record.imageHashes ?? []) assert.match(h, /^[0-9a-f]{16}$/)
    }
  })
})
