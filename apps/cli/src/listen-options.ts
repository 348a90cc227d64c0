/** Where a server command listens, for `util.parseArgs`: `--port` (default `$PORT`, else 8080) and `--host`. */
export const LISTEN_OPTIONS = {
  port: { type: 'string', default: process.env.PORT ?? '8080' },
  host: { type: 'string', default: '127.0.0.1' },
} as const;
