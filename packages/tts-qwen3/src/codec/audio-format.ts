/** Output sample rate of the 12 Hz codec decoder (doc §1). */
export const SAMPLE_RATE_HZ = 24_000;

/** Samples per codec frame: 8·5·4·3·2·2 (doc §1); 12.5 frames a second. */
export const SAMPLES_PER_FRAME = 1920;
