/**
 * Converts float samples in [-1, 1] to 16-bit PCM. Values outside the range are clipped
 * (not wrapped), and NaN becomes silence, so a model that overshoots cannot produce a click.
 */
export function float32ToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]!;
    // NaN fails both comparisons below and would become 0 through the Int16Array store anyway;
    // the explicit check keeps that intentional.
    if (value !== value) continue;
    const clipped = value >= 1 ? 1 : value <= -1 ? -1 : value;
    // Asymmetric scale: -1 maps to -32768 and +1 to 32767, the full int16 range.
    out[i] = Math.round(clipped < 0 ? clipped * 32768 : clipped * 32767);
  }
  return out;
}

/** Converts 16-bit PCM to float samples in [-1, 1]; the inverse of {@link float32ToInt16}. */
export function int16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]!;
    out[i] = value < 0 ? value / 32768 : value / 32767;
  }
  return out;
}

/** Joins sample arrays into one new array of the same type (e.g. a stream's chunks, for a file). */
export function concatSamples<T extends Int16Array | Float32Array>(parts: readonly T[], make: (length: number) => T): T {
  const out = make(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
