import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target.js';

const parse = (target: string | undefined) => {
  const parsed = parseRequestTarget(target);
  return parsed && { pathname: parsed.pathname, query: Object.fromEntries(parsed.query) };
};

describe('parseRequestTarget', () => {
  it('splits origin-form into path and query, leaving the path encoded and dropping a fragment', () => {
    expect(parse('/v1/rooms/a%20b?access_token=x&y=1#top')).toEqual({ pathname: '/v1/rooms/a%20b', query: { access_token: 'x', y: '1' } });
    expect(parse('/healthz')).toEqual({ pathname: '/healthz', query: {} });
    expect(parse('/?access_token=%')).toEqual({ pathname: '/', query: { access_token: '%' } });
  });

  it('reads absolute-form through URL', () => {
    expect(parse('http://host:8080/readyz?a=1')).toEqual({ pathname: '/readyz', query: { a: '1' } });
    expect(parse('WS://host/v1/audio/speech/stream')).toEqual({ pathname: '/v1/audio/speech/stream', query: {} });
  });

  it.each([
    '//',
    '//healthz',
    '//[',
    'http://[/healthz',
    'http://x:99999/',
    'http://%/',
    '*',
    'healthz',
    'ftp://x/',
    '/%',
    '/a%zz',
    undefined,
  ])('refuses %s', (target) => expect(parseRequestTarget(target)).toBeUndefined());
});
