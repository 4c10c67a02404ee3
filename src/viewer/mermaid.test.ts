import { describe, expect, test } from 'vitest'
import { fileURLToPath } from 'node:url'
import { resolveModel } from '../core/definition.js'
import { readTraceFile } from '../trace/file.js'
import { renderText } from '../trace/text.js'
import { twophase } from '../../models/twophase/index.js'
import '../../models/twophase/view.js'
import { paxos } from '../../models/paxos/index.js'
import { renderMarkdown, renderMermaid, renderMermaidBlock, mermaidText } from './mermaid.js'
import { runForView } from './run.js'
import { echoTrace, hostileModel, traceOf, HOSTILE } from './fixtures.js'

function shipped(file: string) {
  const trace = readTraceFile(fileURLToPath(new URL(`../../counterexamples/${file}`, import.meta.url)))
  const def = trace.model === 'paxos' ? paxos : twophase
  const model = resolveModel(def, { config: trace.config, params: trace.params, weaken: trace.weaken }).model
  return { trace, model }
}

const SHIPPED = [
  'twophase/twophase--abortAfterPrepared--TCConsistent',
  'twophase/twophase--commitWithoutAllPrepared--TCConsistent',
  'twophase/twophase--tmForgetsDecision--TCConsistent',
  'twophase/twophase--tmPresumesPrepared--TMPreparedVoted',
  'twophase/twophase--rmForgetsVote--VoteIsDurable',
  'paxos/paxos--sharedBallot--OneValuePerBallot',
  'paxos/paxos--forgetPromiseOnRestart--VotesSafe',
]

describe('viewer: mermaid: snapshots of shipped counterexamples', () => {
  // Each snapshot is the Markdown page (`faultline show --format markdown`): the Mermaid diagram
  // GitHub renders, then the text rendering. Open one on GitHub to see the diagram.
  test.each(SHIPPED)('%s: Markdown page with the Mermaid diagram and the text rendering', async (name) => {
    const { trace, model } = shipped(`${name}.trace.json`)
    const md = renderMarkdown(model, trace, { file: `counterexamples/${name}.trace.json` })
    expect(md).toContain('```mermaid\nsequenceDiagram\n')
    expect(md).toContain(renderText(model, trace))
    await expect(md).toMatchFileSnapshot(`./__snapshots__/${name.split('/')[1] ?? name}.md`)
  })

  test('echo (actor model): partition shaded, a duplicate, a crash that loses a message, a drop, a restart', async () => {
    const { model, trace } = echoTrace()
    await expect(renderMarkdown(model, trace)).toMatchFileSnapshot('./__snapshots__/echo--SomePong.md')
  })
})

describe('viewer: mermaid: the diagram', () => {
  test('commitWithoutAllPrepared: one participant per lane, arrows at delivery with the step that sent them, notes per step', () => {
    const { trace, model } = shipped('twophase/twophase--commitWithoutAllPrepared--TCConsistent.trace.json')
    const text = renderMermaid(runForView(model, trace).sequence, { verdict: '✗ TCConsistent violated' })
    expect(text.split('\n')).toEqual([
      'sequenceDiagram',
      '    participant L0 as TM',
      '    participant L1 as rm1',
      '    participant L2 as rm2',
      '    Note over L1: 1. RMPrepare(rm1)<br/>rmState: working → prepared',
      '    L1->>L0: Prepared (sent in step 1)',
      '    Note over L0: 2. TMRcvPrepared(rm1)<br/>tmPrepared[rm1]: false → true',
      '    Note over L0: 3. TMCommit<br/>tmState: init → committed',
      '    L0->>L1: Commit (sent in step 3)',
      '    Note over L1: 4. RMRcvCommitMsg(rm1)<br/>rmState: prepared → committed',
      '    Note over L2: 5. RMChooseToAbort(rm2)<br/>rmState: working → aborted',
      '    L0--)L2: Commit (in flight, sent in step 3)',
      '    Note over L0,L2: ✗ TCConsistent violated',
    ])
  })

  test('echo: drops are crossed arrows, the partition a shaded rect, crash and restart noted on the lane', () => {
    const { model, trace } = echoTrace()
    const text = renderMermaid(runForView(model, trace).sequence)
    expect(text).toContain('    rect rgba(255, 170, 0, 0.15)\n        Note over L0,L2: 1. Partition({n1} | {n2,n3})')
    expect(text).toContain('        Note over L0,L2: 3. Heal<br/>⚡ partition healed: the network is whole\n    end\n')
    expect(text).toContain('    L0-xL2: Ping ✗ lost: n3 crashed (sent at start)')
    expect(text).toContain('    L1-xL0: Pong ✗ dropped (sent in step 4)')
    expect(text).toContain('    L0->>L1: Ping (copy made in step 2)')
    expect(text).toContain('    Note over L2: 6. Crash(n3)<br/>✗ n3 crashes')
    expect(text).toContain('    Note over L2: 9. Restart(n3)<br/>↻ n3 restarts')
  })

  test('model text is escaped: # ; < > & become entity codes, so it can neither end a label nor inject markup', () => {
    expect(mermaidText('a#b;c<d>e&f')).toBe('a#35;b#59;c#60;d#62;e#38;f')
    expect(mermaidText('line one\nline two')).toBe('line one line two')
    const block = renderMermaidBlock(hostileModel, traceOf(hostileModel, [`Write(${HOSTILE})`]))
    expect(block).not.toContain('<script')
    expect(block).not.toContain('<img')
    expect(block.split('\n').every((l) => !l.includes(';') || /#\d+;/.test(l))).toBe(true)
  })
})
