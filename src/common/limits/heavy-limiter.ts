import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, HeavyLimits } from '../../config/app-config';
import { ErrCode } from '../errors/errcode';
import { ImError } from '../errors/im-error';

/** Gives a slot back; calling it again does nothing. */
export type Release = () => void;

/**
 * Admission for expensive requests, in this process. A user may have `perUser` of them in flight (running or
 * queued); at most `global` run at once and the others wait, first come first served, in a queue of at most
 * `queue`. Over either bound the request is refused at once with 1060, before it did any work.
 *
 * A heavy request starts, and a freed slot passes on, only from a `setImmediate` callback: the event loop first
 * serves the requests already received. That is what keeps cheap routes responsive on PGlite, whose queries run
 * synchronously in this thread and resolve without ever yielding to I/O, so one pull holds the loop until done.
 */
@Injectable()
export class HeavyLimiter {
  private readonly limits: HeavyLimits;
  private readonly inFlight = new Map<string, number>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limits = config.heavy;
  }

  /** A slot for a request of `userID`; `exempt` callers (admins) are not counted per user. */
  async acquire(userID: string, exempt = false): Promise<Release> {
    if (!exempt) this.takeUserSlot(userID);
    const releaseUser = exempt ? () => undefined : () => this.releaseUserSlot(userID);
    if (this.running < this.limits.global) {
      this.running++;
      await nextTurn();
    } else if (this.waiting.length < this.limits.queue) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      releaseUser();
      throw new ImError(
        ErrCode.TooManyConcurrentRequests,
        `the server is busy: ${this.limits.queue} expensive requests are waiting; try again later`,
      );
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      releaseUser();
      const next = this.waiting.shift();
      // the slot passes to the next in line as is
      if (next) setImmediate(next);
      else this.running--;
    };
  }

  /** Requests running and waiting now, for tests and metrics. */
  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private takeUserSlot(userID: string): void {
    const n = this.inFlight.get(userID) ?? 0;
    if (n >= this.limits.perUser) {
      throw new ImError(
        ErrCode.TooManyConcurrentRequests,
        `${userID} already has ${n} expensive requests in flight (at most ${this.limits.perUser}); wait for their answers`,
      );
    }
    this.inFlight.set(userID, n + 1);
  }

  private releaseUserSlot(userID: string): void {
    const n = (this.inFlight.get(userID) ?? 1) - 1;
    if (n > 0) this.inFlight.set(userID, n);
    else this.inFlight.delete(userID);
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
