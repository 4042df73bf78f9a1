import { eq, getTableColumns, sql } from 'drizzle-orm';
import { ConversationRow, conversations } from './conversation.schema';

/** The version log of a user's conversations (incremental sync). */
export const conversationLogKey = (ownerUserID: string) => `conv:${ownerUserID}`;

export type ConversationPatch = Partial<
  Pick<
    ConversationRow,
    | 'recvMsgOpt'
    | 'isPinned'
    | 'attachedInfo'
    | 'isPrivateChat'
    | 'groupAtType'
    | 'ex'
    | 'burnDuration'
    | 'minSeq'
    | 'maxSeq'
    | 'msgDestructTime'
    | 'latestMsgDestructTime'
    | 'isMsgDestruct'
    | 'hasReadSeq'
  >
>;

/** Fields whose change clients must learn through incremental sync (has_read_seq is not one: it has its own path). */
export const SYNCED_FIELDS: (keyof ConversationPatch)[] = [
  'recvMsgOpt',
  'isPinned',
  'attachedInfo',
  'isPrivateChat',
  'groupAtType',
  'ex',
  'burnDuration',
  'minSeq',
  'maxSeq',
  'msgDestructTime',
  'latestMsgDestructTime',
  'isMsgDestruct',
];

/** Records their owner has not deleted. */
export const VISIBLE = eq(conversations.hidden, false);

/** The settings of a new record; a deleted record is reset to them. */
export const DEFAULT_SETTINGS = {
  recvMsgOpt: 0,
  isPinned: false,
  attachedInfo: '',
  isPrivateChat: false,
  groupAtType: 0,
  ex: '',
  burnDuration: 0,
  msgDestructTime: 604800,
  isMsgDestruct: false,
} satisfies ConversationPatch;

/** On revival, the settings given with the new record (EXCLUDED = the row that was to be inserted). */
export const REVIVED_SETTINGS = Object.fromEntries(
  Object.keys(DEFAULT_SETTINGS).map((k) => [
    k,
    sql.raw(`excluded.${getTableColumns(conversations)[k as keyof typeof DEFAULT_SETTINGS].name}`),
  ]),
);
