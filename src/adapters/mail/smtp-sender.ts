import nodemailer, { type Transporter } from 'nodemailer'
import { OnesellerError } from '../../core/errors.ts'
import type { Notice, NoticeSender } from '../../ports/index.ts'
import { mailOf } from './mail-message.ts'

/** Sends notices through an SMTP server (`ONESELLER_SMTP_URL`, e.g. `smtps://user:pass@mail.example.com`). */
export class SmtpSender implements NoticeSender {
  readonly channel = 'smtp'
  private readonly transport: Transporter

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url)
  }

  async send(notice: Notice): Promise<void> {
    if (notice.recipient === null) {
      throw new OnesellerError('invalid_input', `notice ${notice.id}: account ${notice.account} declares no email`)
    }
    await this.transport.sendMail(mailOf(notice, this.from))
  }

  close(): void {
    this.transport.close()
  }
}
