import { composeNotice } from './compose-notice.ts'
import type { NoticeFacts, RenderedNotice } from './notice-facts.ts'
import { checkNoticeFacts } from './notice-facts-check.ts'
import { renderHtml } from './render-html.ts'
import { renderText } from './render-text.ts'

export { noticeAudience } from './notice-audience.ts'
export {
  NOTICE_KINDS,
  NOTICE_LOCALES,
  type NoticeFacts,
  type NoticeKind,
  type NoticeLocale,
  type NoticeMethodState,
  type RenderedNotice,
} from './notice-facts.ts'

/**
 * The mail for one notice: a short subject, a plain-text body and a complete HTML document (inline styles, every
 * interpolated value escaped), in the seller's language, with every time in the seller's time zone. Notices that
 * restrict an account carry the five elements of a statement of reasons (DSA Art. 17), each under its heading.
 *
 * Throws `OnesellerError('invalid_input')` naming the field when the facts cannot make the notice (an unknown time
 * zone, a restriction notice whose action restricts nothing, a verification notice without a requirement).
 */
export function renderNotice(facts: NoticeFacts): RenderedNotice {
  checkNoticeFacts(facts)
  const doc = composeNotice(facts)
  return { subject: doc.subject, text: renderText(doc), html: renderHtml(doc), locale: facts.locale }
}
