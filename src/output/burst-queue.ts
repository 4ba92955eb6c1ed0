/**
 * Pending bursts in stamp order (ties: arrival order). Messages arrive nearly in order, so an
 * insertion scans from the back and usually stops at once; taking from the front moves a head index.
 *
 * @example const q = new BurstQueue(); q.push({ at: 20, messages: [] }); q.push({ at: 10, messages: [] });
 *          q.shift()!.at // 10
 */

export interface Burst {
  /** The time the messages are for (nowMs clock); they go out at `at` + latency. */
  at: number;
  /** Messages in the order they go out. */
  messages: number[][];
  /** When the output thread received them (nowMs clock). */
  receivedAt?: number;
}

export class BurstQueue {
  private items: Burst[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  peek(): Burst | undefined {
    return this.items[this.head];
  }

  push(b: Burst): void {
    let i = this.items.length;
    while (i > this.head && this.items[i - 1]!.at > b.at) i--;
    if (i === this.items.length) this.items.push(b);
    else this.items.splice(i, 0, b);
  }

  shift(): Burst | undefined {
    const b = this.items[this.head];
    if (b === undefined) return undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return b;
  }

  /** Remove and return everything pending. */
  clear(): Burst[] {
    const all = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return all;
  }
}
