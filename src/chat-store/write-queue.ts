import { sameOwners, type StreamOwners, toColumns } from './stream-owners';

/** What the queue needs of a send waiting for the writer. */
export interface Queued {
  req: { conversationID: string; owners?: StreamOwners };
}

/**
 * The writer's waiting sends, and which conversations the batches in flight hold. A batch is taken in queue order
 * but never holds a conversation another batch in flight holds: two batches of one conversation would queue inside
 * PostgreSQL on its seq row, where the wait counts against statement_timeout (a busy group could have its sends
 * refused); here the later ones simply wait for the next batch, and each conversation keeps its order.
 */
export class WriteQueue<P extends Queued> {
  private items: P[] = [];
  private readonly busy = new Map<string, number>();

  constructor(private readonly maxBatch: number) {}

  get length(): number {
    return this.items.length;
  }

  push(p: P): void {
    this.items.push(p);
  }

  /** Takes a send out that has not been taken yet (answered at its deadline); false when it is not queued. */
  remove(p: P): boolean {
    const i = this.items.indexOf(p);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }

  /** The next batch (empty when every waiting send is of a conversation in flight); call `done` when it ends. */
  take(): { batch: P[]; done: () => void } {
    const batch = this.claimable(this.free());
    const held = [...new Set(batch.map((p) => p.req.conversationID))];
    for (const c of held) this.busy.set(c, (this.busy.get(c) ?? 0) + 1);
    const done = () => {
      for (const c of held) {
        const n = (this.busy.get(c) ?? 1) - 1;
        if (n > 0) this.busy.set(c, n);
        else this.busy.delete(c);
      }
    };
    return { batch, done };
  }

  private free(): P[] {
    if (!this.busy.size) return this.items.splice(0, this.maxBatch);
    const take: P[] = [];
    const keep: P[] = [];
    for (const p of this.items) {
      if (take.length < this.maxBatch && !this.busy.has(p.req.conversationID)) take.push(p);
      else keep.push(p);
    }
    if (take.length) this.items = keep;
    return take;
  }

  /**
   * One owner claim per conversation and batch: sends into a conversation that name other owners than its first
   * send in the batch (colliding IDs) wait for the next batch, where the stored owners decide.
   */
  private claimable(batch: P[]): P[] {
    const claim = new Map<string, StreamOwners>();
    const later: P[] = [];
    const now = batch.filter((p) => {
      const { conversationID, owners } = p.req;
      if (!owners) return true;
      const first = claim.get(conversationID);
      if (!first) {
        claim.set(conversationID, owners);
        return true;
      }
      if (sameOwners(toColumns(first), owners)) return true;
      later.push(p);
      return false;
    });
    this.items.unshift(...later);
    return now;
  }
}
