/**
 * Imported first by the plugin's entry point, so that it runs before anything loads
 * onnxruntime-node: an app with a second copy of another version (as the Silero plugin brings)
 * gets the fix in an error at import instead of an obscure native failure later.
 */
import { assertOneOnnxRuntime } from './one-onnxruntime.js';

assertOneOnnxRuntime();
