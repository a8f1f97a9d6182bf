import { equalBytes, type Keypair, toHex } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import type { EgressItem } from '@phalanx/pruntime/ecall';
import { Registry, type RuntimeCall, Sudo } from '@phalanx/runtime';
import type { TxResult } from '@phalanx/sdk';
import type { HostLogger } from './log.js';
import type { NodeLink } from './node-link.js';

export interface EgressSigners {
  /** Signs the worker's registration and egress. */
  readonly operator: Keypair;
  /** Signs the dev-chain shortcuts that go through sudo (allow the sim measurement, register a gatekeeper). */
  readonly sudo: Keypair;
  readonly log: HostLogger;
}

/** Refusals that only mean another signer took the nonce meanwhile: sign again with a fresh one. */
const NONCE_RACES = new Set(['TX_STALE', 'TX_FUTURE', 'TX_DUPLICATE']);
const ATTEMPTS = 5;

/**
 * Submits what the enclave asks to put on chain. Egress is never dropped for a lost connection: what
 * could not be sent stays in the outbox, in order, and goes out after the host reconnects (an item that
 * did reach the chain comes back as a duplicate the chain refuses, which is harmless).
 */
export class EgressRelay {
  private readonly outbox: EgressItem[] = [];

  constructor(
    private readonly link: NodeLink,
    private readonly signers: EgressSigners,
  ) {}

  get waiting(): number {
    return this.outbox.length;
  }

