import { loadConfig } from '../config/app-config';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { addressKey, SECRET_FAIL_WINDOW_MS, SecretAttemptLimiter } from './secret-attempts';

function codeOf(fn: () => void): number {
  try {
    fn();
    return 0;
  } catch (err) {
    if (err instanceof ImError) return err.code;
    throw err;
  }
}

describe('SecretAttemptLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  const limiter = () => new SecretAttemptLimiter(loadConfig({ SECRET_FAIL_LIMIT: '3' }));

  it('allows the limit of failures a minute, then refuses until the oldest is a minute old', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) {
      expect(codeOf(() => l.assertAllowed('10.0.0.1'))).toBe(0);
      l.recordFailure('10.0.0.1');
      jest.advanceTimersByTime(10_000);
    }
    expect(codeOf(() => l.assertAllowed('10.0.0.1'))).toBe(ErrCode.SecretAttemptsExceeded);
    jest.advanceTimersByTime(SECRET_FAIL_WINDOW_MS - 30_000 - 1);
    expect(codeOf(() => l.assertAllowed('10.0.0.1'))).toBe(ErrCode.SecretAttemptsExceeded);
    jest.advanceTimersByTime(1);
    expect(codeOf(() => l.assertAllowed('10.0.0.1'))).toBe(0);
    l.recordFailure('10.0.0.1');
    expect(codeOf(() => l.assertAllowed('10.0.0.1'))).toBe(ErrCode.SecretAttemptsExceeded);
  });

  it('says when to try again', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure('10.0.0.1');
    jest.advanceTimersByTime(15_000);
    expect(() => l.assertAllowed('10.0.0.1')).toThrow('try again in 45 s');
  });

  it('counts addresses apart, an IPv4-mapped address as its IPv4, an IPv6 address by its /64', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure('::ffff:10.0.0.1');
    expect(codeOf(() => l.assertAllowed('10.0.0.1'))).toBe(ErrCode.SecretAttemptsExceeded);
    expect(codeOf(() => l.assertAllowed('10.0.0.2'))).toBe(0);
    for (let i = 0; i < 3; i++) l.recordFailure(`2001:db8:1:2::${i + 1}`);
    expect(codeOf(() => l.assertAllowed('2001:db8:1:2:ffff::9'))).toBe(ErrCode.SecretAttemptsExceeded);
    expect(codeOf(() => l.assertAllowed('2001:db8:1:3::1'))).toBe(0);
  });
});

describe('addressKey', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::FFFF:192.168.1.9', '192.168.1.9'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:aa:bb:cc:dd:ee:ff', '2001:db8:aa:bb::/64'],
    [undefined, 'unknown'],
  ])('%s → %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});
