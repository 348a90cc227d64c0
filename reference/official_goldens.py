"""Runs the official Qwen3-TTS implementation (the `qwen-tts` package) on parley's small random
checkpoints and writes what it computes as goldens that parley's tests compare against.

    python reference/official_goldens.py CHECKPOINTS_DIR GOLDENS_FILE

CHECKPOINTS_DIR holds the checkpoints reference/checkpoints.ts wrote (official format: config.json,
model.safetensors, the text tokenizer, speech_tokenizer/ with the decoder's weights). This script
adds what the official loader also reads (`generation_config.json`), loads each checkpoint with
`Qwen3TTSModel.from_pretrained` in float32 on the CPU, and records, per case: the prompt ids as
the official wrapper tokenizes them, the talker's first logits, and every frame's 16 codes of a
greedy generation. Also: the ids of a tokenizer corpus, the pre-tokenizer the official processor
really uses, the speaker encoder's log-mel of a clip, and the speech tokenizer decoder's
waveform for seeded codes.
"""

import base64
import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import torch
from qwen_tts import Qwen3TTSModel, VoiceClonePromptItem
from transformers import AutoTokenizer
from qwen_tts.core.models.modeling_qwen3_tts import mel_spectrogram
from safetensors import safe_open

# Frames of every generation: random weights rarely sample EOS, so most cases run to the cap.
MAX_NEW_TOKENS = 12
SEED = 2026

TEXTS = {
    "short": "Hello world.",
    "long": "The quick brown fox jumps over the lazy dog, and then it runs far away into the forest.",
    "chinese": "今天天气很好，我们去公园散步吧。",
    "mixed": "Qwen3-TTS 支持 10 种语言, right?",
}

# Each case: the checkpoint, the text, and what the official generate() is given. `clone`
# gives a Base model a speaker vector (x-vector) and reference codes with a transcript (ICL)
# directly: the speaker and codec encoders are not part of this comparison.
CASES = [
    {"name": "cv-english-streaming", "checkpoint": "cv-0b6", "text": "short", "speaker": "ryan", "language": "english", "non_streaming": False, "repetition_penalty": 1.0},
    {"name": "cv-english-streaming-penalty", "checkpoint": "cv-0b6", "text": "long", "speaker": "ryan", "language": "english", "non_streaming": False, "repetition_penalty": 1.05},
    # A long run with a strong penalty: random weights make flat logits, under which 1.05 rarely
    # changes a greedy pick; 1.5 over 40 frames does (checked: without it the codes differ).
    {"name": "cv-english-strong-penalty", "checkpoint": "cv-0b6", "text": "long", "speaker": "aiden", "language": "english", "non_streaming": False, "repetition_penalty": 1.5, "max_new_tokens": 40},
    {"name": "cv-english-non-streaming", "checkpoint": "cv-0b6", "text": "long", "speaker": "ryan", "language": "english", "non_streaming": True, "repetition_penalty": 1.05},
    {"name": "cv-auto", "checkpoint": "cv-0b6", "text": "mixed", "speaker": "vivian", "language": "auto", "non_streaming": False, "repetition_penalty": 1.0},
    {"name": "cv-dialect-auto", "checkpoint": "cv-0b6", "text": "chinese", "speaker": "eric", "language": "auto", "non_streaming": False, "repetition_penalty": 1.05},
    {"name": "cv-dialect-chinese", "checkpoint": "cv-0b6", "text": "chinese", "speaker": "dylan", "language": "chinese", "non_streaming": True, "repetition_penalty": 1.0},
    {"name": "cv-1b7-instruction-streaming", "checkpoint": "cv-1b7", "text": "long", "speaker": "serena", "language": "english", "instruction": "Speak slowly and warmly.", "non_streaming": False, "repetition_penalty": 1.05},
    {"name": "cv-1b7-instruction-non-streaming", "checkpoint": "cv-1b7", "text": "chinese", "speaker": "uncle_fu", "language": "chinese", "instruction": "用欢快的语气说。", "non_streaming": True, "repetition_penalty": 1.0},
    {"name": "base-x-vector-streaming", "checkpoint": "base-0b6", "text": "short", "language": "english", "clone": {"mode": "x-vector"}, "non_streaming": False, "repetition_penalty": 1.05},
    {"name": "base-x-vector-non-streaming", "checkpoint": "base-0b6", "text": "long", "language": "auto", "clone": {"mode": "x-vector"}, "non_streaming": True, "repetition_penalty": 1.0},
    {"name": "base-icl-streaming-long-reference", "checkpoint": "base-0b6", "text": "short", "language": "english", "clone": {"mode": "icl", "text": "This is the reference recording.", "frames": 20}, "non_streaming": False, "repetition_penalty": 1.05},
    {"name": "base-icl-streaming-short-reference", "checkpoint": "base-0b6", "text": "long", "language": "english", "clone": {"mode": "icl", "text": "A reference.", "frames": 3}, "non_streaming": False, "repetition_penalty": 1.0},
    {"name": "base-icl-non-streaming", "checkpoint": "base-0b6", "text": "mixed", "language": "auto", "clone": {"mode": "icl", "text": "This is the reference recording.", "frames": 8}, "non_streaming": True, "repetition_penalty": 1.05},
]

