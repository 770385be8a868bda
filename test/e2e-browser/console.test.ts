// End to end in a browser: Debian's Chromium (playwright-core) against the real server and the built console, over a
// small generated marketplace. A reviewer inspects a cluster, decides a document submission, reads a case's timeline
// and decides an appeal after reading what it changes; a seller enters a postcard code and appeals; a lead runs a
// dry-run sweep and applies it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { type ConsoleServer, launchChromium, newPage, signIn, startConsoleServer } from './console-harness.ts'

/** Small enough to set up in seconds, large enough for clusters of several accounts. */
const ACCOUNTS = 400
const SEED = 11

/**
 * The screen position of the middle of an edge of the cluster graph, the one whose middle is farthest from any account
 * (the easiest to hit without hitting a node), once cytoscape has laid it out.
 */
const CLEAREST_EDGE = `(() => {
  const el = document.querySelector('.graph')
  const cy = el && el._cyreg && el._cyreg.cy
  if (!cy || cy.edges().length === 0) return null
  const nodes = cy.nodes().map((n) => n.renderedPosition())
  const clearance = (e) => {
    const m = e.renderedMidpoint()
    return Math.min(...nodes.map((p) => Math.hypot(p.x - m.x, p.y - m.y)))
  }
  const edge = cy.edges().toArray().sort((x, y) => clearance(y) - clearance(x))[0]
  const p = edge.renderedMidpoint()
  const box = el.getBoundingClientRect()
  return { x: box.left + p.x, y: box.top + p.y, a: edge.source().id(), b: edge.target().id() }
})()`

async function clearestEdge(page: Page): Promise<{ x: number; y: number; a: string; b: string }> {
  const until = Date.now() + 15_000
  while (Date.now() < until) {
    const edge = (await page.evaluate(CLEAREST_EDGE)) as { x: number; y: number; a: string; b: string } | null
    if (edge !== null) return edge
    await page.waitForTimeout(100)
  }
  throw new Error('the cluster graph drew no edge')
}

