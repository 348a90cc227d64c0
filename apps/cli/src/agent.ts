import { languageModelFromEnv, SileroVad, speechToTextFromEnv, startAgentServer } from '@parley/voice-agent';
import { agentInRoom } from './agent-livekit.js';
import { ENGINE_OPTIONS, ENGINE_USAGE, loadEngine } from './engine.js';
import { LISTEN_OPTIONS } from './listen-options.js';
import { closeOnShutdown } from './shutdown.js';
import { parseCommandLine, parseInteger, UsageError } from './usage-error.js';

const USAGE = `usage: parley agent [--port N] [--host ADDR] [--require-token] [--llm-url URL --llm-model M] [--stt-url URL --stt-model M]
                    [--engine E] [--model DIR] [--device D] [--clone-audio FILE [--clone-text T]]
       parley agent --livekit-url URL --room R [--identity ID] [--participant ID] [--token T] [...]

Runs the voice agent and its web page: open the URL it prints, press Start and talk.
With --livekit-url and --room it joins a LiveKit room instead (no web page): it publishes its
speech as a microphone track and talks with the first participant that publishes a microphone.

  --port N          port to listen on (default 8080, or $PORT)
  --host ADDR       address to bind (default 127.0.0.1)
  --require-token   a page needs a LiveKit access token that may publish (open the page as
                    /?access_token=…; signed with $LIVEKIT_API_KEY / $LIVEKIT_API_SECRET)
  --llm-url URL     OpenAI-compatible chat URL (default $PARLEY_LLM_URL)
  --llm-model NAME  the chat model, required with a chat URL (default $PARLEY_LLM_MODEL)
  --stt-url URL     OpenAI-compatible transcription URL (default $PARLEY_STT_URL)
  --stt-model NAME  the transcription model, required with its URL (default $PARLEY_STT_MODEL)
  --livekit-url URL a LiveKit server (wss://…, or ws:// for a local one): join a room instead
  --room R          the room to join (with --livekit-url)
  --identity ID     who the agent joins as (default parley-agent)
  --participant ID  talk to this participant (default: the first with a microphone)
  --token T         a LiveKit access token (default: minted from $LIVEKIT_API_KEY and
                    $LIVEKIT_API_SECRET for --identity in --room)
${ENGINE_USAGE}

Without --llm-url the built-in local responder answers; without --stt-url speech is detected
but not transcribed.`;

/** `parley agent`'s command line: the listener's, the room's and the engine's options. */
const AGENT_OPTIONS = {
  ...LISTEN_OPTIONS,
  'require-token': { type: 'boolean', default: false },
  'llm-url': { type: 'string' },
  'llm-model': { type: 'string' },
  'stt-url': { type: 'string' },
  'stt-model': { type: 'string' },
  'livekit-url': { type: 'string' },
  room: { type: 'string' },
  identity: { type: 'string', default: 'parley-agent' },
  participant: { type: 'string' },
  token: { type: 'string' },
  ...ENGINE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** The environment the LLM and STT clients read, with the command line's choices in it. */
function serviceEnv(values: Partial<Record<'llm-url' | 'llm-model' | 'stt-url' | 'stt-model', string>>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const [option, variable] of SERVICE_VARIABLES) if (values[option]) env[variable] = values[option];
  for (const service of ['llm', 'stt'] as const) {
    const [url, model] = [env[`PARLEY_${service.toUpperCase()}_URL`], env[`PARLEY_${service.toUpperCase()}_MODEL`]];
    if (url?.trim() && !model?.trim()) {
      const from = values[`${service}-url`] ? `--${service}-url` : `$PARLEY_${service.toUpperCase()}_URL`;
      throw new UsageError(`${from} needs a model name: pass --${service}-model NAME or set PARLEY_${service.toUpperCase()}_MODEL`);
    }
  }
  return env;
}

const SERVICE_VARIABLES = [
  ['llm-url', 'PARLEY_LLM_URL'],
  ['llm-model', 'PARLEY_LLM_MODEL'],
  ['stt-url', 'PARLEY_STT_URL'],
  ['stt-model', 'PARLEY_STT_MODEL'],
] as const;

/** `parley agent`: the voice agent behind a web page, until SIGTERM or SIGINT (or the exit of the npm that started it). */
export async function agent(argv: string[]): Promise<void> {
  const { values } = parseCommandLine({ args: argv, options: AGENT_OPTIONS }, USAGE);
  if (values.help) return console.log(USAGE);
  const env = serviceEnv(values);
  const url = values['livekit-url'];
  if (url !== undefined || values.room !== undefined) {
    if (!url || !values.room) throw new UsageError(`--livekit-url and --room go together\n\n${USAGE}`);
    const { identity, participant, token } = values;
    return agentInRoom({
      ...values,
      url,
      room: values.room,
      identity,
      env,
      ...(participant ? { participant } : {}),
      ...(token ? { token } : {}),
    });
  }
  const port = parseInteger('port', values.port, 0, 65_535);
  const stt = speechToTextFromEnv(env);
  const llm = languageModelFromEnv(env);
  const [engine, detector] = await Promise.all([loadEngine(values), SileroVad.load()]);
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const parts = { stt, llm, tts: engine.tts, ttsDescription: engine.description, detector, log };
  const auth = values['require-token'] ? { auth: {} } : {};
  const mapper = engine.synthesisOptions ? { synthesisOptions: engine.synthesisOptions } : {};
  const server = await startAgentServer(parts, { port, host: values.host, ...auth, ...mapper });
  closeOnShutdown(() => server.close().then(() => Promise.all([engine.tts.close(), detector.dispose()])));
  console.log(`parley voice agent: open ${server.url} in a browser`);
  console.log(stt.describe());
  console.log(llm.describe());
  console.log(`TTS: ${engine.description}`);
}
