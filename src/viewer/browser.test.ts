/**
 * End-to-end tests in a real headless Chromium, driven by playwright-core: the trace page, the
 * explorer and the mutants matrix, used the way a person uses them (keys, clicks, links), with a
 * screenshot of each (written to $FAULTLINE_SCREENSHOTS, or faultline-screens in the temp folder).
 *
 * They need Debian's `chromium` package; without it they are skipped with a message saying so.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { resolveModel } from '../core/definition.js'
import { main, type Io } from '../cli/main.js'
import { twophase } from '../../models/twophase/index.js'
import '../../models/twophase/view.js'
import { renderTraceHtml } from './html.js'
import { startExplorer, type Explorer } from './server.js'
import { hostileModel, traceOf, HOSTILE } from './fixtures.js'

const CHROMIUM = process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium'
const HAVE_CHROMIUM = existsSync(CHROMIUM)
if (!HAVE_CHROMIUM) {
  console.warn(`viewer: browser tests skipped: no Chromium at ${CHROMIUM} (install Debian's package: apt-get install -y chromium)`)
}
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const SCREENS = process.env.FAULTLINE_SCREENSHOTS ?? join(tmpdir(), 'faultline-screens')
const TRACE = fileURLToPath(new URL('../../counterexamples/twophase/twophase--tmForgetsDecision--TCConsistent.trace.json', import.meta.url))

const quiet: Io = { out: () => {}, err: () => {}, errIsTTY: false }

let browser: Browser
let dir: string

/** A page that fails the test on any script error. */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text())
  })
  await page.goto(url)
  return { page, errors }
}

/**
 * The page's own `location.hash`. `page.url()` is Playwright's copy, updated by an event that can
 * arrive after a key press has already returned, so it may still show the step before.
 */
const hash = (page: Page): Promise<string> => page.evaluate('location.hash')

/** The data-path of every highlighted field of the state view. */
const highlighted = (page: Page): Promise<string[]> =>
  page.$$eval('#state .changed', (els) => els.map((e) => e.getAttribute('data-path') ?? ''))

async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS, { recursive: true })
  const path = join(SCREENS, `${name}.png`)
  await page.screenshot({ path })
  expect(statSync(path).size).toBeGreaterThan(20_000)
  return path
}

