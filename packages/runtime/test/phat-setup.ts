// The Phat test set-up shared by the pallet's tests: a chain with a gatekeeper and two workers in
// one cluster, code uploaded by Charlie, and contract c1 deployed with known keys.
import { blake2_256, contractId, type Keypair, utf8 } from '@phalanx/crypto';
import { encode } from '@phalanx/scale';
import { ContractKeysMessage, ContractReceipts, MQ_TOPICS, Mq } from '../src/index.js';
import {
  dev,
  envelope,
  expectOk,
  kp,
  mq,
  phat,
  registerGatekeeper,
  registerWorker,
  root,
  signed,
  TestChain,
  type TestWorker,
} from './pallet-helpers.js';

export const CLUSTER = blake2_256(utf8('cluster-0'));
export const CODE = utf8('export default { init() {}, tx: {}, query: {} };');
export const CODE_HASH = blake2_256(CODE);
export const SALT = utf8('salt-1');

export interface Setup {
  chain: TestChain;
  gk: TestWorker;
  w1: TestWorker;
  w2: TestWorker;
  gkSeq: bigint;
}

/** A chain with a gatekeeper, two workers in CLUSTER, and CODE uploaded by Charlie. */
export function setup(): Setup {
  const chain = new TestChain();
  const gk = registerGatekeeper(chain, 'gk');
  const w1 = registerWorker(chain, 'w1');
  const w2 = registerWorker(chain, 'w2');
  root(chain, phat.createCluster(CLUSTER, [w1.identity.publicKey, w2.identity.publicKey]));
  expectOk(chain.submit(dev.charlie, phat.uploadCode(CODE)));
  return { chain, gk, w1, w2, gkSeq: 0n };
}

/** The contract id Charlie gets for CODE in CLUSTER with `salt`. */
export function idOf(salt = SALT, deployer = dev.charlie.publicKey): Uint8Array {
  return contractId({ clusterId: CLUSTER, deployer, codeHash: CODE_HASH, salt });
}

export function contractKeys(name: string): { identity: Keypair; ecdh: Keypair } {
  return { identity: kp(`//contract/${name}/identity`), ecdh: kp(`//contract/${name}/ecdh`) };
}

/** The gatekeeper's contract-keys message, as a pushMessage call. */
export function publishKeys(s: Setup, contract: Uint8Array, keys = contractKeys('c1')) {
  const origin = { tag: 'Gatekeeper' as const, value: s.gk.identity.publicKey };
  const payload = encode(ContractKeysMessage, {
    contract,
    identityPubkey: keys.identity.publicKey,
    ecdhPubkey: keys.ecdh.publicKey,
    initArgs: { senderPubkey: keys.ecdh.publicKey, iv: new Uint8Array(12), ciphertext: new Uint8Array(16) },
  });
  const msg = signed(s.chain, s.gk.identity, origin, MQ_TOPICS.contractKeys, payload, s.gkSeq);
  s.gkSeq++;
  return mq.push(msg);
}

/** Instantiates and deploys contract c1 (Charlie, SALT); returns its id and keys. */
export function deploy(s: Setup): { contract: Uint8Array; keys: { identity: Keypair; ecdh: Keypair } } {
  const contract = idOf();
  expectOk(s.chain.submit(dev.charlie, phat.instantiate(CLUSTER, CODE_HASH, SALT)));
  const keys = contractKeys('c1');
  expectOk(s.chain.submit(dev.bob, publishKeys(s, contract, keys)));
  return { contract, keys };
}

export function outboundOf(chain: TestChain) {
  const count = Mq.OutboundCount.get(chain.state) ?? 0;
  return Array.from({ length: count }, (_, i) => Mq.Outbound.get(chain.state, i));
}

export interface Deployed {
  s: Setup;
  contract: Uint8Array;
  identity: Keypair;
  /** The contract identity's next MQ sequence. */
  mqSequence: bigint;
}

export function deployed(): Deployed {
  const s = setup();
  const { contract, keys } = deploy(s);
  return { s, contract, identity: keys.identity, mqSequence: 0n };
}

/** The contract's receipts message (as its workers send it) stating `gasUsed` for each command sequence. */
export function receipts(d: Deployed, used: ReadonlyArray<readonly [bigint, bigint]>) {
  const payload = encode(ContractReceipts, {
    contract: d.contract,
    receipts: used.map(([sequence, gasUsed]) => ({
      for: { tag: 'Command' as const, value: sequence },
      gasUsed,
      receipt: envelope(3),
    })),
  });
  const origin = { tag: 'Contract' as const, value: d.identity.publicKey };
  const message = signed(d.s.chain, d.identity, origin, MQ_TOPICS.receipts, payload, d.mqSequence);
  d.mqSequence++;
  return mq.push(message);
}
