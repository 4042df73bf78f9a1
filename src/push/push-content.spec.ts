import { ContentType } from '../protocol/message';
import { emptyMsg } from '../protocol/msg-data';
import { pushTexts } from './push-content';

describe('pushTexts', () => {
  const msg = (contentType: number, push: { title?: string; desc?: string } | null = null) => ({
    ...emptyMsg(),
    contentType,
    offlinePushInfo: push && {
      title: '',
      desc: '',
      ex: '',
      iOSPushSound: '',
      iOSBadgeCount: true,
      signalInfo: '',
      ...push,
    },
  });

  it.each([
    [ContentType.Text, '[TEXT]'],
    [ContentType.Picture, '[PICTURE]'],
    [ContentType.Voice, '[VOICE]'],
    [ContentType.Video, '[VIDEO]'],
    [ContentType.File, '[File]'],
    [ContentType.Card, '[NEWMSG]'],
  ])('content type %d says %s, body = title', (type, text) => {
    expect(pushTexts(msg(type), false)).toEqual({ title: text, desc: text });
  });

  it('an @-message says [@TEXT] to the mentioned, [GROUPMSG] to the others', () => {
    expect(pushTexts(msg(ContentType.AtText), true).title).toBe('[@TEXT]');
    expect(pushTexts(msg(ContentType.AtText), false).title).toBe('[GROUPMSG]');
  });

  it("offlinePushInfo's title and desc win; an empty desc repeats the title", () => {
    expect(pushTexts(msg(ContentType.Picture, { title: 'Ann', desc: 'a photo' }), false)).toEqual({
      title: 'Ann',
      desc: 'a photo',
    });
    expect(pushTexts(msg(ContentType.Picture, { title: 'Ann' }), false)).toEqual({ title: 'Ann', desc: 'Ann' });
    expect(pushTexts(msg(ContentType.Picture, { desc: 'look' }), false)).toEqual({ title: '[PICTURE]', desc: 'look' });
  });
});
