// A gatekeeper voted out (an NPoS election or governance removes it from Registry.Gatekeepers) stops
// serving and forgets the MasterKey; holders forget whom they sent it to once the recipient leaves
// the list, so a gatekeeper listed again is sent the key again.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, generateKeypair, type Sr25519Keypair } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { buildGenesisState, devGenesisConfig, Overlay, Registry } from '@phalanx/runtime';
import { type GatekeeperState, gatekeeperDuty } from '../src/enclave/index.js';

before(async () => {
  await cryptoReady();
});

const sr = () => generateKeypair('sr25519') as Sr25519Keypair;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** Nothing in these blocks is addressed to the gatekeeper. */
const refuseAll = (): Uint8Array => {
  throw new PhalanxError('DECRYPTION_FAILED', 'not addressed to this test gatekeeper');
};

function stateWith(gatekeepers: Uint8Array[], master: Uint8Array): Overlay {
  const state = new Overlay(buildGenesisState(devGenesisConfig()));
  Registry.Gatekeepers.set(state, gatekeepers);
  Registry.MasterPubkey.set(state, master);
  return state;
}

describe('gatekeeper removal', () => {
  it('a gatekeeper no longer listed serves nothing and forgets the MasterKey', () => {
    const identity = sr();
    const master = sr();
    const role: GatekeeperState = { master, proposed: undefined, handedTo: new Set() };
    const ctx = (state: Overlay) => ({ identity, ecdh: sr(), open: refuseAll, state, blockNumber: 7, inbound: [] });

    gatekeeperDuty(role, ctx(stateWith([identity.publicKey], master.publicKey)));
    assert.equal(role.master, master, 'a listed holder keeps it');

    const egress = gatekeeperDuty(role, ctx(stateWith([sr().publicKey], master.publicKey)));
    assert.deepEqual(egress, []);
    assert.equal(role.master, undefined, 'voted out: the MasterKey is gone from its state (and its next checkpoint)');
  });

  it('a holder forgets the hand-overs of gatekeepers that left the list', () => {
    const identity = sr();
    const master = sr();
    const left = sr().publicKey;
    const stays = sr().publicKey;
    const role: GatekeeperState = { master, proposed: undefined, handedTo: new Set([hex(left), hex(stays)]) };
    gatekeeperDuty(role, {
      identity,
      ecdh: sr(),
      open: refuseAll,
      state: stateWith([identity.publicKey, stays], master.publicKey),
      blockNumber: 9,
      inbound: [],
    });
    assert.deepEqual([...role.handedTo], [hex(stays)], 'listed again later, the one that left is sent the key again');
    assert.equal(role.master, master);
  });
});