  /** Queues `items` after what is still waiting, then submits them all; throws the first connection failure. */
  async relay(items: readonly EgressItem[]): Promise<void> {
    this.outbox.push(...items);
    if (this.outbox.length === 0) return;
    const batch = this.outbox.splice(0);
    // Registrations first and alone (later items may depend on them); the rest go out together,
    // each with its own nonce, so one block carries them all.
    const registrations = batch.filter((item) => item.tag === 'RegisterWorker');
    const rest = batch.filter((item) => item.tag !== 'RegisterWorker');
    for (const [i, item] of registrations.entries()) {
      const error = await this.submitWithRetry(item, undefined).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (isPhalanxError(error, 'CONNECTION')) {
        this.outbox.unshift(...registrations.slice(i), ...rest);
        throw error;
      }
      if (error !== undefined) this.reportDropped(item, error);
    }
    if (rest.length === 0) return;
    let base: number;
    try {
      base = await this.link.client.nextNonce(this.signers.operator.publicKey);
    } catch (error) {
      this.outbox.unshift(...rest);
      throw error;
    }
    const results = await Promise.allSettled(rest.map((item, i) => this.submitWithRetry(item, base + i)));
    const unsent = rest.filter((_, i) => {
      const result = results[i];
      return result?.status === 'rejected' && isPhalanxError(result.reason, 'CONNECTION');
    });
    this.outbox.unshift(...unsent);
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected' && !isPhalanxError(result.reason, 'CONNECTION'))
        this.reportDropped(rest[i] as EgressItem, result.reason);
    }
    const lost = results.find((r) => r.status === 'rejected' && isPhalanxError(r.reason, 'CONNECTION'));
    if (lost !== undefined) throw (lost as PromiseRejectedResult).reason;
  }

  /** Dev chains: the sudo key holder registers this worker as a gatekeeper. */
  async requestGatekeeper(identity: Uint8Array): Promise<void> {
    const raw = await this.link.client.storage(Registry.Gatekeepers.key);
    if (Registry.Gatekeepers.getOr({ get: () => raw }, []).some((key) => equalBytes(key, identity))) return;
    if (!(await this.holdsSudo())) {
      this.signers.log.warn(
        '--gatekeeper: the sudo signer does not hold the sudo key; ask governance for registry.registerGatekeeper',
      );
      return;
    }
    await this.sudo(
      { tag: 'Registry', value: { tag: 'registerGatekeeper', value: { identity } } },
      'make this worker a gatekeeper',
    );
  }

  private reportDropped(item: EgressItem, error: unknown): void {
    const why = isPhalanxError(error) ? `${error.code}: ${error.message}` : 'unexpected error';
    this.signers.log.error(`egress ${item.tag} could not be submitted and is dropped (${why})`);
  }

  /** Another process signing with the same account can take our nonce: sign again, never drop egress. */
  private async submitWithRetry(item: EgressItem, nonce: number | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.submit(item, attempt === 1 ? nonce : undefined);
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS || !isPhalanxError(error) || !NONCE_RACES.has(error.code)) throw error;
      }
    }
  }

  private async submit(item: EgressItem, nonce: number | undefined): Promise<void> {
    const { operator, log } = this.signers;
    const options = nonce === undefined ? {} : { nonce };
    const client = this.link.client;
    if (item.tag === 'RegisterWorker') {
      await this.allowDevMeasurement(item.value.attestation);
      const call: RuntimeCall = { tag: 'Registry', value: { tag: 'registerWorker', value: item.value } };
      const result = await client.signAndSubmit(operator, call, options);
      if (result.ok)
        log.info(`worker ${toHex(item.value.info.identityPubkey).slice(0, 18)}… registered in block #${result.block}`);
      else log.error(`registration failed: ${describeFailure(result)}`);
    } else if (item.tag === 'CommitState' || item.tag === 'CommitStateAttested') {
      const call: RuntimeCall =
        item.tag === 'CommitState'
          ? { tag: 'Phat', value: { tag: 'commitState', value: { commit: item.value } } }
          : { tag: 'Phat', value: { tag: 'commitStateAttested', value: item.value } };
      const result = await client.signAndSubmit(operator, call, options);
      const { contract, block } = item.tag === 'CommitState' ? item.value.commit : item.value.commit.commit;
      if (!result.ok && result.error?.error !== 'StaleCommit')
        log.warn(`state commit of ${toHex(contract).slice(0, 18)}… at #${block} refused: ${describeFailure(result)}`);
    } else if (item.tag === 'AttestCommit') {
      const call: RuntimeCall = { tag: 'Phat', value: { tag: 'attestCommit', value: item.value } };
      const result = await client.signAndSubmit(operator, call, options);
      const { contract, block } = item.value.claim;
      // The worker's own commit for the block may have landed as its vote already: nothing lost.
      if (!result.ok && result.error?.error !== 'AlreadyAttested')
        log.warn(`attestation of ${toHex(contract).slice(0, 18)}… at #${block} refused: ${describeFailure(result)}`);
    } else if (item.tag === 'RotateEcdh') {
      const call: RuntimeCall = { tag: 'Registry', value: { tag: 'rotateEcdhKey', value: { signed: item.value } } };
      const result = await client.signAndSubmit(operator, call, options);
      if (result.ok) log.info(`EcdhKey rotated in block #${result.block}`);
      else if (result.error?.error !== 'StaleRotation') log.warn(`EcdhKey rotation refused: ${describeFailure(result)}`);
    } else {
      const call: RuntimeCall = { tag: 'Mq', value: { tag: 'pushMessage', value: { signed: item.value } } };
      const result = await client.signAndSubmit(operator, call, options);
      const topic = Buffer.from(item.value.message.topic).toString('utf8');
      if (!result.ok) log.warn(`message ${topic} #${item.value.sequence} refused: ${describeFailure(result)}`);
    }
  }

  /**
   * Development convenience: a simulated measurement is allowed through sudo when the sudo signer
   * holds the sudo key, as on a dev chain. Elsewhere governance must allow it.
   */
  private async allowDevMeasurement(attestation: { tag: string; value: unknown }): Promise<void> {
    if (attestation.tag !== 'Sim') return;
    const measurement = (attestation.value as { measurement: Uint8Array }).measurement;
    const allowed = async () => {
      const raw = await this.link.client.storage(Registry.Measurements.key);
      return Registry.Measurements.getOr({ get: () => raw }, []).some((m) => equalBytes(m, measurement));
    };
    if (await allowed()) return;
    if (!(await this.holdsSudo())) {
      this.signers.log.warn(`measurement ${toHex(measurement)} is not allowed on this chain: ask governance to add it`);
      return;
    }
    // Hosts sharing the sudo key start together: another may allow it first, which is just as good.
    const call: RuntimeCall = { tag: 'Registry', value: { tag: 'addMeasurement', value: { measurement } } };
    await this.sudo(call, `allow the simulated measurement ${toHex(measurement).slice(0, 18)}… (dev chain)`, allowed);
  }

  private async holdsSudo(): Promise<boolean> {
    const sudoKey = await this.link.client.storage(Sudo.Key.key);
    return sudoKey !== undefined && equalBytes(sudoKey, this.signers.sudo.publicKey);
  }

  /**
   * A call through sudo, signed by the sudo signer (the SDK's and other hosts' transactions may share
   * it): retried on nonce races, unless `done()` says someone else already did it.
   */
  private async sudo(call: RuntimeCall, what: string, done?: () => Promise<boolean>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const sudoCall: RuntimeCall = { tag: 'Sudo', value: { tag: 'sudo', value: { call } } };
        const result = await this.link.client.signAndSubmit(this.signers.sudo, sudoCall);
        this.signers.log.info(`asked sudo to ${what} (block #${result.block})`);
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS || !isPhalanxError(error) || !NONCE_RACES.has(error.code)) throw error;
        if (done !== undefined && (await done())) return;
      }
    }
  }
}

function describeFailure(result: TxResult): string {
  return `${result.error?.pallet}.${result.error?.error}: ${result.error?.message}`;
}
