/*
 * Baselines of the cheap REST read: a bare `node:http` server, or a bare Nest + Express app with one route,
 * answering every POST with the JSON the real server answered (argv: mode `http` | `nest` | `busy`, port, JSON
 * file mapping path → body). No token check, validation or database: what the HTTP layer alone costs. `busy` is
 * `http` spending argv[4] µs of CPU on each request before answering: a plain server as slow as the real one, to
 * tell the latency tail of any saturated Node server from the real server's own.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { Controller, HttpCode, Module, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Request } from 'express';

const [mode, portArg, file] = process.argv.slice(2);
const port = Number(portArg);
const bodies = new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>));
const parsed = new Map([...bodies].map(([k, v]) => [k, JSON.parse(v) as unknown]));

const busyMicros = mode === 'busy' ? Number(process.argv[5]) : 0;

function spin(micros: number): void {
  const until = process.hrtime.bigint() + BigInt(Math.round(micros * 1000));
  while (process.hrtime.bigint() < until);
}

function bare(): void {
  const server = http.createServer((req, res) => {
    // read the request body as a real route would, then answer
    req.on('data', () => undefined);
    req.on('end', () => {
      if (busyMicros) spin(busyMicros);
      const body = bodies.get(req.url ?? '');
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(body ?? '{}');
    });
  });
  server.listen(port, '127.0.0.1', () => process.send?.('listening'));
}

@Controller()
class BareController {
  @Post('*path')
  @HttpCode(200)
  answer(@Req() req: Request): unknown {
    // returned as an object: Nest serialises it, as it does for the real routes
    return parsed.get(req.path) ?? {};
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function nest(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(port, '127.0.0.1');
  process.send?.('listening');
}

if (mode === 'nest') void nest();
else bare();
process.on('disconnect', () => process.exit(0));
