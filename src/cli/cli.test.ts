import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { execFileSync } from 'node:child_process'
import { main, EXIT, type Io } from './main.js'
import { MODELS } from './registry.js'
import { defineModel } from '../core/definition.js'
import { always, sometimes } from '../core/model.js'

function run(args: string[], models = MODELS): { code: number; out: string; err: string } {
  let out = ''
  let err = ''
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), errIsTTY: false }
  const code = main(args, io, models)
  if (typeof code !== 'number') throw new Error(`${args.join(' ')} ran asynchronously; use runAsync`)
  return { code, out, err }
}

/** `run` for commands that may answer with a promise (check --workers). */
async function runAsync(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), errIsTTY: false }
  const code = await main(args, io)
  return { code, out, err }
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('cli: check', () => {
  test('check twophase: holds, exhaustive, 288 states, every property listed, exit 0', () => {
    const r = run(['check', 'twophase', '--out', dir])
    expect(r.code).toBe(EXIT.holds)
    expect(r.out).toContain('verdict      holds (exhaustive')
    expect(r.out).toContain('288 distinct, 761 transitions, depth 10')
    expect(r.out).toMatch(/TCConsistent\s+always\s+✓ holds in every state/)
    expect(r.out).toMatch(/SomeCommit\s+sometimes\s+✓ witnessed at depth 8/)
    expect(r.err).toContain('faultline check twophase (config ci: rm=3; bfs)')
  })

  test('check --json prints one object with the contract field names', () => {
    const r = run(['check', 'twophase', '--json', '--param', 'rm=5', '--out', dir])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out) as Record<string, unknown>
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining(['model', 'config', 'params', 'weaken', 'strategy', 'verdict', 'exhaustive', 'states', 'transitions', 'maxDepth', 'elapsedMs', 'statesPerSecond', 'violations', 'witnesses']),
    )
    expect(j).toMatchObject({ model: 'twophase', config: 'ci', params: { rm: 5 }, weaken: [], strategy: 'bfs', verdict: 'holds', exhaustive: true, states: 8832, violations: [] })
    expect(j.witnesses).toEqual([
      { property: 'SomeCommit', found: true, depth: 12 },
      { property: 'SomeAbort', found: true, depth: 1 },
    ])
    expect(r.err).toBe('') // no progress chatter when stderr is not a terminal
  })

  test('check --weaken prints the shortest counterexample, writes a trace that replay verifies', () => {
    const r = run(['check', 'twophase', '--weaken', 'commitWithoutAllPrepared', '--out', dir])
    expect(r.code).toBe(EXIT.violated)
    expect(r.out).toContain('VIOLATED')
    expect(r.out).toContain('TCConsistent violated after 5 steps')
    expect(r.out).toMatch(/1\s+RMPrepare\(rm1\)\s+msgs\.prepared\[0\]: false → true; rmState\[0\]: working → prepared/)
    const file = join(dir, 'twophase--commitWithoutAllPrepared--TCConsistent.trace.json')
    expect(r.out).toContain(`trace written to ${file}`)
    const trace = JSON.parse(readFileSync(file, 'utf8')) as { schema: string; steps: unknown[]; weaken: string[] }
    expect(trace.schema).toBe('faultline.trace/1')
    expect(trace.steps).toHaveLength(5)
    expect(trace.weaken).toEqual(['commitWithoutAllPrepared'])
    const rep = run(['replay', file])
    expect(rep.code).toBe(0)
    expect(rep.out).toContain('✓ reproduced: TCConsistent violated after 5 steps')
    const show = run(['show', file])
    expect(show.code).toBe(0)
    expect(show.out).toContain('TMCommit')
    expect(show.out).toContain('✗ TCConsistent does not hold in the last state')
    // No temporary files are left beside the traces.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  test('a counterexample DFS found is shrunk before it is printed and written; --lower-params moves one to fewer RMs', () => {
    const out = join(dir, 'finish')
    const r = run(['check', 'twophase', '--weaken', 'commitWithoutAllPrepared', '--strategy', 'dfs', '--out', out])
    expect(r.code).toBe(EXIT.violated)
    expect(r.out).toContain('TCConsistent                 always     ✗ violated after 5 steps')
    expect(r.out).toContain('minimised    TCConsistent: dfs found 8 steps; shrunk to 5 (proved shortest)')
    const file = join(out, 'twophase--commitWithoutAllPrepared--TCConsistent.trace.json')
    expect((JSON.parse(readFileSync(file, 'utf8')) as { steps: unknown[] }).steps).toHaveLength(5)
    const low = run(['check', 'twophase', '--param', 'rm=4', '--weaken', 'abortAfterPrepared', '--lower-params', '--out', out])
    expect(low.out).toContain('minimised    TCConsistent: also shown with rm 4 → 2 in 7 steps; the trace is at those parameters')
    expect(low.out).toContain('twophase (config ci: rm=2, weakened: abortAfterPrepared; found by bfs)')
    const rep = run(['replay', join(out, 'twophase--abortAfterPrepared--TCConsistent.trace.json')])
    expect(rep.out).toContain('✓ reproduced: TCConsistent violated after 7 steps')
  })

  test('a bound that cuts the run gives exit 3 and says which bound, never "holds"', () => {
    const r = run(['check', 'twophase', '--max-depth', '4', '--out', dir])
    expect(r.code).toBe(EXIT.incomplete)
    expect(r.out).toContain('incomplete: cut by max depth 4; no counterexample within these bounds, which is not a proof')
    const j = JSON.parse(run(['check', 'twophase', '--max-states', '50', '--json', '--out', dir]).out) as Record<string, unknown>
    expect(j).toMatchObject({ verdict: 'incomplete', exhaustive: false, cutBy: ['maxStates'], states: 50 })
  })

  test('mutants twophase: the unweakened model holds and every weakening breaks its property', () => {
    const r = run(['mutants', 'twophase', '--out', dir])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/\(none\)\s+ci\s+\(none: must hold\)\s+✓ \(holds\)/)
    expect(r.out).toMatch(/abortAfterPrepared\s+tiny\s+TCConsistent\s+✓ TCConsistent\s+7/)
    expect(r.out).not.toContain('✗')
  })
})

