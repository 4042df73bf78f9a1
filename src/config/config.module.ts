import { DynamicModule, Global, Module } from '@nestjs/common';
import { DATABASE_TEST_OPTIONS, DatabaseTestOptions } from '../infra/database/database.module';
import { APP_CONFIG, AppConfig } from './app-config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, test: DatabaseTestOptions = {}): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_TEST_OPTIONS, useValue: test },
      ],
      exports: [APP_CONFIG, DATABASE_TEST_OPTIONS],
    };
  }
}
