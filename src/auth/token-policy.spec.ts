import { MultiLoginPolicy } from '../config/app-config';
import { Platform } from '../protocol/platform';
import { ActiveToken, connectionConflicts, tokensToKick } from './token-policy';

let clock = 0;
/** A token on `platformID`; later calls are newer. Its hash names platform and age for readable failures. */
function tok(platformID: Platform): ActiveToken {
  clock += 1;
  return { tokenHash: `${Platform[platformID]}#${clock}`, platformID, createTime: 1_000 + clock };
}

const kicked = (existing: ActiveToken[], platformID: Platform, policy: MultiLoginPolicy, max = 30) =>
  tokensToKick(existing, platformID, policy, max).sort();
const hashes = (...tokens: ActiveToken[]) => tokens.map((t) => t.tokenHash).sort();

describe('tokensToKick', () => {
  describe('policy 0 (DefaultNotKick): up to maxPerPlatform tokens per platform', () => {
    it('kicks nothing below the cap', () => {
      const existing = [tok(Platform.IOS), tok(Platform.IOS), tok(Platform.Web)];
      expect(kicked(existing, Platform.IOS, MultiLoginPolicy.DefaultNotKick, 3)).toEqual([]);
    });

    it('at the cap, kicks the oldest of the login platform so that the new token makes the cap', () => {
      const [old, mid, young] = [tok(Platform.IOS), tok(Platform.IOS), tok(Platform.IOS)];
      const web = [tok(Platform.Web), tok(Platform.Web), tok(Platform.Web)];
      const shuffled = [young, web[1], old, web[0], mid, web[2]];
      expect(kicked(shuffled, Platform.IOS, MultiLoginPolicy.DefaultNotKick, 3)).toEqual(hashes(old));
      expect(kicked(shuffled, Platform.IOS, MultiLoginPolicy.DefaultNotKick, 2)).toEqual(hashes(old, mid, web[0]));
    });

    it('with a cap of 1, every older token of the platform goes', () => {
      const ios = [tok(Platform.IOS), tok(Platform.IOS)];
      const android = tok(Platform.Android);
      expect(kicked([...ios, android], Platform.IOS, MultiLoginPolicy.DefaultNotKick, 1)).toEqual(hashes(...ios));
    });
  });

  describe('policy 1 (AllLoginButSameTermKick): one session per platform', () => {
    it('kicks every token of the login platform and all but the newest of the others', () => {
      const ios = [tok(Platform.IOS), tok(Platform.IOS)];
      const [webOld, webNew] = [tok(Platform.Web), tok(Platform.Web)];
      const android = tok(Platform.Android);
      expect(kicked([webNew, ...ios, android, webOld], Platform.IOS, MultiLoginPolicy.AllLoginButSameTermKick)).toEqual(
        hashes(...ios, webOld),
      );
    });

    it('another platform of the same class is not affected', () => {
      const android = tok(Platform.Android);
      expect(kicked([android], Platform.IOS, MultiLoginPolicy.AllLoginButSameTermKick)).toEqual([]);
    });
  });

  describe('policy 4 (AllLoginButSameClassKick): one session per terminal class', () => {
    it('kicks every token of the same class, keeps the newest of other classes', () => {
      const ios = tok(Platform.IOS);
      const android = [tok(Platform.Android), tok(Platform.Android)];
      const [winOld, winNew] = [tok(Platform.Windows), tok(Platform.Windows)];
      const ipad = tok(Platform.IPad);
      const existing = [ios, ...android, winNew, winOld, ipad];
      expect(kicked(existing, Platform.IOS, MultiLoginPolicy.AllLoginButSameClassKick)).toEqual(
        hashes(ios, ...android, winOld),
      );
    });

    it('the PC class spans Windows, macOS and Linux', () => {
      const pcs = [tok(Platform.Windows), tok(Platform.OSX)];
      const web = tok(Platform.Web);
      expect(kicked([...pcs, web], Platform.Linux, MultiLoginPolicy.AllLoginButSameClassKick)).toEqual(hashes(...pcs));
    });
  });

  describe('policy 5 (PcAndOther): PC terminals stay, one non-PC terminal at a time', () => {
    it('a non-PC login kicks every other non-PC token and no PC token', () => {
      const pcs = [tok(Platform.Windows), tok(Platform.Windows), tok(Platform.OSX)];
      const others = [tok(Platform.Android), tok(Platform.Web), tok(Platform.IOS)];
      expect(kicked([...pcs, ...others], Platform.IOS, MultiLoginPolicy.PcAndOther)).toEqual(hashes(...others));
    });

    it('a PC login kicks no PC token and keeps the newest non-PC token', () => {
      const pcs = [tok(Platform.Windows), tok(Platform.Linux), tok(Platform.Linux)];
      const [oldPhone, phone] = [tok(Platform.Android), tok(Platform.Android)];
      expect(kicked([...pcs, oldPhone, phone], Platform.Windows, MultiLoginPolicy.PcAndOther)).toEqual(
        hashes(oldPhone),
      );
    });
  });

  it.each([
    MultiLoginPolicy.DefaultNotKick,
    MultiLoginPolicy.AllLoginButSameTermKick,
    MultiLoginPolicy.AllLoginButSameClassKick,
    MultiLoginPolicy.PcAndOther,
  ])('policy %i never kicks admin-platform tokens', (policy) => {
    const admins = [tok(Platform.Admin), tok(Platform.Admin), tok(Platform.Admin)];
    const phone = tok(Platform.IOS);
    for (const login of [Platform.IOS, Platform.Windows, Platform.Web]) {
      const out = tokensToKick([...admins, phone], login, policy, 1);
      for (const a of admins) expect(out).not.toContain(a.tokenHash);
    }
  });

  it('nothing to kick without existing tokens', () => {
    expect(tokensToKick([], Platform.IOS, MultiLoginPolicy.AllLoginButSameTermKick, 30)).toEqual([]);
  });
});

