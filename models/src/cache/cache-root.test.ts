import { describe, expect, it } from 'vitest';
import { defaultCacheRoot, tellOnce } from './cache-root.js';

describe('defaultCacheRoot', () => {
  it('is $PARLEY_CACHE when set (made absolute), else the platform cache directory, never node_modules', () => {
    expect(defaultCacheRoot({ PARLEY_CACHE: '/data/parley' }, 'linux', '/home/ada')).toBe('/data/parley');
    expect(defaultCacheRoot({ PARLEY_CACHE: 'rel' }, 'linux', '/home/ada')).toBe(`${process.cwd()}/rel`);
    expect(defaultCacheRoot({}, 'linux', '/home/ada')).toBe('/home/ada/.cache/parley');
    expect(defaultCacheRoot({ XDG_CACHE_HOME: '/var/cache/ada' }, 'linux', '/home/ada')).toBe('/var/cache/ada/parley');
    expect(defaultCacheRoot({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Caches/parley');
    expect(defaultCacheRoot({ LOCALAPPDATA: '/c/Users/ada/AppData/Local' }, 'win32', '/c/Users/ada')).toBe(
      '/c/Users/ada/AppData/Local/parley/Cache',
    );
  });
});

describe('tellOnce', () => {
  it('tells each key once per process', () => {
    const lines: string[] = [];
    for (const key of ['a', 'b', 'a']) tellOnce(`test-${key}`, `line ${key}`, (line) => lines.push(line));
    expect(lines).toEqual(['line a', 'line b']);
  });
});
