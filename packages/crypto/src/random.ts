import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { assertInteger } from '@phalanx/errors';

/** CSPRNG bytes from the operating system. */
export function randomBytes(length: number): Uint8Array {
  assertInteger(length, 'length', 0, 1 << 20);
  return new Uint8Array(nodeRandomBytes(length));
}
