/**
 * `faultline explore`: a local page (Stateright Explorer style) to walk a model by hand. It serves
 * on 127.0.0.1 only, with node:http and nothing else:
 *
 * - `GET /?path=0.2.1`          the page (self-contained; the path of action indices is the URL)
 * - `GET /api/state?path=0.2.1` the state at the end of the path, its enabled actions, each
 *                               property's status, and the path as an SVG sequence diagram
 * - `GET /api/check`            the background check: running, or its verdict and the paths of its
 *                               counterexamples and witnesses
 *
 * A bad request (a malformed path, an action index out of range) is answered with status 400 and
 * a one-line `{ "error": ... }`; a model that throws, with 500. Neither stops the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AnyModel } from '../core/model.js'
import { FaultlineError, messageOf } from '../core/errors.js'
import { escapeHtml } from './escape.js'
import { contentSecurityPolicy, detailPanelEnd, page } from './html.js'
import { COMMON_SCRIPT, PAGE_STYLE } from './client/common.js'
import { EXPLORER_PAGE_SCRIPT } from './client/explorer-page.js'
import { SVG_STYLE } from './svg.js'
import { parsePath, pathOfTrace, PathError, stateView } from './walk.js'
import { checkInline, type CheckBounds, type CheckResult, type RunningCheck } from './background.js'

/** The port `faultline explore` listens on unless `--port` says otherwise. */
export const DEFAULT_PORT = 7300

export interface ExplorerOptions {
  readonly model: AnyModel
  /** One line naming the model, config and weakenings, shown in the page's header. */
  readonly title?: string
  /** @default {@link DEFAULT_PORT}; 0 picks a free port */
  readonly port?: number
  /**
   * The background check: `'inline'` runs a BFS in this thread right after the server starts,
   * a function starts one elsewhere (a worker), `false` runs none. @default 'inline'
   */
  readonly check?: 'inline' | false | (() => RunningCheck)
  /** Bounds of an inline check. */
  readonly checkBounds?: CheckBounds
}

/** A running explorer. */
export interface Explorer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string
  readonly port: number
  /** Settles when the background check ends (at once when there is none). */
  readonly checked: Promise<void>
  /** Stops the server and the background check. */
  close(): Promise<void>
}

type CheckState =
  | { readonly status: 'off' }
  | { readonly status: 'running'; readonly since: number }
  | { readonly status: 'done'; readonly result: CheckResult }
  | { readonly status: 'failed'; readonly message: string }

interface Jump {
  readonly kind: 'violation' | 'witness'
  readonly property: string
  readonly length: number
  readonly path: string
}

/**
 * Starts the explorer on 127.0.0.1 and resolves once it listens.
 *
 * @example
 * const ex = await startExplorer({ model, port: 0 })
 * console.log(`open ${ex.url}`)
 */
export async function startExplorer(o: ExplorerOptions): Promise<Explorer> {
  const model = o.model
  let check: CheckState = { status: 'off' }
  let jumps: Jump[] = []
  let running: RunningCheck | null = null
  const html = explorerPage(o.title ?? model.name)

  const server = createServer((req, res) => {
    try {
      handle(req, res)
    } catch (err) {
      // Nothing a request does may take the server down.
      send(res, 500, { error: `internal error: ${messageOf(err)}` })
    }
  })
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return
    const big = err.code === 'HPE_HEADER_OVERFLOW'
    const body = JSON.stringify({ error: big ? 'the request is too large (its URL is limited to about 16 KB); use a shorter path' : 'malformed HTTP request' })
    socket.end(
      `HTTP/1.1 ${big ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  })

  let port = 0
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const host = req.headers.host ?? ''
    // Only this machine's own names: a page elsewhere cannot reach the server through DNS rebinding.
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      send(res, 403, { error: `forbidden host '${host}'; open http://127.0.0.1:${port}/` })
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      send(res, 405, { error: `method ${req.method ?? '?'} not allowed; the explorer answers GET` })
      return
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    switch (url.pathname) {
      case '/':
      case '/index.html':
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': html.csp,
        })
        res.end(req.method === 'HEAD' ? undefined : html.text)
        return
      case '/api/state': {
        try {
          send(res, 200, stateView(model, parsePath(url.searchParams.get('path'))))
        } catch (err) {
          if (err instanceof PathError) send(res, err.status, { error: err.message })
          else throw err
        }
        return
      }
      case '/api/check':
        send(res, 200, checkJson(check, jumps))
        return
      case '/favicon.ico':
        res.writeHead(204).end()
        return
      default:
        send(res, 404, { error: `no such page: ${url.pathname}; the explorer serves /, /api/state?path=... and /api/check` })
    }
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        err.code === 'EADDRINUSE'
          ? new FaultlineError(`port ${o.port ?? DEFAULT_PORT} on 127.0.0.1 is in use; choose another with --port N (--port 0 picks a free one)`)
          : err.code === 'EACCES'
            ? new FaultlineError(`not allowed to listen on port ${o.port ?? DEFAULT_PORT}; choose another with --port N`)
            : err,
      )
    }
    server.once('error', onError)
    server.listen(o.port ?? DEFAULT_PORT, '127.0.0.1', () => {
      server.off('error', onError)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  const mode = o.check ?? 'inline'
  let checked: Promise<void> = Promise.resolve()
  if (mode !== false) {
    check = { status: 'running', since: Date.now() }
    running = mode === 'inline' ? checkInline(model, o.checkBounds) : mode()
    checked = running.result.then(
      (result) => {
        jumps = jumpsOf(model, result)
        check = { status: 'done', result }
      },
      (err: unknown) => {
        check = { status: 'failed', message: messageOf(err) }
      },
    )
  }

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    checked,
    close: () => closeServer(server, running),
  }
}

