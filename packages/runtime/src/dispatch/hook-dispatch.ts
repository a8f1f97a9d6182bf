import type { RuntimeCall } from '../call.js';
import { MAX_CALL_DEPTH } from '../call.js';
import type { RuntimeEvent } from '../event.js';
import type { CallContext } from './context.js';
import { dispatchCall } from './dispatch.js';
import { palletErrors } from './error.js';
import type { Origin } from './origin.js';

const fail = palletErrors('System');

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
  hook.state.transaction(() => dispatchCall(contextFor(hook, events, origin, 0), call));
  for (const event of events) hook.emit(event);
}

function contextFor(hook: HookScope, events: RuntimeEvent[], origin: Origin, depth: number): CallContext {
  return {
    state: hook.state,
    block: hook.block,
    origin,
    depth,
    emit: (event) => events.push(event),
    transaction: <T>(fn: () => T): T => {
      const mark = events.length;
      try {
        return hook.state.transaction(fn);
      } catch (error) {
        events.length = mark;
        throw error;
      }
    },
    dispatchAs: (inner: Origin, nested: RuntimeCall) => {
      if (depth + 1 > MAX_CALL_DEPTH) throw fail('CallTooDeep', `calls nest at most ${MAX_CALL_DEPTH} deep`);
      dispatchCall(contextFor(hook, events, inner, depth + 1), nested);
    },
  };
}
