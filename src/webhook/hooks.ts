import type { WebhookName } from '../config/app-config';

/** The `callbackCommand` of each hook, as the reference server names it (pkg/callbackstruct/constant.go). */
export const CALLBACK_COMMAND: Record<WebhookName, string> = {
  beforeSendSingleMsg: 'callbackBeforeSendSingleMsgCommand',
  afterSendSingleMsg: 'callbackAfterSendSingleMsgCommand',
  beforeSendGroupMsg: 'callbackBeforeSendGroupMsgCommand',
  afterSendGroupMsg: 'callbackAfterSendGroupMsgCommand',
  beforeMsgModify: 'callbackBeforeMsgModifyCommand',
  beforeUserRegister: 'callbackBeforeUserRegisterCommand',
  afterUserRegister: 'callbackAfterUserRegisterCommand',
  beforeAddFriend: 'callbackBeforeAddFriendCommand',
  afterAddFriend: 'callbackAfterAddFriendCommand',
  beforeCreateGroup: 'callbackBeforeCreateGroupCommand',
  afterCreateGroup: 'callbackAfterCreateGroupCommand',
  afterJoinGroup: 'callbackAfterJoinGroupCommand',
  afterQuitGroup: 'callbackAfterQuitGroupCommand',
  afterUserOnline: 'callbackAfterUserOnlineCommand',
  afterUserOffline: 'callbackAfterUserOfflineCommand',
};

/** Hooks called before the operation: their answer may refuse it (or, for some, change it). */
export type BeforeHook = Extract<WebhookName, `before${string}`>;
/** Hooks called after the operation committed: queued, their answer is not read. */
export type AfterHook = Extract<WebhookName, `after${string}`>;

/** A body: its fields besides `callbackCommand`, which the client adds. */
export type HookBody = Record<string, unknown>;

/**
 * The answer every receiver gives (the reference's CommonCallbackResp). `actionCode` other than 0, or
 * `nextCode` 1, refuses a before-hook's operation with `errCode`/`errMsg`/`errDlt`.
 */
export interface CallbackResp {
  actionCode?: number;
  errCode?: number;
  errMsg?: string;
  errDlt?: string;
  nextCode?: number;
  /** hook-specific fields (e.g. beforeMsgModify's `content`) */
  [field: string]: unknown;
}

/** The reference's `nextCode` value that stops the operation. */
export const NEXT_CODE_STOP = 1;
