import { ContentType } from '../protocol/message';
import type { MsgData } from '../protocol/msg-data';

/** The reference server's push texts per content type (used when the message brings no offlinePushInfo title). */
export const PUSH_TEXT = {
  text: '[TEXT]',
  picture: '[PICTURE]',
  voice: '[VOICE]',
  video: '[VIDEO]',
  file: '[File]',
  atText: '[@TEXT]',
  groupMsg: '[GROUPMSG]',
  common: '[NEWMSG]',
  signal: '[SIGNALINVITE]',
} as const;

/** Signalling (call invitations) content type: the reference never pushes it offline. */
export const SIGNALING_NOTIFICATION = 1601;

const BY_TYPE: Partial<Record<number, string>> = {
  [ContentType.Text]: PUSH_TEXT.text,
  [ContentType.Picture]: PUSH_TEXT.picture,
  [ContentType.Voice]: PUSH_TEXT.voice,
  [ContentType.Video]: PUSH_TEXT.video,
  [ContentType.File]: PUSH_TEXT.file,
};

/**
 * Title and body of a message's notification for one recipient: offlinePushInfo's title/desc when given; else the
 * content type's text, where an @-message says `[@TEXT]` to the users it mentions (the reference meant this but
 * compared the group ID instead of the recipient) and `[GROUPMSG]` to the others. An empty body repeats the title.
 */
export function pushTexts(msg: MsgData, mentioned: boolean): { title: string; desc: string } {
  let title = msg.offlinePushInfo?.title ?? '';
  const desc = msg.offlinePushInfo?.desc ?? '';
  if (!title) {
    if (msg.contentType === ContentType.AtText) title = mentioned ? PUSH_TEXT.atText : PUSH_TEXT.groupMsg;
    else title = BY_TYPE[msg.contentType] ?? PUSH_TEXT.common;
  }
  return { title, desc: desc || title };
}
