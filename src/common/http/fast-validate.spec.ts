import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { WsSendMsgBody } from '../../gateway/ws-dto';
import { SendMsgReq } from '../../msg/dto/send-msg.dto';
import { GetUsersReq, UpdateUserInfoExReq, UserRegisterReq } from '../../user/user.dto';
import { fastValidate } from './fast-validate';

type Cls = new () => object;

/** What the slow path (class-transformer + class-validator, as the pipe configures them) makes of a body. */
function slow(cls: Cls, plain: unknown): object | undefined {
  const instance: object = plainToInstance(cls, structuredClone(plain));
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  return errors.length ? undefined : instance;
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const ODD_VALUES: unknown[] = [
  null,
  '',
  'x',
  'a\u0000b',
  '\ud800',
  'x'.repeat(300),
  '😀'.repeat(70),
  0,
  -1,
  1.5,
  2 ** 53,
  true,
  [],
  ['a'],
  [1, 1],
  {},
  { a: 1 },
];

/** A copy of a valid body with one or two fields replaced, removed or added, at any depth. */
function mutate(body: unknown, random: () => number): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const objects: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return;
    if (!Array.isArray(v)) objects.push(v as Record<string, unknown>);
    Object.values(v).forEach(walk);
  };
  walk(copy);
  for (let n = 0; n < 1 + Math.floor(random() * 2); n++) {
    const target = objects[Math.floor(random() * objects.length)];
    const keys = Object.keys(target);
    const key = random() < 0.15 ? 'unknownKey' : keys[Math.floor(random() * keys.length)];
    if (random() < 0.2) delete target[key];
    else target[key] = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
  }
  return copy;
}

const VALID: [Cls, unknown][] = [
  [UserRegisterReq, { users: [{ userID: 'u1', nickname: 'n', faceURL: '', ex: 'e' }, { userID: 'u2' }] }],
  [GetUsersReq, { pagination: { pageNumber: 1, showNumber: 20 }, nickName: 'a' }],
  [UpdateUserInfoExReq, { userInfo: { userID: 'u1', nickname: 'x', globalRecvMsgOpt: 1 } }],
  [
    SendMsgReq,
    {
      recvID: 'r',
      sendMsg: { sendID: 's', senderPlatformID: 1, content: { content: 'hi' }, contentType: 101, sessionType: 1 },
    },
  ],
  [
    WsSendMsgBody,
    { sendID: 's', recvID: 'r', clientMsgID: 'c1', sessionType: 1, contentType: 101, content: { content: 'hi' } },
  ],
];

describe('fastValidate', () => {
  it.each(VALID.map(([cls, body]) => [cls.name, cls, body] as const))(
    'accepts a valid %s as the same instance class-validator makes, unknown keys dropped',
    (_name, cls, body) => {
      const withExtra = { ...(body as object), notAField: 1 };
      const fast = fastValidate(cls, structuredClone(withExtra));
      expect(fast).toBeInstanceOf(cls);
      expect(fast).toEqual(slow(cls, withExtra));
      expect(fast).not.toHaveProperty('notAField');
    },
  );

  it('agrees with class-validator on 4,000 mutated bodies: accepts exactly what it accepts', () => {
    const random = rng(7);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 4000; i++) {
      const [cls, body] = VALID[i % VALID.length];
      const plain = mutate(body, random);
      const expected = slow(cls, plain);
      const fast = fastValidate(cls, structuredClone(plain));
      if (expected) {
        expect({ plain, fast }).toEqual({ plain, fast: expected });
        accepted++;
      } else {
        expect({ plain, fast }).toEqual({ plain, fast: undefined });
        refused++;
      }
    }
    // both outcomes were exercised
    expect(accepted).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(200);
  });

  it('does not take a body that is not a JSON object', () => {
    expect(fastValidate(UserRegisterReq, Buffer.from('{}'))).toBeUndefined();
    expect(fastValidate(UserRegisterReq, [])).toBeUndefined();
    expect(fastValidate(UserRegisterReq, null)).toBeUndefined();
  });
});
