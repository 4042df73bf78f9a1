import { ArgumentMetadata } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { GetUsersReq, UpdateUserInfoExReq, UserRegisterReq } from '../../user/user.dto';
import { ErrCode } from '../errors/errcode';
import { ImError } from '../errors/im-error';
import { ImValidationPipe, validationDetail } from './validation';

async function errorsOf<T extends object>(cls: new () => T, plain: unknown): Promise<ValidationError[]> {
  return validate(plainToInstance(cls, plain) as object);
}

const bodyOf = <T>(metatype: new () => T): ArgumentMetadata => ({ type: 'body', metatype });

async function pipeError(metatype: new () => object, body: unknown): Promise<ImError> {
  const err: unknown = await new ImValidationPipe().transform(body, bodyOf(metatype)).catch((e: unknown) => e);
  if (!(err instanceof ImError)) throw new Error(`expected an ImError, got ${String(err)}`);
  return err;
}

describe('validationDetail', () => {
  it('names a field inside a list item by its path', async () => {
    const detail = validationDetail(await errorsOf(UserRegisterReq, { users: [{ userID: 'ok' }, { userID: 'a:b' }] }));
    expect(detail).toMatch(/^users\.1\.userID: /);
    expect(detail).not.toContain('users.0');
  });

  it('names a nested object field and lists every failing field', async () => {
    const detail = validationDetail(
      await errorsOf(GetUsersReq, { pagination: { pageNumber: 0, showNumber: '5' }, nickName: 3 }),
    );
    expect(detail).toContain('pagination.pageNumber: ');
    expect(detail).toContain('pagination.showNumber: ');
    expect(detail).toContain('nickName: ');
    expect(detail.split('; ')).toHaveLength(3);
  });

  it('reports at most five problems', async () => {
    const users = Array.from({ length: 8 }, () => ({ userID: 1 }));
    const detail = validationDetail(await errorsOf(UserRegisterReq, { users }));
    expect(detail.split('; ')).toHaveLength(5);
    expect(detail).toContain('users.4.userID');
    expect(detail).not.toContain('users.5.userID');
  });

  it('says "invalid request" when there is nothing to name', () => {
    expect(validationDetail([])).toBe('invalid request');
  });
});

describe('ImValidationPipe', () => {
  it('turns invalid bodies into ImError 1001 naming the path', async () => {
    const err = await pipeError(UpdateUserInfoExReq, { userInfo: { userID: 'u1', globalRecvMsgOpt: '1' } });
    expect(err.code).toBe(ErrCode.Args);
    expect(err.detail).toMatch(/^userInfo\.globalRecvMsgOpt: /);
  });

  it.each([
    ['an array', [{ userID: 'u1' }]],
    ['a string', 'users'],
    ['null', null],
  ])('refuses %s as body (1001)', async (_name, body) => {
    const err = await pipeError(UserRegisterReq, body);
    expect(err.code).toBe(ErrCode.Args);
    expect(err.detail).toContain('JSON object');
  });

  it('returns a DTO instance without unknown properties', async () => {
    const out = await new ImValidationPipe().transform(
      { userInfo: { userID: 'u1', nickname: null, hacker: true }, extra: 1 },
      bodyOf(UpdateUserInfoExReq),
    );
    expect(out).toBeInstanceOf(UpdateUserInfoExReq);
    expect(out).not.toHaveProperty('extra');
    expect((out as UpdateUserInfoExReq).userInfo).not.toHaveProperty('hacker');
    expect((out as UpdateUserInfoExReq).userInfo.userID).toBe('u1');
  });
});
