import { PhalanxError } from '@phalanx/errors';
import { Abi } from '@polkadot/api-contract/Abi';
import type { AbiConstructor, AbiEvent, AbiMessage } from '@polkadot/api-contract/types';
import type { InkEvent } from './host-context.js';

const bad = (message: string) => new PhalanxError('INVALID_INPUT', message);
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A decoded event: its label and its fields by name, as JSON values. */
export interface DecodedEvent {
  readonly name: string;
  readonly args: Record<string, unknown>;
}

/**
 * The contract's ABI from its metadata, through @polkadot/api-contract's `Abi` (the maintained
 * ink! metadata decoder, V4 and V5): methods by label, arguments from JSON to SCALE, results and
 * events from SCALE to JSON. Numbers that do not fit a double (u128 balances) become decimal
 * strings, accounts SS58 addresses (`toPrimitive`).
 */
export class InkAbi {
  private readonly abi: Abi;

  constructor(metadata: Record<string, unknown>) {
    try {
      this.abi = new Abi(metadata as unknown as ConstructorParameters<typeof Abi>[0]);
    } catch (error) {
      throw bad(`ink! bundle refused: its metadata cannot be read (${reason(error)})`);
    }
  }

  /** The constructors' metadata labels. */
  get constructorLabels(): string[] {
    return this.abi.constructors.map((c) => c.identifier);
  }

  /** The constructor `label`, or the default one (marked `default`, else `new`, else the first). */
  constructorFor(label: string | undefined): AbiConstructor {
    const list = this.abi.constructors;
    const found =
      label === undefined
        ? (list.find((c) => c.isDefault) ?? list.find((c) => c.method === 'new') ?? list[0])
        : list.find((c) => c.method === label || c.identifier === label);
    if (found === undefined)
      throw bad(`the contract has no constructor "${label}"; it has ${list.map((c) => c.method).join(', ')}`);
    return found;
  }

  message(label: string): AbiMessage {
    const found = this.abi.messages.find((m) => m.method === label || m.identifier === label);
    if (found === undefined)
      throw bad(`the contract has no message "${label}"; it has ${this.abi.messages.map((m) => m.method).join(', ')}`);
    return found;
  }

  /** selector ‖ SCALE(args), from a JSON array of arguments. */
  encode(entry: AbiMessage | AbiConstructor, argsJson: string): Uint8Array {
    let args: unknown;
    try {
      args = JSON.parse(argsJson === '' ? '[]' : argsJson);
    } catch {
      throw bad('the arguments are not JSON: pass a JSON array');
    }
    if (!Array.isArray(args) || args.length !== entry.args.length)
      throw bad(
        `${entry.method} takes ${entry.args.length} argument(s) (${entry.args.map((a) => `${a.name}: ${a.type.type}`).join(', ')}); pass them as a JSON array`,
      );
    try {
      const withLength = entry.toU8a(args);
      return withLength.subarray(compactLength(withLength));
    } catch (error) {
      throw bad(`the arguments of ${entry.method} do not fit its types: ${reason(error)}`);
    }
  }

  /** The returned SCALE value as JSON, by the method's return type (undefined when it declares none). */
  decodeOutput(entry: AbiMessage | AbiConstructor, data: Uint8Array): unknown {
    const type = entry.returnType;
    if (type === null || type === undefined) return null;
    const value = this.abi.registry.createTypeUnsafe(type.lookupName ?? type.type, [data], { isPedantic: true });
    return value.toPrimitive();
  }

  /** An event by its signature topic (ink! 5) or its leading index byte (ink! 4). */
  decodeEvent(event: InkEvent): DecodedEvent | undefined {
    let found: AbiEvent | undefined;
    let data = event.data;
    const topic = event.topics[0];
    const withTopic = this.abi.events.filter((e) => e.signatureTopic);
    if (withTopic.length > 0 || this.abi.events.some((e) => e.signatureTopic === null)) {
      const hex = topic === undefined ? undefined : `0x${Buffer.from(topic).toString('hex')}`;
      found = withTopic.find((e) => e.signatureTopic === hex);
      // An anonymous event has no signature topic: decodable only when it is the only one.
      const anonymous = this.abi.events.filter((e) => !e.signatureTopic);
      if (found === undefined && anonymous.length === 1) found = anonymous[0];
    } else {
      found = this.abi.events[data[0] ?? 0xffff];
      data = data.subarray(1);
    }
    if (found === undefined) return undefined;
    try {
      const decoded = found.fromU8a(data);
      const args: Record<string, unknown> = {};
      found.args.forEach((arg, i) => {
        args[arg.name] = decoded.args[i]?.toPrimitive();
      });
      return { name: found.identifier.split('::').pop() ?? found.identifier, args };
    } catch {
      return undefined;
    }
  }
}

/** Bytes of the SCALE compact length prefix `toU8a` adds. */
function compactLength(bytes: Uint8Array): number {
  const mode = (bytes[0] ?? 0) & 3;
  return mode === 0 ? 1 : mode === 1 ? 2 : mode === 2 ? 4 : 5 + ((bytes[0] ?? 0) >> 2);
}
