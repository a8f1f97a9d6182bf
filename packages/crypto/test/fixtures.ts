// Inputs shared by the pinned-vector generator and the tests (kept in one place so they agree).
import { utf8 } from '../src/index.js';

export const fill = (byte: number, length = 32): Uint8Array => new Uint8Array(length).fill(byte);

export const PINNED_INPUTS = {
  masterSeed: fill(0x01),
  clusterId: fill(0x02),
  codeHash: fill(0x03),
  salt: utf8('salt-1'),
  entryName: utf8('balance:alice'),
  userKeySalt: 'vault',
  masterPurpose: 'gatekeeper-iv',
  deriveParent: fill(0x05),
  deriveLabels: ['a', 'b'],
  ivKey: fill(0x06),
  ivHeight: 7,
  ivSequence: 3,
  envelopePlaintext: utf8('hello phalanx'),
  envelopeAd: utf8('ctx'),
  sealingKey: fill(0x07),
  sealPurpose: 'identity',
  sealPlaintext: utf8('secret keys'),
  sealIv: fill(0x08, 12),
  genesisHash: fill(0x09),
  signedBody: Uint8Array.of(0x0a, 0x0b),
} as const;

export const DEV_URIS = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'];
export const DERIVED_URIS = [
  '//Alice//stash',
  '//Alice/soft',
  '//Bob//hard/soft//0',
  '//Alice///password',
  'legal winner thank year wave sausage worth useful legal winner thank yellow',
  'legal winner thank year wave sausage worth useful legal winner thank yellow//phalanx/1',
  'legal winner thank year wave sausage worth useful legal winner thank yellow///secret',
  '0x0101010101010101010101010101010101010101010101010101010101010101//a',
  '0x0101010101010101010101010101010101010101010101010101010101010101',
];
