/** One card of a print batch: the address block, the code, and what the instructions need. */
export interface PrintedPostcard {
  readonly address: readonly string[]
  /** The code in its printed form `XXXX-XXXX`. */
  readonly code: string
  readonly locale: 'en' | 'zh'
  readonly marketplace: string
  readonly expiresAt: number
  readonly timeZone: string
  /** A reference the mail house and support can quote (never personal data). */
  readonly reference: string
}

/** Renders a print batch for the mail house: one card per page. */
export interface PostcardPrinter {
  render(
    cards: readonly PrintedPostcard[],
    opts: { readonly title: string; readonly createdAt: number },
  ): Promise<{ readonly pdf: Uint8Array; readonly warnings: readonly string[] }>
}
