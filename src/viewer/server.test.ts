import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { resolveModel } from '../core/definition.js'
import type { Model } from '../core/model.js'
import { always } from '../core/model.js'
import { FaultlineError } from '../core/errors.js'
import { twophase } from '../../models/twophase/index.js'
import '../../models/twophase/view.js'
import { startExplorer, type Explorer } from './server.js'
import { parsePath, walkPath, PathError } from './walk.js'

/** One HTTP request to the explorer; `host` overrides the Host header. */
function get(url: string, o: { host?: string; method?: string } = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: o.method ?? 'GET', headers: o.host === undefined ? {} : { host: o.host } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function json(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await get(url)
  return { status: r.status, body: JSON.parse(r.body) as Record<string, unknown> }
}

let ex: Explorer
beforeAll(async () => {
  const model = resolveModel(twophase, { weaken: ['commitWithoutAllPrepared'] }).model
  ex = await startExplorer({ model, port: 0, title: 'twophase (test)' })
  await ex.checked
})
afterAll(() => ex.close())

describe('viewer: explorer server: states and actions', () => {
  test('GET / serves the self-contained page with its CSP; it only talks to its own origin', async () => {
    const r = await get(ex.url)
    expect(r.status).toBe(200)
    expect(r.type).toBe('text/html; charset=utf-8')
    expect(r.body).toContain('<title>faultline explore: twophase (test)</title>')
    expect(r.body).toContain("connect-src &#39;self&#39;")
    expect(r.body).not.toMatch(/\bsrc=["']?https?:/)
  })

  test('the initial state (empty path): 7 enabled actions in spec names, each with what it changes', async () => {
    const { status, body } = await json(`${ex.url}api/state`)
    expect(status).toBe(200)
    expect(body.path).toBe('0')
    expect(body.depth).toBe(0)
    expect(body.inits).toBe(1)
    const actions = body.actions as { index: number; label: string; changes: string[]; breaks: string[] }[]
    expect(actions.map((a) => a.label)).toEqual([
      'RMPrepare(rm1)',
      'RMPrepare(rm2)',
      'RMPrepare(rm3)',
      'TMAbort',
      'RMChooseToAbort(rm1)',
      'RMChooseToAbort(rm2)',
      'RMChooseToAbort(rm3)',
    ])
    expect(actions[0]?.changes).toEqual(['msgs.prepared[0]: false → true', 'rmState[0]: working → prepared'])
    expect(body.status).toEqual([true, true, true, true, false, false])
    expect(String(body.svg)).toMatch(/^<svg /)
  })

  test('path 0.0.2.2.2.4 (the shortest counterexample): TCConsistent violated, and the actions that would break more are marked', async () => {
    const { status, body } = await json(`${ex.url}api/state?path=0.0.2.2.2.4`)
    expect(status).toBe(200)
    expect(body.depth).toBe(5)
    expect((body.steps as { action: string }[]).map((s) => s.action)).toEqual([
      'RMPrepare(rm1)',
      'TMRcvPrepared(rm1)',
      'TMCommit',
      'RMRcvCommitMsg(rm1)',
      'RMChooseToAbort(rm2)',
    ])
    expect(body.changes).toEqual(['rmState[1]: working → aborted'])
    expect(body.highlight).toEqual([{ path: 'rmState[1]', before: 'working' }])
    expect(body.status).toEqual([true, false, true, true, true, true])
    expect((body.actions as { label: string; breaks: string[] }[]).map((a) => `${a.label}: ${a.breaks.join(',')}`)).toEqual([
      'RMPrepare(rm3): TCConsistent',
      'RMRcvCommitMsg(rm2): ',
      'RMRcvCommitMsg(rm3): TCConsistent',
      'RMChooseToAbort(rm3): TCConsistent',
    ])
  })

  test('the background check finds the counterexample and the witnesses, as paths the page can jump to', async () => {
    const { body } = await json(`${ex.url}api/check`)
    expect(body).toMatchObject({ status: 'done', verdict: 'violated', states: 196 })
    expect(body.summary).toBe('Background check: TCConsistent violated (196 states).')
    expect(body.jumps).toEqual([
      { kind: 'violation', property: 'TCConsistent', length: 5, path: '0.0.2.2.2.4' },
      { kind: 'witness', property: 'SomeCommit', length: 4, path: '0.0.2.2.2' },
      { kind: 'witness', property: 'SomeAbort', length: 1, path: '0.4' },
    ])
  })
})

describe('viewer: explorer server: bad requests get a clear error and the server keeps serving', () => {
  test.each([
    ['0.x', 400, "malformed path '0.x': expected action indices separated by dots, e.g. 0.2.1 (the first number picks the initial state)"],
    ['0..1', 400, "malformed path '0..1': expected action indices separated by dots, e.g. 0.2.1 (the first number picks the initial state)"],
    ['-1', 400, "malformed path '-1': expected action indices separated by dots, e.g. 0.2.1 (the first number picks the initial state)"],
    ['0.7', 400, 'action index 7 at step 1 is out of range: 7 are enabled there (0..6)'],
    ['0.0.99', 400, 'action index 99 at step 2 is out of range: 6 are enabled there (0..5)'],
    ['3', 400, 'initial state index 3 is out of range: model twophase has 1 initial state (0..0)'],
    ['0.999999999999', 400, "malformed path '0.999999999999': expected action indices separated by dots, e.g. 0.2.1 (the first number picks the initial state)"],
  ])('path %s: status %i, %s', async (path, status, error) => {
    const r = await json(`${ex.url}api/state?path=${encodeURIComponent(path)}`)
    expect(r).toEqual({ status, body: { error } })
  })

  test('a path longer than 5,000 steps is refused before it is walked; a URL too long for HTTP gets status 431 and a reason', async () => {
    const r = await json(`${ex.url}api/state?path=0${'.0'.repeat(5_001)}`)
    expect(r).toEqual({ status: 400, body: { error: 'path has 5001 steps; the explorer walks at most 5000' } })
    const huge = await json(`${ex.url}api/state?path=0${'.100'.repeat(6_000)}`)
    expect(huge).toEqual({ status: 431, body: { error: 'the request is too large (its URL is limited to about 16 KB); use a shorter path' } })
    expect((await json(`${ex.url}api/state`)).status).toBe(200)
  })

  test('unknown page 404, POST 405, a foreign Host header 403 (DNS rebinding), and the server still answers', async () => {
    expect((await get(`${ex.url}nope`)).status).toBe(404)
    const post = await get(`${ex.url}api/state`, { method: 'POST' })
    expect(post.status).toBe(405)
    expect(JSON.parse(post.body)).toEqual({ error: 'method POST not allowed; the explorer answers GET' })
    const foreign = await get(`${ex.url}api/state`, { host: 'evil.example:80' })
    expect(foreign.status).toBe(403)
    expect((await json(`${ex.url}api/state?path=0.0`)).status).toBe(200)
  })

  test('a model that throws, or whose next disagrees with its actions, gets status 500 with the reason; the server lives on', async () => {
    type S = { readonly n: number }
    const buggy: Model<S, string> = {
      name: 'buggy',
      init: () => [{ n: 0 }],
      actions: () => ['Ok', 'Boom', 'Ghost'],
      next: (s, a) => {
        if (a === 'Boom') throw new Error('kaboom')
        if (a === 'Ghost') return undefined
        return { n: s.n + 1 }
      },
      properties: [always('Small', (s) => s.n < 100)],
    }
    const b = await startExplorer({ model: buggy, port: 0, check: false })
    try {
      expect(await json(`${b.url}api/state?path=0.1`)).toEqual({ status: 500, body: { error: 'the model threw in next() on Boom: kaboom' } })
      expect(await json(`${b.url}api/state?path=0.2`)).toEqual({
        status: 500,
        body: { error: "model buggy lists Ghost as enabled at step 1, but next() says it is not; the model's actions and next disagree" },
      })
      const ok = await json(`${b.url}api/state?path=0.0`)
      expect(ok.status).toBe(200)
      expect((ok.body.actions as { label: string; error?: string }[]).map((a) => a.error ?? 'ok')).toEqual([
        'ok',
        'kaboom',
        'listed as enabled, but next() says it is not',
      ])
      expect((await json(`${b.url}api/check`)).body).toMatchObject({ status: 'off', jumps: [] })
    } finally {
      await b.close()
    }
  })

  test('a port in use is a one-line error that says what to do', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
    const port = (blocker.address() as { port: number }).port
    try {
      const model = resolveModel(twophase).model
      await expect(startExplorer({ model, port, check: false })).rejects.toThrow(
        new FaultlineError(`port ${port} on 127.0.0.1 is in use; choose another with --port N (--port 0 picks a free one)`),
      )
    } finally {
      blocker.close()
    }
  })
})

describe('viewer: explorer paths', () => {
  test('parsePath: empty is the first initial state; dots separate indices', () => {
    expect(parsePath(undefined)).toEqual([0])
    expect(parsePath('')).toEqual([0])
    expect(parsePath('0.2.1')).toEqual([0, 2, 1])
    expect(() => parsePath('0,2')).toThrow(PathError)
  })

  test('walkPath returns every state and action of the path', () => {
    const model = resolveModel(twophase).model
    const w = walkPath(model, [0, 0, 2])
    expect(w.states).toHaveLength(3)
    expect(w.actions).toEqual([{ type: 'RMPrepare', rm: 1 }, { type: 'TMRcvPrepared', rm: 1 }])
  })
})
