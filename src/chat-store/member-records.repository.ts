import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { queryRows } from '../infra/database/sql-util';
import { groupConversationID, toNotificationConversationID } from '../protocol/conversation-id';
import { SessionType } from '../protocol/message';
import { VersionChange, VersionLogRepository, VersionState } from '../versionlog/version-log.repository';
import { conversationLogKey } from './conversation-settings';

/** Where a notice about leaving was stored: its seq in the group conversation and in the `n_` stream (0: not). */
export interface NoticeSeqs {
  chat: number;
  notification: number;
}

/**
 * Group members' records of the group conversation (spec/protocol.md §6): made when a user joins, capped at the
 * group's current max seq when the user leaves. Runs inside the membership change's transaction.
 */
@Injectable()
export class MemberRecordsRepository {
  private readonly db: Db;

  constructor(
    database: DatabaseService,
    private readonly versions: VersionLogRepository,
  ) {
    this.db = dbHandle(database);
  }

  /**
   * Gives joining users their record (a returning member's cap is lifted). With `hideHistory` they see only what
   * comes after joining: their min seq becomes the group's max seq + 1.
   */
  async join(tx: Tx, groupID: string, userIDs: readonly string[], now: number, hideHistory: boolean): Promise<void> {
    if (!userIDs.length) return;
    const cid = groupConversationID(groupID);
    const rows = await queryRows<{ owner: string; inserted: boolean }>(
      txOr(this.db, tx),
      sql`
      WITH head AS (SELECT COALESCE((SELECT max_seq FROM seq_conversations WHERE conversation_id = ${cid}), 0) AS m)
      INSERT INTO conversations (owner_user_id, conversation_id, conversation_type, group_id, create_time, min_seq)
      SELECT u, ${cid}::text, ${SessionType.Group}::int, ${groupID}::text, ${now}::bigint, CASE WHEN ${hideHistory}::boolean THEN head.m + 1 ELSE 0 END
      FROM unnest(${sql.param([...userIDs])}::text[]) AS u, head
      ON CONFLICT (owner_user_id, conversation_id) DO UPDATE
        SET max_seq = 0, capped = false, notification_max_seq = 0, hidden = false,
          min_seq = GREATEST(conversations.min_seq, EXCLUDED.min_seq)
      RETURNING owner_user_id AS owner, (xmax = 0) AS inserted`,
    );
    await this.log(
      tx,
      cid,
      rows.map((r) => [r.owner, r.inserted ? VersionState.Insert : VersionState.Update]),
    );
  }

  /**
   * Leaving users keep what they could see until now and nothing later: their view of the group conversation and
   * of its `n_` stream is capped at the current heads (at 0 too: a group left before its first message shows
   * nothing later). A capped record with nothing to show is hidden.
   */
  async cap(tx: Tx, groupID: string, userIDs: readonly string[]): Promise<void> {
    if (!userIDs.length) return;
    const cid = groupConversationID(groupID);
    const rows = await queryRows<{ owner: string; hidden: boolean }>(
      txOr(this.db, tx),
      sql`
      WITH head AS (
        SELECT COALESCE((SELECT max_seq FROM seq_conversations WHERE conversation_id = ${cid}), 0) AS m,
               COALESCE((SELECT max_seq FROM seq_conversations WHERE conversation_id = ${toNotificationConversationID(cid)}), 0) AS n
      )
      UPDATE conversations c SET max_seq = head.m, notification_max_seq = head.n, capped = true,
        hidden = c.hidden OR head.m = 0
      FROM head
      WHERE c.conversation_id = ${cid} AND c.owner_user_id = ANY(${sql.param([...userIDs])}::text[])
      RETURNING c.owner_user_id AS owner, c.hidden`,
    );
    await this.log(
      tx,
      cid,
      rows.map((r) => [r.owner, r.hidden ? VersionState.Delete : VersionState.Update]),
    );
  }

  /**
   * The notice of their own leaving (stored after the cap) stays in the leavers' view: their caps move up to its
   * seqs. Users who came back in the meantime are no longer capped and are left alone.
   */
  async keepNotice(tx: Tx, groupID: string, userIDs: readonly string[], seqs: NoticeSeqs): Promise<void> {
    const cid = groupConversationID(groupID);
    const rows = await queryRows<{ owner: string }>(
      txOr(this.db, tx),
      sql`
        UPDATE conversations SET max_seq = GREATEST(max_seq, ${seqs.chat}::bigint),
          notification_max_seq = GREATEST(notification_max_seq, ${seqs.notification}::bigint),
          hidden = hidden AND GREATEST(max_seq, ${seqs.chat}::bigint) = 0
        WHERE conversation_id = ${cid} AND capped AND owner_user_id = ANY(${sql.param([...userIDs])}::text[])
        RETURNING owner_user_id AS owner`,
    );
    await this.log(
      tx,
      cid,
      rows.map((r) => [r.owner, VersionState.Update]),
    );
  }

  /** The owners of each user's conversation log changed: one version per owner. */
  private async log(tx: Tx, cid: string, entries: [string, VersionState][]): Promise<void> {
    const changes = new Map<string, VersionChange[]>(
      entries.map(([owner, state]) => [conversationLogKey(owner), [{ elementID: cid, state }]]),
    );
    await this.versions.record(tx, changes);
  }
}
