import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { loadConfig } from '../config/app-config';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { EventBus } from '../infra/events/event-bus';
import type { TokenRow } from './auth.schema';
import { MemoryTokenCache } from './token-cache';
import { TokenRepository, TokenState } from './token.repository';
import { TokenService } from './token.service';

/** The token table in memory: what the service asks of it when issuing, verifying and kicking. */
class FakeTokenRepository {
  readonly rows = new Map<string, TokenRow>();
  findByHash(hash: string): Promise<TokenRow | undefined> {
    return Promise.resolve(this.rows.get(hash));
  }
  issue(row: TokenRow): Promise<{ kicked: TokenRow[]; shortened: string[] }> {
    this.rows.set(row.tokenHash, row);
    return Promise.resolve({ kicked: [], shortened: [] });
  }
  kickPlatform(userID: string, platformID: number): Promise<string[]> {
    const hit = [...this.rows.values()].filter((r) => r.userID === userID && r.platformID === platformID);
    hit.forEach((r) => (r.state = TokenState.Kicked));
    return Promise.resolve(hit.map((r) => r.tokenHash));
  }
}

async function codeOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (err) {
    if (err instanceof ImError) return err.code;
    throw err;
  }
}

describe('TokenService.verify of a token it has verified before', () => {
  const LIFETIME_S = 60;
  let service: TokenService;
  let secretService: TokenService;

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    const config = loadConfig({ TOKEN_EXPIRE_SECONDS: String(LIFETIME_S) });
    const jwt = (secret: string) =>
      new JwtService({
        secret: createSecretKey(Buffer.from(secret)),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      });
    const repo = new FakeTokenRepository() as unknown as TokenRepository;
    service = new TokenService(config, jwt(config.secret), repo, new MemoryTokenCache(), new EventBus(null));
    // the same table, another secret: what a forger holding a different key would sign
    secretService = new TokenService(config, jwt('not the secret'), repo, new MemoryTokenCache(), new EventBus(null));
  });
  afterEach(() => jest.useRealTimers());

  it('answers the same user again until the clock reaches exp, then TokenExpired', async () => {
    const { token } = await service.issue('u1', 1);
    expect(await service.verify(token)).toMatchObject({ userID: 'u1', platformID: 1 });
    expect(await service.verify(token)).toMatchObject({ userID: 'u1', platformID: 1 });
    // exp is the issue second + the lifetime; one second before it the token still works
    jest.setSystemTime(Date.now() + LIFETIME_S * 1000 - 1000);
    expect(await service.verify(token)).toMatchObject({ userID: 'u1' });
    jest.setSystemTime(Date.now() + 1000);
    expect(await codeOf(service.verify(token))).toBe(ErrCode.TokenExpired);
  });

  it('refuses it once kicked', async () => {
    const { token } = await service.issue('u2', 2);
    await service.verify(token);
    await service.kickPlatform('u2', 2);
    expect(await codeOf(service.verify(token))).toBe(ErrCode.TokenKicked);
  });

  it('still refuses a token signed with another key whose claims match a verified one', async () => {
    const { token } = await service.issue('u3', 3);
    await service.verify(token);
    const { token: forged } = await secretService.issue('u3', 3);
    expect(await codeOf(service.verify(forged))).not.toBe(0);
  });
});