describe.skipIf(!HAVE_CHROMIUM)('viewer: in headless Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS })
    dir = mkdtempSync(join(tmpdir(), 'faultline-viewer-'))
  })
  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('trace page (tmForgetsDecision, 9 steps): step with the keyboard; the fragment, the highlighted fields and the diagram row follow; the last step names the violated property', async () => {
    const file = join(dir, 'tm.html')
    expect(main(['show', TRACE, '--format', 'html', '--out', file], quiet)).toBe(0)
    const { page, errors } = await open(pathToFileURL(file).href)
    expect(await hash(page)).toBe('#step=0')
    await expect.poll(() => page.textContent('#pos')).toBe('Step 0 of 9')

    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight')
    expect(await hash(page)).toBe('#step=2')
    expect(await page.textContent('#action')).toBe('2. RMPrepare(rm2)')
    expect(await highlighted(page)).toEqual(['msgs.prepared[1]', 'rmState[1]'])
    expect(await page.getAttribute('#diagram g.row.current', 'data-step')).toBe('2')
    expect(await page.$$eval('#diagram g.arrow.active', (els) => els.map((e) => e.getAttribute('data-sent')))).toEqual(['2'])

    for (let i = 0; i < 5; i++) await page.keyboard.press('j')
    expect(await hash(page)).toBe('#step=7')
    expect(await page.textContent('#action')).toBe('7. TMRestart')
    expect(await highlighted(page)).toEqual(['tmPrepared[0]', 'tmPrepared[1]', 'tmState'])
    expect(await page.$$eval('#changes li', (els) => els.map((e) => e.textContent))).toEqual([
      '↻ TM restarts without a log',
      'tmPrepared[0]: true → false',
      'tmPrepared[1]: true → false',
      'tmState: committed → init',
    ])
    expect(await page.textContent('#banner')).toBe('')
    const shot = await screenshot(page, 'trace-page-step-7')

    await page.keyboard.press('End')
    expect(await hash(page)).toBe('#step=9')
    expect(await page.textContent('#banner')).toBe(
      "✗ TCConsistent is violated in this state: No RM has committed while another has aborted (TCommit's TCConsistent).",
    )
    expect(await page.$$eval('#props tr.target td', (tds) => tds.map((td) => td.textContent))).toEqual(['✗', 'TCConsistent', 'always', 'violated'])
    await screenshot(page, 'trace-page-last-step')

    await page.keyboard.press('Home')
    expect(await hash(page)).toBe('#step=0')
    await page.click('#diagram g.row[data-step="4"]')
    expect(await page.textContent('#action')).toBe('4. TMRcvPrepared(rm2)')

    // A link to one step opens at that step; editing the fragment moves to it.
    await page.goto(`${pathToFileURL(file).href}#step=5`)
    expect(await page.textContent('#action')).toBe('5. TMCommit')
    // (Page code is given as a string: this project's TypeScript has no DOM types.)
    await page.evaluate("location.hash = '#step=2'")
    await expect.poll(() => page.textContent('#action')).toBe('2. RMPrepare(rm2)')
    expect(errors).toEqual([])
    expect(shot).toContain('trace-page-step-7.png')
    await page.close()
  })

  test('trace page: a state string holding </script><script>... shows as text, and no script of the model runs', async () => {
    const file = join(dir, 'hostile.html')
    writeFileSync(file, renderTraceHtml(hostileModel, traceOf(hostileModel, [`Write(${HOSTILE})`, `Write(${HOSTILE})`])))
    const { page, errors } = await open(pathToFileURL(file).href)
    await page.keyboard.press('End')
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined')
    expect(await page.textContent('#state')).toContain(JSON.stringify(HOSTILE))
    expect(await page.textContent('#action')).toBe(`2. Write(${HOSTILE})`)
    expect(await page.$$eval('img', (els) => els.length)).toBe(0)
    expect(await page.$$eval('script', (els) => els.length)).toBe(2)
    expect(errors).toEqual([])
    await screenshot(page, 'trace-page-hostile')
    await page.close()
  })

  describe('the explorer', () => {
    let ex: Explorer
    beforeAll(async () => {
      const model = resolveModel(twophase, { weaken: ['commitWithoutAllPrepared'] }).model
      ex = await startExplorer({ model, port: 0, title: 'twophase (config ci: rm=3; weakened: commitWithoutAllPrepared)' })
      await ex.checked
    })
    afterAll(() => ex.close())

    const at = (page: Page, path: string) => page.waitForSelector(`body[data-state="ready"][data-path="${path}"]`)

    test('choose actions by click and key, back and forward, and a shared URL brings back the same state', async () => {
      const { page, errors } = await open(ex.url)
      await at(page, '0')
      expect(await page.$$eval('#actions button .label', (els) => els.map((e) => e.textContent))).toEqual([
        'RMPrepare(rm1)',
        'RMPrepare(rm2)',
        'RMPrepare(rm3)',
        'TMAbort',
        'RMChooseToAbort(rm1)',
        'RMChooseToAbort(rm2)',
        'RMChooseToAbort(rm3)',
      ])
      await page.click('#actions button[data-index="0"]')
      await at(page, '0.0')
      await page.keyboard.press('2') // TMRcvPrepared(rm1)
      await at(page, '0.0.2')
      expect(await page.evaluate('location.search')).toBe('?path=0.0.2')
      expect(await page.textContent('#title')).toBe('2. TMRcvPrepared(rm1)')
      expect(await highlighted(page)).toEqual(['tmPrepared[0]'])
      const stateHere = await page.textContent('#state')

      await page.click('#back')
      await at(page, '0.0')
      await page.keyboard.press('ArrowRight')
      await at(page, '0.0.2')
      await page.goBack() // the browser's own back button
      await at(page, '0.0')
      await page.goForward()
      await at(page, '0.0.2')

      const shared = await page.getAttribute('#link', 'href')
      expect(shared).toBe('?path=0.0.2')
      const other = await open(new URL(shared ?? '', ex.url).href)
      await at(other.page, '0.0.2')
      expect(await other.page.textContent('#state')).toBe(stateHere)
      expect(await other.page.textContent('#title')).toBe('2. TMRcvPrepared(rm1)')
      await other.page.close()

      await screenshot(page, 'explorer-depth-2')
      expect(errors).toEqual([])
      await page.close()
    })

    test('the background check offers a jump to its counterexample, which lands on a state that violates TCConsistent', async () => {
      const { page, errors } = await open(ex.url)
      await at(page, '0')
      await page.waitForSelector('#check[data-status="done"] button.jump')
      expect(await page.textContent('#check .check-status')).toBe('Background check: TCConsistent violated (196 states).')
      await page.click('#check button.jump[data-kind="violation"]')
      await at(page, '0.0.2.2.2.4')
      expect(await page.textContent('#banner')).toBe('✗ violated in this state: TCConsistent')
      expect(await page.$$eval('#diagram g.row', (els) => els.length)).toBe(6)
      await screenshot(page, 'explorer-counterexample')
      // A row of the diagram takes the path back to that step.
      await page.click('#diagram g.row[data-step="2"]')
      await at(page, '0.0.2')
      expect(errors).toEqual([])
      await page.close()
    })

    test('a shared URL with a bad path shows the error and a way back; the server keeps serving', async () => {
      const { page } = await open(`${ex.url}?path=0.42`)
      await page.waitForSelector('body[data-state="error"]')
      expect(await page.textContent('#error')).toContain('action index 42 at step 1 is out of range: 7 are enabled there (0..6)')
      await page.click('#error a')
      await at(page, '0')
      await page.close()
    })
  })

  test('mutants matrix: a broken property links to its counterexample page, which steps like any trace page', async () => {
    const out = join(dir, 'mutants')
    expect(main(['mutants', 'twophase', '--format', 'html', '--out', out, '--quiet'], quiet)).toBe(0)
    const { page, errors } = await open(pathToFileURL(join(out, 'index.html')).href)
    expect(await page.$$eval('table.matrix tbody tr', (rows) => rows.length)).toBe(6)
    await screenshot(page, 'mutants-matrix')
    await page.click('tr:has(code:text-is("commitWithoutAllPrepared")) td.broke a')
    await page.waitForURL(/twophase--commitWithoutAllPrepared--TCConsistent\.html#step=0$/)
    expect(await page.textContent('#pos')).toBe('Step 0 of 5')
    await page.keyboard.press('End')
    expect(await page.textContent('#banner')).toContain('✗ TCConsistent is violated in this state')
    expect(errors).toEqual([])
    await page.close()
  })
})