describe("connectionConflicts (a new connection against the user's other tokens)", () => {
  const conflicts = (existing: ActiveToken[], self: ActiveToken, policy: MultiLoginPolicy) =>
    connectionConflicts(existing, self.platformID, self.tokenHash, policy).sort();

  it('policy 1: other tokens of the same platform, never the connecting one, never other platforms', () => {
    const [ios1, ios2, android, self] = [
      tok(Platform.IOS),
      tok(Platform.IOS),
      tok(Platform.Android),
      tok(Platform.IOS),
    ];
    expect(conflicts([ios1, ios2, android, self], self, MultiLoginPolicy.AllLoginButSameTermKick)).toEqual(
      hashes(ios1, ios2),
    );
  });

  it('policy 4: the same terminal class', () => {
    const [android, windows, self] = [tok(Platform.Android), tok(Platform.Windows), tok(Platform.IOS)];
    expect(conflicts([android, windows, self], self, MultiLoginPolicy.AllLoginButSameClassKick)).toEqual(
      hashes(android),
    );
  });

  it('policy 5: a non-PC connection kicks the other non-PC tokens; a PC connection kicks nothing', () => {
    const [web, android, osx] = [tok(Platform.Web), tok(Platform.Android), tok(Platform.OSX)];
    const ios = tok(Platform.IOS);
    expect(conflicts([web, android, osx, ios], ios, MultiLoginPolicy.PcAndOther)).toEqual(hashes(web, android));
    const linux = tok(Platform.Linux);
    expect(conflicts([web, android, osx, linux], linux, MultiLoginPolicy.PcAndOther)).toEqual([]);
  });

  it('policy 0 kicks nothing, and admin-platform tokens are never touched', () => {
    const [admin, ios1, self] = [tok(Platform.Admin), tok(Platform.IOS), tok(Platform.IOS)];
    expect(conflicts([admin, ios1, self], self, MultiLoginPolicy.DefaultNotKick)).toEqual([]);
    expect(conflicts([admin, self], self, MultiLoginPolicy.AllLoginButSameClassKick)).toEqual([]);
  });
});
