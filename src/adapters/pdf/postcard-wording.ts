// What a verification postcard says to the seller, per language.

/** The languages a postcard is printed in. */
export type PostcardLocale = 'en' | 'zh'

/** The texts of one card, top to bottom on the message side. */
export interface PostcardWording {
  readonly heading: string
  readonly instructions: readonly string[]
}

const DATE_LOCALE: Readonly<Record<PostcardLocale, string>> = { en: 'en-GB', zh: 'zh-CN' }

/**
 * The expiry moment in the seller's time zone (`31 January 2027 at 23:59`, `2027年1月31日 23:59`), with the zone's
 * name so that nobody reads it in their own. Throws a RangeError for a time zone the runtime does not know.
 */
export function formatExpiry(expiresAt: number, timeZone: string, locale: PostcardLocale): string {
  const format = new Intl.DateTimeFormat(DATE_LOCALE[locale], {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  const when = format.format(expiresAt)
  return locale === 'zh' ? `${when}（${timeZone}）` : `${when} (${timeZone})`
}

/** Where to enter the code, when it expires, that it works once, and never to share it. */
export function postcardWording(locale: PostcardLocale, marketplace: string, expiry: string): PostcardWording {
  switch (locale) {
    case 'en':
      return {
        heading: 'Your address verification code',
        instructions: [
          `Sign in to your ${marketplace} seller account, open Verification and enter this code to confirm your address.`,
          `The code works once and expires on ${expiry}.`,
          `Never share this code. ${marketplace} staff will never ask you for it.`,
        ],
      }
    case 'zh':
      return {
        heading: '您的地址验证码',
        instructions: [
          `请登录您的${marketplace}卖家账户，打开“验证”页面，输入此验证码以确认您的地址。`,
          `此验证码仅可使用一次，将于${expiry}失效。`,
          `切勿向任何人透露此验证码。${marketplace}的工作人员绝不会向您索要。`,
        ],
      }
  }
}
