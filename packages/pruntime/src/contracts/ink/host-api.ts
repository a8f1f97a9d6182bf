import { equalBytes } from '@phalanx/crypto';
import { CONTRACT_LIMITS } from '../limits.js';
import { INK_GAS } from './gas.js';
import { callFunctions } from './host-calls.js';
import { type InkContext, le } from './host-context.js';
import { ecdsaRecover, ecdsaToEthAddress, HASHES } from './host-crypto.js';
import { storageFunctions } from './host-storage.js';
import { INK_LIMITS } from './limits.js';
import { pinkCall } from './pink-ext.js';
import { InkExit, inkTrap } from './sandbox.js';
import { RETURN_CODE, type SealFunction, sealKey } from './seal-api.js';
import type { InkModuleInfo } from './validate.js';

type HostFn = (...args: never[]) => number | bigint | undefined;

/** Balances of chain accounts do not exist inside a confidential contract: every balance reads as 0. */
const ZERO_BALANCE = new Uint8Array(16);

function hashFn(ctx: InkContext, hash: (data: Uint8Array) => Uint8Array): HostFn {
  return (inputPtr: number, inputLen: number, outputPtr: number) => {
    const len = inputLen >>> 0;
    ctx.sandbox.charge(INK_GAS.hostCall + INK_GAS.hash + INK_GAS.hashByte * len);
    ctx.sandbox.write(outputPtr, hash(ctx.sandbox.read(inputPtr, len, INK_LIMITS.codeBytes * 4)));
    return undefined;
  };
}

/** Writes a value the host has at hand (caller, address, block number …) through the output convention. */
function value(ctx: InkContext, get: () => Uint8Array): HostFn {
  return (outPtr: number, outLenPtr: number) => {
    ctx.sandbox.charge(INK_GAS.hostCall);
    ctx.sandbox.output(outPtr, outLenPtr, get());
    return undefined;
  };
}

/** SCALE `Vec<[u8; 32]>` of event topics, read whole (trailing bytes refused, as `decode_all`). */
function readTopics(ctx: InkContext, ptr: number, len: number): Uint8Array[] {
  if (len === 0) return [];
  const bytes = ctx.sandbox.read(ptr, len, 1 + 32 * INK_LIMITS.eventTopics);
  const count = (bytes[0] as number) >> 2; // compact of at most a handful: the one-byte mode
  if (((bytes[0] as number) & 3) !== 0 || bytes.length !== 1 + 32 * count)
    throw inkTrap('limit', `the event topics are not a SCALE Vec of at most ${INK_LIMITS.eventTopics} 32-byte hashes`);
  return Array.from({ length: count }, (_, i) => bytes.slice(1 + 32 * i, 33 + 32 * i));
}

