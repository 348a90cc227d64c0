import fc from 'fast-check';

/** What {@link hostileRequests} builds requests around. */
export interface HostileRequestOptions {
  /** The server's real paths, so that many requests get past routing to auth and parsing. */
  paths: string[];
  /** Valid access tokens, so that some requests get past auth. */
  tokens?: string[];
}

/**
 * Request targets that once crashed a server whose routes called `new URL(req.url, base)`, and
 * their malformed neighbours: Node's parser accepts them all, and each deserves a 400.
 */
export const URL_BREAKERS = [
  '//',
  '//[',
  'http://[/healthz',
  'http://x:99999/',
  'http://%/',
  '*',
  '/%',
  '/%zz',
  '//healthz',
  'http://',
  'ws://[::1',
];

/** Odd but well-formed targets: answered as any unknown path would be, never with a 5xx. */
const ODD_TARGETS = ['HTTP://X:0/', '/v1/rooms/%E0%A4%A', '/v1/rooms/%', '/?access_token=%', '/#', '/?#', '/v1/rooms/a%2F..%2Fb'];

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'CONNECT', 'TRACE'];
const BAD_VERSIONS = ['HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', 'HTTP/9', ''];
// prettier-ignore
const HEADER_NAMES = [
  'host', 'upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions',
  'authorization', 'content-length', 'transfer-encoding', 'content-type', 'expect', 'origin',
];
// prettier-ignore
const HEADER_VALUES = [
  'websocket', 'Upgrade', 'keep-alive', 'close', 'dGhlIHNhbXBsZSBub25jZQ==', '13', '8', 'permessage-deflate',
  'Bearer ', 'Bearer x.y.z', 'chunked', 'gzip, chunked', '0', '-1', '10', '99999999999999999999', '100-continue',
  'application/json', '', ' ',
];
const BODIES = ['{"input":"Hi."}', '{"input":"Hi.","stream":false}', '{"input":""}', '{"input":"Hi.","voice":7}', '[]', 'null', '{', ''];

/** Printable ASCII but space: the characters a request target can hold on the wire. */
const targetChar = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code));
/** Also spaces, tabs and a few bytes Node refuses in header values. */
const valueChar = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constantFrom('\t', '\x00', '\x7f', '\xff', '\r', '\n') },
);
const text = (char: fc.Arbitrary<string>, maxLength: number, minLength = 0) =>
  fc.array(char, { minLength, maxLength }).map((chars) => chars.join(''));
const mostly = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 9, arbitrary: usual }, { weight: 1, arbitrary: rare });

const version = mostly(fc.constant('HTTP/1.1'), fc.constantFrom(...BAD_VERSIONS));
const host = mostly<string[]>(fc.constant(['Host: 127.0.0.1']), fc.constant([]));
/** Headers that do not change how a request is framed: noise a well-framed request can carry. */
const benign = fc
  .tuple(
    fc.constantFrom('origin', 'user-agent', 'cookie', 'accept', 'x-forwarded-for'),
    text(
      fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      30,
    ),
  )
  .map(([name, value]) => `${name}: ${value}`);
const noise = fc
  .tuple(mostly(fc.constantFrom(...HEADER_NAMES), text(targetChar, 10)), mostly(fc.constantFrom(...HEADER_VALUES), text(valueChar, 30)))
  .map(([name, value]) => `${name}: ${value}`);

function targets(options: HostileRequestOptions): fc.Arbitrary<string> {
  const token = fc.constantFrom(...(options.tokens?.length ? options.tokens : ['none']));
  return fc.oneof(
    fc.constantFrom(...URL_BREAKERS, ...ODD_TARGETS),
    fc.constantFrom(...options.paths),
    fc.tuple(fc.constantFrom(...options.paths), text(targetChar, 12)).map(([path, junk]) => path + junk),
    fc.tuple(fc.constantFrom(...options.paths), token).map(([path, jwt]) => `${path}?access_token=${jwt}`),
    text(targetChar, 24).map((rest) => `/${rest}`),
    fc.tuple(fc.constantFrom('http://', 'ws://', 'https://'), text(targetChar, 16)).map(([scheme, rest]) => scheme + rest),
    text(targetChar, 24, 1),
  );
}

/** Zero or one `Authorization` header: a real token, a broken one, or none. */
function authorization(options: HostileRequestOptions): fc.Arbitrary<string[]> {
  const bearers = ['Bearer x.y.z', 'Bearer ', 'Basic Zm9vOmJhcg==', ...(options.tokens ?? []).map((jwt) => `Bearer ${jwt}`)];
  return fc
    .option(fc.constantFrom(...bearers), { nil: undefined })
    .map((value) => (value === undefined ? [] : [`Authorization: ${value}`]));
}

/** A WebSocket handshake, now and then with a broken key, version or extension. */
const upgradeHeaders = fc
  .record({
    key: mostly(fc.constant('dGhlIHNhbXBsZSBub25jZQ=='), fc.constantFrom('', 'short', '!!!!')),
    version: mostly(fc.constant('13'), fc.constantFrom('8', '', 'x')),
    extensions: fc.constantFrom(
      [],
      ['Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits'],
      ['Sec-WebSocket-Extensions: ;;;'],
    ),
  })
  .map(({ key, version: v, extensions }) => [
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`,
    `Sec-WebSocket-Version: ${v}`,
    ...extensions,
  ]);

interface Parts {
  method: string;
  target: string;
  version: string;
  headers: string[];
  body: string;
}

const render = ({ method, target, version: v, headers, body }: Parts) =>
  `${method} ${target} ${v}\r\n${headers.map((line) => `${line}\r\n`).join('')}\r\n${body}`;

/**
 * Raw HTTP/1.x requests a hostile peer might send, most of them well-framed enough for Node's
 * parser to hand them to the server's own code: plain requests, WebSocket handshakes and JSON
 * POSTs at the server's paths and at the {@link URL_BREAKERS}, with real, broken or no tokens,
 * and a share of noise (random methods, versions, headers, bytes Node refuses, stray bodies that
 * read as a pipelined second request). Each is a string to write as is; see `rawRequest`.
 */
export function hostileRequests(options: HostileRequestOptions): fc.Arbitrary<string> {
  const target = targets(options);
  const extra = fc.array(benign, { maxLength: 2 });
  const method = mostly(fc.constantFrom(...METHODS), text(targetChar, 8, 1));
  const plain = fc
    .record({ method, target, version, auth: authorization(options), host, extra })
    .map(({ auth, host: h, extra: x, ...rest }) => ({ ...rest, headers: [...h, ...auth, ...x], body: '' }));
  const upgrade = fc
    .record({ target, version, auth: authorization(options), host, handshake: upgradeHeaders, extra })
    .map(({ auth, host: h, handshake, extra: x, ...rest }) => ({
      ...rest,
      method: 'GET',
      headers: [...h, ...auth, ...handshake, ...x],
      body: '',
    }));
  const post = fc
    .record({ target, version, auth: authorization(options), host, body: mostly(fc.constantFrom(...BODIES), text(valueChar, 40)), extra })
    .map(({ auth, host: h, extra: x, body, ...rest }) => ({
      ...rest,
      method: 'POST',
      body,
      headers: [...h, ...auth, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, ...x],
    }));
  const wild = fc.record({
    method,
    target,
    version,
    headers: fc.tuple(host, fc.array(noise, { maxLength: 6 })).map(([h, n]) => [...h, ...n]),
    body: text(valueChar, 40),
  });
  return fc.oneof(plain, upgrade, post, wild).map(render);
}
