import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { Evidence, LinkageWeights } from '../core/linkage/index.ts'
import { toInstant } from '../core/time.ts'
import type { LinkageStore, StoredLink } from './linkage-store.ts'

const AT = toInstant(Date.UTC(2026, 0, 1))

const WEIGHTS: LinkageWeights = {
  version: 0,
  accounts: 6,
  m: { phone: 0.9 },
  linkThreshold: 12,
  strongThreshold: 20,
  circumstantialCap: 4,
  contentCap: 6,
}

const phone = (value: string, weight: number): Evidence => ({
  kind: 'phone',
  class: 'personal',
  value,
  sharedBy: 2,
  weight,
  reason: `the same phone number ${value}`,
})

const link = (a: string, b: string, score: number): StoredLink => ({
  a,
  b,
  score,
  evidence: [phone(`+1415555${a}${b}`, score)],
})

export interface LinkageStores {
  readonly linkage: LinkageStore
  close(): Promise<void>
}

/** The behaviour every {@link LinkageStore} must have when reading a cluster; each adapter runs this suite. */
export function describeLinkageStoreContract(name: string, open: () => Promise<LinkageStores>): void {
  describe(`${name} satisfies LinkageStore (cluster reads)`, () => {
    let stores: LinkageStores
    beforeEach(async () => {
      stores = await open()
      // One cluster of five shops with five links, two of them tied on score, and a shop alone.
      await stores.linkage.saveLinkage({
        weights: WEIGHTS,
        clusters: new Map([
          ['s1', 'c'],
          ['s2', 'c'],
          ['s3', 'c'],
          ['s4', 'c'],
          ['s5', 'c'],
          ['s6', 's6'],
        ]),
        links: [
          link('s1', 's2', 14),
          link('s3', 's4', 30),
          link('s2', 's3', 21),
          link('s1', 's5', 21),
          link('s4', 's5', 12.5),
        ],
        controlChanges: new Map(),
        at: AT,
      })
    })
    afterEach(() => stores.close())

    const pairs = (links: readonly StoredLink[]) => links.map((l) => `${l.a}-${l.b}`)

    it('reads every link of the cluster, strongest first and ties by the accounts, with its evidence', async () => {
      const view = await stores.linkage.clusterOf('s4')
      assert.deepEqual(view?.members, ['s1', 's2', 's3', 's4', 's5'])
      assert.deepEqual(pairs(view?.links ?? []), ['s3-s4', 's1-s5', 's2-s3', 's1-s2', 's4-s5'])
      assert.equal(view?.linkCount, 5)
      assert.deepEqual(view?.links[0], link('s3', 's4', 30))
    })

    it('reads only the strongest links when asked, and counts them all', async () => {
      const view = await stores.linkage.clusterOf('s1', { strongest: 2 })
      assert.deepEqual(view?.members, ['s1', 's2', 's3', 's4', 's5'])
      assert.deepEqual(view?.links, [link('s3', 's4', 30), link('s1', 's5', 21)])
      assert.equal(view?.linkCount, 5)
      const none = await stores.linkage.clusterOf('s1', { strongest: 0 })
      assert.deepEqual([none?.links, none?.linkCount, none?.members.length], [[], 5, 5])
      const more = await stores.linkage.clusterOf('s1', { strongest: 50 })
      assert.deepEqual(pairs(more?.links ?? []), ['s3-s4', 's1-s5', 's2-s3', 's1-s2', 's4-s5'])
    })

    it('answers a shop alone with no links, and an account of no run with nothing', async () => {
      const alone = await stores.linkage.clusterOf('s6', { strongest: 3 })
      assert.deepEqual([alone?.members, alone?.links, alone?.linkCount], [['s6'], [], 0])
      assert.equal(await stores.linkage.clusterOf('nobody', { strongest: 3 }), undefined)
    })
  })
}
