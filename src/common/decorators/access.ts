import { SetMetadata } from '@nestjs/common';

export const ACCESS_KEY = 'im:access';

/** Who may call a route. Every route has exactly one level; a test walks all routes to check it. */
export type Access = 'public' | 'user' | 'admin';

/** No token needed (token issuance, health, metrics, docs, discovery). */
export const Public = () => SetMetadata(ACCESS_KEY, 'public' satisfies Access);

/** Only app administrators (`IM_ADMIN_USER_IDS`); others get 1002. */
export const AdminOnly = () => SetMetadata(ACCESS_KEY, 'admin' satisfies Access);

export const RAW_RESPONSE_KEY = 'im:raw-response';

/** The handler's result is sent as is, without the `{errCode, errMsg, errDlt, data}` envelope. */
export const RawResponse = () => SetMetadata(RAW_RESPONSE_KEY, true);
