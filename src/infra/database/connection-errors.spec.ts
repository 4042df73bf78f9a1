import { DrizzleQueryError } from 'drizzle-orm/errors';
import { DatabaseError } from 'pg';
import { describeDriverError, isDatabaseUnavailable } from './connection-errors';

function pgError(code: string, message: string): DatabaseError {
  const err = new DatabaseError(message, message.length, 'error');
  err.code = code;
  return err;
}

const wrapped = (cause: Error) => new DrizzleQueryError('insert into "messages" ...', ['secret text'], cause);
const coded = (code: string, message: string) => Object.assign(new Error(message), { code });

/** Which failures become errCode 90002 ("retry later") rather than 500 ("a bug"). */
describe('isDatabaseUnavailable', () => {
  it.each([
    ['admin shutdown (57P01), wrapped by drizzle', wrapped(pgError('57P01', 'terminating connection'))],
    ['starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['connection failure (08006)', pgError('08006', 'connection failure')],
    ['statement_timeout (57014)', wrapped(pgError('57014', 'canceling statement due to statement timeout'))],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
    ['refused', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['refused on every address', new AggregateError([coded('ECONNREFUSED', 'a'), coded('ECONNREFUSED', 'b')])],
    ['silent connection', coded('ETIMEDOUT', 'PostgreSQL did not answer within 6000 ms')],
    ['connection lost', wrapped(new Error('Connection terminated unexpectedly'))],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['client broken', new Error('Client has encountered a connection error and is not queryable')],
  ])('%s → unavailable', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['unique violation', wrapped(pgError('23505', 'duplicate key value violates unique constraint'))],
    ['syntax error', wrapped(pgError('42601', 'syntax error at or near "x"'))],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'seq')")],
    ['not an error', 'ECONNREFUSED'],
  ])('%s → not unavailable', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it('describes the driver error without the statement or its parameters', () => {
    const text = describeDriverError(wrapped(pgError('57P01', 'terminating connection')));
    expect(text).toBe('57P01 terminating connection');
  });
});
