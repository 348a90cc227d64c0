/** Output sample rate of the 12 Hz codec decoder, and the input rate of the codec encoder. */
export const SAMPLE_RATE_HZ = 24_000;

/** Samples per codec frame: the decoder upsamples each frame 8·5·4·3·2·2 times; 12.5 frames a second. */
export const SAMPLES_PER_FRAME = 1920;
