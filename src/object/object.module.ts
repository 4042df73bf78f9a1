import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, MEMORY_DATA_DIR } from '../config/app-config';
import { UserModule } from '../user/user.module';
import { LocalObjectStore } from './local-object-store';
import { LogController } from './log.controller';
import { LogRepository } from './log.repository';
import { LogService } from './log.service';
import { ObjectAccessService } from './object-access.service';
import { ObjectController } from './object.controller';
import { ObjectRepository } from './object.repository';
import { ObjectService } from './object.service';
import { ObjectSweeper } from './object-sweeper';
import { OBJECT_STORE, type ObjectStore } from './object-store';
import { S3ObjectStore } from './s3-object-store';
import { UrlSigner } from './url-signer';

async function makeStore(config: AppConfig, signer: UrlSigner): Promise<ObjectStore> {
  const { objects } = config;
  if (objects.backend === 's3' && objects.s3) return new S3ObjectStore(objects.s3);
  const root =
    config.dataDir === MEMORY_DATA_DIR
      ? await fs.mkdtemp(path.join(os.tmpdir(), 'im-objects-'))
      : path.join(config.dataDir, 'objects');
  const store = new LocalObjectStore(root, signer);
  await store.init();
  return store;
}

/** Files (`/object/*`: uploads, downloads) and client logs (`/third/logs/*`). */
@Module({
  imports: [UserModule],
  controllers: [ObjectController, LogController],
  providers: [
    { provide: UrlSigner, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new UrlSigner(c.secret) },
    { provide: OBJECT_STORE, inject: [APP_CONFIG, UrlSigner], useFactory: makeStore },
    ObjectRepository,
    ObjectService,
    ObjectAccessService,
    ObjectSweeper,
    LogRepository,
    LogService,
  ],
  exports: [OBJECT_STORE, ObjectService],
})
export class ObjectModule implements OnModuleDestroy {
  constructor(
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    if (this.store instanceof S3ObjectStore) this.store.close();
    // a memory:// server's files live as long as it does
    if (this.store instanceof LocalObjectStore && this.config.dataDir === MEMORY_DATA_DIR) {
      await fs.rm(this.store.root, { recursive: true, force: true });
    }
  }
}
