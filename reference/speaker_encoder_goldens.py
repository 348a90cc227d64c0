"""Runs the official speaker encoder (the Base models' ECAPA-TDNN) on parley's Base reference
checkpoints and writes the speaker embedding of a clip as goldens.

    python reference/speaker_encoder_goldens.py CHECKPOINTS_DIR GOLDENS_FILE

Each Base checkpoint reference/checkpoints.ts wrote is loaded with `Qwen3TTSModel.from_pretrained`
(float32, CPU), as official_goldens.py loads them, and the clip goes through
`extract_speaker_embedding`, the call the official voice-clone prompt makes: the log-mel, then
`speaker_encoder`. Every speaker-encoder parameter must come from the checkpoint, not from the
loader's random init. The clip is stored as int16 so that both sides read the same floats.
"""

import base64
import hashlib
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import torch
from qwen_tts import Qwen3TTSModel
from safetensors import safe_open

from official_goldens import add_loader_files, write_json

SEED = 2027
CLIP_SECONDS = 1.0


def clip() -> np.ndarray:
    """1 s of int16 (the shortest reference parley takes): a falling chirp, a tone with a slow tremolo, and seeded noise, so that the
    frames differ and the attentive pooling has something to weigh."""
    rng = np.random.default_rng(SEED)
    t = np.arange(int(CLIP_SECONDS * 24000)) / 24000
    chirp = 0.3 * np.sin(2 * np.pi * (1800 * t - 900 * t * t))
    tone = 0.2 * np.sin(2 * np.pi * 310 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    audio = chirp + tone + 0.03 * rng.standard_normal(t.size)
    return np.round(np.clip(audio, -1, 1) * 32767).astype(np.int16)


def embedding(tts: Qwen3TTSModel, checkpoint: Path, pcm: np.ndarray) -> np.ndarray:
    encoder = tts.model.speaker_encoder
    with safe_open(str(checkpoint / "model.safetensors"), "pt") as f:
        written = set(f.keys())
    missing = [name for name in encoder.state_dict() if f"speaker_encoder.{name}" not in written]
    if missing:
        raise RuntimeError(f"speaker encoder weights not in the checkpoint: {missing[:5]}")
    return tts.model.extract_speaker_embedding(pcm.astype(np.float32) / 32768, 24000).numpy().astype(np.float32)


def main() -> None:
    checkpoints, out = Path(sys.argv[1]), Path(sys.argv[2])
    torch.set_num_threads(1)
    pcm = clip()
    goldens = {
        "provenance": {name: version(name) for name in ("qwen-tts", "torch", "transformers")},
        "pcm16_base64": base64.b64encode(pcm.tobytes()).decode(),
        "checkpoints": {},
    }
    for directory in sorted(checkpoints.iterdir()):
        if not directory.name.startswith("base-"):
            continue
        add_loader_files(directory)
        tts = Qwen3TTSModel.from_pretrained(str(directory), dtype=torch.float32, device_map="cpu", attn_implementation="eager")
        tts.model.eval()
        vector = embedding(tts, directory, pcm)
        goldens["checkpoints"][directory.name] = {
            "model_safetensors_sha256": hashlib.sha256((directory / "model.safetensors").read_bytes()).hexdigest(),
            "size": vector.size,
            "float32_base64": base64.b64encode(vector.tobytes()).decode(),
        }
        print(f"{directory.name}: a {vector.size}-float speaker embedding", file=sys.stderr)
    write_json(out, goldens)


if __name__ == "__main__":
    main()
