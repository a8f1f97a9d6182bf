import { blake2_256, concatBytes, utf8 } from '@phalanx/crypto';
import { encode, fixedBytes, str, tuple, u16 } from '@phalanx/scale';

/**
 * One 32-byte measurement per enclave build, for the on-chain allow-list:
 *   SGX: blake2_256(SCALE("phalanx/measurement/sgx/v1", mrEnclave, mrSigner, isvProdId, isvSvn))
 *   TDX: blake2_256(SCALE("phalanx/measurement/tdx/v1", mrTd, rtMr0, rtMr1, rtMr2, rtMr3))
 * (SGX: the enclave code and its signer; TDX: the VM image and the runtime measurements, where
 * dstack records the application in rtMr3.)
 */
const sgxCodec = tuple(str(32), fixedBytes(32), fixedBytes(32), u16, u16);
const tdxCodec = tuple(str(32), fixedBytes(48), fixedBytes(48), fixedBytes(48), fixedBytes(48), fixedBytes(48));

export function sgxMeasurement(fields: {
  mrEnclave: Uint8Array;
  mrSigner: Uint8Array;
  isvProdId: number;
  isvSvn: number;
}): Uint8Array {
  return blake2_256(
    encode(sgxCodec, ['phalanx/measurement/sgx/v1', fields.mrEnclave, fields.mrSigner, fields.isvProdId, fields.isvSvn]),
  );
}

export function tdxMeasurement(fields: {
  mrTd: Uint8Array;
  rtMr0: Uint8Array;
  rtMr1: Uint8Array;
  rtMr2: Uint8Array;
  rtMr3: Uint8Array;
}): Uint8Array {
  return blake2_256(
    encode(tdxCodec, ['phalanx/measurement/tdx/v1', fields.mrTd, fields.rtMr0, fields.rtMr1, fields.rtMr2, fields.rtMr3]),
  );
}

/** The measurement of a simulated (insecure) pRuntime: the hash of its build, under its own tag. */
export function simMeasurement(buildHash: Uint8Array): Uint8Array {
  return blake2_256(concatBytes(utf8('phalanx/measurement/sim/v1'), buildHash));
}
