/**
 * A binary min-heap of timers ordered by (tick, priority, insertion order): same-tick timers fire
 * in the order set, except that a lower priority fires first (the performer's controls — a patch
 * swap, a REPL change — act before the music of the instant they are for).
 */

export interface Timer {
  readonly tick: number;
  readonly seq: number;
  readonly priority: number;
  readonly fire: () => void;
  cancelled: boolean;
}

export class TimerQueue {
  private heap: Timer[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(tick: number, fire: () => void, priority = 0): Timer {
    const timer: Timer = { tick, seq: this.nextSeq++, priority, fire, cancelled: false };
    const h = this.heap;
    h.push(timer);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
    return timer;
  }

  /** The earliest live timer's tick, or undefined when none is left. */
  peekTick(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.tick;
  }

  pop(): Timer | undefined {
    this.dropCancelled();
    return this.popRaw();
  }

  clear(): void {
    this.heap = [];
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.popRaw();
  }

  private popRaw(): Timer | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  if (a.tick !== b.tick) return a.tick < b.tick;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}
