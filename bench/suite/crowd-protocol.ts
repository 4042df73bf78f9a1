/* What the suite's orchestrator and its crowd load process (bench/suite/crowd.ts) say over the fork IPC channel. */
import type { LoadUser } from '../ws-shared';

export interface FanoutPlan {
  /** messages sent one per second first */
  steady: number;
  bursts: number;
  burstSize: number;
  /** 'gateway': client 0 sends 1003 to the group; 'bare': it sends ready push frames for the bare server to relay */
  mode: 'gateway' | 'bare';
  groupID: string;
  /** give up waiting for a burst's receipts after this long */
  waitMs: number;
}

export interface FanoutResult {
  receivers: number;
  /** frame bytes of one push as the receivers got it */
  frameBytes: number;
  steadyP99: number;
  steadyP50: number;
  burstP99: number;
  /** receipts per second over each burst (first send → last receipt), the mean of the bursts */
  burstReceiptsPerSecond: number;
  /** receipts expected of the sends the server accepted */
  expected: number;
  received: number;
  duplicated: number;
  /** sends the gateway answered with an error */
  failedSends: number;
  firstSendError?: string;
}

export interface ResyncResult {
  clients: number;
  handshakeSeconds: number;
  handshakesPerSecond: number;
  failed: number;
  firstError?: string;
  /** clients whose pull returned every message sent to them while offline, seqs 1..max with none missing */
  resynced: number;
  gaps: number;
  /** messages expected per client / found in all */
  expectedEach: number;
  found: number;
  /** sync requests answered 1060 (too many at once) and sent again */
  retries: number;
  resyncSeconds: number;
}

export type ToCrowd =
  | { t: 'connect'; url: string; users: LoadUser[]; concurrency: number }
  | { t: 'fanout'; plan: FanoutPlan }
  | { t: 'disconnect' }
  | { t: 'resync'; url: string; concurrency: number; expectedEach: number; sync: boolean };

export type FromCrowd =
  | { t: 'connected'; connected: number; failed: number; seconds: number; firstError?: string }
  | { t: 'fanout'; result: FanoutResult }
  | { t: 'disconnected' }
  | { t: 'resync'; result: ResyncResult }
  | { t: 'fatal'; message: string };
