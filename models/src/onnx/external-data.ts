/**
 * When a model writer moves initializers into a `<file>.data` side file. Its own module, with no
 * protobuf types, so that the public declarations that name it (the stand-in's options) do not
 * pull onnx-proto's declarations into a user's program.
 */
export type ExternalDataMode = 'auto' | 'always' | 'never';