describe('cli: bad input is one line on stderr and exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown model', ['check', 'nope'], /^faultline: unknown model 'nope'; known models: .*twophase/],
    ['unknown weakening', ['check', 'twophase', '--weaken', 'typo'], /^faultline: unknown weakening 'typo' for model twophase; known weakenings: /],
    ['unknown config', ['check', 'twophase', '--config', 'huge'], /^faultline: unknown config 'huge'/],
    ['negative bound', ['check', 'twophase', '--max-depth', '-1'], /^faultline: --max-depth must be a whole number >= 0, got '-1'/],
    ['fractional bound', ['check', 'twophase', '--max-states', '2.5'], /^faultline: --max-states must be a whole number >= 1/],
    ['bad time limit', ['check', 'twophase', '--time-limit', '0'], /^faultline: --time-limit must be a positive number/],
    ['param out of range', ['check', 'twophase', '--param', 'rm=0'], /^faultline: parameter rm=0 is out of range for model twophase/],
    ['unknown param', ['check', 'twophase', '--param', 'servers=3'], /^faultline: unknown parameter 'servers' for model twophase/],
    ['malformed param', ['check', 'twophase', '--param', 'rm'], /^faultline: --param expects NAME=INTEGER/],
    ['unknown option', ['check', 'twophase', '--fast'], /^faultline: Unknown option '--fast'.*see 'faultline --help'/],
    ['unknown strategy', ['check', 'twophase', '--strategy', 'magic'], /^faultline: unknown strategy 'magic'/],
    ['unknown command', ['frobnicate'], /^faultline: unknown command 'frobnicate'/],
    ['missing trace file', ['replay', 'no/such/file.json'], /^faultline: no trace file at no\/such\/file.json/],
  ]
  test.each(cases)('%s', (_name, args, message) => {
    const r = run(args)
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toMatch(message)
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.out).toBe('')
  })

  test('a malformed trace file: not JSON, wrong schema, missing fields', () => {
    const notJson = join(dir, 'bad.json')
    writeFileSync(notJson, '{ "schema": ')
    expect(run(['replay', notJson]).err).toMatch(/is not valid JSON/)
    const wrong = join(dir, 'wrong.json')
    writeFileSync(wrong, JSON.stringify({ schema: 'other/9' }))
    expect(run(['replay', wrong]).err).toMatch(/unsupported schema 'other\/9'/)
    const partial = join(dir, 'partial.json')
    writeFileSync(partial, JSON.stringify({ schema: 'faultline.trace/1', model: 'twophase' }))
    const r = run(['show', partial])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/"config" must be a non-empty string/)
  })

  test('a trace that no longer matches the model does not reproduce: exit 1', () => {
    run(['check', 'twophase', '--weaken', 'abortAfterPrepared', '--out', dir])
    const file = join(dir, 'twophase--abortAfterPrepared--TCConsistent.trace.json')
    const t = JSON.parse(readFileSync(file, 'utf8')) as { weaken: string[] }
    const edited = join(dir, 'edited.json')
    writeFileSync(edited, JSON.stringify({ ...t, weaken: [] }))
    const r = run(['replay', edited])
    expect(r.code).toBe(EXIT.violated)
    expect(r.out).toMatch(/does not reproduce: step 9 \(RMChooseToAbort\(rm2\)\) is not enabled/)
  })

  test('a model whose state holds a Set, and a property that throws: one line, exit 2', () => {
    const bad = defineModel({
      name: 'bad',
      summary: 'test',
      params: {},
      configs: { ci: { doc: 'ci', params: {} } },
      defaultConfig: 'ci',
      weakenings: {
        throwing: { doc: 'a property that throws', breaks: 'Boom' },
        nextThrows: { doc: 'a reducer with a bug', breaks: 'Boom' },
      },
      build: (_p, weaken) => ({
        name: 'bad',
        init: () => [weaken.size > 0 ? { x: 1 } : { x: 1, seen: new Set<number>() }],
        actions: () => ['Step'],
        next: (st: { x: number }) => {
          if (weaken.has('nextThrows')) throw new RangeError('index 7 out of range')
          return undefined
        },
        properties: [
          always('Boom', () => {
            if (weaken.has('throwing')) throw new TypeError('cannot read x')
            return true
          }),
          sometimes('Some', () => true),
        ],
      }),
    })
    const set = run(['check', 'bad'], [bad])
    expect(set.code).toBe(2)
    // The run's heading, then the error: one line, naming the path.
    expect(set.err.split('\n').slice(-2)).toEqual([
      'faultline: state.seen is a Set; use sorted arrays or plain objects (Map/Set/class instances are not canonical)',
      '',
    ])
    const boom = run(['check', 'bad', '--weaken', 'throwing'], [bad])
    expect(boom.code).toBe(2)
    const bug = run(['check', 'bad', '--weaken', 'nextThrows'], [bad])
    expect(bug.code).toBe(2)
    expect(bug.err).toMatch(/\nfaultline: model bad threw RangeError while the search ran \(after 1 states\): index 7 out of range; set FAULTLINE_DEBUG=1 for the stack\n$/)
    expect(boom.err).toMatch(/\nfaultline: property Boom of model bad threw on a state at depth 0: cannot read x; a property must return true or false for every state\n$/)
  })
})

