import type { NoticeBlock, NoticeDocument } from './notice-document.ts'

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text as HTML text or a double-quoted attribute value: nothing a caller passes can open a tag or an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

const lines = (text: string) => text.split('\n').map(escapeHtml).join('<br>')

// Mail clients drop <style> blocks and external sheets: every element carries its style inline.
const FONT =
  "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,'PingFang SC','Hiragino Sans GB','Microsoft YaHei',sans-serif"
const STYLE = {
  page: 'margin:0;padding:0;background-color:#f3f4f6;',
  outer: 'background-color:#f3f4f6;',
  cell: 'padding:24px 12px;',
  card: 'max-width:600px;width:100%;background-color:#ffffff;border:1px solid #e5e7eb;border-radius:6px;',
  body: `padding:28px 32px;font-family:${FONT};font-size:15px;line-height:1.6;color:#1f2937;`,
  h1: 'margin:0 0 20px 0;font-size:20px;line-height:1.3;color:#111827;',
  h2: 'margin:28px 0 8px 0;font-size:16px;line-height:1.4;color:#111827;',
  p: 'margin:0 0 12px 0;',
  ul: 'margin:0 0 12px 0;padding-left:20px;',
  li: 'margin:0 0 6px 0;',
  callout:
    'margin:0 0 12px 0;padding:12px 14px;background-color:#fff7ed;border-left:4px solid #ea580c;font-weight:bold;',
  buttonRow: 'margin:16px 0;',
  button:
    'display:inline-block;padding:10px 18px;background-color:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;',
  quote: 'margin:0 0 12px 0;padding:8px 14px;border-left:3px solid #d1d5db;color:#374151;',
  signOff: 'margin:24px 0 0 0;',
  footer: `padding:16px 32px;border-top:1px solid #e5e7eb;font-family:${FONT};font-size:12px;line-height:1.5;color:#6b7280;`,
}

function blockHtml(b: NoticeBlock): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p style="${STYLE.p}">${escapeHtml(b.text)}</p>`
    case 'list':
      return `<ul style="${STYLE.ul}">${b.items.map((i) => `<li style="${STYLE.li}">${escapeHtml(i)}</li>`).join('')}</ul>`
    case 'callout':
      return `<p style="${STYLE.callout}">${escapeHtml(b.text)}</p>`
    case 'button':
      return `<p style="${STYLE.buttonRow}"><a href="${escapeHtml(b.url)}" style="${STYLE.button}">${escapeHtml(b.label)}</a></p>`
    case 'quote':
      return `<blockquote style="${STYLE.quote}">${lines(b.text)}</blockquote>`
  }
}

/** The HTML part of a notice: one complete document, styled inline, every text escaped. */
export function renderHtml(doc: NoticeDocument): string {
  const sections = doc.sections.flatMap((s) => [
    ...(s.heading === undefined ? [] : [`<h2 style="${STYLE.h2}">${escapeHtml(s.heading)}</h2>`]),
    ...s.blocks.map(blockHtml),
  ])
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(doc.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.subject)}</title>`,
    '</head>',
    `<body style="${STYLE.page}">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${STYLE.outer}">`,
    `<tr><td align="center" style="${STYLE.cell}">`,
    `<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="${STYLE.card}">`,
    `<tr><td style="${STYLE.body}">`,
    `<h1 style="${STYLE.h1}">${escapeHtml(doc.title)}</h1>`,
    `<p style="${STYLE.p}">${escapeHtml(doc.greeting)}</p>`,
    ...sections,
    `<p style="${STYLE.signOff}">${doc.signOff.map(escapeHtml).join('<br>')}</p>`,
    '</td></tr>',
    `<tr><td style="${STYLE.footer}">${escapeHtml(doc.footer)}</td></tr>`,
    '</table>',
    '</td></tr>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
