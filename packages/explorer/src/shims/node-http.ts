// node:http and node:https for the browser bundle: the SDK's Node.js worker transport imports
// them, but the page never calls it (it injects `workerPost`). Anything that does fails loudly.
import { PhalanxError } from '@phalanx/errors';
export class Agent {}
export function request(): never {
  throw new PhalanxError('INTERNAL', 'node:http is not available in the browser: pass workerPost to connect()');
}
export default { Agent, request };
