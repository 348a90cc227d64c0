import { CONVERT_PRECISIONS, convertCheckpoint, formatSize, type ConvertProgress, type ConvertedModel } from '@parley/models';
import { UsageError, parseCommandLine } from './usage-error.js';

/** A weight precision the converter writes. */
type Precision = (typeof CONVERT_PRECISIONS)[number];

/** The usage lines of `parley models convert`, for the `models` usage text. */
export const CONVERT_USAGE = `convert  builds the parley layout (fast KV-cached talker and code predictor graphs) from an
         official Qwen3-TTS checkpoint directory (config.json + model.safetensors, or shards),
         with the codec decoder from its speech_tokenizer/ and a Base model's speaker encoder,
         copying what it cannot build from --codec

  --codec DIR      a community-layout model directory (e.g. one "models fetch" downloaded) to
                   copy tokenizer12hz_encode.onnx from, and tokenizer12hz_decode.onnx (required)
                   and speaker_encoder.onnx when the checkpoint has no weights to build them
                   from (default: the checkpoint directory)
  --precision P    weight precision of the built graphs: ${CONVERT_PRECISIONS.join(', ')} (default fp32)`;

/**
 * `parley models convert CHECKPOINT_DIR OUT_DIR [--codec DIR] [--precision P]`: one progress line
 * per file on stderr, a summary on stdout.
 */
export async function convertCommand(argv: string[], usage: string): Promise<void> {
  const { values, positionals } = parseCommandLine(
    {
      args: argv,
      allowPositionals: true,
      options: { codec: { type: 'string' }, precision: { type: 'string', default: 'fp32' }, help: { type: 'boolean', short: 'h' } },
    },
    usage,
  );
  if (values.help) return console.log(usage);
  const [checkpointDir, outDir, ...extra] = positionals;
  if (checkpointDir === undefined || outDir === undefined || extra.length > 0)
    throw new UsageError(`give a checkpoint directory and an output directory\n\n${usage}`);
  const precision = values.precision as Precision;
  if (!CONVERT_PRECISIONS.includes(precision))
    throw new UsageError(`--precision ${values.precision} is not supported; supported: ${CONVERT_PRECISIONS.join(', ')}`);
  console.error(`converting ${checkpointDir} into ${outDir} (${precision})`);
  const model = await convertCheckpoint({
    checkpointDir,
    outDir,
    precision,
    onProgress: (progress) => console.error(progressLine(progress)),
    ...(values.codec === undefined ? {} : { codecDir: values.codec }),
  });
  console.log(summaryLine(model, precision));
}

/** `[3/11] built code_predictor_embed.onnx: 125.8 MB in 1.2 s` */
function progressLine(p: ConvertProgress): string {
  return `[${p.index}/${p.total}] ${p.action} ${p.file}: ${formatSize(p.bytes)} in ${p.seconds.toFixed(1)} s`;
}

/** `converted into DIR: 12 files, 21.3 MB in 0.8 s (parley layout, fp32)` */
function summaryLine(model: ConvertedModel, precision: Precision): string {
  const files = Object.keys(model.files).length;
  return `converted into ${model.outDir}: ${files} files, ${formatSize(model.bytes)} in ${model.seconds.toFixed(1)} s (parley layout, ${precision})`;
}
