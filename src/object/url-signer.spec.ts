import { UrlSigner } from './url-signer';

const params = (query: string) => Object.fromEntries(new URLSearchParams(query));

describe('UrlSigner', () => {
  const signer = new UrlSigner('secret-1');

  it('gives back the claims of its own unexpired URL', () => {
    expect(signer.verify(params(signer.sign({ b: 'abc', n: 2 }, 60)))).toMatchObject({ b: 'abc', n: 2 });
  });

  it('refuses a changed claim, another secret, an expired URL and missing parameters', () => {
    const q = params(signer.sign({ n: 2 }, 60));
    const forged = Buffer.from(JSON.stringify({ n: 3, e: Date.now() + 60_000 })).toString('base64url');
    expect(signer.verify({ ...q, t: forged })).toBeNull();
    expect(new UrlSigner('secret-2').verify(q)).toBeNull();
    expect(signer.verify(params(signer.sign({ n: 2 }, -1)))).toBeNull();
    expect(signer.verify({ t: q.t })).toBeNull();
  });

  it('seals claims into one opaque id and opens only an untouched one', () => {
    const id = signer.seal({ key: 'k', size: 5 }, 60);
    expect(signer.unseal(id)).toMatchObject({ key: 'k', size: 5 });
    expect(signer.unseal(`${id}x`)).toBeNull();
    expect(signer.unseal(`${id}.more`)).toBeNull();
  });
});
