// The part of the linkage index that blocking uses, as (account, key) rows a database can load.
import { closeSync, openSync, writeSync } from 'node:fs'
import { bringsCandidates } from '../../src/core/linkage/candidate-pairs.ts'
import type { LinkageIndex } from '../../src/core/linkage/index.ts'

/**
 * True for the keys forEachCandidatePair draws pairs from: personal values and near-match bands that are not shared
 * by design, listing bands only while held by few shops (the engine's own rule, bringsCandidates).
 */
export function isBlockingKey(index: LinkageIndex, key: number): boolean {
  return !index.isBlocked(key) && bringsCandidates(index, key)
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
