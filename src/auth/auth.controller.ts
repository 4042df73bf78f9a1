import { Body, Controller, Ip } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly, Public } from '../common/decorators/access';
import { ApiRoute } from '../common/http/route';
import {
  ForceLogoutReq,
  GetAdminTokenReq,
  GetUserTokenReq,
  ParseTokenReq,
  ParseTokenResp,
  TokenResp,
} from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @ApiRoute('get_admin_token', {
    summary: 'Admin token from the server secret (no token needed)',
    description: 'Wrong secrets are limited per client address (SECRET_FAIL_LIMIT a minute); over it, 1051.',
    resp: TokenResp,
  })
  @Public()
  getAdminToken(@Body() req: GetAdminTokenReq, @Ip() clientIP: string | undefined): Promise<TokenResp> {
    return this.auth.getAdminToken(req, clientIP);
  }

  @ApiRoute('get_user_token', { summary: "A user's token for one platform (admin)", resp: TokenResp })
  @ApiSecurity('token')
  @AdminOnly()
  getUserToken(@Body() req: GetUserTokenReq): Promise<TokenResp> {
    return this.auth.getUserToken(req);
  }

  @ApiRoute('parse_token', { summary: 'Validate a token and read its claims (no token needed)', resp: ParseTokenResp })
  @Public()
  parseToken(@Body() req: ParseTokenReq): Promise<ParseTokenResp> {
    return this.auth.parseToken(req);
  }

  @ApiRoute('force_logout', { summary: "Kick every token of a user's platform (admin)" })
  @ApiSecurity('token')
  @AdminOnly()
  async forceLogout(@Body() req: ForceLogoutReq): Promise<void> {
    await this.auth.forceLogout(req);
  }
}
