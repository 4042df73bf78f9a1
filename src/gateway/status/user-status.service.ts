import { Inject, Injectable } from '@nestjs/common';
import { ImError } from '../../common/errors/im-error';
import { assertSelfOrAdmin, type Caller } from '../../common/http/caller';
import { KV_STORE, KvStore } from '../../infra/kv/kv-store';
import { MAX_IDS } from '../../user/user.dto';
import { PresenceService } from '../presence.service';
import type { GetUsersOnlineStatusResp, SubscribeUsersStatusReq, UserStatusListResp } from './user-status.dto';

export interface TokenDetail {
  userID: string;
  status: number;
  singlePlatformToken: { platformID: number; total: number; token: string[] }[];
}

/** REST subscriptions are a user's list (the WebSocket ones, 2005, belong to a connection). */
const SUBSCRIPTIONS_TTL_MS = 30 * 24 * 3600_000;
const subsKey = (userID: string) => `statussubs:${userID}`;

@Injectable()
export class UserStatusService {
  constructor(
    private readonly presence: PresenceService,
    @Inject(KV_STORE) private readonly kv: KvStore,
  ) {}

  async onlineStatus(userIDs: string[]): Promise<GetUsersOnlineStatusResp> {
    const conns = await this.presence.connections(userIDs);
    return {
      successResult: userIDs.map((userID) => {
        const list = conns.get(userID) ?? [];
        return {
          userID,
          status: list.length ? 'online' : 'offline',
          detailPlatformStatus: list.map((c) => ({ ...c, status: 'online', token: '' })),
        };
      }),
    };
  }

  async tokenDetail(userIDs: string[]): Promise<TokenDetail[]> {
    const conns = await this.presence.connections(userIDs);
    return [...conns].map(([userID, list]) => {
      const byPlatform = new Map<number, number>();
      for (const c of list) byPlatform.set(c.platformID, (byPlatform.get(c.platformID) ?? 0) + 1);
      return {
        userID,
        status: 1,
        singlePlatformToken: [...byPlatform].map(([platformID, total]) => ({ platformID, total, token: [] })),
      };
    });
  }

  async usersStatus(userIDs: string[]): Promise<UserStatusListResp> {
    const statuses = await this.presence.statuses(userIDs);
    return { statusList: statuses.map((s) => ({ ...s, status: s.platformIDs.length ? 1 : 0 })) };
  }

  async subscribe(caller: Caller, req: SubscribeUsersStatusReq): Promise<UserStatusListResp> {
    assertSelfOrAdmin(caller, req.userID);
    const current = new Set(await this.subscriptions(req.userID));
    for (const id of req.userIDs) {
      if (req.genre === 1) current.add(id);
      else current.delete(id);
    }
    if (current.size > MAX_IDS) throw ImError.args(`userIDs: a user follows at most ${MAX_IDS} users`);
    await this.kv.set(subsKey(req.userID), JSON.stringify([...current]), SUBSCRIPTIONS_TTL_MS);
    return req.genre === 1 ? this.usersStatus(req.userIDs) : { statusList: [] };
  }

  async subscribed(caller: Caller, userID: string): Promise<UserStatusListResp> {
    assertSelfOrAdmin(caller, userID);
    const ids = await this.subscriptions(userID);
    return ids.length ? this.usersStatus(ids) : { statusList: [] };
  }

  private async subscriptions(userID: string): Promise<string[]> {
    const raw = await this.kv.get(subsKey(userID));
    if (!raw) return [];
    const ids = JSON.parse(raw) as unknown;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  }
}
