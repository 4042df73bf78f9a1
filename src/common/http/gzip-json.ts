import type { NextFunction, Request, Response } from 'express';
import { gzip } from 'node:zlib';

const ACCEPTS_GZIP = /\bgzip\b/i;

/**
 * Gzips JSON answers of at least `minBytes` for clients that accept gzip: whole-list answers (a login's
 * conversations, member lists) are large and compress about 20:1.
 *
 * Not the `compression` middleware: that wraps the write path of every response, small ones and file downloads
 * included (which then lose their Content-Length and ranges). This only replaces `res.json`, only for requests that
 * accept gzip, and compresses in zlib's thread pool so a large answer does not hold the event loop.
 */
export function gzipJson(minBytes: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const accept = req.headers['accept-encoding'];
    if (!accept || !ACCEPTS_GZIP.test(accept)) return next();
    const plain = res.json.bind(res);
    res.json = (body?: unknown): Response => {
      const text = JSON.stringify(body);
      // UTF-16 length is a lower bound of the byte length: a string this short may still be long enough, rarely
      if (text === undefined || text.length < minBytes) return plain(body);
      res.vary('Accept-Encoding');
      gzip(text, (err, zipped) => {
        if (res.headersSent || res.destroyed) return;
        if (err) return void plain(body);
        res.setHeader('Content-Encoding', 'gzip');
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.send(zipped);
      });
      return res;
    };
    next();
  };
}
