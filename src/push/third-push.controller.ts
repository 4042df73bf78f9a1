import { Body, Controller, Headers } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import { PushTokenService } from './push-token.service';
import { FcmUpdateTokenReq, SetAppBadgeReq } from './third-push.dto';

@ApiTags('third')
@ApiSecurity('token')
@Controller('third')
export class ThirdPushController {
  constructor(private readonly tokens: PushTokenService) {}

  @ApiRoute('fcm_update_token', {
    summary: "Register a device's push token for offline push (one per user and platform; self or admin)",
  })
  async fcmUpdateToken(
    @CurrentCaller() caller: Caller,
    @Headers('token') session: string,
    @Body() req: FcmUpdateTokenReq,
  ): Promise<void> {
    await this.tokens.updateToken(caller, session, req);
  }

  @ApiRoute('set_app_badge', {
    summary: "Set a user's app icon badge (the app's unread count); each offline push adds one (self or admin)",
  })
  async setAppBadge(@CurrentCaller() caller: Caller, @Body() req: SetAppBadgeReq): Promise<void> {
    await this.tokens.setBadge(caller, req);
  }
}
