import { DatabaseService, type Db } from './database.service';

/** A handle whose every statement fails, counting the attempts: shows when `alive` goes to the database. */
function failingHandle(): { db: Db; statements: () => number } {
  let n = 0;
  const db = {
    execute: () => {
      n++;
      return Promise.reject(new Error('connection refused'));
    },
  } as unknown as Db;
  return { db, statements: () => n };
}

describe('DatabaseService.alive (the health check)', () => {
  it('trusts a recent answer of the embedded database instead of queuing a ping behind busy statements', async () => {
    const { db, statements } = failingHandle();
    const database = new DatabaseService(db, 'pglite', () => Promise.resolve());
    await expect(database.alive()).rejects.toThrow('connection refused');
    database.noteAnswer();
    await expect(database.alive()).resolves.toBeUndefined();
    expect(statements()).toBe(1);
  });

  it('always asks PostgreSQL itself: a server may go away between two statements', async () => {
    const { db, statements } = failingHandle();
    const database = new DatabaseService(db, 'postgres', () => Promise.resolve());
    database.noteAnswer();
    await expect(database.alive()).rejects.toThrow('connection refused');
    expect(statements()).toBe(1);
  });
});

describe('DatabaseService.alive while the embedded database is busy', () => {
  it('answers with the statement that completes next, not after its own ping at the end of the queue', async () => {
    let pings = 0;
    const db = { execute: () => (pings++, new Promise<never>(() => undefined)) } as unknown as Db;
    const database = new DatabaseService(db, 'pglite', () => Promise.resolve());
    const alive = database.alive();
    database.noteAnswer(); // the pull that was running when the check came in
    await expect(alive).resolves.toBeUndefined();
    expect(pings).toBe(1);
  });
});
