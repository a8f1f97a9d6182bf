// Opens a (possibly damaged) chain store and reads blocks 0..N, in a process of its own: LevelDB
// aborts its process on some damage (a native assertion, e.g. a key shorter than its header),
// which must not take the test runner down with it. Prints {"hashes": […]} or {"error": {code, message}}.
// Usage: node read-damaged-store.js DIR N
import { cryptoReady, toHex } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { SignatureVerifier } from '../src/verify/verifier.js';
import { devGenesisHash, openChain } from './helpers.js';

const [dir, last] = process.argv.slice(2) as [string, string];
await cryptoReady();
const verifier = await SignatureVerifier.start(devGenesisHash(), 1);
try {
  const opened = await openChain(dir, { verifier });
  try {
    const hashes: string[] = [];
    for (let n = 0; n <= Number(last); n++) {
      const found = await opened.chain.header(n);
      if (found === undefined) break;
      hashes.push(toHex(found.hash));
      await Promise.all([opened.db.body(found.hash), opened.db.changes(found.hash), opened.db.events(found.hash)]);
    }
    process.stdout.write(JSON.stringify({ hashes }));
  } finally {
    await opened.close();
  }
} catch (error) {
  const code = isPhalanxError(error) ? error.code : 'UNEXPECTED';
  process.stdout.write(JSON.stringify({ error: { code, message: error instanceof Error ? error.message : String(error) } }));
} finally {
  await verifier.close();
}
