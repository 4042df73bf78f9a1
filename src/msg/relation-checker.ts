/**
 * What the message path asks of the friend module: blacklists and friendship. Until friends and blacklists
 * exist, nobody is blocked and nobody is a friend (so FRIEND_VERIFY=true refuses every single chat).
 */
export interface RelationChecker {
  /** `ownerUserID` has blacklisted `targetUserID` */
  isBlocked(ownerUserID: string, targetUserID: string): Promise<boolean>;
  /** `friendUserID` is in `ownerUserID`'s friend list */
  isFriend(ownerUserID: string, friendUserID: string): Promise<boolean>;
}

export const RELATION_CHECKER = Symbol('RELATION_CHECKER');

export class NoRelations implements RelationChecker {
  isBlocked(): Promise<boolean> {
    return Promise.resolve(false);
  }

  isFriend(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
