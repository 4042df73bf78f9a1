import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import request from 'supertest';
import type { App } from 'supertest/types';
import { Access, ACCESS_KEY } from '../../src/common/decorators/access';
import { registerUsers, userToken } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * Every route and who may call it. A new route must be added here with its intended access, so that no route
 * slips through unguarded; the walk below also calls each one to prove the guard really applies.
 */
const EXPECTED: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /metrics': 'public',
  'GET /third/prometheus': 'public',
  'GET /prometheus_discovery/api': 'public',
  'GET /prometheus_discovery/user': 'public',
  'GET /prometheus_discovery/group': 'public',
  'GET /prometheus_discovery/msg': 'public',
  'GET /prometheus_discovery/friend': 'public',
  'GET /prometheus_discovery/conversation': 'public',
  'GET /prometheus_discovery/third': 'public',
  'GET /prometheus_discovery/auth': 'public',
  'GET /prometheus_discovery/push': 'public',
  'GET /prometheus_discovery/msg_gateway': 'public',
  'GET /prometheus_discovery/msg_transfer': 'public',
  'POST /auth/get_admin_token': 'public',
  'POST /auth/parse_token': 'public',
  'POST /auth/get_user_token': 'admin',
  'POST /auth/force_logout': 'admin',
  'POST /user/user_register': 'admin',
  'POST /user/update_user_info': 'user',
  'POST /user/update_user_info_ex': 'user',
  'POST /user/set_global_msg_recv_opt': 'user',
  'POST /user/get_users_info': 'user',
  'POST /user/get_all_users_uid': 'admin',
  'POST /user/account_check': 'admin',
  'POST /user/get_users': 'admin',
  'POST /user/get_users_online_status': 'admin',
  'POST /user/get_users_online_token_detail': 'admin',
  'POST /user/get_users_status': 'user',
  'POST /user/subscribe_users_status': 'user',
  'POST /user/get_subscribe_users_status': 'user',
  'POST /user/process_user_command_add': 'user',
  'POST /user/process_user_command_delete': 'user',
  'POST /user/process_user_command_update': 'user',
  'POST /user/process_user_command_get': 'user',
  'POST /user/process_user_command_get_all': 'user',
  'POST /user/add_notification_account': 'admin',
  'POST /user/update_notification_account': 'admin',
  'POST /user/search_notification_account': 'admin',
  'POST /statistics/user/register': 'admin',
  'POST /msg/send_msg': 'admin',
  'POST /msg/batch_send_msg': 'admin',
  'POST /msg/send_business_notification': 'admin',
  'POST /msg/newest_seq': 'user',
  'POST /msg/pull_msg_by_seq': 'user',
  'POST /msg/check_msg_is_send_success': 'user',
  'POST /msg/get_server_time': 'user',
  'POST /msg/mark_msgs_as_read': 'user',
  'POST /msg/mark_conversation_as_read': 'user',
  'POST /msg/set_conversation_has_read_seq': 'user',
  'POST /msg/get_conversations_has_read_and_max_seq': 'user',
  'POST /msg/revoke_msg': 'user',
  'POST /msg/delete_msgs': 'user',
  'POST /msg/clear_conversation_msg': 'user',
  'POST /msg/user_clear_all_msg': 'user',
  'POST /msg/delete_msg_phsical_by_seq': 'admin',
  'POST /msg/delete_msg_physical': 'admin',
  'POST /msg/search_msg': 'admin',
  'POST /statistics/user/active': 'admin',
  'POST /conversation/get_sorted_conversation_list': 'user',
  'POST /conversation/get_all_conversations': 'user',
  'POST /conversation/get_conversation': 'user',
  'POST /conversation/get_conversations': 'user',
  'POST /conversation/set_conversations': 'user',
  'POST /conversation/get_conversation_offline_push_user_ids': 'admin',
  'POST /conversation/get_full_conversation_ids': 'user',
  'POST /conversation/get_incremental_conversations': 'user',
  'POST /conversation/get_owner_conversation': 'user',
  'POST /conversation/get_not_notify_conversation_ids': 'user',
  'POST /conversation/get_pinned_conversation_ids': 'user',
  'POST /conversation/delete_conversations': 'user',
  'POST /conversation/update_conversations_by_user': 'user',
  'POST /friend/add_friend': 'user',
  'POST /friend/add_friend_response': 'user',
  'POST /friend/delete_friend': 'user',
  'POST /friend/get_friend_apply_list': 'user',
  'POST /friend/get_designated_friend_apply': 'user',
  'POST /friend/get_self_friend_apply_list': 'user',
  'POST /friend/get_friend_list': 'user',
  'POST /friend/get_designated_friends': 'user',
  'POST /friend/set_friend_remark': 'user',
  'POST /friend/add_black': 'user',
  'POST /friend/get_black_list': 'user',
  'POST /friend/get_specified_blacks': 'user',
  'POST /friend/remove_black': 'user',
  'POST /friend/get_incremental_blacks': 'user',
  'POST /friend/import_friend': 'admin',
  'POST /friend/is_friend': 'user',
  'POST /friend/get_friend_id': 'user',
  'POST /friend/get_specified_friends_info': 'user',
  'POST /friend/update_friends': 'user',
  'POST /friend/get_incremental_friends': 'user',
  'POST /friend/get_full_friend_user_ids': 'user',
  'POST /friend/get_self_unhandled_apply_count': 'user',
  'POST /jssdk/get_conversations': 'user',
  'POST /jssdk/get_active_conversations': 'user',
  'POST /group/create_group': 'user',
  'POST /group/set_group_info': 'user',
  'POST /group/set_group_info_ex': 'user',
  'POST /group/join_group': 'user',
  'POST /group/quit_group': 'user',
  'POST /group/group_application_response': 'user',
  'POST /group/transfer_group': 'user',
  'POST /group/get_recv_group_applicationList': 'user',
  'POST /group/get_user_req_group_applicationList': 'user',
  'POST /group/get_group_users_req_application_list': 'user',
  'POST /group/get_specified_user_group_request_info': 'user',
  'POST /group/get_groups_info': 'user',
  'POST /group/kick_group': 'user',
  'POST /group/get_group_members_info': 'user',
  'POST /group/get_group_member_list': 'user',
  'POST /group/invite_user_to_group': 'user',
  'POST /group/get_joined_group_list': 'user',
  'POST /group/dismiss_group': 'user',
  'POST /group/mute_group_member': 'user',
  'POST /group/cancel_mute_group_member': 'user',
  'POST /group/mute_group': 'user',
  'POST /group/cancel_mute_group': 'user',
  'POST /group/set_group_member_info': 'user',
  'POST /group/get_group_abstract_info': 'user',
  'POST /group/get_groups': 'admin',
  'POST /group/get_group_member_user_id': 'user',
  'POST /group/get_incremental_join_groups': 'user',
  'POST /group/get_incremental_group_members': 'user',
  'POST /group/get_incremental_group_members_batch': 'user',
  'POST /group/get_full_group_member_user_ids': 'user',
  'POST /group/get_full_join_group_ids': 'user',
  'POST /group/get_group_application_unhandled_count': 'user',
  'POST /statistics/group/create': 'admin',
  'POST /statistics/group/active': 'admin',
  'POST /object/part_limit': 'user',
  'POST /object/part_size': 'user',
  'POST /object/initiate_multipart_upload': 'user',
  'POST /object/auth_sign': 'user',
  'POST /object/complete_multipart_upload': 'user',
  'POST /object/access_url': 'user',
  'POST /object/initiate_form_data': 'user',
  'POST /object/complete_form_data': 'user',
  'GET /object/*name': 'public',
  'POST /third/logs/upload': 'user',
  'POST /third/set_app_badge': 'user',
  'POST /third/fcm_update_token': 'user',
  'POST /third/logs/delete': 'user',
  'POST /third/logs/search': 'admin',
};

