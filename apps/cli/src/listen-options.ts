/** Where a server command listens, for `util.parseArgs`: `--port` (default `$PORT`, else 8080) and `--host`. */
export const LISTEN_OPTIONS = {
  port: { type: 'string', default: process.env.PORT ?? '8080' },
  host: { type: 'string', default: '127.0.0.1' },
} as const;

/**
 * What went wrong when a server could not listen, said the way a user fixes it; undefined for any
 * other error. Node reports these as errors with a `syscall` of `listen`.
 */
export function listenFailure(error: unknown): string | undefined {
  const { syscall, code, address, port } = (error ?? {}) as { syscall?: string; code?: string; address?: string; port?: number };
  if (syscall !== 'listen') return undefined;
  const where = `${address ?? '?'}:${port ?? '?'}`;
  if (code === 'EADDRINUSE') return `port ${port} is in use (on ${address}); pass --port or set PORT`;
  if (code === 'EADDRNOTAVAIL') return `cannot listen on ${where}: this machine has no address ${address}; pass another --host`;
  if (code === 'EACCES') return `cannot listen on ${where}: permission denied (ports below 1024 need privileges); pass --port or set PORT`;
  return `cannot listen on ${where}: ${code ?? (error as Error).message}`;
}
