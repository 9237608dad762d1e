// An in-process cache bounded in bytes (an estimate of what its entries hold), the least recently
// used entry dropped first. Whatever it holds can be worked out again: it may be dropped any time.

export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;

  constructor(
    readonly maxBytes: number,
    /** Bytes an entry holds, roughly (UTF-16 strings, object and map overheads). */
    private readonly sizeOf: (key: string, value: V) => number,
  ) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether the key is held (without counting as a use). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    const existing = this.entries.get(key);
    if (existing) {
      this.used -= existing.bytes;
      this.entries.delete(key);
    }
    const bytes = this.sizeOf(key, value);
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    if (!existing) this.added(key);
    while (this.used > this.maxBytes && this.entries.size > 0) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
      this.removed(oldest);
    }
  }

  /** Drops one entry, if held. */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
    this.removed(key);
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  /** A key was added (a subclass indexing its keys hears of it here). */
  protected added(key: string): void {
    void key;
  }

  /** A key was dropped, by `delete` or as the least recently used (not by `clear`). */
  protected removed(key: string): void {
    void key;
  }
}