interface RouteInfo {
  key: string;
  method: string;
  path: string;
  access: Access;
}

function listRoutes(t: TestApp): RouteInfo[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = t.app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object) ?? '');
    const proto = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = (proto as Record<string, unknown>)[name] as object;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      const access =
        reflector.getAllAndOverride<Access>(ACCESS_KEY, [handler as never, wrapper.metatype as never]) ?? 'user';
      routes.push({ key: `${method} ${path}`, method, path, access });
    }
  }
  return routes;
}

describe('route access', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t).filter((r) => !r.path.startsWith('/docs'));
  });
  afterAll(() => t.close());

  it('every route has an explicit expected access level, and it matches', () => {
    const actual = Object.fromEntries(routes.map((r) => [r.key, r.access]));
    expect(actual).toEqual(EXPECTED);
  });

  it('every API route is documented in the OpenAPI document, with the token scheme unless public', async () => {
    const doc = (await request(t.app.getHttpServer() as App).get('/docs-json')).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    for (const r of routes.filter((x) => x.method === 'POST')) {
      const op = doc.paths[r.path]?.post;
      expect({ route: r.key, documented: !!op }).toEqual({ route: r.key, documented: true });
      expect({ route: r.key, secured: !!op?.security?.length }).toEqual({
        route: r.key,
        secured: r.access !== 'public',
      });
    }
  });

  it('non-public routes refuse a request without token (1005)', async () => {
    const server = t.app.getHttpServer() as App;
    for (const r of routes.filter((x) => x.access !== 'public' && x.method === 'POST')) {
      const res = await request(server).post(r.path).send({});
      expect({ route: r.key, errCode: res.body.errCode }).toEqual({ route: r.key, errCode: 1005 });
    }
  });

  it('admin routes refuse an ordinary user (1002) before looking at the body', async () => {
    const [u] = await registerUsers(t);
    const token = await userToken(t, u.userID);
    for (const r of routes.filter((x) => x.access === 'admin')) {
      const res = await t.post(r.path, {}, token);
      expect({ route: r.key, errCode: res.body.errCode }).toEqual({ route: r.key, errCode: 1002 });
    }
  });

  it('user routes let an ordinary user through the guard (validation answers 1001, not 1002/1005)', async () => {
    const [u] = await registerUsers(t);
    const token = await userToken(t, u.userID);
    // Routes whose request has no required field answer an empty body with success.
    const noRequiredField = new Set([
      'POST /msg/check_msg_is_send_success',
      'POST /msg/get_server_time',
      'POST /jssdk/get_active_conversations',
      'POST /object/part_limit',
    ]);
    for (const r of routes.filter((x) => x.access === 'user')) {
      const res = await t.post(r.path, {}, token);
      const expected = noRequiredField.has(r.key) ? 0 : 1001;
      expect({ route: r.key, errCode: res.body.errCode }).toEqual({ route: r.key, errCode: expected });
    }
  });
});
