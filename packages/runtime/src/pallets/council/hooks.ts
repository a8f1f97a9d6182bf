import type { HookScope } from '../../dispatch/call-context.js';

/** Block initialisation: the council election at every `TermDuration`-th block (none while it is 0). */
export function initializeCouncil(_ctx: HookScope): void {}
