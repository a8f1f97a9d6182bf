/**
 * The host API of pallet-contracts (polkadot-sdk `frame/contracts/src/wasm/runtime.rs`, the
 * `define_env` module) that ink! 4 and 5 import: module `sealN` holds version N of a function.
 * Signatures are WebAssembly types: `i` = i32, `I` = i64, before and after the colon.
 * A function marked `alias` may also be imported as `seal_<name>` (pallet-contracts' `prefixed_alias`).
 * Deprecated functions (random, rent, tombstone) and unstable ones are not offered, as
 * pallet-contracts does not offer them to new code; nor are instantiation_nonce and the delegate
 * dependency locks (no code store to lock): a module importing one is refused at deploy.
 */
export interface SealFunction {
  readonly module: 'seal0' | 'seal1' | 'seal2';
  readonly name: string;
  readonly signature: string;
  readonly alias: boolean;
  /** Changes state: refused in a read-only call (a query may write; the writes are discarded). */
  readonly mutating?: boolean;
}

const fn = (module: SealFunction['module'], name: string, signature: string, alias = true, mutating = false): SealFunction => ({
  module,
  name,
  signature,
  alias,
  mutating,
});

export const SEAL_FUNCTIONS: readonly SealFunction[] = [
  fn('seal0', 'set_storage', 'iii:', true, true),
  fn('seal1', 'set_storage', 'iii:i', true, true),
  fn('seal2', 'set_storage', 'iiii:i', true, true),
  fn('seal0', 'clear_storage', 'i:', true, true),
  fn('seal1', 'clear_storage', 'ii:i', true, true),
  fn('seal0', 'get_storage', 'iii:i'),
  fn('seal1', 'get_storage', 'iiii:i'),
  fn('seal0', 'contains_storage', 'i:i'),
  fn('seal1', 'contains_storage', 'ii:i'),
  fn('seal0', 'take_storage', 'iiii:i', true, true),
  fn('seal0', 'transfer', 'iiii:i', true, true),
  fn('seal0', 'call', 'iiIiiiiii:i'),
  fn('seal1', 'call', 'iiIiiiii:i'),
  fn('seal2', 'call', 'iiIIiiiiii:i', false),
  fn('seal0', 'delegate_call', 'iiiiii:i'),
  fn('seal0', 'instantiate', 'iiIiiiiiiiiii:i', true, true),
  fn('seal1', 'instantiate', 'iIiiiiiiiii:i', true, true),
  fn('seal2', 'instantiate', 'iIIiiiiiiiiii:i', false, true),
  fn('seal0', 'terminate', 'ii:', true, true),
  fn('seal1', 'terminate', 'i:', true, true),
  fn('seal0', 'input', 'ii:'),
  fn('seal0', 'seal_return', 'iii:', false),
  fn('seal0', 'caller', 'ii:'),
  fn('seal0', 'is_contract', 'i:i'),
  fn('seal0', 'code_hash', 'iii:i'),
  fn('seal0', 'own_code_hash', 'ii:'),
  fn('seal0', 'caller_is_origin', ':i'),
  fn('seal0', 'caller_is_root', ':i', false),
  fn('seal0', 'address', 'ii:'),
  fn('seal0', 'weight_to_fee', 'Iii:'),
  fn('seal0', 'gas_left', 'ii:'),
  fn('seal0', 'balance', 'ii:'),
  fn('seal0', 'value_transferred', 'ii:'),
  fn('seal0', 'now', 'ii:'),
  fn('seal0', 'minimum_balance', 'ii:'),
  fn('seal0', 'deposit_event', 'iiii:', true, true),
  fn('seal0', 'block_number', 'ii:'),
  fn('seal0', 'hash_sha2_256', 'iii:'),
  fn('seal0', 'hash_keccak_256', 'iii:'),
  fn('seal0', 'hash_blake2_256', 'iii:'),
  fn('seal0', 'hash_blake2_128', 'iii:'),
  fn('seal0', 'call_chain_extension', 'iiiii:i'),
  fn('seal0', 'debug_message', 'ii:i'),
  fn('seal0', 'call_runtime', 'ii:i', false, true),
  fn('seal0', 'xcm_execute', 'ii:i', false, true),
  fn('seal0', 'xcm_send', 'iiii:i', false, true),
  fn('seal0', 'ecdsa_recover', 'iii:i'),
  fn('seal0', 'sr25519_verify', 'iiii:i', false),
  fn('seal0', 'set_code_hash', 'i:i', true, true),
  fn('seal0', 'ecdsa_to_eth_address', 'ii:i'),
];

const BY_IMPORT = new Map<string, SealFunction>();
for (const f of SEAL_FUNCTIONS) {
  BY_IMPORT.set(`${f.module}.${f.name}`, f);
  if (f.alias) BY_IMPORT.set(`${f.module}.seal_${f.name}`, f);
}

/** The host function a module imports as `module.name`, if pallet-contracts offers it. */
export function sealFunction(module: string, name: string): SealFunction | undefined {
  return BY_IMPORT.get(`${module}.${name}`);
}

/** `module.name` of a host function (its canonical import name). */
export const sealKey = (f: SealFunction) => `${f.module}.${f.name}`;

/** The return codes of pallet-contracts' host functions (pallet_contracts_uapi::ReturnErrorCode). */
export const RETURN_CODE = {
  success: 0,
  calleeTrapped: 1,
  calleeReverted: 2,
  keyNotFound: 3,
  transferFailed: 5,
  codeNotFound: 7,
  notCallable: 8,
  loggingDisabled: 9,
  callRuntimeFailed: 10,
  ecdsaRecoveryFailed: 11,
  sr25519VerifyFailed: 12,
  xcmExecutionFailed: 13,
  xcmSendFailed: 14,
} as const;

/** pallet-contracts' "none" for a length or a pointer: u32::MAX. */
export const SENTINEL = 0xffff_ffff;
