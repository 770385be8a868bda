import { paragraphText } from './evidence-wording.ts'

/**
 * A notice before it is rendered: plain texts in blocks under headings. The composer writes this once per notice; the
 * text and HTML renderers turn it into the two parts of the mail, so both say exactly the same thing.
 */
export type NoticeBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  /** The one fact a seller must not miss (a deadline, an effective date). */
  | { readonly kind: 'callout'; readonly text: string }
  /** A link to act on: an http(s) URL. */
  | { readonly kind: 'button'; readonly label: string; readonly url: string }
  /** The seller's or a reviewer's own words, quoted; may hold line breaks. */
  | { readonly kind: 'quote'; readonly text: string }

export interface NoticeSection {
  readonly heading?: string
  readonly blocks: readonly NoticeBlock[]
}

/** What a notice kind writes: the rest (greeting, signature, footer) is the same for every kind. */
export interface NoticeBody {
  readonly subject: string
  readonly title: string
  readonly sections: readonly NoticeSection[]
}

export interface NoticeDocument {
  /** The HTML `lang` of the document: `en`, `zh-CN`. */
  readonly lang: string
  readonly subject: string
  readonly title: string
  readonly greeting: string
  readonly sections: readonly NoticeSection[]
  readonly signOff: readonly string[]
  readonly footer: string
}

export const paragraph = (text: string): NoticeBlock => ({ kind: 'paragraph', text })
export const list = (items: readonly string[]): NoticeBlock => ({ kind: 'list', items })
export const callout = (text: string): NoticeBlock => ({ kind: 'callout', text })
export const quote = (text: string): NoticeBlock => ({ kind: 'quote', text })
export const button = (label: string, url: string | undefined): NoticeBlock[] =>
  url === undefined ? [] : [{ kind: 'button', label, url }]

/** A reviewer's or seller's own words under an introduction, when there are any. */
export function quoted(intro: string, text: string | undefined): NoticeBlock[] {
  const t = text === undefined ? '' : paragraphText(text)
  return t === '' ? [] : [paragraph(intro), quote(t)]
}
