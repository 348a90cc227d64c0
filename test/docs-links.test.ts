import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Links a maintainer can follow. Code comments cite the docs as `docs/<file>.md#<anchor>`, from
 * the repository root; markdown files link with relative paths. Each must name a file that
 * exists and, with an anchor, a heading in it, by the slugs GitHub gives headings.
 */

const ROOT = join(import.meta.dirname, '..');
/** The files whose text is read for links: code, scripts and markdown. */
const SCANNED = /\.(md|[cm]?[jt]s|py|sh)$/;

describe('links into the docs', () => {
  // This file's own examples of broken links are not links.
  const self = relative(ROOT, import.meta.filename);
  const files = repositoryFiles(ROOT).filter((file) => SCANNED.test(file) && file !== self);

  it('every docs/<file>.md#<anchor> in the code and every relative markdown link points to a file and heading that exist', () => {
    const broken = files.flatMap((file) => brokenLinks(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(broken).toEqual([]);
  });

  it('finds the links it checks: the code cites the docs', () => {
    const cited = files.filter((file) => !file.endsWith('.md') && /docs\/\w+\.md#/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(cited.length).toBeGreaterThan(20);
  });

  it('reports a missing heading, a missing file and a wrong relative path', () => {
    const code = '// see docs/model.md#no-such-heading and docs/nothing.md#x, and docs/model.md#prompt-layout';
    expect(brokenLinks('packages/x/src/a.ts', code)).toEqual([
      'packages/x/src/a.ts: docs/model.md has no heading #no-such-heading',
      'packages/x/src/a.ts: docs/nothing.md does not exist',
    ]);
    const markdown =
      'See [the layout](docs/model.md#prompt-layout), [this](#here), [not this](#there) and [that](../model.md).\n\n## Here\n';
    expect(brokenLinks('packages/x/README.md', markdown)).toEqual([
      'packages/x/README.md: packages/x/docs/model.md does not exist',
      'packages/x/README.md: packages/x/README.md has no heading #there',
      'packages/x/README.md: packages/model.md does not exist',
    ]);
  });

  it('slugs headings the way GitHub does', () => {
    expect(
      headingAnchors(
        '## Prompt layout\n### `session.config` fields\n## The voice agent (apps/voice-agent)\n## Sizes\n## Sizes\n```\n# not a heading\n```\n',
      ),
    ).toEqual(new Set(['prompt-layout', 'sessionconfig-fields', 'the-voice-agent-appsvoice-agent', 'sizes', 'sizes-1']));
  });
});

/** The repository's files (tracked, and untracked ones git does not ignore), relative to `root`. */
function repositoryFiles(root: string): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return listed.split('\0').filter((file) => file !== '' && existsSync(join(root, file)));
}

/** What is wrong with the links in `text`, the content of `file` (relative to the root). */
function brokenLinks(file: string, text: string): string[] {
  const links = file.endsWith('.md') ? [...markdownLinks(file, text), ...docsCitations(codeSpans(text))] : docsCitations(text);
  const broken: string[] = [];
  for (const { target, anchor } of links) {
    const path = join(ROOT, target);
    const own = target === file;
    if (!own && !existsSync(path)) broken.push(`${file}: ${target} does not exist`);
    else if (anchor !== undefined && target.endsWith('.md') && !headingAnchors(own ? text : readFileSync(path, 'utf8')).has(anchor)) {
      broken.push(`${file}: ${target} has no heading #${anchor}`);
    }
  }
  return broken;
}

interface Link {
  /** The linked file, relative to the root. */
  readonly target: string;
  readonly anchor: string | undefined;
}

/** `docs/<file>.md#<anchor>` citations in code, which are relative to the root. */
function docsCitations(text: string): Link[] {
  return [...text.matchAll(/(?<![\w./-])docs\/([\w-]+\.md)(?:#([\w-]+))?/g)].map((match) => ({
    target: `docs/${match[1]}`,
    anchor: match[2],
  }));
}

/** Relative markdown links `[text](path#anchor)` outside code blocks, resolved against `file`'s folder. */
function markdownLinks(file: string, text: string): Link[] {
  const links: Link[] = [];
  for (const match of withoutCode(text).matchAll(/\]\(([^()\s]+)\)/g)) {
    const [path = '', anchor] = match[1]!.split('#') as [string, string | undefined];
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) continue; // https:, mailto:, …
    const target = path === '' ? file : relative(ROOT, resolve(ROOT, dirname(file), path));
    links.push({ target, anchor });
  }
  return links;
}

const FENCED_BLOCK = /^```[^\n]*\n[\s\S]*?^```/gm;
const CODE_SPAN = /`[^`\n]*`/g;

/** `markdown` with fenced code blocks and inline code spans left out. */
function withoutCode(markdown: string): string {
  return markdown.replace(FENCED_BLOCK, '').replace(CODE_SPAN, '');
}

/** The inline code spans of `markdown`, where a README may cite a doc the way code does. */
function codeSpans(markdown: string): string {
  return (markdown.replace(FENCED_BLOCK, '').match(CODE_SPAN) ?? []).join('\n');
}

/** The anchors GitHub gives the headings of `markdown` (and explicit `<a id>`/`<a name>` anchors). */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of markdown.replace(FENCED_BLOCK, '').matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = githubSlug(match[1]!);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1]!);
  return anchors;
}

/** GitHub's heading slug: the text of links kept, lower case, punctuation dropped, spaces to hyphens. */
function githubSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}
