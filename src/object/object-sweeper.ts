import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ObjectService } from './object.service';

/**
 * Sweeps expired unfinished uploads now and then. The uploads are rows, so a sweep missed by a restart or a crash is
 * done by the next one; several nodes may sweep at once (each upload is claimed by one).
 */
@Injectable()
export class ObjectSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ObjectSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly objects: ObjectService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = Math.min(3_600_000, (this.config.objects.uploadExpireSeconds * 1000) / 4);
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    try {
      const n = await this.objects.sweepExpired();
      if (n) this.logger.log(`swept ${n} expired uploads`);
    } catch (err) {
      this.logger.warn(`upload sweep failed (retried next time): ${String(err)}`);
    }
  }
}
