import { Inject, Injectable } from '@nestjs/common';
import { isIPv6 } from 'node:net';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';

export const SECRET_FAIL_WINDOW_MS = 60_000;
const MAX_ADDRESSES = 100_000;

/**
 * The key an address is counted under: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 network, because one
 * client usually holds a whole /64 and could otherwise rotate addresses.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/**
 * Failed secret checks per client address in a sliding window of one minute, in this process. Over
 * `SECRET_FAIL_LIMIT`, every attempt from the address is refused, a correct secret too, until its oldest failure
 * in the window is a minute old.
 */
@Injectable()
export class SecretAttemptLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly limit: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = config.secretFailLimit;
  }

  /** Throws 1051 while the address has used up its failures. */
  assertAllowed(ip: string | undefined): void {
    const recent = this.recent(addressKey(ip));
    if (recent.length < this.limit) return;
    const retryInSec = Math.ceil((recent[0] + SECRET_FAIL_WINDOW_MS - Date.now()) / 1000);
    throw new ImError(
      ErrCode.SecretAttemptsExceeded,
      `more than ${this.limit} wrong secrets a minute from this address; try again in ${retryInSec} s`,
    );
  }

  recordFailure(ip: string | undefined): void {
    const key = addressKey(ip);
    const recent = this.recent(key);
    recent.push(Date.now());
    this.failures.delete(key);
    if (this.failures.size >= MAX_ADDRESSES) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(key, recent.slice(-this.limit));
  }

  private recent(key: string): number[] {
    const since = Date.now() - SECRET_FAIL_WINDOW_MS;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }
}
