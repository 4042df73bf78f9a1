import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { RedisService } from '../infra/redis/redis.service';
import { UserModule } from '../user/user.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { TOKEN_CACHE } from './auth.tokens';
import { SecretAttemptLimiter } from './secret-attempts';
import { LayeredTokenCache, MemoryTokenCache, RedisTokenCache, TokenCache } from './token-cache';
import { TokenGuard } from './token.guard';
import { TokenRepository } from './token.repository';
import { TokenService } from './token.service';

@Module({
  imports: [
    // A KeyObject made once: given the secret as a string, jsonwebtoken would rebuild a key on every verify.
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.secret)),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    UserModule,
  ],
  controllers: [AuthController],
  providers: [
    TokenRepository,
    TokenService,
    AuthService,
    SecretAttemptLimiter,
    {
      provide: TOKEN_CACHE,
      inject: [{ token: RedisService, optional: true }],
      useFactory: (redis: RedisService | null): TokenCache =>
        redis
          ? new LayeredTokenCache(new MemoryTokenCache(30_000), new RedisTokenCache(redis))
          : new MemoryTokenCache(),
    },
    { provide: APP_GUARD, useClass: TokenGuard },
  ],
  exports: [TokenService],
})
export class AuthModule {}
