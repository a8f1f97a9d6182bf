// Driving a pRuntime through its ecall API as the host does, shared by the ecall-level tests.
import { blake2_256, utf8 } from '@phalanx/crypto';
import { decode, encode } from '@phalanx/scale';
import { ECALL_API_VERSION, EcallRequest, EcallResponse, type PRuntime, SimTee } from '../src/index.js';
import type { ChainBuilder } from './chain-builder.js';

/** A simulated TEE on machine `machine` running build `build` (both names hashed into secrets). */
export const simTee = (machine: string, build = 'build') =>
  SimTee.create({ machineSecret: blake2_256(utf8(machine)), buildHash: blake2_256(utf8(build)) });

/** One ecall in bytes, as the host makes it. */
export const call = async (pruntime: PRuntime, request: EcallRequest): Promise<EcallResponse> =>
  decode(EcallResponse, await pruntime.handle(encode(EcallRequest, request)));

/** The `Init` ecall for a fresh pRuntime following `chain`. */
export function initRequest(chain: ChainBuilder, endpoint = 'http://w1.local:8000'): EcallRequest {
  return {
    tag: 'Init',
    value: {
      apiVersion: ECALL_API_VERSION,
      genesisHash: chain.genesis.hash,
      genesisHeader: chain.genesis.header,
      genesisState: chain.genesisEntries,
      endpoints: [endpoint],
      operator: undefined,
    },
  };
}
