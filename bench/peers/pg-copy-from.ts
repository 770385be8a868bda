// COPY ... FROM STDIN for the `pg` client, which has no COPY API of its own: a query object of pg's "submittable"
// kind (what client.query accepts besides text; pg-cursor and pg-copy-streams are built on it) that streams a file as
// the copy data. It relies on Connection methods outside pg's type declarations (see CopyConnection).

import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import type { Duplex } from 'node:stream'
import type { Connection, Submittable } from 'pg'

/** The protocol messages of a COPY FROM STDIN that pg's Connection sends (not in its type declarations). */
interface CopyConnection {
  readonly stream: Duplex
  query(text: string): void
  sendCopyFromChunk(chunk: Buffer): void
  endCopyFrom(): void
  sendCopyFail(message: string): void
}

/** Runs `copySql` (a `COPY table FROM STDIN ...` statement) with a file's bytes as its data; `done` settles with it. */
export class CopyFromFile implements Submittable {
  readonly done: Promise<void>
  private resolve!: () => void
  private reject!: (e: unknown) => void
  private failed = false

  constructor(
    private readonly copySql: string,
    private readonly file: string,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
  }

  submit(connection: Connection): void {
    ;(connection as unknown as CopyConnection).query(this.copySql)
  }

  /** The server is ready for the data: send the file, then the end of the copy (or its failure). */
  handleCopyInResponse(connection: CopyConnection): void {
    void this.send(connection)
  }

  private async send(connection: CopyConnection): Promise<void> {
    try {
      for await (const chunk of createReadStream(this.file, { highWaterMark: 1 << 20 })) {
        if (this.failed) return
        connection.sendCopyFromChunk(chunk as Buffer)
        if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain')
      }
      connection.endCopyFrom()
    } catch (e) {
      connection.sendCopyFail(`reading ${this.file} failed: ${(e as Error).message}`)
    }
  }

  handleCommandComplete(): void {}
  handleReadyForQuery(): void {
    this.resolve()
  }
  handleError(e: unknown): void {
    this.failed = true
    this.reject(e)
  }
}
