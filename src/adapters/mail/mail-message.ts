import type { Notice } from '../../ports/index.ts'

/** The mail message of a notice: text and HTML alternatives, a stable Message-ID, the notice's kind in a header. */
export function mailOf(notice: Notice, from: string) {
  return {
    from,
    to: notice.recipient ?? undefined,
    subject: notice.subject,
    text: notice.text,
    html: notice.html,
    messageId: `<${notice.key.replace(/[^A-Za-z0-9._-]/g, '.')}@oneseller>`,
    date: new Date(notice.createdAt),
    headers: { 'X-Oneseller-Notice': notice.kind, 'X-Oneseller-Account': notice.account },
  }
}
