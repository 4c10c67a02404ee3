/** Per-step diffs of plain-data states: which fields changed, as paths with before and after. */

/** One changed field: `rmState[1]: working -> prepared`. */
export interface Change {
  readonly path: string
  readonly before: unknown
  readonly after: unknown
}

const MISSING = Symbol('missing')

/**
 * The fields that differ between two plain-data states, as paths, depth first. Arrays of equal
 * length are compared element by element; an array that only gained elements (anywhere: sorted
 * multisets) reports them (`msgs += [...]`), one that only lost some reports those (`msgs -= [...]`);
 * otherwise the whole array is one change.
 */
export function diffStates(a: unknown, b: unknown, path = ''): Change[] {
  const out: Change[] = []
  walk(a, b, path, out)
  return out
}

function walk(a: unknown, b: unknown, path: string, out: Change[]): void {
  if (a === b) return
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length === b.length) {
      for (let i = 0; i < a.length; i++) walk(a[i], b[i], `${path}[${i}]`, out)
      return
    }
    // Sorted multisets (messages in flight) grow and shrink anywhere, not only at the end.
    const added = b.length > a.length ? extraItems(a, b) : null
    if (added !== null) {
      out.push({ path: `${path} +=`, before: MISSING, after: added })
      return
    }
    const removed = b.length < a.length ? extraItems(b, a) : null
    if (removed !== null) {
      out.push({ path: `${path} -=`, before: removed, after: MISSING })
      return
    }
    out.push({ path, before: a, after: b })
    return
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    for (const k of keys) {
      const p = path === '' ? k : `${path}.${k}`
      const x = k in a ? a[k] : MISSING
      const y = k in b ? b[k] : MISSING
      if (x === MISSING || y === MISSING) out.push({ path: p, before: x, after: y })
      else walk(x, y, p, out)
    }
    return
  }
  if (!sameValue(a, b)) out.push({ path, before: a, after: b })
}

/** The items of `long` that are not in `short`, when `short` is a subsequence of `long`; else null. */
function extraItems(short: readonly unknown[], long: readonly unknown[]): unknown[] | null {
  const extra: unknown[] = []
  let i = 0
  for (const x of long) {
    if (i < short.length && sameValue(short[i], x)) i++
    else extra.push(x)
  }
  return i === short.length ? extra : null
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** Deep equality of plain data. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameValue(a[k], b[k]))
  }
  return false
}

/** A short, readable rendering of a plain value: strings unquoted, long values cut with an ellipsis. */
export function brief(v: unknown, max = 72): string {
  if (v === MISSING) return '∅'
  const s = render(v)
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}

function render(v: unknown): string {
  if (typeof v === 'string') return /^[\w.:-]+$/.test(v) ? v : JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(render).join(', ')}]`
  if (isRecord(v)) return `{${Object.entries(v).map(([k, x]) => `${k}: ${render(x)}`).join(', ')}}`
  return String(v)
}

/** A change as one phrase: `rmState[1]: working → prepared`, `log += [{term: 1}]`. */
export function formatChange(c: Change): string {
  if (c.path.endsWith(' +=')) return `${c.path} ${brief(c.after)}`
  if (c.path.endsWith(' -=')) return `${c.path} ${brief(c.before)}`
  return `${c.path}: ${brief(c.before)} → ${brief(c.after)}`
}
