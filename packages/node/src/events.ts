/** A minimal typed listener list (no EventEmitter: listeners are sync, errors isolated). */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.set]) {
      try {
        listener(value);
      } catch {
        // A failing subscriber (e.g. a closed socket) must not stop block processing.
      }
    }
  }

  get size(): number {
    return this.set.size;
  }
}
