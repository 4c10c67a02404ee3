import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { main, EXIT, type Io } from '../cli/main.js'
import '../../models/twophase/view.js'

function run(args: string[]): { code: number; out: string; err: string } {
  let out = ''
  let err = ''
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), errIsTTY: false }
  const code = main(args, io)
  if (typeof code !== 'number') throw new Error(`${args.join(' ')} ran asynchronously; use runAsync`)
  return { code, out, err }
}

const TRACE = fileURLToPath(new URL('../../counterexamples/twophase/twophase--commitWithoutAllPrepared--TCConsistent.trace.json', import.meta.url))

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-viewer-cli-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('cli: show --format', () => {
  test('mermaid: a ```mermaid block, ready to paste into a Markdown file', () => {
    const r = run(['show', TRACE, '--format', 'mermaid'])
    expect(r.code).toBe(EXIT.holds)
    const lines = r.out.split('\n')
    expect(lines.slice(0, 3)).toEqual(['```mermaid', 'sequenceDiagram', '    participant L0 as TM'])
    expect(lines.slice(-3)).toEqual(['    Note over L0,L2: ✗ TCConsistent violated', '```', ''])
  })

  test('markdown: the heading, the diagram, the text rendering and the replay command', () => {
    const r = run(['show', TRACE, '--format', 'markdown'])
    expect(r.code).toBe(EXIT.holds)
    expect(r.out.startsWith('# TCConsistent violated after 5 steps — twophase (config tiny: rm=2, weakened: commitWithoutAllPrepared; found by bfs)\n\n```mermaid\n')).toBe(true)
    expect(r.out).toContain('```text\nTCConsistent violated after 5 steps')
    expect(r.out).toContain(`Replay it with \`npx faultline replay ${TRACE}\`.`)
  })

  test('html --out FILE: one self-contained page, and a note on stderr', () => {
    const file = join(dir, 'cx.html')
    const r = run(['show', TRACE, '--format', 'html', '--out', file])
    expect(r.code).toBe(EXIT.holds)
    expect(r.out).toBe('')
    expect(r.err).toBe(`wrote ${file} (one self-contained page: open it in a browser, no server needed)\n`)
    const html = readFileSync(file, 'utf8')
    expect(html).toContain('<title>TCConsistent violated after 5 steps')
    expect(html).toContain('<svg ')
  })

  test('an unknown format is a usage error that lists the formats', () => {
    const r = run(['show', TRACE, '--format', 'svg'])
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toBe("faultline: unknown format 'svg'; use --format text, mermaid, markdown or html\n")
  })
})

describe('cli: mutants --format html', () => {
  test('writes the matrix and a page per counterexample; every link of the matrix resolves; a Markdown page beside each trace', () => {
    const out = join(dir, 'mutants')
    const r = run(['mutants', 'twophase', '--format', 'html', '--out', out])
    expect(r.code).toBe(EXIT.holds)
    expect(r.err).toBe(`matrix written to ${join(out, 'index.html')}: open it in a browser; each broken property links to its counterexample page\n`)
    const index = readFileSync(join(out, 'index.html'), 'utf8')
    const links = [...index.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '')
    expect(links.sort()).toEqual([
      'twophase--abortAfterPrepared--TCConsistent.html',
      'twophase--commitWithoutAllPrepared--TCConsistent.html',
      'twophase--rmForgetsVote--VoteIsDurable.html',
      'twophase--tmForgetsDecision--TCConsistent.html',
      'twophase--tmPresumesPrepared--TMPreparedVoted.html',
    ])
    for (const l of links) expect(existsSync(join(out, l))).toBe(true)
    expect(index.match(/<td class="cell broke expected">/g)).toHaveLength(5)
    const md = readdirSync(out).filter((f) => f.endsWith('.md'))
    expect(md).toHaveLength(5)
    expect(readFileSync(join(out, 'twophase--commitWithoutAllPrepared--TCConsistent.md'), 'utf8')).toContain('```mermaid\nsequenceDiagram\n')
  })

  test('an unknown format is a usage error', () => {
    const r = run(['mutants', 'twophase', '--format', 'pdf'])
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toBe("faultline: unknown format 'pdf'; mutants writes --format text or html\n")
  })
})

describe('cli: explore', () => {
  test.each([
    [['explore'], "faultline: explore needs a model name, e.g. 'faultline explore twophase'; see 'faultline list'\n"],
    [['explore', 'twophase', 'paxos'], 'faultline: explore takes one model, got: twophase paxos\n'],
    [['explore', 'nope'], expect.stringMatching(/^faultline: unknown model 'nope'; known models: twophase, .* \(see 'faultline list'\)\n$/)],
    [['explore', 'twophase', '--port', '70000'], "faultline: --port must be a whole number from 0 to 65535, got '70000'\n"],
    [['explore', 'twophase', '--port', 'x'], "faultline: --port must be a whole number >= 0, got 'x'\n"],
    [['explore', 'twophase', '--weaken', 'nope'], expect.stringContaining("faultline: unknown weakening 'nope' for model twophase")],
  ])('%j: exit 2, one line', (args, message) => {
    const r = run(args)
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toEqual(message)
  })

  test('the usage text names explore, the show formats and --port', () => {
    const r = run(['--help'])
    expect(r.out).toContain('faultline explore <model> [--config NAME] [--param NAME=VALUE] [--weaken FLAG] [--port N]')
    expect(r.out).toContain('faultline show <trace.json> [--format F] [--out FILE]')
    expect(r.out).toContain('--port N               explore: the port on 127.0.0.1 to serve on (default 7300)')
  })

  // The installed command: the background check runs in a worker thread of the compiled code.
  const bin = resolve('bin/faultline.js')
  const built = existsSync(resolve('dist/src/viewer/check-worker.js'))
  test.skipIf(!built)('npx faultline explore twophase --weaken commitWithoutAllPrepared --port 0: serves the page; the worker check finds the counterexample', async () => {
    const child = spawn(process.execPath, [bin, 'explore', 'twophase', '--weaken', 'commitWithoutAllPrepared', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = ''
        const timer = setTimeout(() => fail(new Error(`no URL within 20 s; stdout so far: ${out}`)), 20_000)
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString()
          const m = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)
          if (m) {
            clearTimeout(timer)
            ok(m[1] as string)
          }
        })
        child.on('exit', (code) => fail(new Error(`explore exited with ${code}: ${out}`)))
      })
      let check: { status: string; jumps: { kind: string; path: string }[] } = { status: 'running', jumps: [] }
      for (let i = 0; i < 100 && check.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 100))
        check = (await (await fetch(`${url}api/check`)).json()) as typeof check
      }
      expect(check.status).toBe('done')
      expect(check.jumps[0]).toEqual({ kind: 'violation', property: 'TCConsistent', length: 5, path: '0.0.2.2.2.4' })
      const state = (await (await fetch(`${url}api/state?path=0.0.2.2.2.4`)).json()) as { status: boolean[] }
      expect(state.status[1]).toBe(false)
    } finally {
      child.kill()
    }
  })
})
