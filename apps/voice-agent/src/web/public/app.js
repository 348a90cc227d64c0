// The voice agent page: microphone → 16-bit PCM over the WebSocket; agent audio → a player
// worklet; transcript, latency and status from the server's JSON messages. No build step.
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
/** What a test (or a curious person in the console) can read. */
const state = (window.parley = {
  connected: false,
  listening: false,
  receivedBytes: 0,
  playedSamples: 0,
  queuedSamples: 0,
  clears: 0,
  outPeak: 0,
  transcript: [],
  metrics: [],
});
/** Agent audio a clear dropped, and what had been received at the last clear (output-rate samples). */
let droppedOut = 0;
let receivedAtClear = 0;
/** Counts at the current connection's hello: each connection's server counts from zero. */
let receivedBase = 0;
/** How often the page tells the server what it played: the server cuts interrupted answers by it. */
const PLAYED_REPORT_MS = 100;
let socket;
let context;
let player;
let micStream;
let outRate = 24000;

function status(text, kind) {
  $('status').textContent = text;
  $('status').className = `status ${kind}`;
}

function problem(text) {
  $('problem').hidden = !text;
  $('problem').textContent = text || '';
}

function connect() {
  status('connecting…', 'connecting');
  // A server with auth on takes the page's token from its own URL: /?access_token=...
  const token = params.get('access_token');
  const query = token ? `?access_token=${encodeURIComponent(token)}` : '';
  socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/conversation${query}`);
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    state.connected = true;
    status('connected', 'connected');
    problem('');
    $('start').disabled = false;
  };
  socket.onclose = (event) => {
    const wasConnected = state.connected;
    state.connected = false;
    stopMic();
    status('server gone', 'gone');
    // A refusal (4401 no valid token, 4429 too many pages, …) was explained by its error message.
    if (event.code < 4000)
      problem(wasConnected ? 'The server went away. Reconnecting…' : 'Cannot reach the server. Is "parley agent" running? Retrying…');
    ['start', 'stop', 'interrupt'].forEach((id) => ($(id).disabled = true));
    setTimeout(connect, 2000);
  };
  socket.onmessage = (event) => (typeof event.data === 'string' ? onMessage(JSON.parse(event.data)) : onAudio(event.data));
}

function onMessage(message) {
  switch (message.type) {
    case 'hello':
      return hello(message);
    case 'clear':
      return clear();
    case 'listening':
      return listening(message.listening);
    case 'user':
      return addLine(message.turn, 'user', message.text || '(speech heard, no words: no recognizer configured)');
    case 'agent-partial':
      return addLine(message.turn, 'agent', message.text);
    case 'agent':
      return addLine(message.turn, 'agent', message.text, message.interrupted);
    case 'interrupted':
      return;
    case 'metrics':
      return addMetrics(message.metrics);
    // A turn's failure carries its turn; the connection's own errors (a refused token, a full
    // server, a message not understood) do not.
    case 'error':
      return problem(
        message.turn === undefined
          ? `${message.code}: ${message.message}`
          : `Turn ${message.turn} failed: ${message.code}: ${message.message}`,
      );
  }
}

function hello(message) {
  outRate = message.sampleRate;
  receivedBase = state.receivedBytes / 2;
  droppedOut = -toOutRate(state.playedSamples);
  $('stt').textContent = message.stt;
  $('llm').textContent = message.llm;
  $('tts').textContent = message.tts;
  const select = $('voice');
  select.replaceChildren(...message.voices.map((voice) => new Option(voice, voice, false, voice === message.voice)));
  // A Base model has no named voices: it speaks in the voice it clones (--clone-audio).
  select.disabled = message.voices.length === 0;
  $('voice-label').hidden = message.voices.length === 0;
  $('voice-note').hidden = message.voices.length > 0;
  // Its own banner, not a problem: it stays while the stand-in's noise plays, whatever else is reported.
  $('standin').hidden = !/stand-in/.test(message.tts);
  state.hello = message;
}

function addLine(turn, role, text, interrupted = false) {
  let entry = state.transcript.find((e) => e.turn === turn && e.role === role);
  if (!entry) {
    entry = { turn, role, text, interrupted, element: document.createElement('li') };
    state.transcript.push(entry);
    $('transcript').append(entry.element);
  }
  Object.assign(entry, { text, interrupted });
  entry.element.className = `${role}${interrupted ? ' interrupted' : ''}`;
  entry.element.textContent = text;
}

function addMetrics(metrics) {
  state.metrics.push(metrics);
  const ms = (value) => (value === undefined || value === null ? '–' : `${Math.round(value)} ms`);
  const row = document.createElement('tr');
  for (const value of [
    metrics.turn,
    ms(metrics.endOfTurnMs),
    ms(metrics.sttMs),
    ms(metrics.llmFirstTokenMs),
    ms(metrics.ttsFirstAudioMs),
    ms(metrics.voiceToVoiceMs),
  ]) {
    row.append(Object.assign(document.createElement('td'), { textContent: value }));
  }
  $('metrics').tBodies[0].append(row);
}

/** Barge-in: drop the player's buffer; its answer (the count at the cut) is reported at once. */
function clear() {
  state.clears++;
  receivedAtClear = state.receivedBytes / 2 - receivedBase;
  if (player) player.port.postMessage('clear');
}

/** The worklet's counts are at the context's rate; the server counts at the agent audio's. */
const toOutRate = (samples) => (context ? (samples * outRate) / context.sampleRate : 0);

/** The playhead the server asked for: played plus dropped, since the first agent audio. */
function reportPlayed() {
  if (!player || !socket || socket.readyState !== WebSocket.OPEN) return;
  const samples = Math.round(toOutRate(state.playedSamples) + droppedOut);
  socket.send(JSON.stringify({ type: 'played', samples, buffered: Math.round(toOutRate(state.queuedSamples)) }));
}

function onPlayerReport(data) {
  state.playedSamples = data.played;
  state.queuedSamples = data.queued;
  state.outPeak = Math.max(state.outPeak, data.peak);
  $('out-level').value = data.peak;
  if (!data.cleared) return;
  // Everything received before the clear is now played or dropped.
  droppedOut = Math.max(droppedOut, receivedAtClear - toOutRate(data.played));
  reportPlayed();
}

/** Agent audio: 16-bit PCM at `outRate`, resampled (linear) to the context's rate for the player. */
function onAudio(buffer) {
  state.receivedBytes += buffer.byteLength;
  $('received').textContent = String(state.receivedBytes);
  if (!player) return;
  const input = new Int16Array(buffer);
  const ratio = outRate / context.sampleRate;
  const out = new Float32Array(Math.floor(input.length / ratio));
  for (let i = 0; i < out.length; i++) {
    const at = i * ratio;
    const j = Math.floor(at);
    const next = j + 1 < input.length ? input[j + 1] : input[j];
    out[i] = (input[j] + (next - input[j]) * (at - j)) / 32768;
  }
  player.port.postMessage(out, [out.buffer]);
}

async function start() {
  problem('');
  try {
    context = context || new AudioContext();
    await context.resume();
    await context.audioWorklet.addModule('mic-worklet.js');
    await context.audioWorklet.addModule('player-worklet.js');
    // Echo cancellation keeps the agent's own voice from interrupting it; ?raw=1 turns the
    // browser's processing off (tests feed a file as the microphone and want it untouched).
    const raw = params.get('raw') === '1';
    micStream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: !raw, noiseSuppression: !raw, autoGainControl: false },
    });
  } catch (error) {
    const denied = error && (error.name === 'NotAllowedError' || error.name === 'SecurityError');
    problem(
      denied
        ? 'Microphone access was denied. Allow the microphone for this page in the browser settings, then press Start again.'
        : `Cannot start audio: ${error}`,
    );
    return;
  }
  state.playerRate = context.sampleRate;
  player = player || new AudioWorkletNode(context, 'agent-player', { outputChannelCount: [1] });
  player.connect(context.destination);
  player.port.onmessage = ({ data }) => onPlayerReport(data);
  const mic = new AudioWorkletNode(context, 'mic-capture');
  context.createMediaStreamSource(micStream).connect(mic);
  mic.port.onmessage = ({ data }) => sendMic(data);
  socket.send(JSON.stringify({ type: 'start', sampleRate: context.sampleRate }));
}

function sendMic(block) {
  if (!state.listening || socket.readyState !== WebSocket.OPEN) return;
  const pcm = new Int16Array(block.length);
  let peak = 0;
  for (let i = 0; i < block.length; i++) {
    const s = Math.max(-1, Math.min(1, block[i]));
    pcm[i] = s < 0 ? s * 32768 : s * 32767;
    peak = Math.max(peak, Math.abs(s));
  }
  $('mic-level').value = peak;
  socket.send(pcm.buffer);
}

function stopMic() {
  if (micStream) micStream.getTracks().forEach((track) => track.stop());
  micStream = undefined;
  listening(false);
}

function listening(on) {
  state.listening = on;
  $('start').disabled = on || !state.connected;
  $('stop').disabled = !on;
  $('interrupt').disabled = !on;
}

$('start').onclick = () => void start();
$('stop').onclick = () => {
  socket.send(JSON.stringify({ type: 'stop' }));
  stopMic();
};
$('interrupt').onclick = () => socket.send(JSON.stringify({ type: 'interrupt' }));
$('voice').onchange = (event) => socket.send(JSON.stringify({ type: 'voice', voice: event.target.value }));
connect();
setInterval(reportPlayed, PLAYED_REPORT_MS);
