/**
 * The code blocks of a README, and what the pack test does with each, read from the fence's info
 * string (the words after the language, which GitHub and npm do not render):
 *
 * - ` ```ts `: compiled and run with plain Node; it must exit 0.
 * - ` ```ts server `: run until it prints its first line, then sent SIGTERM; it must exit 0.
 * - ` ```ts typecheck-only: <why> `: only type-checked, because it needs what the test machine
 *   lacks (real weights, a GPU, a LiveKit server, a hosted LLM); the reason is required.
 * - ` ```json package.json `: a part of the user's package.json, merged into the test project's.
 *
 * Blocks in other languages (`sh`, diagrams) are not run.
 */

/** What the pack test does with a block. */
type BlockUse = 'run' | 'server' | 'typecheck-only' | 'package.json';

/** One fenced block the pack test uses. */
export interface ReadmeBlock {
  /** The README it is in, relative to the repository root. */
  readonly readme: string;
  /** The line of its opening fence (1-based). */
  readonly line: number;
  readonly use: BlockUse;
  /** Why a `typecheck-only` block is not run. */
  readonly reason?: string;
  readonly code: string;
}

const FENCE = /^```(\S*)\s*(.*)$/;

/** The blocks of `markdown` (the README at `readme`) that the pack test uses; throws on a marker it does not know. */
export function readmeBlocks(readme: string, markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let start = 0; start < lines.length; start++) {
    const open = FENCE.exec(lines[start]!);
    if (!open) continue;
    const end = lines.findIndex((line, i) => i > start && line.startsWith('```'));
    if (end < 0) throw new Error(`${readme}:${start + 1}: a code block that never ends`);
    const use = blockUse(`${readme}:${start + 1}`, open[1]!, open[2]!.trim());
    if (use) blocks.push({ readme, line: start + 1, ...use, code: lines.slice(start + 1, end).join('\n') + '\n' });
    start = end;
  }
  return blocks;
}

function blockUse(where: string, lang: string, info: string): { use: BlockUse; reason?: string } | undefined {
  if (lang === 'json') return info === 'package.json' ? { use: 'package.json' } : undefined;
  if (lang !== 'ts' && lang !== 'typescript') return undefined;
  if (info === '') return { use: 'run' };
  if (info === 'server') return { use: 'server' };
  const typecheckOnly = /^typecheck-only:\s*(\S.*)$/.exec(info);
  if (typecheckOnly) return { use: 'typecheck-only', reason: typecheckOnly[1]! };
  throw new Error(`${where}: unknown code block marker "${info}" (use server, or typecheck-only: <why>)`);
}

/** The packages `code` imports by bare name (`rxjs`, `@livekit/agents`), without Node's own modules. */
export function importedPackages(code: string): string[] {
  const specifiers = [...code.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((match) => match[1]!);
  const names = specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return [...new Set(names)].sort();
}
