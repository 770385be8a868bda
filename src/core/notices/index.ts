export { maskAccountId } from './describe-evidence.ts'
export {
  NOTICE_KINDS,
  NOTICE_LOCALES,
  type NoticeFacts,
  type NoticeKind,
  type NoticeLocale,
  type NoticeMethodState,
  noticeAudience,
  type RenderedNotice,
  renderNotice,
} from './notice.ts'
export { canonicalTimeZone } from './notice-time.ts'
