export { AES_KEY_LENGTH, aesGcmDecrypt, aesGcmEncrypt, IV_LENGTH, MAX_AEAD_PLAINTEXT, TAG_LENGTH } from './aead.js';
export { concatBytes, equalBytes, fromHex, toHex, utf8, wipe } from './bytes.js';
export { CommChannels, commKeyFrom, commKeyFromAgreement, commKeyTo } from './comm.js';
export { derive, encodeLabels, type Label } from './derive.js';
export { DOMAIN, LABEL } from './domains.js';
export { isEd25519PublicKey } from './ed25519-point.js';
export { verifyEd25519Zip215 } from './ed25519-zip215.js';
export {
  type Envelope,
  openEnvelope,
  openWithCommKey,
  type SealEnvelopeOptions,
  sealEnvelope,
  sealWithCommKey,
} from './envelope.js';
export { blake2_128, blake2_256, blake2_256Keyed, blake2b, sha256 } from './hash.js';
export {
  type ContractIdentity,
  type ContractKeys,
  contractId,
  contractInput,
  contractKeys,
  contractSeed,
  contractUserKey,
  MAX_SALT_LENGTH,
  masterDerivedInfo,
  masterDerivedInput,
  masterDerivedSecret,
  storageEntryKey,
  storageEntryName,
} from './hierarchy.js';
export { hkdfSha256 } from './hkdf.js';
export { deriveIv, randomIv } from './iv.js';
export {
  assertScheme,
  Ed25519Keypair,
  generateKeypair,
  isScheme,
  type Keypair,
  keypairFromSeed,
  SCHEMES,
  type Scheme,
  Sr25519Keypair,
  verifySignature,
} from './keypair.js';
export { MAX_OPRF_INPUT, oprfEvaluate, oprfEvaluateWithScalar } from './oprf.js';
export { randomBytes } from './random.js';
export { assertCryptoReady, cryptoReady } from './ready.js';
export { sr25519PublicFromSecret, sr25519SecretScalar } from './ristretto.js';
export { SEAL_VERSION, seal, unseal } from './seal.js';
export { MAX_SIGNED_BODY, signingPayload, signTagged, verifyTagged } from './signing.js';
export { SIGNATURE_LENGTH, type Sr25519Pair, sr25519AgreeRaw, sr25519PairFromSeed } from './sr25519.js';
export { DEFAULT_SS58_PREFIX, fromSs58, toSs58 } from './ss58.js';
export { DEV_ACCOUNTS, DEV_PHRASE, devKeypair, keypairFromUri } from './suri.js';
export * as threshold from './threshold/index.js';
export {
  isSr25519PublicKey,
  MAX_VRF_INPUT,
  VRF_LENGTH,
  VRF_PRE_OUTPUT_LENGTH,
  VRF_PROOF_LENGTH,
  type VrfContext,
  vrfPreOutput,
  vrfSign,
  vrfVerify,
} from './vrf.js';
