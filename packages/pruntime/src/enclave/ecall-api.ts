// `@phalanx/pruntime/ecall`: all an untrusted host may know of the pRuntime. The ecall codecs, the
// messages of the thread boundary, and where the enclave entry module is; nothing that runs inside.

export type { FinalityProof } from '../light-client/finality.js';
export { ECALL_API_VERSION, EcallRequest, EcallResponse, EgressItem, EnclaveInfo } from './ecall.js';

/** The enclave entry point: the host starts a worker thread on this module and talks to it in ecall bytes. */
export const ENCLAVE_ENTRY: URL = new URL('./main.js', import.meta.url);

/** The simulator's per-machine secret file holds exactly this many random bytes (the enclave checks them). */
export { MACHINE_SECRET_LENGTH } from '../tee/sim.js';

/** What the host hands the enclave thread at start (`workerData`): nothing the enclave must trust. */
export interface EnclaveStartOptions {
  /** The `sim` TEE's machine secret (what a CPU's fused key is to SGX; `sim` is insecure because the host holds it). */
  readonly machineSecret: Uint8Array;
  /** Let contract queries' `ctx.http.fetch` reach loopback and private addresses (development only). */
  readonly allowPrivateFetch: boolean;
}

/** Host → enclave: one ecall. `id` pairs it with its response. */
export interface EcallMessage {
  readonly id: number;
  readonly request: Uint8Array;
}

/** Enclave → host: ready to take ecalls, failed to start (code and message only), or one ecall's response. */
export type EnclaveMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string }
  | { readonly kind: 'response'; readonly id: number; readonly response: Uint8Array };
