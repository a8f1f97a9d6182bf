/**
 * The gas meter of one engine session, fed by the instrumented WebAssembly (see `../wasm`): the
 * code counts fuel down in a global and calls `refuel` when it goes negative. The meter turns fuel
 * into gas used, stops the call when it passes its gas limit (or, for queries, its deadline) by
 * throwing through the WebAssembly frames, and prices host operations on the same counter.
 *
 * A throw through WebAssembly leaves QuickJS's C state half-unwound, so the stop is final: the
 * meter is `dead`, every later segment of that instance throws again (a contract cannot catch
 * its way past the limit), and the session that owns it must be dropped, never reused.
 */

/** Thrown by `refuel` to unwind the instance; never reaches a contract. */
export class FuelStop extends Error {
  constructor(readonly reason: 'gas' | 'time') {
    super(reason === 'gas' ? 'out of gas' : 'time limit');
  }
}

/** Fuel handed out per refuel when a deadline must be checked: about a millisecond of work. */
const CHUNK = 2_000_000;
/** Fuel that makes the next segment refuel at once, whatever its cost. */
const DRAINED = -(2n ** 62n);

export class FuelMeter {
  /** Gas accounted so far in the current call (segments already charged, host prices). */
  private used = 0;
  /** Fuel put into the global at the last refuel. */
  private granted = 0;
  private limit = 0;
  private deadline: number | undefined;
  private clock: (() => number) | undefined;
  /** The reason the instance was stopped; set once, forever. */
  stopped: FuelStop | undefined;
  /** A host operation's price passed the limit: the next segment stops the instance. */
  exhausted = false;

  constructor(private readonly fuel: WebAssembly.Global) {}

  /** Starts metering a call (or the module's evaluation) with `limit` gas. */
  begin(limit: number, deadline?: { at: number; clock: () => number }): void {
    this.used = 0;
    this.limit = limit;
    this.exhausted = false;
    this.deadline = deadline?.at;
    this.clock = deadline?.clock;
    this.grant();
  }

  /** Gas used by the current call so far. */
  /** Gas the current call may still use. */
  get gasLeft(): number {
    return Math.max(0, this.limit - this.gasUsed);
  }

  get gasUsed(): number {
    return Math.min(this.used + this.granted - Number(this.fuel.value), this.limit);
  }

  private grant(): void {
    const left = Math.max(0, this.limit - this.used);
    this.granted = this.deadline === undefined ? left : Math.min(left, CHUNK);
    this.fuel.value = BigInt(this.granted);
  }

  /** Called by the WebAssembly code when its fuel is below zero. */
  readonly refuel = (): void => {
    if (this.stopped !== undefined) {
      this.fuel.value = DRAINED;
      throw this.stopped;
    }
    if (this.exhausted) this.stop('gas');
    this.used += this.granted - Number(this.fuel.value);
    if (this.used > this.limit) this.stop('gas');
    if (this.deadline !== undefined && (this.clock as () => number)() > this.deadline) this.stop('time');
    this.grant();
  };

  private stop(reason: 'gas' | 'time'): never {
    this.stopped = new FuelStop(reason);
    this.used = Math.min(this.used, this.limit);
    this.granted = 0;
    this.fuel.value = DRAINED;
    throw this.stopped;
  }

  /**
   * Charges a host operation before it runs. Returns false (and drains the fuel, so the contract
   * stops at its next instruction) when the call cannot pay; the host function then fails.
   */
  charge(gas: number): boolean {
    // Taken from the same fuel the code burns, so a chunk already granted cannot overrun the limit.
    this.fuel.value = (this.fuel.value as bigint) - BigInt(gas);
    if (this.used + this.granted - Number(this.fuel.value) <= this.limit) return true;
    this.exhausted = true;
    this.fuel.value = DRAINED;
    return false;
  }

  /** Ends the call's metering: what it used, never above its limit. */
  end(): number {
    const total = this.stopped !== undefined || this.exhausted ? this.limit : this.gasUsed;
    return Math.min(total, this.limit);
  }
}
