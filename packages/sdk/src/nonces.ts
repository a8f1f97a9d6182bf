interface AccountState {
  readonly ready: Promise<{ next: number }>;
  resolved?: { next: number };
}

const idOf = (account: Uint8Array) => Buffer.from(account).toString('hex');

/**
 * Account nonces handed out locally, per account: concurrent submissions from one account each get
 * the next nonce at once (the pool orders them) instead of queueing behind inclusion. The first
 * nonce of an account is read from the node (which counts its pooled transactions).
 *
 * A nonce is taken only once the transaction for it is built: `take` runs the builder synchronously
 * and counts the nonce only if it returned, so a bad argument never leaves a gap that would hold
 * back (and later release) the account's next transactions.
 */
export class NonceBook {
  private readonly accounts = new Map<string, AccountState>();

  constructor(private readonly read: (account: Uint8Array) => Promise<number>) {}

  /** Builds with the account's next nonce; the nonce is taken only if `build` returns. */
  async take<T>(account: Uint8Array, build: (nonce: number) => T): Promise<{ nonce: number; value: T }> {
    const id = idOf(account);
    for (;;) {
      const state = this.stateOf(id, account);
      const current = await state.ready;
      // Forgotten while we waited (the chain moved under us): start from the new state instead.
      if (this.accounts.get(id) !== state) continue;
      const nonce = current.next;
      const value = build(nonce);
      current.next = nonce + 1;
      return { nonce, value };
    }
  }

  /**
   * The node refused the transaction carrying `nonce` (it never entered the pool): the nonce is
   * free again. If later nonces were handed out meanwhile, the local count is no longer a
   * sequence: forget it, so the next transaction asks the node.
   */
  release(account: Uint8Array, nonce: number): void {
    const state = this.accounts.get(idOf(account));
    if (state?.resolved?.next === nonce + 1) state.resolved.next = nonce;
    else this.forget(account);
  }

  /** A transaction with an explicit nonce entered the pool: later local nonces come after it. */
  observe(account: Uint8Array, nonce: number): void {
    const resolved = this.accounts.get(idOf(account))?.resolved;
    if (resolved !== undefined && resolved.next <= nonce) resolved.next = nonce + 1;
  }

  /** Out of step with the chain (another signer, a dropped transaction): ask the node next time. */
  forget(account: Uint8Array): void {
    this.accounts.delete(idOf(account));
  }

  private stateOf(id: string, account: Uint8Array): AccountState {
    const known = this.accounts.get(id);
    if (known !== undefined) return known;
    const ready = this.read(account).then((next) => {
      const value = { next };
      state.resolved = value;
      return value;
    });
    const state: AccountState = { ready };
    this.accounts.set(id, state);
    ready.catch(() => {
      if (this.accounts.get(id) === state) this.accounts.delete(id);
    });
    return state;
  }
}
