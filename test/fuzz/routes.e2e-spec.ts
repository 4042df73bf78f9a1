import { startTestApp, TestApp } from '../helpers/test-app';
import {
  CallerKind,
  expectHealthy,
  fuzzRoute,
  GROUP_TIMEOUT_MS,
  makeWorld,
  printStats,
  rowCounts,
  World,
} from './harness';
import { fuzzGetRoute, GET_ROUTES } from './get-routes';
import { openApiGetPaths, openApiRoutes, Route } from './openapi';

/*
 * Property-based: for every POST route of the OpenAPI document, bodies generated from the route's own request
 * schema with hostile values per field, sent as an admin and as an ordinary user (public routes: without a
 * token and as an admin). See harness.ts for what must hold and how to run longer or replay a seed.
 */

/** Route groups, by the first path segment; a test below fails when the document has one not listed. */
const GROUPS = ['auth', 'user', 'statistics', 'msg', 'conversation', 'jssdk', 'friend', 'group', 'object', 'third'];

describe('fuzz: hostile request bodies on every route', () => {
  let t: TestApp;
  let routes: Route[];
  let world: World;
  beforeAll(async () => {
    t = await startTestApp();
    routes = await openApiRoutes(t);
    world = await makeWorld(t);
  });
  afterAll(async () => {
    printStats();
    await t.close();
  });

  it('reads every route and its request schema (all references resolve) from the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(50);
    expect([...new Set(routes.map((r) => r.group))].sort()).toEqual([...GROUPS].sort());
    const send = routes.find((r) => r.path === '/msg/send_msg');
    expect(send?.body.properties?.sendMsg?.properties?.content).toBeDefined();
  });

  it('counts the rows of every table (the "nothing written" check sees the test data)', async () => {
    const counts = await rowCounts(t);
    expect(Object.keys(counts).length).toBeGreaterThanOrEqual(10);
    expect(counts).toMatchObject({ users: expect.any(Number), messages: expect.any(Number) });
    expect(counts.messages).toBeGreaterThanOrEqual(2);
  });

  it.each(GROUPS)(
    '%s routes: never a server error, 1001 names the field, a refusal writes nothing, server healthy after',
    async (group) => {
      const mine = routes.filter((r) => r.group === group);
      expect(mine.length).toBeGreaterThan(0);
      for (const route of mine) {
        const callers: (CallerKind | 'none')[] = route.isPublic ? ['none', 'admin'] : ['admin', 'user'];
        for (const caller of callers) await fuzzRoute(t, world, route, caller);
      }
      await expectHealthy(t);
    },
    GROUP_TIMEOUT_MS,
  );

  it('GET routes (listed in get-routes.ts): hostile query strings and headers never make a server error', async () => {
    const paths = await openApiGetPaths(t);
    expect(paths).toEqual(Object.keys(GET_ROUTES).sort());
    for (const path of paths) await fuzzGetRoute(t, path);
    await expectHealthy(t);
  });
});
