import { wasmSuite } from './wasm/browser';
import { WasmWorld } from './wasm/world';

jest.setTimeout(120_000);

wasmSuite('smoke')('Web SDK smoke', () => {
  const world = new WasmWorld();
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it('logs in', async () => {
    const [a] = await world.register('a');
    const alice = await world.login(a);
    const self = await alice.call<{ userID: string; nickname: string }>('getSelfUserInfo');
    expect(self).toMatchObject({ userID: a, nickname: `N${a}` });
  });
});
