import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/decorators/access';
import { ApiRoute } from '../common/http/route';
import {
  AddNotificationAccountReq,
  NotificationAccountInfo,
  SearchNotificationAccountReq,
  SearchNotificationAccountResp,
  UpdateNotificationAccountReq,
} from './notification-account.dto';
import { NotificationAccountService } from './notification-account.service';

@ApiTags('user')
@ApiSecurity('token')
@AdminOnly()
@Controller('user')
export class NotificationAccountController {
  constructor(private readonly accounts: NotificationAccountService) {}

  @ApiRoute('add_notification_account', {
    summary: 'Create a notification or robot account (admin)',
    resp: NotificationAccountInfo,
  })
  add(@Body() req: AddNotificationAccountReq): Promise<NotificationAccountInfo> {
    return this.accounts.add(req);
  }

  @ApiRoute('update_notification_account', { summary: "Change a notification account's nickname or face (admin)" })
  async update(@Body() req: UpdateNotificationAccountReq): Promise<void> {
    await this.accounts.update(req);
  }

  @ApiRoute('search_notification_account', {
    summary: 'Find notification accounts (admin)',
    resp: SearchNotificationAccountResp,
  })
  search(@Body() req: SearchNotificationAccountReq): Promise<SearchNotificationAccountResp> {
    return this.accounts.search(req);
  }
}
