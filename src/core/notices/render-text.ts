import type { NoticeBlock, NoticeDocument } from './notice-document.ts'

// Wide (East Asian) characters take two columns in a plain-text mail reader: underlines are drawn to match.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/

function columns(text: string): number {
  let n = 0
  for (const ch of text) n += WIDE.test(ch) ? 2 : 1
  return n
}

const underline = (text: string, ch: string) => `${text}\n${ch.repeat(columns(text))}`

function blockText(b: NoticeBlock, colon: string): string {
  switch (b.kind) {
    case 'paragraph':
      return b.text
    case 'list':
      return b.items.map((item) => `- ${item}`).join('\n')
    case 'callout':
      return `>> ${b.text}`
    case 'button':
      return `${b.label}${colon}${b.url}`
    case 'quote':
      return b.text
        .split('\n')
        .map((line) => (line === '' ? '>' : `> ${line}`))
        .join('\n')
  }
}

/** The plain-text part of a notice: the title underlined, headed sections, blocks separated by blank lines. */
export function renderText(doc: NoticeDocument): string {
  // Chinese punctuation is full width, and takes no space after it.
  const colon = doc.lang.startsWith('zh') ? '：' : ': '
  const parts: string[] = [underline(doc.title, '='), doc.greeting]
  for (const section of doc.sections) {
    if (section.heading !== undefined) parts.push(underline(section.heading, '-'))
    for (const block of section.blocks) parts.push(blockText(block, colon))
  }
  parts.push(doc.signOff.join('\n'), `--\n${doc.footer}`)
  return `${parts.join('\n\n')}\n`
}
