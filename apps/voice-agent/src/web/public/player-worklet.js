// Agent audio playback with a small jitter buffer: when idle, waits until `prebufferMs` of audio
// is queued before it starts, so network gaps do not click; `clear` drops everything at once.
class Player extends AudioWorkletProcessor {
  constructor() {
    super();
    this.queue = [];
    this.offset = 0;
    this.queued = 0;
    this.playing = false;
    this.waited = 0;
    this.prebuffer = Math.round(sampleRate * 0.06); // 60 ms
    this.played = 0;
    this.sinceReport = 0;
    this.peak = 0;
    this.port.onmessage = (event) => {
      if (event.data === 'clear') {
        this.queue = [];
        this.offset = 0;
        this.queued = 0;
        this.playing = false;
        // The exact count at the cut: the page turns it into the playhead it reports back.
        this.port.postMessage({ played: this.played, peak: 0, queued: 0, cleared: true });
      } else {
        this.queue.push(event.data);
        this.queued += event.data.length;
      }
    };
  }
  process(_inputs, outputs) {
    const out = outputs[0][0];
    // A short tail (less than the prebuffer) still plays once nothing more came for ~8 blocks.
    if (!this.playing && this.queued > 0 && (this.queued >= this.prebuffer || ++this.waited > 8)) {
      this.playing = true;
      this.waited = 0;
    }
    for (let i = 0; i < out.length; i++) {
      if (!this.playing || this.queue.length === 0) {
        out[i] = 0;
        continue;
      }
      const head = this.queue[0];
      out[i] = head[this.offset++];
      this.peak = Math.max(this.peak, Math.abs(out[i]));
      this.played++;
      this.queued--;
      if (this.offset === head.length) {
        this.queue.shift();
        this.offset = 0;
      }
    }
    if (this.queue.length === 0) this.playing = false;
    for (let c = 1; c < outputs[0].length; c++) outputs[0][c].set(out);
    if ((this.sinceReport += out.length) >= sampleRate / 20) {
      this.port.postMessage({ played: this.played, peak: this.peak, queued: this.queued });
      this.sinceReport = 0;
      this.peak = 0;
    }
    return true;
  }
}
registerProcessor('agent-player', Player);
