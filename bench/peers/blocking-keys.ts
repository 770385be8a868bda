// The part of the linkage index that blocking uses, as (account, key) rows a database can load.
import { closeSync, openSync, writeSync } from 'node:fs'
import type { LinkageIndex } from '../../src/core/linkage/index.ts'
import { isBandKind } from '../../src/core/linkage/linkage-index.ts'

/**
 * True for the keys forEachCandidatePair draws pairs from: personal values and near-match bands that are not shared
 * by design. The rule is private to src/core/linkage/candidate-pairs.ts; it is repeated here, and the component
 * counts of the benchmark tell when the two drift apart.
 */
export function isBlockingKey(index: LinkageIndex, key: number): boolean {
  if (index.isBlocked(key)) return false
  return isBandKind(index.kind(key)) || index.keyClass(key) === 'personal'
}

/** Every (account, key) of a blocking key, accounts and keys as the index numbers them, accounts ascending per key. */
export function* blockingRows(index: LinkageIndex): Generator<readonly [account: number, key: number]> {
  for (let key = 0; key < index.keyCount; key++) {
    if (!isBlockingKey(index, key)) continue
    for (const account of index.holders(key)) yield [account, key]
  }
}

const FLUSH_CHARS = 1 << 20

/** Writes the blocking rows as CSV with the header `account,key`; returns the number of rows. */
export function writeBlockingKeys(index: LinkageIndex, file: string): number {
  const fd = openSync(file, 'w')
  try {
    let chunk = 'account,key\n'
    let rows = 0
    for (const [account, key] of blockingRows(index)) {
      chunk += `${account},${key}\n`
      rows++
      if (chunk.length >= FLUSH_CHARS) {
        writeSync(fd, chunk)
        chunk = ''
      }
    }
    writeSync(fd, chunk)
    return rows
  } finally {
    closeSync(fd)
  }
}