describe('the console and the portal in a browser', () => {
  let server: ConsoleServer
  let browser: Browser

  before(async () => {
    browser = await launchChromium()
    server = await startConsoleServer({ accounts: ACCOUNTS, seed: SEED })
  })
  after(async () => {
    await browser?.close()
    await server?.close()
  })

  it('a reviewer signs in, opens an account, clicks a link of its cluster graph for the evidence, decides a document, works a case with its timeline and overturns an appeal', async () => {
    const { page, problems } = await newPage(browser)
    await page.goto(`${server.url}/console`)
    await page.getByLabel('Name').fill(server.scenario.reviewers.reviewer)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('The name or the password is wrong.').waitFor()

    await signIn(page, server.url, server.scenario.reviewers.reviewer)
    const stats = await server.app.stats()
    await page.getByText(`${stats.accounts.toLocaleString('en-US')} accounts`).waitFor()
    await page
      .locator('section', { has: page.getByRole('heading', { name: 'Appeals' }) })
      .getByText('1 open')
      .waitFor()
    await page
      .locator('section', { has: page.getByRole('heading', { name: 'Cases' }) })
      .getByText('1 open')
      .waitFor()

    // "/" goes to the account box.
    await page.keyboard.press('/')
    await page.keyboard.type(server.scenario.clustered)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: `Account ${server.scenario.clustered}` }).waitFor()
    await page.getByRole('heading', { name: 'Declarations' }).waitFor()
    await page.getByRole('heading', { name: 'Restrictions' }).waitFor()
    await page.locator('.graph[aria-busy="false"]').scrollIntoViewIfNeeded()
    // Cytoscape learns where its canvas is from the scroll event, dispatched with the next frames.
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))')
    const edge = await clearestEdge(page)
    await page.mouse.click(edge.x, edge.y)
    const evidence = page.locator('section.evidence')
    await evidence.getByRole('heading', { name: /^Evidence: / }).waitFor()
    const heading = await evidence.getByRole('heading', { name: /^Evidence: / }).textContent()
    assert.ok(heading?.includes(edge.a) && heading.includes(edge.b), `the evidence of the edge clicked: ${heading}`)
    const explained = await server.app.explainLink(edge.a, edge.b)
    const firstKind = explained.path[0]?.evidence[0]?.kind ?? ''
    await evidence
      .locator('td', { hasText: firstKind.replaceAll('_', ' ') })
      .first()
      .waitFor()
    assert.equal(
      await evidence.locator('tbody tr').count(),
      explained.path.reduce((n, l) => n + l.evidence.length, 0),
    )

    // The account's identity document waits in review: read it beside the declarations and the checks, pass it
    // with the keys.
    const { submission } = server.scenario
    await page.keyboard.press('g')
    await page.keyboard.press('v')
    await page.getByRole('heading', { name: `Identity document ${submission.id}: ${submission.account}` }).waitFor()
    const front = page.getByRole('img', { name: `Front of submission ${submission.id}` })
    await front.waitFor()
    assert.ok(
      await front.evaluate((img) => {
        const shown = img as unknown as { complete: boolean; naturalWidth: number }
        return shown.complete && shown.naturalWidth === 640
      }),
      'the picture as sent, read with the session',
    )
    const declared = page.locator('section', { has: page.getByRole('heading', { name: 'What the account declares' }) })
    await declared.getByText(submission.documentNumber, { exact: true }).waitFor()
    const stored = await server.app.submissions.get(submission.id)
    assert.ok(stored !== undefined, 'the submission is stored')
    const items = (stored.checks as { items: { kind: string; detail: string }[] }).items
    const checks = page.getByRole('table', { name: `Checks of submission ${submission.id}` })
    assert.equal(await checks.locator('tbody tr').count(), items.length, 'every check the server made')
    await checks.getByRole('cell', { name: items[0]!.detail, exact: true }).waitFor()
    for (const key of ['1', '2', '3', 'p']) await page.keyboard.press(key)
    await page
      .getByLabel('Reason (told to the seller)')
      .selectOption({ label: 'The document is genuine and matches your declarations.' })
    await page.getByLabel('Comment (added after the reason)').fill('Checked against the register.')
    await page.keyboard.press('Control+Enter')
    await page.getByText(`Submission ${submission.id} of ${submission.account} passed`).waitFor()
    await page.getByText('No submission is waiting for review.').waitFor()
    const decidedSubmission = await server.app.submissions.get(submission.id)
    assert.deepEqual(
      [decidedSubmission?.state, decidedSubmission?.decidedBy, decidedSubmission?.reason],
      [
        'passed',
        'reviewer:ana',
        'The document is genuine and matches your declarations. Checked against the register.',
      ],
    )
    assert.deepEqual(decidedSubmission?.checklist, {
      original_document: true,
      number_matches_document: true,
      photo_not_altered: true,
    })

    // The review case of this account: its timeline, newest first; take it, close it.
    await page.keyboard.press('g')
    await page.keyboard.press('c')
    await page.getByRole('heading', { name: `Case 1: ${server.scenario.caseAccount}` }).waitFor()
    await page.getByText('Nobody has taken it.').waitFor()
    const timeline = page.locator('section.timeline')
    await timeline.getByRole('heading', { name: 'Timeline' }).waitFor()
    const titles = await timeline.locator('li strong').allTextContents()
    assert.equal(titles[0], 'Submission passed', `the latest first: ${titles.join(', ')}`)
    for (const t of ['Submission received', 'Case opened', 'Decision: suspend', 'Decision: review', 'Registered']) {
      assert.ok(titles.includes(t), `${t} in the timeline: ${titles.join(', ')}`)
    }
    assert.ok(titles.indexOf('Submission passed') < titles.indexOf('Case opened'))
    assert.ok(titles.indexOf('Case opened') < titles.indexOf('Registered'))
    await timeline.getByText('ana (reviewer)').first().waitFor()
    await timeline.getByLabel('Records').uncheck()
    assert.equal(await timeline.locator('li strong', { hasText: 'Registered' }).count(), 0, 'filtered out')
    await page.keyboard.press('a')
    await page.getByText('Assigned to you.').waitFor()
    await page.getByLabel('No action: nothing wrong found').check()
    await page.getByLabel('Note (for the file)').fill('Shared accountant; personal evidence only between two of them.')
    await page.getByRole('button', { name: 'Close the case' }).click()
    await page.getByText('No case is open.').waitFor()
    const closed = await server.app.workflows.getCase(1)
    assert.deepEqual([closed?.state, closed?.outcome, closed?.assignee], ['closed', 'no_action', 'reviewer:ana'])

    // Reviewers read sweeps but may not start them.
    await page.keyboard.press('g')
    await page.keyboard.press('s')
    await page.getByRole('heading', { name: 'Stored policies' }).waitFor()
    await page.getByRole('cell', { name: 'video-sweep', exact: true }).waitFor()
    assert.equal(await page.getByRole('button', { name: /^Dry run of / }).count(), 0)

    await page.keyboard.press('g')
    await page.keyboard.press('a')
    const { appeal } = server.scenario
    await page.getByRole('heading', { name: `Appeal ${appeal.id}: ${appeal.account}` }).waitFor()
    await page.getByText('We share an accountant, not an owner.').waitFor()
    await page.getByText('suspend (linked to deactivated), cluster-wide').waitFor()
    await page.getByRole('img', { name: 'accountant-letter.jpg' }).waitFor()
    assert.equal(
      await page.getByText('For every account this cluster-wide decision reached').count(),
      0,
      'not for reviewers',
    )
    // Before deciding, the page says what an overturn would change, from the server's reading of the rows.
    const preview = await server.app.workflows.restrictionsOf(appeal.account)
    const lifted = preview.filter((r) => r.liftedAt === null)
    assert.ok(lifted.length > 0, 'the appellant is restricted')
    const reach = page.locator('section.reach')
    await reach.getByRole('heading', { name: 'What overturning changes' }).waitFor()
    await reach.getByText(/^Reinstates this account: \d+ restrictions? lifted/).waitFor()
    for (const r of lifted) await reach.getByText(new RegExp(`restriction ${r.id}: selling suspended`)).waitFor()
    await reach
      .getByText(/The same cluster-wide decision also reached \d+ other accounts? \(.+\): they stay as they are/)
      .waitFor()
    await page.keyboard.press('o')
    assert.equal(await page.locator('section.reach-chosen').count(), 1, 'highlighted once overturn is chosen')
    await page.keyboard.type('The shared accountant is the only link; no personal evidence.')
    await page.keyboard.press('Control+Enter')
    await page.getByText(`Appeal ${appeal.id} of ${appeal.account} overturned.`).waitFor()
    await page.getByText('The same cluster-wide decision also reached:').waitFor()
    await page.getByText('No appeal is open.').waitFor()

    const decided = await server.app.workflows.getAppeal(appeal.id)
    assert.equal(decided?.state, 'overturned')
    assert.equal(decided?.decidedBy, `reviewer:${server.scenario.reviewers.reviewer}`)
    assert.deepEqual(problems, [])
  })

  it('a seller opens the link, reads it in Chinese or English, enters the postcard code, uploads a document and appeals with a picture', async () => {
    const { seller } = server.scenario
    const { page, problems } = await newPage(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    await page.goto(`${server.url}/portal?token=${encodeURIComponent(seller.token)}`)
    await page.getByRole('heading', { name: `账户 ${seller.account}` }).waitFor()
    assert.equal(new URL(page.url()).search, '', 'the token leaves the address bar')
    await page.getByText('(Asia/Shanghai)').first().waitFor()
    await page.getByLabel('语言').selectOption('en')
    await page.getByRole('heading', { name: `Account ${seller.account}` }).waitFor()
    await page.getByRole('heading', { name: 'What we need from you' }).waitFor()
    await page.getByRole('heading', { name: 'Postcard code' }).waitFor()

    const wrong = seller.code.startsWith('2') ? '3333-3333' : '2222-2222'
    await page.getByLabel('Code from the postcard').fill(wrong)
    await page.getByRole('button', { name: 'Confirm the code' }).click()
    await page.getByText('Attempts left: 4').waitFor()
    await page.getByLabel('Code from the postcard').fill(seller.code.toLowerCase().replace('-', ' '))
    await page.getByRole('button', { name: 'Confirm the code' }).click()
    await page.locator('#postcard-outcome .notice-ok').waitFor()

    await page.getByRole('heading', { name: 'Identity document' }).waitFor()
    await page.getByLabel('Front').setInputFiles(seller.picture)
    await page.getByLabel('Document number').fill('L898902C3')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.getByText('Received: we are checking it.').waitFor()

    await page.getByRole('button', { name: 'Appeal this decision' }).first().click()
    await page.getByLabel('Tell us why the decision is wrong').fill('Our address is on our trade register extract.')
    const attach = page.getByLabel(/^Files that support your appeal/)
    await attach.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') })
    await page.getByText('notes.txt cannot be attached: send a JPEG, PNG or WebP picture or a PDF.').waitFor()
    assert.ok(await page.getByRole('button', { name: 'Send the appeal' }).isDisabled(), 'not sent with a wrong file')
    await attach.setInputFiles(seller.picture)
    await page.getByText('Attached: passport.jpg').waitFor()
    await page.getByRole('button', { name: 'Send the appeal' }).click()
    await page.getByText('Your appeal was received.').waitFor()
    await page.getByText('Appeal received: being reviewed').waitFor()

    // Reloading keeps the seller signed in for the tab (the token is in session storage).
    await page.reload()
    await page.getByRole('heading', { name: 'Messages' }).waitFor()
    const notices = await server.app.noticesOf(seller.account)
    assert.ok(notices.length > 0, 'the setup sent the seller a notice')
    await page.getByRole('button', { name: notices[0]!.subject }).click()
    await page.locator('.notice-text').first().waitFor()

    const appeals = await server.app.workflows.appealsOf(seller.account)
    assert.deepEqual(
      appeals.map((a) => [a.statement, a.filedBy]),
      [['Our address is on our trade register extract.', `seller:${seller.account}`]],
    )
    const attached = await server.app.workflows.appealFilesOf(appeals.map((a) => a.id))
    assert.deepEqual(
      attached.map((f) => [f.name, f.mime]),
      [['passport.jpg', 'image/jpeg']],
    )
    const submissions = await server.app.submissions.submissionsOf(seller.account)
    assert.deepEqual(
      submissions.map((s) => [s.method, s.files.map((f) => f.role)]),
      [['id_document', ['front']]],
    )
    const entries = (await server.app.workflows.postcardsOf(seller.account)).map((p) => p.usedAt !== null)
    assert.deepEqual(entries, [true], 'the code was accepted')
    assert.deepEqual(problems, [])
  })

  it('a lead sees the picture attached to the appeal, runs a dry run, reads the report, opens a sample hit, then applies it after the confirmation', async () => {
    const { page, problems } = await newPage(browser)
    await signIn(page, server.url, server.scenario.reviewers.lead)
    // The seller's appeal (the previous test) is in the queue with the picture they attached.
    await page.keyboard.press('g')
    await page.keyboard.press('a')
    await page.getByRole('heading', { name: `Appeal 2: ${server.scenario.seller.account}` }).waitFor()
    const attachedPicture = page.getByRole('img', { name: 'passport.jpg' })
    await attachedPicture.waitFor()
    assert.ok(
      await attachedPicture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth === 640),
      'the attached picture, read with the session',
    )
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Sweeps' }).click()
    const policy = server.scenario.sweepPolicy
    await page.getByRole('button', { name: `Dry run of ${policy} v1` }).click()
    await page.getByRole('heading', { name: `Dry run of ${policy} v1` }).waitFor()
    await page.getByRole('table', { name: 'Hits by rule' }).waitFor({ timeout: 60_000 })
    await page.getByRole('table', { name: 'Hits by evidence strength' }).waitFor()
    await page.getByRole('table', { name: 'Hits by cluster size' }).waitFor()
    const dryJob = Number(new URL(page.url()).searchParams.get('job'))
    const dry = await server.app.jobs.get(dryJob)
    assert.ok(dry !== undefined, 'the dry run is a job')
    const report = (dry.result as { report: { hit: number } }).report
    assert.ok(report.hit > 0, 'the policy hits some accounts')
    assert.equal(
      (await server.app.decisionsOf(server.scenario.seller.account)).filter((d) => d.policy === policy).length,
      0,
    )

    await page.locator('table.sample').getByRole('button', { name: 'Open' }).first().click()
    await page.getByRole('heading', { name: 'What the condition read' }).waitFor()

    await page.getByRole('button', { name: 'Apply this sweep…' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText(`${report.hit.toLocaleString('en-US')} accounts will be affected.`).waitFor()
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByRole('button', { name: 'Apply this sweep…' }).click()
    await dialog.getByRole('button', { name: `Apply to ${report.hit.toLocaleString('en-US')} accounts` }).click()
    await page.getByRole('heading', { name: `Apply of ${policy} v1` }).waitFor()
    await page.getByText(/^Applied: [\d,]+ decisions recorded/).waitFor({ timeout: 60_000 })

    const applyJob = Number(new URL(page.url()).searchParams.get('job'))
    const applied = (await server.app.jobs.get(applyJob))?.result as { applied: { recorded: number } }
    assert.equal(applied.applied.recorded, report.hit)
    assert.equal((await server.app.jobs.get(applyJob))?.createdBy, `reviewer:${server.scenario.reviewers.lead}`)
    assert.deepEqual(problems, [])
  })
})
