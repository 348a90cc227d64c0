import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STANDIN_SIZES } from '../../standin/sizes.js';
import { communityFrameGraphs, greedyFrames, parleyFrameGraphs } from '../../test-support/greedy-frame-loop.js';
import { freshStandin, randomFloats, removeTemporaryDirs } from '../../test-support/ort.js';

// Issue 7 "Proof": identical greedy codes for ≥ 32 frames, community vs parley layout, same weights.
const sizes = DEFAULT_STANDIN_SIZES;
const FRAMES = 40;

let dir: string;

beforeAll(async () => {
  dir = await freshStandin({ layout: 'community+parley' });
});

afterAll(removeTemporaryDirs);

describe('greedy frame loop: community vs parley layout', () => {
  it.each([
    { name: 'an 8-position prompt', prompt: 8, seed: 91 },
    { name: 'a 20-position prompt', prompt: 20, seed: 92 },
    { name: 'a 1-position prompt', prompt: 1, seed: 93 },
  ])(`gives identical codes for ${FRAMES} frames from $name`, async ({ prompt, seed }) => {
    const embeds = randomFloats(prompt * sizes.hidden, seed);
    const pad = randomFloats(sizes.hidden, seed + 100);
    const community = await greedyFrames(dir, await communityFrameGraphs(dir, sizes), embeds, pad, FRAMES);
    const parley = await greedyFrames(dir, await parleyFrameGraphs(dir, sizes), embeds, pad, FRAMES);
    expect(parley).toEqual(community);
    expect(community).toHaveLength(FRAMES);
    // Not a degenerate loop: the codes vary over frames.
    expect(new Set(community.map((f) => f.join(','))).size).toBeGreaterThan(FRAMES / 2);
  });
});
