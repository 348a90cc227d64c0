import { dispose as disposeRtc } from '@livekit/rtc-node';
import { ParleyError } from '@parley/core';
import { LiveKitConnection } from '@parley/transport-livekit';
import { firstMicrophone, languageModelFromEnv, RoomAgent, SileroVad, speechToTextFromEnv } from '@parley/voice-agent';
import { loadEngine, type EngineChoice } from './engine.js';
import { closeOnShutdown } from './shutdown.js';

/** The command line of `parley agent --livekit-url URL --room R`, parsed. */
export interface RoomAgentCommand extends EngineChoice {
  url: string;
  room: string;
  /** Who the agent joins as. */
  identity: string;
  /** A ready token; else one is minted from LIVEKIT_API_KEY / LIVEKIT_API_SECRET. */
  token?: string;
  /** The participant to listen to; else the first one that publishes a microphone. */
  participant?: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Joins the room, loads the engine and VAD, and runs a {@link RoomAgent} until SIGTERM or SIGINT
 * (or the exit of the npm that started it), which leave the room. The credentials are checked
 * first and the room joined before anything is loaded, so a missing key or an unreachable server
 * fails in well under a second. A lost connection is logged and rejoined; a session the server
 * ends exits with status 1.
 * @throws ParleyError UNAUTHORIZED without a token or keys, INTERNAL when LiveKit cannot be reached.
 */
export async function agentInRoom(command: RoomAgentCommand): Promise<void> {
  const { url, room, identity, env } = command;
  const credentials = command.token ? { token: command.token } : keysFrom(env);
  const connection = await LiveKitConnection.connect({ url, identity, room, ...credentials }).catch(async (error: unknown) => {
    // rtc-node's native client keeps the process alive even after a failed join (measured: the
    // error printed at once, then a hang): release it so `parley` exits with the error.
    await disposeRtc();
    throw error;
  });
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  let agent: RoomAgent | undefined;
  let dispose = async () => {};
  try {
    const [engine, detector] = await Promise.all([loadEngine(command), SileroVad.load()]);
    dispose = async () => void (await Promise.all([engine.tts.close(), detector.dispose()]));
    const stt = speechToTextFromEnv(env);
    const llm = languageModelFromEnv(env);
    const participants = () => firstMicrophone(connection.room, command.participant);
    agent = await RoomAgent.start(connection, participants, { stt, llm, tts: engine.tts, detector, voice: engine.tts.voices[0], log });
    console.log(
      `parley voice agent: in room "${room}" at ${url} as ${identity}, waiting for ${command.participant ?? 'a participant with a microphone'}`,
    );
    console.log(stt.describe());
    console.log(llm.describe());
    console.log(`TTS: ${engine.description}`);
  } catch (error) {
    await connection.disconnect();
    await Promise.all([dispose(), disposeRtc()]);
    throw error;
  }
  // The engine and rtc-node are let go however the agent's close ends: either keeps the process alive.
  const shutDown = closeOnShutdown(() => agent.close().finally(() => Promise.all([dispose(), disposeRtc()])));
  watchConnection(connection, room, log, shutDown);
}

/**
 * Logs a lost connection and its return (rtc-node rejoins by itself). A session the server ended
 * (removed, room deleted, the same identity joined elsewhere) has nothing to rejoin: the agent
 * shuts down with status 1, for whoever supervises the process.
 */
function watchConnection(connection: LiveKitConnection, room: string, log: (line: string) => void, shutDown: () => void): void {
  connection.connectionChanges().subscribe((change) => {
    if (change.type !== 'ended')
      return log(change.type === 'reconnecting' ? 'lost the connection to LiveKit: reconnecting' : 'reconnected to LiveKit');
    console.error(`parley: INTERNAL: LiveKit ended the agent's session in room "${room}" (${change.reason})`);
    process.exitCode = 1;
    shutDown();
  });
}

/** The API key and secret to mint a token with; checked here so the message names the variables. */
function keysFrom(env: NodeJS.ProcessEnv): { apiKey: string; apiSecret: string } {
  const apiKey = env.LIVEKIT_API_KEY;
  const apiSecret = env.LIVEKIT_API_SECRET;
  if (!apiKey || !apiSecret) {
    throw new ParleyError('UNAUTHORIZED', 'no LiveKit credentials: set LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or pass --token');
  }
  return { apiKey, apiSecret };
}
