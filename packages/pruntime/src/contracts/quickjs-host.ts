// @guest-errors: errors thrown here are JavaScript errors inside the contract VM (what a contract catches).
import { fromSs58 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import type { ContractHost, FetchOptions } from './engine.js';
import { GAS } from './gas.js';
import { CONTRACT_LIMITS } from './limits.js';

/** What host functions charge their gas to: false when the call cannot pay. */
export interface HostMeter {
  charge(gas: number): boolean;
  readonly gasLeft: number;
}

/** The error names a failed `ctx.call` rejects with (pallet-contracts' return codes). */
const CALL_ERRORS = { reverted: 'CalleeReverted', trapped: 'CalleeTrapped', 'not-callable': 'NotCallable' } as const;

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;

/** Contract byte arguments: a 0x-hex string is bytes, any other string its UTF-8. */
export function bytesArg(value: string): Uint8Array {
  if (HEX.test(value)) return new Uint8Array(Buffer.from(value.slice(2), 'hex'));
  return new Uint8Array(Buffer.from(value, 'utf8'));
}

/** A public key argument: 0x-hex of 32 bytes, or an SS58 address. */
export function publicKeyArg(value: string, name: string): Uint8Array {
  if (HEX.test(value)) {
    const key = bytesArg(value);
    if (key.length === 32) return key;
  } else {
    try {
      return fromSs58(value, null);
    } catch {
      // fall through to the error below
    }
  }
  throw new PhalanxError('INVALID_INPUT', `${name} must be a 32-byte public key as 0x-hex or an SS58 address`);
}

export const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString('hex')}`;

/**
 * The raw `__host` object the prelude wraps into `ctx`: each function charges its gas before it
 * runs (so running out stops the call at once) and converts strings to bytes and back.
 */
export function bindHost(
  context: QuickJSContext,
  currentHost: () => ContractHost,
  meter: HostMeter,
  pending: Set<Promise<void>>,
  live: () => boolean,
): QuickJSHandle {
  const charge = (gas: number) => {
    if (!meter.charge(gas)) throw new PhalanxError('INVALID_INPUT', 'out of gas');
  };
  const str = (handle: QuickJSHandle | undefined, name: string): string => {
    if (handle === undefined || context.typeof(handle) !== 'string')
      throw new PhalanxError('INVALID_INPUT', `${name} must be a string`);
    return context.getString(handle);
  };
  const object = context.newObject();
  const define = (name: string, fn: (...args: QuickJSHandle[]) => QuickJSHandle | undefined) => {
    // Rethrow as a plain Error: the guest sees the message (never a stack or a host object).
    const handle = context.newFunction(name, (...args) => {
      try {
        return fn(...args);
      } catch (error) {
        const guest = new Error(error instanceof PhalanxError ? error.message : `ctx host function ${name} failed`);
        guest.name = error instanceof PhalanxError && error.code === 'INVALID_INPUT' ? 'TypeError' : 'Error';
        throw guest;
      }
    });
    context.setProp(object, name, handle);
    handle.dispose();
  };
  const text = (value: string) => context.newString(value);
  const bool = (value: boolean) => (value ? context.true : context.false);

  define('get', (key) => {
    const name = str(key, 'key');
    charge(GAS.storageRead + GAS.perByte * name.length);
    const value = currentHost().storageGet(name);
    if (value === undefined) return context.undefined;
    charge(GAS.perByte * value.length);
    return text(value);
  });
  define('set', (key, value) => {
    const name = str(key, 'key');
    const json = str(value, 'value');
    charge(GAS.storageWrite + GAS.perByte * (name.length + json.length));
    currentHost().storageSet(name, json);
    return context.undefined;
  });
  define('del', (key) => {
    const name = str(key, 'key');
    charge(GAS.storageWrite + GAS.perByte * name.length);
    return bool(currentHost().storageDelete(name));
  });
  define('has', (key) => {
    const name = str(key, 'key');
    charge(GAS.storageRead + GAS.perByte * name.length);
    return bool(currentHost().storageHas(name));
  });
  define('emit', (name, data) => {
    const event = str(name, 'event name');
    const json = str(data, 'event data');
    charge(GAS.emit + GAS.perByte * (event.length + json.length));
    currentHost().emit(event, json);
    return context.undefined;
  });
  define('random', (n) => {
    const length = n === undefined ? Number.NaN : context.getNumber(n);
    if (!Number.isInteger(length) || length < 1 || length > CONTRACT_LIMITS.randomBytes) {
      throw new PhalanxError('INVALID_INPUT', `ctx.random(n): n must be an integer from 1 to ${CONTRACT_LIMITS.randomBytes}`);
    }
    charge(GAS.random + GAS.perByte * length);
    return text(hex(currentHost().random(length)));
  });
  define('keyPublic', (salt) => {
    charge(GAS.keyDerive);
    return text(hex(currentHost().keyPublic(str(salt, 'salt'))));
  });
  define('keySecret', (salt) => {
    charge(GAS.keyDerive);
    return text(hex(currentHost().keySecret(str(salt, 'salt'))));
  });
  define('keySign', (salt, message) => {
    const bytes = bytesArg(str(message, 'message'));
    charge(GAS.keyDerive + GAS.sign + GAS.perByte * bytes.length);
    return text(hex(currentHost().keySign(str(salt, 'salt'), bytes)));
  });
  define('keyAgree', (salt, peer) => {
    charge(GAS.keyDerive + GAS.agree);
    return text(hex(currentHost().keyAgree(str(salt, 'salt'), publicKeyArg(str(peer, 'peerPublicKey'), 'peerPublicKey'))));
  });
  define('verify', (publicKey, message, signature) => {
    const bytes = bytesArg(str(message, 'message'));
    charge(GAS.verify + GAS.perByte * bytes.length);
    const key = publicKeyArg(str(publicKey, 'publicKey'), 'publicKey');
    return bool(currentHost().verify(key, bytes, bytesArg(str(signature, 'signature'))));
  });
  define('blake2', (data) => {
    const bytes = bytesArg(str(data, 'data'));
    charge(GAS.hash + GAS.perByte * bytes.length);
    return text(hex(currentHost().blake2(bytes)));
  });
  define('encrypt', (key, plaintext) => {
    const bytes = bytesArg(str(plaintext, 'plaintext'));
    charge(GAS.aead + GAS.perByte * bytes.length);
    return text(hex(currentHost().encrypt(bytesArg(str(key, 'key')), bytes)));
  });
  define('decrypt', (key, sealed) => {
    const bytes = bytesArg(str(sealed, 'sealed'));
    charge(GAS.aead + GAS.perByte * bytes.length);
    return text(hex(currentHost().decrypt(bytesArg(str(key, 'key')), bytes)));
  });
  define('fetch', (url, options) => {
    const fetch = currentHost().fetch;
    if (fetch === undefined) throw new PhalanxError('INVALID_INPUT', 'ctx.http.fetch is available in queries only');
    charge(GAS.fetch);
    const target = str(url, 'url');
    const opts = JSON.parse(str(options, 'options')) as FetchOptions;
    const deferred = context.newPromise();
    const settle = fetch(target, opts).then(
      (response) => {
        if (!live()) return;
        const body = context.newString(JSON.stringify(response));
        deferred.resolve(body);
        body.dispose();
      },
      (error: unknown) => {
        if (!live()) return;
        const reason = context.newError(error instanceof PhalanxError ? error.message : 'ctx.http.fetch failed');
        deferred.reject(reason);
        reason.dispose();
      },
    );
    const tracked: Promise<void> = settle
      .catch(() => undefined)
      .finally(() => {
        pending.delete(tracked);
        if (live() && deferred.alive) deferred.dispose();
      });
    pending.add(tracked);
    return deferred.handle;
  });
  define('call', (address, method, args, gas) => {
    const calls = currentHost().calls;
    if (calls === undefined) throw new PhalanxError('INVALID_INPUT', 'ctx.call: no contract can be called from here');
    charge(GAS.crossCall);
    const target = publicKeyArg(str(address, 'address'), 'address');
    const name = str(method, 'method');
    const json = str(args, 'args');
    const wanted = gas === undefined || context.typeof(gas) !== 'number' ? 0 : context.getNumber(gas);
    const left = meter.gasLeft;
    const gasLimit = Number.isInteger(wanted) && wanted > 0 && wanted < left ? wanted : left;
    const deferred = context.newPromise();
    const reject = (errorName: string, message: string) => {
      const reason = context.newError({ name: errorName, message });
      deferred.reject(reason);
      reason.dispose();
    };
    const settle = calls.call({ target, method: name, args: json, gasLimit }).then(
      (result) => {
        if (!live()) return;
        if (!meter.charge(result.outcome.gasUsed)) return reject('Error', 'out of gas');
        if (result.status !== 'ok') return reject(CALL_ERRORS[result.status], result.outcome.error);
        const value = context.newString(result.outcome.result);
        deferred.resolve(value);
        value.dispose();
      },
      (error: unknown) => {
        if (live()) reject('Error', error instanceof PhalanxError ? error.message : 'ctx.call failed');
      },
    );
    const tracked: Promise<void> = settle
      .catch(() => undefined)
      .finally(() => {
        pending.delete(tracked);
        if (live() && deferred.alive) deferred.dispose();
      });
    pending.add(tracked);
    return deferred.handle;
  });
  return object;
}
