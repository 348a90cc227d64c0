import type * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { OnnxGraph } from '../model/onnx-graph.js';
import { float32Tensor } from '../model/tensors.js';
import type { PromptLayout } from './layout.js';
import { embedPrompt } from './prefill-embeds.js';

const H = 2;

/** An embedding graph that records the ids it is fed and returns [id·scale, id·scale + 1] per id. */
function recordingGraph(scale: number) {
  const calls: number[][] = [];
  const graph = {
    run: async (feeds: Record<string, ort.Tensor>) => {
      const ids = Array.from(feeds['input_ids']!.data as BigInt64Array, Number);
      calls.push(ids);
      return { embeds: float32Tensor(Float32Array.from(ids.flatMap((id) => [id * scale, id * scale + 1])), [1, ids.length, H]) };
    },
  } as unknown as OnnxGraph;
  return { graph, calls };
}

describe('embedPrompt', () => {
  it('sends text ids to text_project and codec ids to codec_embed in one call each, and sums the tracks per position', async () => {
    const text = recordingGraph(1);
    const codec = recordingGraph(1000);
    const layout: PromptLayout = {
      positions: [
        { text: 5, codec: undefined },
        { text: 7, codec: 3 },
        { text: undefined, codec: 4 },
      ],
      trailing: [8, 9],
    };
    const result = await embedPrompt({ textProject: text.graph, codecEmbed: codec.graph }, layout, 99, H);
    expect(text.calls).toEqual([[5, 7, 8, 9, 99]]);
    expect(codec.calls).toEqual([[3, 4]]);
    expect(Array.from(result.embeds)).toEqual([5, 6, 7 + 3000, 8 + 3001, 4000, 4001]);
    expect(result.trailing.map((row) => Array.from(row))).toEqual([
      [8, 9],
      [9, 10],
    ]);
    expect(Array.from(result.ttsPad)).toEqual([99, 100]);
  });

  it("adds a cloned voice's speaker vector and reference frames where the layout names them, without codec_embed for them", async () => {
    const text = recordingGraph(1);
    const codec = recordingGraph(1000);
    const layout: PromptLayout = {
      positions: [
        { text: 5, codec: 'speaker' },
        { text: 6, codec: 3 },
        { text: 7, codec: { referenceFrame: 1 } },
      ],
      trailing: [],
    };
    const clone = { speaker: Float32Array.of(0.5, 0.25), referenceFrames: [Float32Array.of(-1, -1), Float32Array.of(100, 200)] };
    const result = await embedPrompt({ textProject: text.graph, codecEmbed: codec.graph }, layout, 99, H, undefined, clone);
    expect(codec.calls).toEqual([[3]]);
    expect(Array.from(result.embeds)).toEqual([5.5, 6.25, 6 + 3000, 7 + 3001, 107, 208]);
    await expect(embedPrompt({ textProject: text.graph, codecEmbed: codec.graph }, layout, 99, H)).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });
});