describe('cli: check --workers', () => {
  test('--workers 2 gives the same JSON report as one thread, but for the timings', async () => {
    const one = JSON.parse(run(['check', 'twophase', '--param', 'rm=5', '--json', '--out', dir]).out) as Record<string, unknown>
    const r = await runAsync(['check', 'twophase', '--param', 'rm=5', '--workers', '2', '--json', '--out', dir])
    expect(r.code).toBe(EXIT.holds)
    const two = JSON.parse(r.out) as Record<string, unknown>
    for (const j of [one, two]) {
      delete j['elapsedMs']
      delete j['statesPerSecond']
    }
    expect(two).toEqual(one)
    expect(two).toMatchObject({ verdict: 'holds', states: 8_832 })
  })

  test('--workers 2 --weaken: the 5-step counterexample, written as a trace that replay verifies', async () => {
    const out = join(dir, 'workers')
    const r = await runAsync(['check', 'twophase', '--weaken', 'commitWithoutAllPrepared', '--workers', '2', '--out', out])
    expect(r.code).toBe(EXIT.violated)
    expect(r.out).toContain('TCConsistent violated after 5 steps')
    const rep = run(['replay', join(out, 'twophase--commitWithoutAllPrepared--TCConsistent.trace.json')])
    expect(rep.out).toContain('✓ reproduced: TCConsistent violated after 5 steps')
  })

  test('bad --workers values and combinations are one line and exit 2', async () => {
    expect(run(['check', 'twophase', '--workers', '0']).err).toBe('faultline: --workers must be a whole number >= 1, got \'0\'\n')
    expect(run(['check', 'twophase', '--workers', 'many']).code).toBe(EXIT.usage)
    const r = run(['check', 'twophase', '--workers', '2', '--strategy', 'random'])
    expect(r).toMatchObject({ code: EXIT.usage, err: 'faultline: --workers runs a breadth-first search; drop it to use --strategy random\n' })
    expect(run(['mutants', 'twophase', '--workers', '2']).err).toBe(
      "faultline: --workers does not apply to mutants (it runs each weakening on one thread); see 'faultline --help'\n",
    )
    expect(run(['check', 'twophase', '--loss', '0.1']).err).toBe("faultline: --loss does not apply to check; see 'faultline --help'\n")
    const purity = run(['check', 'twophase', '--workers', '2', '--check-purity'])
    expect(purity).toMatchObject({ code: EXIT.usage, err: 'faultline: the purity check runs on one thread; drop --workers to use it\n' })
  })
})

