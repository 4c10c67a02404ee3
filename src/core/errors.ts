/**
 * An error caused by the user's input or model (bad config, impure reducer, non-canonical state,
 * a property that throws). Its message is one line that says what is wrong and what to do; the CLI
 * prints it alone and exits with code 2.
 */
export class FaultlineError extends Error {
  override readonly name = 'FaultlineError'
}

/** A state that is not canonical plain data; the message names the path, e.g. `state.votes is a Set`. */
export class CanonicalStateError extends FaultlineError {}

/** A model whose `next` mutates its input or gives different answers for the same input. */
export class ImpureModelError extends FaultlineError {}

/** A property predicate that threw instead of answering. */
export class PropertyThrewError extends FaultlineError {}

/** A trace file that cannot be read, parsed, or does not match its model. */
export class TraceFileError extends FaultlineError {}

/** The one-line message of any thrown value. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? String(err)
  return String(err)
}
