import type { ConversationRow } from './conversation.schema';

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