function envFunctions(ctx: InkContext): Record<string, HostFn> {
  const { env, sandbox } = ctx;
  const charged = (result: number) => {
    sandbox.charge(INK_GAS.hostCall);
    return result;
  };
  return {
    'seal0.input': value(ctx, () => ctx.input),
    'seal0.seal_return': (flags: number, dataPtr: number, dataLen: number) => {
      sandbox.charge(INK_GAS.hostCall);
      if (flags >>> 0 > 1) throw inkTrap('trap', `seal_return: unknown return flags ${flags >>> 0}`);
      throw new InkExit(flags >>> 0, sandbox.read(dataPtr, dataLen, INK_LIMITS.outputBytes));
    },
    'seal0.caller': value(ctx, () => env.caller),
    'seal0.address': value(ctx, () => env.address),
    'seal0.own_code_hash': value(ctx, () => env.codeHash),
    'seal0.balance': value(ctx, () => ZERO_BALANCE),
    'seal0.value_transferred': value(ctx, () => ZERO_BALANCE),
    'seal0.minimum_balance': value(ctx, () => ZERO_BALANCE),
    'seal0.block_number': value(ctx, () => le(env.blockNumber, 4)),
    'seal0.now': value(ctx, () => le(env.timestamp, 8)),
    'seal0.gas_left': value(ctx, () => le(ctx.gasLeft(), 8)),
    'seal0.weight_to_fee': (gas: bigint, outPtr: number, outLenPtr: number) => {
      sandbox.charge(INK_GAS.hostCall);
      sandbox.output(outPtr, outLenPtr, le(BigInt.asUintN(64, gas) * env.gasPrice, 16));
      return undefined;
    },
    // Calls arrive from a signer (commands, queries) only: the caller is the origin, never root.
    'seal0.caller_is_origin': () => charged(1),
    'seal0.caller_is_root': () => charged(0),
    // A contract is one the call could reach: itself, or one deployed in its cluster (cross-call.ts).
    'seal0.is_contract': (accountPtr: number) => {
      const account = sandbox.read(accountPtr, 32, 32);
      return charged(equalBytes(account, env.address) || ctx.calls?.isContract(account) === true ? 1 : 0);
    },
    'seal0.code_hash': (accountPtr: number, outPtr: number, outLenPtr: number) => {
      sandbox.charge(INK_GAS.hostCall);
      const account = sandbox.read(accountPtr, 32, 32);
      const hash = equalBytes(account, env.address) ? env.codeHash : ctx.calls?.codeHashOf(account);
      if (hash === undefined) return RETURN_CODE.keyNotFound;
      sandbox.output(outPtr, outLenPtr, hash);
      return RETURN_CODE.success;
    },
    'seal0.hash_sha2_256': hashFn(ctx, HASHES.sha2_256),
    'seal0.hash_keccak_256': hashFn(ctx, HASHES.keccak_256),
    'seal0.hash_blake2_256': hashFn(ctx, HASHES.blake2_256),
    'seal0.hash_blake2_128': hashFn(ctx, HASHES.blake2_128),
    'seal0.deposit_event': (topicsPtr: number, topicsLen: number, dataPtr: number, dataLen: number) => {
      const len = dataLen >>> 0;
      sandbox.charge(INK_GAS.hostCall + INK_GAS.event + INK_GAS.eventTopic * ((topicsLen >>> 0) >> 5) + INK_GAS.eventByte * len);
      if (len > INK_LIMITS.valueBytes) throw inkTrap('limit', `event data is at most ${INK_LIMITS.valueBytes} bytes`);
      // Events travel in the call's receipt: its limits, not only pallet-contracts', bound them.
      const total = ctx.events.reduce((sum, e) => sum + e.data.length, len);
      if (ctx.events.length >= CONTRACT_LIMITS.events || total > CONTRACT_LIMITS.eventsTotalBytes)
        throw inkTrap(
          'limit',
          `a call emits at most ${CONTRACT_LIMITS.events} events, ${CONTRACT_LIMITS.eventsTotalBytes} bytes together`,
        );
      const topics = readTopics(ctx, topicsPtr, topicsLen >>> 0);
      ctx.events.push({ topics, data: sandbox.read(dataPtr, len, INK_LIMITS.valueBytes) });
      return undefined;
    },
    'seal0.debug_message': (strPtr: number, strLen: number) => {
      const len = Math.min(strLen >>> 0, INK_LIMITS.debugBytes);
      sandbox.charge(INK_GAS.hostCall + INK_GAS.debugByte * len);
      const room = INK_LIMITS.debugBytes - ctx.debug.length;
      if (room > 0) {
        try {
          ctx.debug += new TextDecoder('utf-8', { fatal: true }).decode(sandbox.read(strPtr, len, len)).slice(0, room);
        } catch {
          // invalid UTF-8 is dropped without a trap, as pallet-contracts does
        }
      }
      return RETURN_CODE.success;
    },
    'seal0.ecdsa_recover': (signaturePtr: number, hashPtr: number, outPtr: number) => {
      sandbox.charge(INK_GAS.hostCall + INK_GAS.ecdsaRecover);
      const key = ecdsaRecover(sandbox.read(signaturePtr, 65, 65), sandbox.read(hashPtr, 32, 32));
      if (key === undefined) return RETURN_CODE.ecdsaRecoveryFailed;
      sandbox.write(outPtr, key);
      return RETURN_CODE.success;
    },
    'seal0.ecdsa_to_eth_address': (keyPtr: number, outPtr: number) => {
      sandbox.charge(INK_GAS.hostCall + INK_GAS.ecdsaToEthAddress);
      const address = ecdsaToEthAddress(sandbox.read(keyPtr, 33, 33));
      if (address === undefined) return RETURN_CODE.ecdsaRecoveryFailed;
      sandbox.write(outPtr, address);
      return RETURN_CODE.success;
    },
    'seal0.sr25519_verify': (signaturePtr: number, keyPtr: number, messageLen: number, messagePtr: number) => {
      const len = messageLen >>> 0;
      sandbox.charge(INK_GAS.hostCall + INK_GAS.sr25519Verify + INK_GAS.hashByte * len);
      const signature = sandbox.read(signaturePtr, 64, 64);
      const key = sandbox.read(keyPtr, 32, 32);
      const ok = ctx.verifySr25519(key, sandbox.read(messagePtr, len, INK_LIMITS.inputBytes), signature);
      return ok ? RETURN_CODE.success : RETURN_CODE.sr25519VerifyFailed;
    },
  };
}

