/**
 * The node-wide budget of JSON-RPC requests being handled at once (WebSocket and HTTP together):
 * what bounds the memory of many connections' heavy requests (a 1000-pair state page each) being
 * built at the same time. Requests past it wait their turn, first come first served.
 */
export class RequestBudget {
  private readonly max: number;
  private held = 0;
  private peakHeld = 0;
  private readonly queue: { weight: number; grant: () => void }[] = [];

  constructor(max: number) {
    this.max = max;
  }

  get inFlight(): number {
    return this.held;
  }

  get peak(): number {
    return this.peakHeld;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves once `weight` requests may be handled (a batch larger than the budget runs alone). */
  acquire(weight: number): Promise<void> {
    if (this.queue.length === 0 && this.fits(weight)) {
      this.take(weight);
      return Promise.resolve();
    }
    return new Promise((grant) => this.queue.push({ weight, grant }));
  }

  release(weight: number): void {
    this.held -= weight;
    for (let next = this.queue[0]; next !== undefined && this.fits(next.weight); next = this.queue[0]) {
      this.queue.shift();
      this.take(next.weight);
      next.grant();
    }
  }

  private fits(weight: number): boolean {
    return this.held === 0 || this.held + weight <= this.max;
  }

  private take(weight: number): void {
    this.held += weight;
    this.peakHeld = Math.max(this.peakHeld, this.held);
  }
}
