// `npm run bench -- crypto`: ops/s of the crypto core's hot operations (one core, one thread).
import * as c from '@phalanx/crypto';
import { opsPerSecond } from './harness.mjs';

export async function run() {
  await c.cryptoReady();
  const message = c.utf8('a phalanx transfer of 42 units to bob, nonce 7'.padEnd(128, '.'));
  const sr = c.devKeypair('Alice', 'sr25519');
  const bob = c.devKeypair('Bob', 'sr25519');
  const ed = c.devKeypair('Alice', 'ed25519');
  const srSignature = sr.sign(message);
  const edSignature = ed.sign(message);
  const key = c.randomBytes(32);
  const iv = c.randomBytes(12);
  const small = c.randomBytes(256);
  const large = c.randomBytes(64 * 1024);
  const smallSealed = c.aesGcmEncrypt(key, iv, small);
  const largeSealed = c.aesGcmEncrypt(key, iv, large);
  const ikm = c.randomBytes(32);
  const salt = c.utf8('salt');
  const info = c.utf8('info');
  const hash32 = c.randomBytes(32);
  const master = c.Sr25519Keypair.fromSeed(c.randomBytes(32));
  const identity = { clusterId: c.randomBytes(32), deployer: sr.publicKey, codeHash: c.randomBytes(32), salt: c.utf8('s') };

  return {
    unit: 'operations per second, single thread',
    sr25519_sign: opsPerSecond(() => sr.sign(message)),
    sr25519_verify: opsPerSecond(() => c.verifySignature('sr25519', sr.publicKey, message, srSignature)),
    sr25519_agree: opsPerSecond(() => sr.agree(bob.publicKey)),
    ed25519_sign: opsPerSecond(() => ed.sign(message)),
    ed25519_verify: opsPerSecond(() => c.verifySignature('ed25519', ed.publicKey, message, edSignature)),
    hkdf_sha256_32B: opsPerSecond(() => c.hkdfSha256(ikm, salt, info, 32)),
    aes_gcm_seal_256B: opsPerSecond(() => c.aesGcmEncrypt(key, iv, small)),
    aes_gcm_open_256B: opsPerSecond(() => c.aesGcmDecrypt(key, iv, smallSealed)),
    aes_gcm_seal_64KiB: opsPerSecond(() => c.aesGcmEncrypt(key, iv, large), { batch: 4 }),
    aes_gcm_open_64KiB: opsPerSecond(() => c.aesGcmDecrypt(key, iv, largeSealed), { batch: 4 }),
    blake2_256_32B: opsPerSecond(() => c.blake2_256(hash32), { batch: 1024 }),
    envelope_seal_256B: opsPerSecond(() => c.sealEnvelope(sr, bob.publicKey, small)),
    contract_key_derivation: opsPerSecond(() => c.contractKeys(c.contractSeed(master, identity)), { batch: 4 }),
  };
}