function closeServer(server: Server, running: RunningCheck | null): Promise<void> {
  running?.stop()
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end()
    return
  }
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(text)
}

/** The counterexamples and witnesses of a check as paths of action indices. */
function jumpsOf(model: AnyModel, r: CheckResult): Jump[] {
  const out: Jump[] = []
  for (const v of r.violations) {
    const path = v.trace ? pathOfTrace(model, v.trace) : null
    if (path) out.push({ kind: 'violation', property: v.property, length: path.length - 1, path: path.join('.') })
  }
  for (const w of r.witnesses) {
    const path = w.found && w.trace ? pathOfTrace(model, w.trace) : null
    if (path) out.push({ kind: 'witness', property: w.property, length: path.length - 1, path: path.join('.') })
  }
  return out
}

function checkJson(c: CheckState, jumps: readonly Jump[]): object {
  switch (c.status) {
    case 'off':
      return { status: 'off', summary: 'No background check.', jumps: [] }
    case 'running':
      return { status: 'running', summary: `Background check (BFS) running for ${Math.round((Date.now() - c.since) / 1000)} s…`, jumps: [] }
    case 'failed':
      return { status: 'failed', summary: `Background check failed: ${c.message}`, jumps: [] }
    case 'done': {
      const r = c.result
      const states = `${r.states.toLocaleString('en-US')} states`
      const violated = r.violations.filter((v) => v.kind === 'always').map((v) => v.property)
      const missing = r.violations.filter((v) => v.kind === 'sometimes').map((v) => v.property)
      const found = [violated.length > 0 ? `${violated.join(', ')} violated` : '', missing.length > 0 ? `never reached: ${missing.join(', ')}` : '']
      const summary =
        r.verdict === 'holds'
          ? `Background check: every property holds (${states}, exhaustive).`
          : r.verdict === 'violated'
            ? `Background check: ${found.filter((x) => x !== '').join('; ')} (${states}).`
            : `Background check incomplete: cut by ${r.cutBy.join(', ')} after ${states}; no counterexample within these bounds.`
      return { status: 'done', verdict: r.verdict, states: r.states, exhaustive: r.exhaustive, summary, jumps }
    }
  }
}

/** The explorer's page: static, self-contained; it loads states from the API. */
function explorerPage(title: string): { readonly text: string; readonly csp: string } {
  const script = `(function () {\n${COMMON_SCRIPT}\n${EXPLORER_PAGE_SCRIPT}\n})();`
  const csp = contentSecurityPolicy(script, true)
  const text = page({
    title: `faultline explore: ${title}`,
    csp,
    style: `${PAGE_STYLE}\n${SVG_STYLE}\n.check { margin: 4px 0 0; } .check-status { color: #444; margin-bottom: 4px; }`,
    body: `<header><h1>faultline explore: ${escapeHtml(title)}</h1><p class="meta">Choose an action to take it; the URL is the path of action indices, so a link brings back this state.</p></header>
<nav class="controls" aria-label="navigate">
<button id="back" title="back one step (←)" disabled>◀ back</button><button id="fwd" title="forward again (→)" disabled>forward ▶</button>
<span id="depth" class="pos"></span>
<a id="link" class="path" href="?path=0"></a>
<span class="hint">← back · → forward · 0-9 choose an action</span>
</nav>
<main class="split">
<section class="diagram" id="diagram" aria-label="sequence diagram of the path"></section>
<aside class="detail">
<div id="error" class="err" role="alert"></div>
<div id="check" class="check" data-status="off"></div>
<div id="banner" class="banner"></div>
<h2 id="title"></h2>
<h3>Enabled actions</h3>
<div id="actions" class="actions"></div>
${detailPanelEnd('Changed by the last step')}
<script>${script}</script>`,
  })
  return { text, csp }
}
