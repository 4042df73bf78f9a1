import { startTestApp, TestApp } from '../helpers/test-app';
import { checkOne, expectHealthy, makeWorld, rowCounts, tokenOf, World } from './harness';
import { openApiRoutes, Route } from './openapi';

/*
 * Deeply nested JSON (issue 9, class 3) on every route, apart from the generated bodies of routes.e2e-spec.ts so
 * that its failures are not mistaken for those: 10,000 levels of objects or arrays, as the body, inside a field
 * of the route's schema, and under a prototype key. Same oracle as the fuzz suite.
 */

const DEPTH = 10_000;

function deepBodies(route: Route): string[] {
  // as text: JSON.stringify itself would overflow the stack
  const objects = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
  const arrays = `${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)}`;
  const first = Object.keys(route.body.properties ?? {})[0] ?? 'x';
  return [objects, arrays, `{"${first}":${objects}}`, `{"constructor":${arrays}}`];
}

describe('fuzz: deep nesting (10,000 levels) on every route', () => {
  let t: TestApp;
  let routes: Route[];
  let world: World;
  beforeAll(async () => {
    t = await startTestApp();
    routes = await openApiRoutes(t);
    world = await makeWorld(t);
  });
  afterAll(() => t.close());

  it('never a server error, 1001 names the body or field, nothing written, server healthy after', async () => {
    // the admin reaches every route's validation; the user also the guard's refusal of admin routes
    const tokens = [await tokenOf(t, world, 'admin'), await tokenOf(t, world, 'user')];
    const failures: string[] = [];
    for (const route of routes) {
      for (const token of tokens) {
        for (const text of deepBodies(route)) {
          try {
            await checkOne(t, route, text, token, await rowCounts(t));
          } catch (e) {
            failures.push(e instanceof Error ? e.message.split('\n')[0] : String(e));
          }
        }
      }
    }
    expect({ failures: failures.length, first: failures.slice(0, 5) }).toEqual({ failures: 0, first: [] });
    await expectHealthy(t);
  }, 120_000);
});
