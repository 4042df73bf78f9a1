/**
 * The error vocabulary of the API. Numbers follow spec/openim-api.md for the coarse cases and the reference
 * server for the finer ones (see spec/README.md); `errMsg` is the code's name.
 */
export enum ErrCode {
  ServerInternal = 500,
  Args = 1001,
  NoPermission = 1002,
  UserNotFound = 1003,
  /** spec: "group does not exist"; the reference uses the same code for any missing record. */
  RecordNotFound = 1004,
  Token = 1005,
  /** too many wrong IM_SECRET guesses from one client address; refused until the minute has passed */
  SecretAttemptsExceeded = 1051,
  /** the caller already has the most expensive requests (pulls, searches, ...) in flight, or the server's queue is full */
  TooManyConcurrentRequests = 1060,
  UserIDNotFound = 1101,
  RegisteredAlready = 1102,
  GroupIDNotFound = 1201,
  GroupIDExisted = 1202,
  NotInGroupYet = 1203,
  DismissedAlready = 1204,
  GroupTypeNotSupport = 1205,
  GroupRequestHandled = 1206,
  CanNotAddYourself = 1301,
  BlockedByPeer = 1302,
  NotPeersFriend = 1303,
  RelationshipAlready = 1304,
  FriendRequestHandled = 1305,
  MessageHasReadDisable = 1401,
  MutedInGroup = 1402,
  MutedGroup = 1403,
  MsgAlreadyRevoke = 1404,
  TokenExpired = 1501,
  TokenInvalid = 1502,
  TokenMalformed = 1503,
  TokenNotValidYet = 1504,
  TokenUnknown = 1505,
  TokenKicked = 1506,
  TokenNotExist = 1507,
  ConnOverMaxNumLimit = 1601,
  ConnArgs = 1602,
  /** a webhook receiver refused the operation without a code of its own */
  CallbackError = 80000,
  /** the database cannot be reached or did not answer in time (spec: 90002 DatabaseError); retry later */
  DatabaseUnavailable = 90002,
  /** a before-hook's receiver could not be reached or did not answer in time (WEBHOOK_FAILED_CONTINUE=false) */
  Network = 90004,
  Data = 90007,
}

const NAMES: Record<ErrCode, string> = {
  [ErrCode.ServerInternal]: 'ServerInternalError',
  [ErrCode.Args]: 'ArgsError',
  [ErrCode.NoPermission]: 'NoPermissionError',
  [ErrCode.UserNotFound]: 'UserNotFoundError',
  [ErrCode.Token]: 'TokenError',
  [ErrCode.SecretAttemptsExceeded]: 'SecretAttemptsExceeded',
  [ErrCode.TooManyConcurrentRequests]: 'TooManyConcurrentRequests',
  [ErrCode.RecordNotFound]: 'RecordNotFoundError',
  [ErrCode.UserIDNotFound]: 'UserIDNotFoundError',
  [ErrCode.RegisteredAlready]: 'RegisteredAlreadyError',
  [ErrCode.GroupIDNotFound]: 'GroupIDNotFoundError',
  [ErrCode.GroupIDExisted]: 'GroupIDExisted',
  [ErrCode.NotInGroupYet]: 'NotInGroupYetError',
  [ErrCode.DismissedAlready]: 'DismissedAlreadyError',
  [ErrCode.GroupTypeNotSupport]: 'GroupTypeNotSupport',
  [ErrCode.GroupRequestHandled]: 'GroupRequestHandled',
  [ErrCode.CanNotAddYourself]: 'CanNotAddYourselfError',
  [ErrCode.BlockedByPeer]: 'BlockedByPeer',
  [ErrCode.NotPeersFriend]: 'NotPeersFriend',
  [ErrCode.RelationshipAlready]: 'RelationshipAlreadyError',
  [ErrCode.FriendRequestHandled]: 'FriendRequestHandled',
  [ErrCode.MessageHasReadDisable]: 'MessageHasReadDisable',
  [ErrCode.MutedInGroup]: 'MutedInGroup',
  [ErrCode.MutedGroup]: 'MutedGroup',
  [ErrCode.MsgAlreadyRevoke]: 'MsgAlreadyRevoke',
  [ErrCode.TokenExpired]: 'TokenExpiredError',
  [ErrCode.TokenInvalid]: 'TokenInvalidError',
  [ErrCode.TokenMalformed]: 'TokenMalformedError',
  [ErrCode.TokenNotValidYet]: 'TokenNotValidYetError',
  [ErrCode.TokenUnknown]: 'TokenUnknownError',
  [ErrCode.TokenKicked]: 'TokenKickedError',
  [ErrCode.TokenNotExist]: 'TokenNotExistError',
  [ErrCode.ConnOverMaxNumLimit]: 'ConnOverMaxNumLimit',
  [ErrCode.ConnArgs]: 'args err, need token, sendID, platformID',
  [ErrCode.DatabaseUnavailable]: 'DatabaseError',
  [ErrCode.CallbackError]: 'CallbackError',
  [ErrCode.Network]: 'NetworkError',
  [ErrCode.Data]: 'DataError',
};

export function errName(code: ErrCode): string {
  return NAMES[code];
}
