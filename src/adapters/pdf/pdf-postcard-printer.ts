import type { PostcardPrinter, PrintedPostcard } from '../../ports/index.ts'
import { renderPostcardBatch } from './postcard-batch.ts'

/** Print batches as PDF (pdfkit), with the CJK font the settings name or the system's. */
export class PdfPostcardPrinter implements PostcardPrinter {
  constructor(private readonly cjkFont?: string) {}

  async render(
    cards: readonly PrintedPostcard[],
    opts: { readonly title: string; readonly createdAt: number },
  ): Promise<{ readonly pdf: Uint8Array; readonly warnings: readonly string[] }> {
    const pdf = await renderPostcardBatch(cards, {
      title: opts.title,
      createdAt: opts.createdAt,
      ...(this.cjkFont === undefined ? {} : { cjkFont: this.cjkFont }),
    })
    return { pdf, warnings: pdf.warnings.map((w) => `card ${w.card} (${w.reference}): ${w.message}`) }
  }
}
