// verifyCommit, CometBFT's VerifyCommit for one height: every commit of the recorded network
// verifies with its validator set, and each check refuses the commit it exists for.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import type { cometbft } from '@phalanx/primitives';
import { verifyCommit } from '../src/light-client/index.js';
import { chainId, height } from './cometbft-fixture.js';

type SignedHeader = cometbft.CometbftSignedHeader;
const absent: cometbft.CometbftCommitSig = {
  blockIdFlag: 1,
  validatorAddress: new Uint8Array(),
  timestamp: { seconds: -62135596800n, nanos: 0 },
  signature: new Uint8Array(),
};
const withSigs = (
  sh: SignedHeader,
  change: (sigs: cometbft.CometbftCommitSig[]) => cometbft.CometbftCommitSig[],
): SignedHeader => ({
  ...sh,
  commit: { ...sh.commit, signatures: change(sh.commit.signatures.map((s) => ({ ...s }))) },
});
const refuses = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (e: Error & { code?: string }) => e.code === 'SYNC_INVALID' && message.test(e.message));

describe('verifyCommit on the recorded network', () => {
  test('every height’s commit verifies with its own validator set', () => {
    for (let n = 1; n <= 12; n++) {
      const { signedHeader, validators } = height(n);
      assert.deepEqual(verifyCommit(chainId, signedHeader, validators), { signed: n >= 6 ? 5n : 4n, total: n >= 6 ? 5n : 4n });
    }
  });

  test('more than 2/3 is enough: one power-1 vote missing at height 6 leaves 4 of 5', () => {
    const { signedHeader, validators } = height(6);
    const sh = withSigs(signedHeader, (sigs) => sigs.map((s, i) => (i === 3 ? absent : s)));
    assert.deepEqual(verifyCommit(chainId, sh, validators), { signed: 4n, total: 5n });
  });

  test('a nil vote is neither counted nor its signature checked (as CometBFT)', () => {
    const { signedHeader, validators } = height(4);
    const sh = withSigs(signedHeader, (sigs) =>
      sigs.map((s, i) => (i === 2 ? { ...s, blockIdFlag: 3, signature: new Uint8Array(64) } : s)),
    );
    assert.deepEqual(verifyCommit(chainId, sh, validators), { signed: 3n, total: 4n });
  });
});

describe('verifyCommit refuses', () => {
  const { signedHeader, validators } = height(4);

  test('a commit of another height', () => {
    refuses(
      () => verifyCommit(chainId, { ...signedHeader, commit: { ...signedHeader.commit, height: 5n } }, validators),
      /height 4: the commit is for height 5/,
    );
  });

  test('a signature count that is not the set size', () => {
    refuses(
      () =>
        verifyCommit(
          chainId,
          withSigs(signedHeader, (sigs) => sigs.slice(0, 3)),
          validators,
        ),
      /height 4: the commit has 3 signatures for 4 validators/,
    );
  });

  test('an absent vote that carries a signature', () => {
    const sh = withSigs(signedHeader, (sigs) => sigs.map((s, i) => (i === 1 ? { ...absent, signature: s.signature } : s)));
    refuses(() => verifyCommit(chainId, sh, validators), /absent vote 1 carries/);
  });

  test('a set with a validator twice, an address not from its key, zero power, or no validators', () => {
    const [first] = validators as [cometbft.CometbftValidator];
    refuses(() => verifyCommit(chainId, signedHeader, [first, ...validators.slice(0, 3)]), /appears twice/);
    const wrongAddress = { ...first, address: new Uint8Array(createHash('sha256').update('x').digest().subarray(0, 20)) };
    refuses(
      () => verifyCommit(chainId, signedHeader, [wrongAddress, ...validators.slice(1)]),
      /validator 0's address is not derived from its key/,
    );
    refuses(() => verifyCommit(chainId, signedHeader, [{ ...first, power: 0n }, ...validators.slice(1)]), /voting power 0/);
    refuses(() => verifyCommit(chainId, signedHeader, []), /1\.\.150 validators, not 0/);
  });

  test('the right set in another order (its hash differs)', () => {
    refuses(
      () => verifyCommit(chainId, signedHeader, [...validators].reverse()),
      /does not hash to the header's validators_hash/,
    );
  });

  test('every error names the height and is SYNC_INVALID', () => {
    assert.throws(() => verifyCommit('other', signedHeader, validators), {
      code: 'SYNC_INVALID',
      message: /^CometBFT height 4: /,
    });
  });
});