describe('cli: list and help', () => {
  test('list names every model with its configs, properties and weakenings', () => {
    const r = run(['list'])
    expect(r.code).toBe(0)
    for (const def of MODELS) {
      expect(r.out).toContain(`${def.name} — ${def.summary}`)
      for (const flag of Object.keys(def.weakenings)) expect(r.out).toContain(`--weaken ${flag}`)
    }
    expect(r.out).toContain('TCConsistent')
  })

  test('help prints usage with the exit codes', () => {
    const r = run(['--help'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('exit codes: 0 holds, 1 violated or witness missing, 2 bad input, 3 incomplete')
  })
})

describe('cli: the installed command', () => {
  const bin = resolve('bin/faultline.js')
  const built = existsSync(resolve('dist/src/cli/main.js'))
  test.skipIf(!built)('npx faultline check twophase --json runs the built command end to end', () => {
    const out = execFileSync(process.execPath, [bin, 'check', 'twophase', '--json', '--out', dir], { encoding: 'utf8' })
    expect(JSON.parse(out)).toMatchObject({ model: 'twophase', verdict: 'holds', states: 288 })
    let code = 0
    try {
      execFileSync(process.execPath, [bin, 'check', 'nope'], { encoding: 'utf8', stdio: 'pipe' })
    } catch (err) {
      code = (err as { status: number }).status
    }
    expect(code).toBe(2)
  })
})

describe('cli: random and hybrid search', () => {
  test('--strategy random finds a weakening with fast-check, shrinks it to the BFS length, and the trace replays', () => {
    const r = run(['check', 'twophase', '--strategy', 'random', '--weaken', 'abortAfterPrepared', '--out', dir])
    expect(r.code).toBe(EXIT.violated)
    expect(r.out).toContain('TCConsistent violated after 9 steps')
    expect(r.out).toMatch(/random search \(random, seed 1\): \d+ runs/)
    expect(r.out).toMatch(/found {8}TCConsistent in run \d+ after \d+ steps; shrunk to 9 \(proved shortest\)/)
    const file = join(dir, 'twophase--abortAfterPrepared--TCConsistent.trace.json')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ strategy: 'random' })
    expect(run(['replay', file]).code).toBe(0)
  })

  test('--strategy hybrid on an unweakened model is incomplete (exit 3), never holds, and says why', () => {
    const r = run(['check', 'twophase', '--strategy', 'hybrid', '--runs', '20', '--bfs-depth', '2', '--json', '--out', dir])
    expect(r.code).toBe(EXIT.incomplete)
    const j = JSON.parse(r.out) as { coverage: { runs: number; bfs: { depth: number }; stoppedBy: string }; mode: string; seed: number; found: unknown[] }
    expect(j).toMatchObject({ verdict: 'incomplete', exhaustive: false, strategy: 'random', mode: 'hybrid', seed: 1, found: [] })
    // The JSON report carries the coverage the text summary shows.
    expect(j.coverage).toMatchObject({ runs: 20, stoppedBy: 'runs', bfs: { depth: 2 } })
  })

  test('random options are checked: --runs 0 is a usage error', () => {
    const r = run(['check', 'twophase', '--strategy', 'random', '--runs', '0'])
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toMatch(/^faultline: --runs must be a whole number >= 1, got '0'/)
  })
})

