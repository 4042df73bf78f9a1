import { findUnstorable } from '../common/dto/storable';
import { ImError } from '../common/errors/im-error';
import { API_OA_NOTIFICATION, ContentType } from '../protocol/message';

/*
 * Shapes of message contents by contentType (spec/openim-api.md "消息内容类型", spec/rest-semantics.md §9b,
 * spec/protocol.md §4.3). `s` non-empty string, `i` non-zero integer, `n` number, `b` boolean, `a` array, `o` object;
 * a trailing `?` makes the field optional (then only its type is checked).
 */
type Kind = 's' | 'i' | 'n' | 'b' | 'a' | 'o';
type Rule = `${Kind}` | `${Kind}?` | Shape;
interface Shape {
  [field: string]: Rule;
}

const picture: Shape = { uuid: 's?', type: 's', size: 'n?', width: 'i', height: 'i', url: 's' };

const SHAPES: Partial<Record<number, Shape>> = {
  [ContentType.Text]: { content: 's' },
  [ContentType.Picture]: { sourcePath: 's?', sourcePicture: picture, bigPicture: picture, snapshotPicture: picture },
  [ContentType.Voice]: { uuid: 's?', soundPath: 's?', sourceUrl: 's', dataSize: 'n?', duration: 'i' },
  [ContentType.Video]: {
    videoPath: 's?',
    videoUUID: 's?',
    videoUrl: 's',
    videoType: 's',
    videoSize: 'i',
    duration: 'i',
    snapshotPath: 's?',
    snapshotUUID: 's?',
    snapshotSize: 'n?',
    snapshotUrl: 's',
    snapshotWidth: 'i',
    snapshotHeight: 'i',
  },
  [ContentType.File]: { filePath: 's?', uuid: 's?', sourceUrl: 's', fileName: 's', fileSize: 'i' },
  [ContentType.AtText]: { text: 's?', atUserList: 'a', atUsersInfo: 'a?', quoteMessage: 'o?', isAtSelf: 'b?' },
  [ContentType.Merger]: { title: 's', abstractList: 'a?', multiMessage: 'a', messageEntityList: 'a?' },
  [ContentType.Card]: { userID: 's', nickname: 's?', faceURL: 's?', ex: 's?' },
  [ContentType.Location]: { description: 's?', longitude: 'n', latitude: 'n' },
  [ContentType.Custom]: { data: 's', description: 's?', extension: 's?' },
  [ContentType.Typing]: { msgTips: 's?' },
  [ContentType.Quote]: { text: 's?', quoteMessage: 'o?' },
  [ContentType.Face]: { index: 'n?', data: 's?' },
  [ContentType.AdvancedText]: { text: 's', messageEntityList: 'a?' },
  [ContentType.MarkdownText]: { content: 's' },
  [ContentType.CustomNotTriggerConversation]: { data: 's', description: 's?', extension: 's?' },
  [ContentType.CustomOnlineOnly]: { data: 's', description: 's?', extension: 's?' },
  [ContentType.OANotification]: {
    notificationName: 's',
    notificationFaceURL: 's?',
    notificationType: 'i',
    text: 's',
    url: 's?',
    mixType: 'n?',
    pictureElem: 'o?',
    soundElem: 'o?',
    videoElem: 'o?',
    fileElem: 'o?',
    ex: 's?',
  },
};

export const MAX_AT_USERS = 1000;
/** A message's content JSON may not be larger than this. */
export const MAX_CONTENT_BYTES = 256 * 1024;

function typeOk(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 's':
      return typeof v === 'string';
    case 'i':
      return Number.isInteger(v);
    case 'n':
      return typeof v === 'number' && Number.isFinite(v);
    case 'b':
      return typeof v === 'boolean';
    case 'a':
      return Array.isArray(v);
    case 'o':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
  }
}

function check(shape: Shape, value: Record<string, unknown>, path: string): void {
  for (const [field, rule] of Object.entries(shape)) {
    const v = value[field];
    const at = `${path}.${field}`;
    if (typeof rule === 'object') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw ImError.args(`${at} must be an object`);
      check(rule, v as Record<string, unknown>, at);
      continue;
    }
    const optional = rule.endsWith('?');
    const kind = rule[0] as Kind;
    if (v === undefined || v === null) {
      if (optional) continue;
      throw ImError.args(`${at} is required`);
    }
    if (!typeOk(kind, v)) throw ImError.args(`${at} has the wrong type`);
    if (!optional && ((kind === 's' && v === '') || (kind === 'i' && v === 0))) {
      throw ImError.args(`${at} must not be empty`);
    }
  }
}

