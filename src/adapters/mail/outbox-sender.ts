import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import type { Notice, NoticeSender } from '../../ports/index.ts'
import { mailOf } from './mail-message.ts'

/**
 * Writes each notice as a complete MIME message (`<id>-<kind>.eml`, readable by any mail program) into a folder:
 * what runs when no SMTP server is configured, and what the console shows. Writing the same notice again replaces the
 * file (write then rename), so a retried delivery never leaves two.
 */
export class OutboxSender implements NoticeSender {
  readonly channel = 'outbox'
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })

  constructor(
    private readonly folder: string,
    private readonly from: string,
  ) {}

  async send(notice: Notice): Promise<void> {
    mkdirSync(this.folder, { recursive: true })
    const info = await this.transport.sendMail(mailOf(notice, this.from))
    const file = join(this.folder, `${String(notice.id).padStart(8, '0')}-${notice.kind}.eml`)
    writeFileSync(`${file}.tmp`, info.message as Buffer)
    renameSync(`${file}.tmp`, file)
  }
}