TOKENIZER_CORPUS = [
    "Hello world.",
    "HeLLo WoRLD, it's 2026-12-04 at 09:30; pi = 3.14159265!",
    "今天天气很好，我们去公园散步吧。",
    "東京タワーは３３３メートルです。서울은 한국의 수도입니다.",
    "Emoji: 👋🏽 ❤️ 🇩🇪 👨‍👩‍👧 done",
    "Visit https://example.com/path?q=1&x=%20y#frag or mail a.b@c.org",
    "Numbers 1234567890 and 12,345.67 and 1e-9",
    "  leading and trailing spaces  ",
    "Tabs\tand\nnewlines\r\n",
    "Qwen3-TTS 支持 10 种语言, right?",
    "I'm, you're, they'll, we'd, it's; DON'T SHOUT",
    "<|im_start|> not a special token here <tts_pad>",
    # Case changes inside a word: where the official processor's pre-tokenizer (transformers'
    # fix_mistral_regex) splits and Qwen2's own does not.
    "camelCaseWords and iPhone",
    "McDonald's HTTPServer XMLHttpRequest",
    "ÜberGröße and ÉCOLE École",
]


def add_loader_files(checkpoint: Path) -> None:
    """What the official loader reads besides what parley wrote: the generation defaults."""
    write_json(checkpoint / "generation_config.json", {
        "do_sample": True, "top_k": 50, "top_p": 1.0, "temperature": 0.9, "repetition_penalty": 1.05,
        "subtalker_dosample": True, "subtalker_top_k": 50, "subtalker_top_p": 1.0, "subtalker_temperature": 0.9,
        "max_new_tokens": 8192,
    })


def clone_prompt(case, hidden: int, tts: Qwen3TTSModel):
    """The voice-clone prompt and reference ids of a Base case: a seeded speaker vector and seeded reference codes."""
    clone = case["clone"]
    rng = np.random.default_rng(SEED + len(case["name"]))
    speaker = rng.standard_normal(hidden).astype(np.float32)
    icl = clone["mode"] == "icl"
    codes = rng.integers(0, 2048, size=(clone["frames"], 16)) if icl else None
    item = VoiceClonePromptItem(
        ref_code=torch.from_numpy(codes) if icl else None,
        ref_spk_embedding=torch.from_numpy(speaker),
        x_vector_only_mode=not icl,
        icl_mode=icl,
        ref_text=clone.get("text"),
    )
    ref_ids = [tts._tokenize_texts([tts._build_ref_text(clone["text"])])[0]] if icl else None
    recorded = {"speaker_embedding": speaker.tolist(), "codes": codes.tolist() if icl else None,
                "ref_ids": ref_ids[0][0].tolist() if icl else None}
    return tts._prompt_items_to_voice_clone_prompt([item]), ref_ids, recorded


def run_case(tts: Qwen3TTSModel, case) -> dict:
    """One greedy generation, with the prompt ids and the talker's first logits."""
    text = TEXTS[case["text"]]
    input_ids = tts._tokenize_texts([tts._build_assistant_text(text)])
    instruction = case.get("instruction")
    instruct_ids = [tts._tokenize_texts([tts._build_instruct_text(instruction)])[0]] if instruction else [None]
    voice_clone_prompt, ref_ids, clone = None, None, None
    if "clone" in case:
        voice_clone_prompt, ref_ids, clone = clone_prompt(case, tts.model.config.talker_config.hidden_size, tts)
    first_logits = []
    hook = tts.model.talker.codec_head.register_forward_hook(
        lambda _module, _inputs, output: first_logits.append(output[0, -1].float().clone()) if not first_logits else None)
    try:
        codes, _ = tts.model.generate(
            input_ids=input_ids, instruct_ids=instruct_ids, ref_ids=ref_ids, voice_clone_prompt=voice_clone_prompt,
            languages=[case["language"]], speakers=[case.get("speaker")], non_streaming_mode=case["non_streaming"],
            max_new_tokens=case.get("max_new_tokens", MAX_NEW_TOKENS), do_sample=False, subtalker_dosample=False,
            repetition_penalty=case["repetition_penalty"],
        )
    finally:
        hook.remove()
    return {
        **case,
        "text": text,
        "max_new_tokens": case.get("max_new_tokens", MAX_NEW_TOKENS),
        "prompt_ids": input_ids[0][0].tolist(),
        "instruction_ids": instruct_ids[0][0].tolist() if instruct_ids[0] is not None else None,
        "clone": {**case["clone"], **clone} if clone else None,
        "first_logits": [round(float(x), 6) for x in first_logits[0]],
        "frames": codes[0].tolist(),
    }