export function isKnownContentType(contentType: number): boolean {
  return SHAPES[contentType] !== undefined;
}

/**
 * Checks `content` against the shape of its contentType and returns what the store needs from it: the text to
 * index for search and the @-mentions. Unknown content types are refused.
 */
export function checkContent(
  contentType: number,
  content: unknown,
  path = 'content',
): { searchText: string; atUserIDs: string[] } {
  const shape = SHAPES[contentType];
  if (!shape) throw ImError.args(`unsupported contentType ${contentType}`);
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw ImError.args(`${path} must be an object`);
  }
  const c = content as Record<string, unknown>;
  const bad = findUnstorable(c, path);
  if (bad) throw ImError.args(`${bad.path} ${bad.reason}`);
  check(shape, c, path);
  let atUserIDs: string[] = [];
  if (contentType === ContentType.AtText) {
    const list = c.atUserList as unknown[];
    if (list.length > MAX_AT_USERS) {
      throw ImError.args(`${path}.atUserList must not have more than ${MAX_AT_USERS} users`);
    }
    atUserIDs = list.filter((x): x is string => typeof x === 'string');
    if (atUserIDs.length !== list.length) throw ImError.args(`${path}.atUserList must be a list of user IDs`);
  }
  if (contentType === ContentType.Voice && (c.duration as number) < 1) {
    throw ImError.args(`${path}.duration must be at least 1`);
  }
  return { searchText: searchTextOf(contentType, c), atUserIDs };
}

/**
 * What the store needs from a message's content, read without holding it to the REST shapes: the official SDKs'
 * elements differ from them (a picture's snapshot without `type`, sizes of 0), and the reference's send path checks
 * relations and group rules, never the content's shape. Still refused: an unknown contentType, a content that is
 * not an object or holds text PostgreSQL cannot store, and more than MAX_AT_USERS mentions. `atUserIDList` is the
 * MsgData's own list (the SDKs fill it); without it the element's `atUserList` is read.
 */
export function readContent(
  contentType: number,
  content: unknown,
  atUserIDList?: readonly string[],
): { searchText: string; atUserIDs: string[] } {
  if (!SHAPES[contentType]) throw ImError.args(`unsupported contentType ${contentType}`);
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw ImError.args('content must be an object');
  }
  const c = content as Record<string, unknown>;
  const bad = findUnstorable(c, 'content');
  if (bad) throw ImError.args(`${bad.path} ${bad.reason}`);
  let atUserIDs: string[] = [];
  if (contentType === ContentType.AtText) {
    const listed = atUserIDList?.length ? atUserIDList : Array.isArray(c.atUserList) ? c.atUserList : [];
    atUserIDs = [...new Set(listed.filter((x): x is string => typeof x === 'string' && x !== ''))];
    if (atUserIDs.length > MAX_AT_USERS) {
      throw ImError.args(`atUserIDList must not have more than ${MAX_AT_USERS} users`);
    }
  }
  return { searchText: searchTextOf(contentType, c), atUserIDs };
}

/**
 * The content rules of the REST send routes, as send_msg applies them: the OA notification number of the API document
 * (1201) read as the SDKs' 1400, the shape by contentType, the size of the JSON. 1001 naming the field when bad.
 */
export function checkSendContent(contentType: number, content: unknown): void {
  checkContent(contentType === API_OA_NOTIFICATION ? ContentType.OANotification : contentType, content);
  if (Buffer.byteLength(JSON.stringify(content)) > MAX_CONTENT_BYTES) {
    throw ImError.args(`content is larger than ${MAX_CONTENT_BYTES} bytes`);
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The words of a message that search should find. */
export function searchTextOf(contentType: number, c: Record<string, unknown>): string {
  switch (contentType) {
    case ContentType.Text:
    case ContentType.MarkdownText:
      return str(c.content);
    case ContentType.AtText:
    case ContentType.Quote:
    case ContentType.AdvancedText:
      return str(c.text);
    case ContentType.File:
      return str(c.fileName);
    case ContentType.Custom:
    case ContentType.CustomNotTriggerConversation:
    case ContentType.CustomOnlineOnly:
      return [str(c.description), str(c.data)].filter(Boolean).join(' ');
    case ContentType.Card:
      return str(c.nickname);
    case ContentType.Location:
      return str(c.description);
    case ContentType.Merger:
      return str(c.title);
    case ContentType.OANotification:
      return [str(c.notificationName), str(c.text)].filter(Boolean).join(' ');
    default:
      return '';
  }
}
