// Constructor arguments are padded like commands on both hops (deployer → MasterKey, gatekeeper →
// contract): the instantiate extrinsic tells a size bucket, not the arguments' length.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, generateKeypair, type Sr25519Keypair, utf8 } from '@phalanx/crypto';
import {
  CALL_LIMITS,
  openInitArgs,
  openInstantiateArgs,
  PADDING,
  paddingBuckets,
  sealInitArgs,
  sealInstantiateArgs,
} from '@phalanx/primitives';
import { expectCode } from './helpers.js';

const contract = new Uint8Array(32).fill(0xc1);
const deployer = new Uint8Array(32).fill(0xd1);
let master: Sr25519Keypair;
let ecdh: Sr25519Keypair;
let session: Sr25519Keypair;

before(async () => {
  await cryptoReady();
  master = generateKeypair('sr25519') as Sr25519Keypair;
  ecdh = generateKeypair('sr25519') as Sr25519Keypair;
  session = generateKeypair('sr25519') as Sr25519Keypair;
});

describe('constructor arguments: padded on both hops', () => {
  test('lengths within a bucket seal to the same size, and both hops give back the arguments', () => {
    const short = utf8('[1]');
    const longer = utf8(JSON.stringify([1_000_000, 'Private Token with a longer name']));
    const a = sealInstantiateArgs(session, master.publicKey, contract, deployer, short);
    const b = sealInstantiateArgs(session, master.publicKey, contract, deployer, longer);
    assert.equal(a.ciphertext.length, 256);
    assert.equal(b.ciphertext.length, 256);
    const opened = openInstantiateArgs(master, b, contract, deployer);
    assert.deepEqual(opened, longer);
    const iv = new Uint8Array(12).fill(7);
    const init = sealInitArgs(ecdh, contract, opened, iv);
    assert.equal(init.ciphertext.length, 256);
    assert.deepEqual(openInitArgs(ecdh, init, contract), longer);
  });

  test('the largest arguments fit the top bucket; other deployers and contracts cannot open them', () => {
    const largest = new Uint8Array(CALL_LIMITS.args).fill(0x31);
    const sealed = sealInstantiateArgs(session, master.publicKey, contract, deployer, largest);
    assert.equal(sealed.ciphertext.length, paddingBuckets(PADDING.call).at(-1));
    expectCode(() => openInstantiateArgs(master, sealed, contract, new Uint8Array(32)), 'DECRYPTION_FAILED');
    expectCode(
      () => openInitArgs(ecdh, sealInitArgs(ecdh, contract, largest, new Uint8Array(12)), new Uint8Array(32)),
      'DECRYPTION_FAILED',
    );
  });
});
