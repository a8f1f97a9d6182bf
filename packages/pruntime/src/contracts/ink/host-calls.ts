import type { CrossCallRequest, CrossCallResult } from '../cross-call.js';
import { INK_GAS } from './gas.js';
import type { InkContext } from './host-context.js';
import { INK_LIMITS } from './limits.js';
import { InkExit, inkTrap } from './sandbox.js';
import { RETURN_CODE } from './seal-api.js';

type HostFn = (...args: never[]) => number | bigint | undefined;

/** pallet-contracts' CallFlags. */
const FLAGS = { forwardInput: 1, cloneInput: 2, tailCall: 4, allowReentry: 8, readOnly: 16 } as const;

interface CallArgs {
  readonly flags: number;
  readonly target: Uint8Array;
  readonly gas: bigint;
  /** The value to transfer (u128 LE), or none for a delegate call. */
  readonly value: Uint8Array | undefined;
  readonly inputPtr: number;
  readonly inputLen: number;
  readonly outPtr: number;
  readonly outLenPtr: number;
  readonly delegate: boolean;
}

/**
 * The caller side of a cross-contract call for ink! (`seal_call`, `delegate_call`): input from
 * memory (or the caller's own input with FORWARD/CLONE_INPUT), gas from the caller's gas left,
 * the callee's gas charged to the caller, its output written back unless the caller skips it, and
 * the return code pallet-contracts returns: Success, CalleeReverted (output written),
 * CalleeTrapped, NotCallable, TransferFailed (a value cannot leave a confidential contract).
 */
function crossCall(ctx: InkContext, args: CallArgs): number {
  const { sandbox } = ctx;
  sandbox.charge(INK_GAS.hostCall + INK_GAS.crossCall);
  const flags = args.flags >>> 0;
  if (flags > 0x1f) throw inkTrap('trap', `seal_call: unknown call flags ${flags}`);
  if ((flags & FLAGS.readOnly) !== 0) throw inkTrap('unsupported', 'read-only cross-contract calls are not supported yet');
  if ((flags & (FLAGS.forwardInput | FLAGS.cloneInput)) === (FLAGS.forwardInput | FLAGS.cloneInput))
    throw inkTrap('trap', 'seal_call: FORWARD_INPUT and CLONE_INPUT together');
  const input =
    (flags & (FLAGS.forwardInput | FLAGS.cloneInput)) !== 0
      ? ctx.input
      : sandbox.read(args.inputPtr, args.inputLen, INK_LIMITS.inputBytes);
  if (args.value !== undefined && !args.value.every((b) => b === 0)) return RETURN_CODE.transferFailed;
  const left = ctx.gasLeft();
  const limit = args.gas === 0n || args.gas > left ? left : args.gas;
  const request: CrossCallRequest = {
    target: args.target,
    raw: input,
    gasLimit: Number(limit),
    ...(args.delegate ? { delegate: true } : {}),
  };
  if (ctx.calls === undefined) return RETURN_CODE.notCallable;
  const result: CrossCallResult = ctx.calls.callSync(request);
  sandbox.charge(result.outcome.gasUsed);
  if (ctx.debug.length < INK_LIMITS.debugBytes && result.outcome.debug !== undefined)
    ctx.debug = (ctx.debug + result.outcome.debug).slice(0, INK_LIMITS.debugBytes);
  if (result.status === 'not-callable') return RETURN_CODE.notCallable;
  if (result.status === 'trapped') return RETURN_CODE.calleeTrapped;
  const data = result.outcome.raw?.data ?? new Uint8Array();
  const reverted = result.status === 'reverted';
  if ((flags & FLAGS.tailCall) !== 0) throw new InkExit(reverted ? 1 : 0, data);
  sandbox.output(args.outPtr, args.outLenPtr, data, true);
  return reverted ? RETURN_CODE.calleeReverted : RETURN_CODE.success;
}

/** The call host functions by `module.name`. */
export function callFunctions(ctx: InkContext): Record<string, HostFn> {
  const { sandbox } = ctx;
  const account = (ptr: number) => sandbox.read(ptr, 32, 32);
  const u128 = (ptr: number) => sandbox.read(ptr, 16, 16);
  const u64 = (gas: bigint) => BigInt.asUintN(64, gas);
  const instantiate = () => {
    throw inkTrap(
      'unsupported',
      'instantiating a contract from a contract is not supported yet (a new contract needs its key from the gatekeepers): deploy it with `phalanx contract deploy` and call it',
    );
  };
  return {
    'seal0.call': (
      calleePtr: number,
      _calleeLen: number,
      gas: bigint,
      valuePtr: number,
      _valueLen: number,
      inputPtr: number,
      inputLen: number,
      outPtr: number,
      outLenPtr: number,
    ) =>
      crossCall(ctx, {
        flags: 0,
        target: account(calleePtr),
        gas: u64(gas),
        value: u128(valuePtr),
        inputPtr,
        inputLen,
        outPtr,
        outLenPtr,
        delegate: false,
      }),
    'seal1.call': (
      flags: number,
      calleePtr: number,
      gas: bigint,
      valuePtr: number,
      inputPtr: number,
      inputLen: number,
      outPtr: number,
      outLenPtr: number,
    ) =>
      crossCall(ctx, {
        flags,
        target: account(calleePtr),
        gas: u64(gas),
        value: u128(valuePtr),
        inputPtr,
        inputLen,
        outPtr,
        outLenPtr,
        delegate: false,
      }),
    'seal2.call': (
      flags: number,
      calleePtr: number,
      refTime: bigint,
      _proofSize: bigint,
      _depositPtr: number,
      valuePtr: number,
      inputPtr: number,
      inputLen: number,
      outPtr: number,
      outLenPtr: number,
    ) =>
      crossCall(ctx, {
        flags,
        target: account(calleePtr),
        gas: u64(refTime),
        value: u128(valuePtr),
        inputPtr,
        inputLen,
        outPtr,
        outLenPtr,
        delegate: false,
      }),
    'seal0.delegate_call': (
      flags: number,
      codeHashPtr: number,
      inputPtr: number,
      inputLen: number,
      outPtr: number,
      outLenPtr: number,
    ) =>
      crossCall(ctx, {
        flags,
        target: account(codeHashPtr),
        gas: 0n,
        value: undefined,
        inputPtr,
        inputLen,
        outPtr,
        outLenPtr,
        delegate: true,
      }),
    'seal0.instantiate': instantiate,
    'seal1.instantiate': instantiate,
    'seal2.instantiate': instantiate,
  };
}
