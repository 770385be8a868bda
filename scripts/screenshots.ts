// Screenshots of the console and the portal for the docs (docs/images, 1280×800 PNG): `npm run screenshots`. The real
// server over a generated marketplace, Debian's Chromium. Not part of npm test.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { launchChromium, newPage, signIn, startConsoleServer } from '../test/e2e-browser/console-harness.ts'

const OUT = fileURLToPath(new URL('../docs/images/', import.meta.url))
const ACCOUNTS = 2000
const SEED = 11

async function shoot(page: Page, name: string): Promise<void> {
  const path = join(OUT, `${name}.png`)
  await page.screenshot({ path })
  process.stdout.write(`wrote ${path}\n`)
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const server = await startConsoleServer({ accounts: ACCOUNTS, seed: SEED })
  const browser = await launchChromium()
  try {
    const { page } = await newPage(browser)
    await signIn(page, server.url, server.scenario.reviewers.lead)

    // A dry run, for the sweep report (and the dashboard's latest sweeps).
    await page.goto(`${server.url}/console/sweeps`)
    await page.getByRole('button', { name: `Dry run of ${server.scenario.sweepPolicy} v1` }).click()
    await page.getByRole('table', { name: 'Hits by rule' }).waitFor({ timeout: 120_000 })
    await page.getByRole('heading', { name: /^Dry run of / }).scrollIntoViewIfNeeded()
    await shoot(page, 'sweep-report')

    await page.goto(`${server.url}/console/accounts/${encodeURIComponent(server.scenario.clustered)}`)
    await page.locator('.graph canvas').first().waitFor()
    await page.getByRole('heading', { name: 'Cluster' }).evaluate((h) => h.scrollIntoView({ block: 'start' }))
    await page.waitForTimeout(500)
    await shoot(page, 'account-cluster')

    await page.goto(`${server.url}/console/appeals`)
    await page.getByRole('heading', { name: /^Appeal \d+:/ }).waitFor()
    await shoot(page, 'appeals')
    await page.getByRole('heading', { name: 'What overturning changes' }).waitFor()
    await page.keyboard.press('o')
    await page
      .getByRole('heading', { name: 'What overturning changes' })
      .evaluate((h) => h.scrollIntoView({ block: 'center' }))
    await shoot(page, 'appeal-reach')

    const { submission } = server.scenario
    await page.goto(`${server.url}/console/verifications?submission=${submission.id}`)
    await page.getByRole('img', { name: `Front of submission ${submission.id}` }).waitFor()
    await page.getByRole('heading', { name: 'What the account declares' }).waitFor()
    await page.waitForTimeout(300)
    await shoot(page, 'verification-review')
    await page.getByRole('table', { name: `Checks of submission ${submission.id}` }).scrollIntoViewIfNeeded()
    for (const key of ['1', '2', '3', 'p']) await page.keyboard.press(key)
    await page
      .getByLabel('Reason (told to the seller)')
      .selectOption({ label: 'The document is genuine and matches your declarations.' })
    await page
      .getByRole('heading', { name: 'The engine’s checks' })
      .evaluate((h) => h.scrollIntoView({ block: 'start' }))
    await shoot(page, 'verification-decision')

    await page.goto(`${server.url}/console/cases`)
    await page.getByRole('heading', { name: /^Case \d+:/ }).waitFor()
    await page.locator('section.timeline li').first().waitFor()
    await page.getByRole('heading', { name: 'Timeline' }).evaluate((h) => h.scrollIntoView({ block: 'start' }))
    await shoot(page, 'case-timeline')

    await page.goto(`${server.url}/console`)
    await page.getByRole('heading', { name: 'Latest sweeps' }).waitFor()
    await page
      .getByText(/would be hit of/)
      .first()
      .waitFor()
    await shoot(page, 'dashboard')

    const seller = await newPage(browser, { locale: 'en-GB', timezoneId: 'Europe/Berlin' })
    await seller.page.goto(`${server.url}/portal?token=${encodeURIComponent(server.scenario.seller.token)}`)
    await seller.page.getByRole('heading', { name: 'What we need from you' }).waitFor()
    await shoot(seller.page, 'portal')
  } finally {
    await browser.close()
    await server.close()
  }
}

await main()