/** What a confidential contract cannot do: chain balances, runtime calls, XCM — each a documented error code. */
function refusedFunctions(ctx: InkContext): Record<string, HostFn> {
  const { sandbox } = ctx;
  const code = (result: number) => () => {
    sandbox.charge(INK_GAS.hostCall);
    return result;
  };
  return {
    // A transfer of 0 changes nothing and succeeds; any other value cannot leave a confidential contract.
    'seal0.transfer': (_accountPtr: number, _accountLen: number, valuePtr: number) => {
      sandbox.charge(INK_GAS.hostCall);
      return sandbox.read(valuePtr, 16, 16).every((b) => b === 0) ? RETURN_CODE.success : RETURN_CODE.transferFailed;
    },
    'seal0.call_runtime': code(RETURN_CODE.callRuntimeFailed),
    'seal0.xcm_execute': code(RETURN_CODE.xcmExecutionFailed),
    'seal0.xcm_send': code(RETURN_CODE.xcmSendFailed),
    // No code store yet: the only code hash that exists is the contract's own (setting it changes nothing).
    'seal0.set_code_hash': (codeHashPtr: number) => {
      sandbox.charge(INK_GAS.hostCall);
      return equalBytes(sandbox.read(codeHashPtr, 32, 32), ctx.env.codeHash) ? RETURN_CODE.success : RETURN_CODE.codeNotFound;
    },
    // The contract ends here and takes no more calls (engine.ts marks it); chain balances to hand on are none.
    'seal0.terminate': (beneficiaryPtr: number) => {
      sandbox.charge(INK_GAS.hostCall + INK_GAS.storageWrite);
      sandbox.read(beneficiaryPtr, 32, 32);
      throw new InkExit(0, new Uint8Array(), true);
    },
    'seal1.terminate': (beneficiaryPtr: number) => {
      sandbox.charge(INK_GAS.hostCall + INK_GAS.storageWrite);
      sandbox.read(beneficiaryPtr, 32, 32);
      throw new InkExit(0, new Uint8Array(), true);
    },
    'seal0.call_chain_extension': (id: number, inputPtr: number, inputLen: number, outPtr: number, outLenPtr: number) => {
      sandbox.charge(INK_GAS.hostCall);
      const funcId = id >>> 0;
      // pallet-contracts: the upper 16 bits name the extension; pink is extension 0.
      if (funcId >>> 16 !== 0) throw inkTrap('trap', `chain extension ${funcId >>> 16} does not exist (pink is 0)`);
      const answer = pinkCall(ctx, funcId, sandbox.read(inputPtr, inputLen, INK_LIMITS.inputBytes));
      sandbox.output(outPtr, outLenPtr, answer.output);
      return answer.status;
    },
  };
}

/** Every host function, by `module.name`, bound to one call's context. */
export function hostFunctions(ctx: InkContext): Record<string, HostFn> {
  return { ...storageFunctions(ctx), ...envFunctions(ctx), ...refusedFunctions(ctx), ...callFunctions(ctx) };
}

/**
 * The import object for a validated module: each import (under its own name, `seal_` aliases
 * included) bound to its host function, and the call's memory as `env.memory`.
 */
export function importObject(info: InkModuleInfo, ctx: InkContext, extra: WebAssembly.Imports): WebAssembly.Imports {
  const functions = hostFunctions(ctx);
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = { env: { memory: ctx.sandbox.memory }, ...extra };
  for (const { module, name, fn } of info.imports) {
    const implementation = functions[sealKey(fn as SealFunction)];
    if (implementation === undefined) throw inkTrap('unsupported', `${module}.${name} has no implementation`);
    imports[module] ??= {};
    (imports[module] as Record<string, WebAssembly.ImportValue>)[name] = implementation as WebAssembly.ImportValue;
  }
  return imports;
}
