// A closed-loop load of confidential ERC-20 transfers (SDK `Contract.call`, as a user sends them):
// each signer keeps `inFlight` transfers going until their blocks are final, `perSigner` in all;
// a slot sends its next transfer once the last one is final and waits for receipts on the side
// (the workers run behind the chain: waiting for them would cap the chain's rate at their
// latency). Per transfer it notes three times: submitted, final (the SDK's inclusion: the node
// reports the transaction's block, which on both engines is final when it is imported), and
// receipt (decrypted; a worker had to execute the block first).
import { AsyncLocalStorage } from 'node:async_hooks';
import * as c from '@phalanx/crypto';
import { Contract, connect } from '@phalanx/sdk';

const current = new AsyncLocalStorage();

/** A client whose `signAndSubmitWith` notes, for the transfer running it, when its block came. */
async function timedClient(rpc) {
  const client = await connect(rpc);
  const submit = client.signAndSubmitWith.bind(client);
  client.signAndSubmitWith = async (...args) => {
    const tx = await submit(...args);
    const record = current.getStore();
    if (record !== undefined) {
      record.final = performance.now();
      record.onFinal();
    }
    return tx;
  };
  return client;
}

/** One handle per signer, each on its own connection (spread over `rpcs`), warmed up by one transfer. */
export async function prepareSigners(token, signers, rpcs) {
  const clients = await Promise.all(signers.map((_, i) => timedClient(rpcs[i % rpcs.length])));
  const handles = await Promise.all(signers.map((s, i) => Contract.at(clients[i], token.address, s)));
  await Promise.all(signers.map((s) => token.call('transfer', [c.toSs58(s.publicKey), 1_000_000])));
  // The first call of a handle opens its receipt stream and agrees a channel key: not timed.
  await Promise.all(handles.map((h) => h.call('transfer', ['bench-recipient', 1])));
  return { handles, close: () => Promise.all(clients.map((client) => client.close())) };
}

const quantile = (sorted, q) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
const ms = (value) => (value === null ? null : Math.round(value));

/** Runs the load; returns the counts, rates and latencies (ms) of the transfers that succeeded. */
export async function transferLoad(handles, { inFlight, perSigner }) {
  const records = [];
  const errors = new Map();
  const receipts = [];
  const start = performance.now();
  await Promise.all(
    handles.map(async (handle) => {
      let left = perSigner;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (left > 0) {
            left--;
            const record = { submitted: performance.now(), final: undefined, receipt: undefined, ok: false };
            const final = new Promise((resolve) => {
              record.onFinal = resolve;
            });
            const receipt = current
              .run(record, () => handle.call('transfer', ['bench-recipient', 1]))
              .then(
                (outcome) => {
                  record.receipt = performance.now();
                  record.ok = outcome.ok;
                  if (!outcome.ok) errors.set(outcome.error, (errors.get(outcome.error) ?? 0) + 1);
                },
                (error) => {
                  const message = `${error.code ?? 'ERROR'}: ${error.message}`.slice(0, 160);
                  errors.set(message, (errors.get(message) ?? 0) + 1);
                },
              );
            receipts.push(receipt);
            await Promise.race([final, receipt]);
            records.push(record);
          }
        }),
      );
    }),
  );
  await Promise.all(receipts);
  const end = performance.now();
  const ok = records.filter((r) => r.ok && r.final !== undefined);
  const toFinal = ok.map((r) => r.final - r.submitted).sort((a, b) => a - b);
  const toReceipt = ok.map((r) => r.receipt - r.submitted).sort((a, b) => a - b);
  const lastFinal = Math.max(start, ...ok.map((r) => r.final));
  return {
    signers: handles.length,
    inFlight: handles.length * inFlight,
    transfers: ok.length,
    failed: records.length - ok.length,
    errors: Object.fromEntries([...errors].slice(0, 5)),
    seconds: Number(((end - start) / 1000).toFixed(2)),
    // Finalized/s: transfers over the time until the last one's block was final; receipts/s: until the last receipt.
    finalizedPerSecond: Math.round(ok.length / ((lastFinal - start) / 1000)),
    receiptsPerSecond: Math.round(ok.length / ((end - start) / 1000)),
    toFinalityMs: { p50: ms(quantile(toFinal, 0.5)), p99: ms(quantile(toFinal, 0.99)) },
    toReceiptMs: { p50: ms(quantile(toReceipt, 0.5)), p99: ms(quantile(toReceipt, 0.99)) },
  };
}
