import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { connectDatabase } from './connect';
import { DatabaseService } from './database.service';

/** Options that only tests set (a pre-initialised PGlite image). */
export const DATABASE_TEST_OPTIONS = Symbol('DATABASE_TEST_OPTIONS');
export interface DatabaseTestOptions {
  pgliteTemplate?: Blob;
}

@Global()
@Module({
  providers: [
    {
      provide: DatabaseService,
      inject: [APP_CONFIG, { token: DATABASE_TEST_OPTIONS, optional: true }],
      useFactory: (config: AppConfig, test?: DatabaseTestOptions) =>
        connectDatabase({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          timeoutMs: config.dbUnavailableTimeoutMs,
          pgliteTemplate: test?.pgliteTemplate,
        }),
    },
  ],
  exports: [DatabaseService],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
