import type { RuntimeCall } from '../call.js';
import { MAX_CALL_DEPTH } from '../call.js';
import type { RuntimeEvent } from '../event.js';
import type { Overlay } from '../state/overlay.js';
import type { BlockEnv, CallContext } from './context.js';
import { dispatchCall } from './dispatch.js';
import { palletErrors } from './error.js';
import type { Origin } from './origin.js';

const fail = palletErrors('System');

/** Where a call's events go, with a mark to undo those of a failed transaction. */
export interface EventLog {
  emit(event: RuntimeEvent): void;
  mark(): number;
  rollback(mark: number): void;
}

/**
 * The context a call runs in, for the executive (an extrinsic's call) and block hooks (an enacted
 * referendum) alike: a nested `transaction` undoes both the writes and the events of what fails,
 * and `dispatchAs` nests at most `MAX_CALL_DEPTH` calls.
 */
export function callContext(
  scope: { readonly state: Overlay; readonly block: BlockEnv },
  log: EventLog,
  origin: Origin,
  depth: number,
  /** How a nested call's context is made (the executive routes it through its own, for tests that watch depths). */
  nested: (origin: Origin, depth: number) => CallContext = (inner, at) => callContext(scope, log, inner, at),
): CallContext {
  return {
    state: scope.state,
    block: scope.block,
    origin,
    depth,
    emit: (event) => log.emit(event),
    transaction: <T>(fn: () => T): T => {
      const mark = log.mark();
      try {
        return scope.state.transaction(fn);
      } catch (error) {
        log.rollback(mark);
        throw error;
      }
    },
    dispatchAs: (inner: Origin, call: RuntimeCall) => {
      if (depth + 1 > MAX_CALL_DEPTH) throw fail('CallTooDeep', `calls nest at most ${MAX_CALL_DEPTH} deep`);
      dispatchCall(nested(inner, depth + 1), call);
    },
  };
}

/** What a block hook has: state, the block and event emission (no origin, no dispatch). */
export type HookScope = Pick<CallContext, 'state' | 'block' | 'emit'>;

/**
 * Dispatches `call` with `origin` from a block hook (an enacted referendum), as the executive
 * dispatches an extrinsic's call: at depth 0, in its own transaction. Its events are held back and
 * emitted only if it succeeds; if it throws, its writes and events are undone and the error is
 * rethrown for the hook to report.
 */
export function dispatchFromHook(hook: HookScope, origin: Origin, call: RuntimeCall): void {
  const events: RuntimeEvent[] = [];
  const log: EventLog = {
    emit: (event) => events.push(event),
    mark: () => events.length,
    rollback: (mark) => {
      events.length = mark;
    },
  };
  hook.state.transaction(() => dispatchCall(callContext(hook, log, origin, 0), call));
  for (const event of events) hook.emit(event);
}
