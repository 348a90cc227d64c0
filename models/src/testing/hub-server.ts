import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ModelManifest } from '../fetch/manifest.js';
import { ensureStandinModel } from '../standin/ensure.js';

/** A request the server saw. */
export interface HubRequest {
  readonly method: string;
  readonly path: string;
  readonly range: string | undefined;
  readonly authorization: string | undefined;
}

/**
 * How to answer a request for a file's bytes: normally (`ok`, honouring Range), `cut` (send half
 * the body, then destroy the socket), `ignore-range` (a full 200 whatever the Range), `corrupt`
 * (same length, bytes flipped), `stall` (headers and a few KB, then silence), or a status code.
 */
export type Reply = 'ok' | 'cut' | 'ignore-range' | 'corrupt' | 'stall' | number;

/** Options of {@link HubServer.start}. */
export interface HubServerOptions {
  /** Repo path → content. */
  readonly files: Readonly<Record<string, Buffer>>;
  /** Answer `/{repo}/resolve/{rev}/{path}` with a 302 to `/cdn/{path}` here, or on this origin, like the hub. */
  readonly redirect?: 'none' | 'same-origin' | { readonly cdn: string };
  /** Put the file's sha256 in `X-Linked-Etag` on the redirect, like the hub does for LFS files. */
  readonly announceSha256?: boolean;
}

/**
 * A stand-in for huggingface.co on 127.0.0.1: serves files at `/{owner}/{name}/resolve/{rev}/{path}`
 * (any repo, any revision) and `/cdn/{path}`, records every request, and misbehaves on demand
 * through {@link HubServer.reply}, which is asked for each request for a file's bytes.
 */
export class HubServer {
  readonly requests: HubRequest[] = [];
  /** Decides each byte-serving answer; `nth` counts earlier byte requests for the same path. */
  reply: (request: HubRequest, nth: number) => Reply = () => 'ok';
  private readonly served = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    private readonly options: HubServerOptions,
  ) {}

  /** Starts a server on a free port. */
  static async start(options: HubServerOptions): Promise<HubServer> {
    const server = createServer();
    const hub = new HubServer(server, options);
    server.on('request', (request, response) => hub.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return hub;
  }

  /** `http://127.0.0.1:<port>`. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The byte requests (not redirects) for a repo path. */
  dataRequests(path: string): HubRequest[] {
    return this.requests.filter((request) => request.path.endsWith(`/${path}`) && !this.isRedirected(request.path));
  }

  /** Closes every connection (stalled ones too) and the server. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private isRedirected(path: string): boolean {
    return path.includes('/resolve/') && (this.options.redirect ?? 'none') !== 'none';
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const request: HubRequest = { method: req.method ?? 'GET', path, range: req.headers.range, authorization: req.headers.authorization };
    this.requests.push(request);
    const resolved = /^\/[^/]+\/[^/]+\/resolve\/[^/]+\/(.+)$/.exec(path)?.[1];
    const repoPath = resolved ?? /^\/cdn\/(.+)$/.exec(path)?.[1];
    const content = repoPath === undefined ? undefined : this.options.files[repoPath];
    if (repoPath === undefined || content === undefined) return void res.writeHead(404).end('not found');
    if (resolved !== undefined && this.isRedirected(path)) return this.redirect(res, repoPath, content);
    const nth = this.served.get(repoPath) ?? 0;
    this.served.set(repoPath, nth + 1);
    this.serve(req, res, content, this.reply(request, nth));
  }

  private redirect(res: ServerResponse, repoPath: string, content: Buffer): void {
    const redirect = this.options.redirect;
    const origin = typeof redirect === 'object' ? redirect.cdn : '';
    const headers: Record<string, string> = { location: `${origin}/cdn/${repoPath}`, 'x-linked-size': String(content.length) };
    if (this.options.announceSha256) headers['x-linked-etag'] = `"${createHash('sha256').update(content).digest('hex')}"`;
    res.writeHead(302, headers).end();
  }

  private serve(req: IncomingMessage, res: ServerResponse, content: Buffer, reply: Reply): void {
    if (typeof reply === 'number') return void res.writeHead(reply).end(`status ${reply}`);
    const from = reply === 'ignore-range' ? 0 : Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    if (from > 0 && from >= content.length) {
      return void res.writeHead(416, { 'content-range': `bytes */${content.length}` }).end();
    }
    const body = reply === 'corrupt' ? content.map((byte) => byte ^ 0xff) : content;
    const headers = { 'content-length': String(content.length - from), 'content-type': 'application/octet-stream' };
    if (from > 0) res.writeHead(206, { ...headers, 'content-range': `bytes ${from}-${content.length - 1}/${content.length}` });
    else res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    const rest = body.subarray(from);
    if (reply === 'cut') return void res.write(rest.subarray(0, rest.length >> 1), () => setTimeout(() => req.socket.destroy(), 20));
    if (reply === 'stall') return void res.write(rest.subarray(0, Math.min(4096, rest.length >> 1)));
    res.end(rest);
  }
}

/** The stand-in files a test hub serves, under hub-like paths, and a manifest for them. */
export interface StandinHubFixture {
  readonly files: Record<string, Buffer>;
  readonly manifest: ModelManifest;
  /** Target name → content, to compare downloads with. */
  readonly byTarget: Record<string, Buffer>;
}

/** The model name in {@link standinHubFixture}'s manifest. */
export const FIXTURE_MODEL = 'standin-test';

/**
 * Four files of the cached stand-in: a 9.7 MB graph and a small one with size and sha256 in the
 * manifest, one with a size only, and config.json with neither (like the real manifest's
 * tokenizer files).
 */
export async function standinHubFixture(): Promise<StandinHubFixture> {
  const dir = await ensureStandinModel();
  const read = (name: string) => readFileSync(join(dir, name));
  const sha = (content: Buffer) => createHash('sha256').update(content).digest('hex');
  const [big, small, sized, config] = ['text_project.onnx', 'codec_embed.onnx', 'speaker_encoder.onnx', 'config.json'].map(read) as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  const files = {
    'onnx/text_project.onnx': big,
    'onnx/codec_embed.onnx': small,
    'onnx/speaker_encoder.onnx': sized,
    'tok/config.json': config,
  };
  const manifest: ModelManifest = {
    models: {
      [FIXTURE_MODEL]: {
        repo: 'test/standin',
        revision: 'main',
        files: [
          { path: 'onnx/text_project.onnx', size: big.length, sha256: sha(big), target: 'text_project.onnx' },
          { path: 'onnx/codec_embed.onnx', size: small.length, sha256: sha(small), target: 'codec_embed.onnx' },
          { path: 'onnx/speaker_encoder.onnx', size: sized.length, target: 'speaker_encoder.onnx' },
          { path: 'tok/config.json', target: 'config.json' },
        ],
      },
    },
  };
  const byTarget = { 'text_project.onnx': big, 'codec_embed.onnx': small, 'speaker_encoder.onnx': sized, 'config.json': config };
  return { files, manifest, byTarget };
}