def tokenizer_goldens(tts: Qwen3TTSModel, checkpoint: Path) -> dict:
    """The corpus's ids as the official processor tokenizes them. The wrapper passes
    `fix_mistral_regex=True`; transformers 4.57.3 then swaps in a Mistral-style pre-tokenizer when
    it loads from a local folder (as here) but not by hub id (the README's way), where the
    tokenizer keeps Qwen2's regex. Both are recorded: `local` from the wrapper's own processor,
    `hub` from the same files without the swap."""
    local = tts.processor.tokenizer
    hub = AutoTokenizer.from_pretrained(str(checkpoint), fix_mistral_regex=False)
    ids = lambda tokenizer, text: tokenizer(text, add_special_tokens=False)["input_ids"]
    regex = lambda tokenizer: json.loads(tokenizer.backend_tokenizer.to_str())["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"]
    return {
        "class": type(local).__name__,
        "local_regex": regex(local),
        "hub_regex": regex(hub),
        "ids": [{"text": text, "local": ids(local, text), "hub": ids(hub, text)} for text in TOKENIZER_CORPUS],
    }


def log_mel_golden() -> dict:
    """The speaker encoder's log-mel (the official `mel_spectrogram` with the parameters of
    `extract_speaker_embedding`) of a 1.3 s clip: three tones and seeded noise, stored as int16
    so that both sides read exactly the same floats."""
    rng = np.random.default_rng(SEED)
    t = np.arange(int(1.3 * 24000)) / 24000
    clip = 0.3 * np.sin(2 * np.pi * 220 * t) + 0.2 * np.sin(2 * np.pi * 440 * t) + 0.1 * np.sin(2 * np.pi * 3520 * t) + 0.05 * rng.standard_normal(t.size)
    pcm = np.round(np.clip(clip, -1, 1) * 32767).astype(np.int16)
    audio = torch.from_numpy(pcm.astype(np.float32) / 32768)
    mel = mel_spectrogram(audio.unsqueeze(0), n_fft=1024, num_mels=128, sampling_rate=24000, hop_size=256,
                          win_size=1024, fmin=0, fmax=12000).transpose(1, 2)[0]
    return {"pcm16_base64": base64.b64encode(pcm.tobytes()).decode(), "shape": list(mel.shape),
            "float32_base64": base64.b64encode(mel.numpy().astype(np.float32).tobytes()).decode()}


def decoder_golden(tts: Qwen3TTSModel, checkpoint: Path) -> dict:
    """The speech tokenizer's decoder on seeded codes, in one pass (`decoder(codes)`: exact; the
    wrapper's `decode` cuts long inputs into 300-frame chunks with 25 frames of context). Every
    decoder weight must come from the checkpoint parley wrote, not from the loader's random init
    (the RVQ input projections only serve the encoder)."""
    decoder = tts.model.speech_tokenizer.model.decoder
    with safe_open(str(checkpoint / "speech_tokenizer" / "model.safetensors"), "pt") as f:
        written = set(f.keys())
    missing = [name for name in decoder.state_dict() if f"decoder.{name}" not in written and ".input_proj." not in name]
    if missing:
        raise RuntimeError(f"decoder weights not in the checkpoint: {missing[:5]}")
    rng = np.random.default_rng(SEED)
    codes = rng.integers(0, 2048, size=(24, 16))
    with torch.inference_mode():
        wav = decoder(torch.from_numpy(codes).T.unsqueeze(0))[0, 0]
    return {"codes": codes.tolist(), "float32_base64": base64.b64encode(wav.numpy().astype(np.float32).tobytes()).decode()}


def write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    checkpoints, out = Path(sys.argv[1]), Path(sys.argv[2])
    torch.set_num_threads(1)
    goldens = {"provenance": {name: version(name) for name in ("qwen-tts", "torch", "transformers")}, "checkpoints": {}, "cases": []}
    tokenizer = None
    for name in sorted({case["checkpoint"] for case in CASES}):
        directory = checkpoints / name
        add_loader_files(directory)
        tts = Qwen3TTSModel.from_pretrained(str(directory), dtype=torch.float32, device_map="cpu", attn_implementation="eager")
        tts.model.eval()
        digest = hashlib.sha256((directory / "model.safetensors").read_bytes()).hexdigest()
        goldens["checkpoints"][name] = {"model_safetensors_sha256": digest}
        goldens["cases"] += [run_case(tts, case) for case in CASES if case["checkpoint"] == name]
        tokenizer = tokenizer or tokenizer_goldens(tts, directory)
        goldens.setdefault("decoder", decoder_golden(tts, directory))
        print(f"{name}: {sum(c['checkpoint'] == name for c in CASES)} cases", file=sys.stderr)
    goldens["tokenizer"] = tokenizer
    goldens["log_mel"] = log_mel_golden()
    write_json(out, goldens)


if __name__ == "__main__":
    main()
