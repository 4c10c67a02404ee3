/**
 * faultline: bounded model checking, random search and minimal counterexamples for distributed
 * protocol models written as pure reducers. Every export is named here; nothing else is public.
 */

// The model contract.
export type { Model, AnyModel, Property, PropertyKind, StateCodec } from './core/model.js'
export { always, sometimes, formatActionOf } from './core/model.js'
export type { ModelDefinition, AnyModelDefinition, Params, Bounds, ConfigPreset, Weakening, ResolvedModel } from './core/definition.js'
export { defineModel, resolveModel } from './core/definition.js'

// Canonical data and fingerprints.
export { fingerprint, findNonCanonical, canonicalJson, Hasher } from './core/canonical.js'

// Enumerating choices in models: every k-element subset of a list, in lexicographic order.
export { combinations } from './core/combinations.js'

// Errors: every one is a one-line message that says what is wrong and what to do.
export {
  FaultlineError,
  CanonicalStateError,
  ImpureModelError,
  PropertyThrewError,
  TraceFileError,
} from './core/errors.js'

// Traces and replay.
export type { Trace, TraceStep, TraceVerdict, ReplayResult } from './core/trace.js'
export { TRACE_SCHEMA, replay, runTrace, resolveStep } from './core/trace.js'

// Search.
export { explore } from './explore/search.js'
export { exploreParallel } from './explore/parallel.js'
export type { ParallelOptions, ModelSource } from './explore/parallel.js'
export type { ExploreOptions, Strategy, Bound, Progress } from './explore/options.js'
export type { Report, Verdict, Violation, Witness } from './explore/report.js'

// Trace files and renderers.
export { readTraceFile, parseTrace, writeTraceFile, saveTrace, traceFileName } from './trace/file.js'
export { renderText, traceHeading } from './trace/text.js'
export type { TextOptions } from './trace/text.js'
export { diffStates, formatChange } from './trace/diff.js'
export type { Change } from './trace/diff.js'

// The actor layer: per-node handlers, a network and faults compiled into a Model.
export { actorModel, quorum, formatPartition, formatValue, compareData } from './actor/index.js'
export type {
  ActorModel,
  Actor,
  NodeContext,
  Out,
  Send,
  ActorState,
  Envelope,
  FaultBudget,
  Partition,
  ActorAction,
  ActorEvent,
  SentMessage,
  GhostOptions,
  ActorModelOptions,
  NetworkOptions,
  FaultOptions,
} from './actor/index.js'

// History checkers: linearizability (Wing–Gong–Lowe with memoisation, per-key partitioning).
export {
  checkLinearizable,
  explainLinearization,
  partitionHistory,
  fromEvents,
  toEvents,
  validateHistory,
  register,
  casRegister,
  fencedRegister,
  kvMap,
  simulateHistory,
} from './history/index.js'
export type {
  Call,
  CheckOptions,
  CheckResult,
  CheckVerdict,
  History,
  HistoryEvent,
  Operation,
  Spec,
  FencedState,
  KvState,
  SimulateOptions,
} from './history/index.js'

// Seeing a counterexample: sequence diagrams (Mermaid, SVG), the HTML trace page, the explorer.
export {
  registerSequenceView,
  buildSequence,
  renderMermaid,
  renderMermaidBlock,
  renderMarkdown,
  renderSvg,
  renderTraceHtml,
  startExplorer,
  renderMutantsHtml,
  writeMutantsHtml,
} from './viewer/index.js'
export type {
  SequenceView,
  SequenceEvent,
  SequenceEventKind,
  Sequence,
  TraceHtmlOptions,
  Explorer,
  ExplorerOptions,
  MutantRun,
} from './viewer/index.js'

// Random search with fast-check, and shrinking any counterexample to a minimal one.
export { checkRandom, scheduleArbitrary } from './random/index.js'
export type { RandomOptions, RandomReport, RandomStrategy, Coverage, Found, Schedule } from './random/index.js'
export { shrinkTrace, shrinkParams, certify, finishCounterexamples } from './shrink/index.js'
export type { ShrinkOptions, ShrinkResult, ShrinkStats } from './shrink/index.js'