describe('cli: show --clocks (the time and ordering lab)', () => {
  test('a lamport counterexample: stamps per event, and the causal and concurrent pairs', () => {
    const r = run(['check', 'lamport', '--weaken', 'receiveWithoutMax', '--out', dir])
    expect(r.code).toBe(EXIT.violated)
    const file = join(dir, 'lamport--receiveWithoutMax--ClockCondition.trace.json')
    const lab = run(['show', file, '--clocks'])
    expect(lab.code).toBe(0)
    expect(lab.out).toMatch(/1\s+n1\.1\s+send → n2\s+1\s+\[1,0,0\]\s+1/)
    expect(lab.out).toMatch(/2\s+n2\.1\s+receive n1\.1\s+2\s+\[1,1,0\]\s+1/)
    expect(lab.out).toContain('n1.1 → n2.1')
  })

  test('a model without processes and messages is a one-line error', () => {
    const file = join(dir, 'twophase--commitWithoutAllPrepared--TCConsistent.trace.json')
    run(['check', 'twophase', '--weaken', 'commitWithoutAllPrepared', '--out', dir])
    const r = run(['show', file, '--clocks'])
    expect(r.code).toBe(EXIT.usage)
    expect(r.err.trim().split('\n')).toHaveLength(1)
  })
})

describe('cli: study', () => {
  test('study gossip prints the table and writes the plot with --out', () => {
    const out = join(dir, 'study')
    const r = run(['study', 'gossip', '--runs', '5', '--out', out])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^\| N \| log2 N \| f=1 median \| f=1 p99 \|/)
    expect(r.out).toMatch(/\| 256 \| 8 \|/)
    expect(readFileSync(join(out, 'gossip-study.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/)
    expect(readFileSync(join(out, 'gossip-study.md'), 'utf8')).toContain('![gossip study](gossip-study.svg)')
  })

  test('study gossip --loss: messages lost at random take more rounds; a bad probability is one line', () => {
    const medianAt = (out: string, n: number) => Number(out.split('\n').find((l) => l.startsWith(`| ${n} |`))?.split('|')[3])
    const clean = run(['study', 'gossip', '--runs', '5'])
    const lossy = run(['study', 'gossip', '--runs', '5', '--loss', '0.2'])
    expect(lossy.code).toBe(0)
    expect(lossy.out).toContain('each message lost with probability 0.2')
    expect(medianAt(lossy.out, 256)).toBeGreaterThan(medianAt(clean.out, 256))
    expect(run(['study', 'gossip', '--loss', '1']).err).toBe("faultline: --loss must be a probability in [0, 1), e.g. --loss 0.1, got '1'\n")
  })

  test('an unknown study is a one-line error', () => {
    const r = run(['study', 'weather'])
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toBe("faultline: unknown study 'weather'; known studies: gossip\n")
  })
})
