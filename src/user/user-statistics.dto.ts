import { Field, Int } from '../common/dto/fields';

/** Larger values are not exact in JSON numbers, and would overflow the SQL bigint (a 500 instead of 1001). */
const MAX_MS = Number.MAX_SAFE_INTEGER;

export class UserRegisterCountReq {
  @Int({ min: 1, max: MAX_MS, example: 1640995200000, description: 'start, ms (inclusive)' })
  start!: number;

  @Int({ min: 1, max: MAX_MS, example: 1643673600000, description: 'end, ms (exclusive)' })
  end!: number;
}

export class UserRegisterCountResp {
  @Field({ example: 1500, description: 'all users' }) total!: number;
  @Field({ example: 1200, description: 'users registered before start' }) before!: number;
  @Field({ example: { '2022-01-01': 12 }, description: 'registrations per UTC day' }) count!: Record<string, number>;
}
