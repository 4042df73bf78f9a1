import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { RedisService } from '../infra/redis/redis.service';
import { UserModule } from '../user/user.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { TOKEN_CACHE } from './auth.tokens';
import { MemoryTokenCache, RedisTokenCache, TokenCache } from './token-cache';
import { TokenGuard } from './token.guard';
import { TokenRepository } from './token.repository';
import { TokenService } from './token.service';

@Module({
  imports: [JwtModule.register({}), UserModule],
  controllers: [AuthController],
  providers: [
    TokenRepository,
    TokenService,
    AuthService,
    {
      provide: TOKEN_CACHE,
      inject: [{ token: RedisService, optional: true }],
      useFactory: (redis: RedisService | null): TokenCache =>
        redis ? new RedisTokenCache(redis) : new MemoryTokenCache(),
    },
    { provide: APP_GUARD, useClass: TokenGuard },
  ],
  exports: [TokenService],
})
export class AuthModule {}
