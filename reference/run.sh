#!/usr/bin/env bash
# `npm run reference`: runs the official Qwen3-TTS implementation on parley's reference
# checkpoints and checks that it gives the committed goldens (reference/goldens/official.json,
# and reference/goldens/speaker-encoder.json for the Base checkpoints' speaker encoder).
#   - a pinned venv in reference/.venv (git-ignored), made or remade when requirements.txt changes;
#   - the checkpoints written by parley's stand-in generator into reference/.cache;
#   - the official code run on them, its output compared with the goldens (ids and codes equal,
#     floats within 1e-5).
# `--write` replaces the goldens with what the official code gives (after a deliberate change).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=reference/.venv
requirements=reference/requirements.txt
if ! "$venv/bin/python" -c 'import qwen_tts, torch' >/dev/null 2>&1 || ! cmp -s "$requirements" "$venv/requirements.txt"; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
  # The official package asks for gradio and friends for its demo; the inference code needs none of it.
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps qwen-tts==0.1.1
  cp "$requirements" "$venv/requirements.txt"
fi
cache=reference/.cache
rm -rf "$cache/checkpoints"
node --conditions=@parley/source --import tsx reference/checkpoints.ts "$cache/checkpoints"
"$venv/bin/python" reference/official_goldens.py "$cache/checkpoints" "$cache/official.json" 2> "$cache/official.log" || { cat "$cache/official.log"; exit 1; }
"$venv/bin/python" reference/speaker_encoder_goldens.py "$cache/checkpoints" "$cache/speaker-encoder.json" 2> "$cache/speaker-encoder.log" || { cat "$cache/speaker-encoder.log"; exit 1; }
status=0
for goldens in official speaker-encoder; do
  if [ "${1:-}" = "--write" ]; then
    cp "$cache/$goldens.json" "reference/goldens/$goldens.json"
    echo "wrote reference/goldens/$goldens.json"
  else
    "$venv/bin/python" reference/compare_goldens.py "reference/goldens/$goldens.json" "$cache/$goldens.json" || status=1
  fi
done
exit $status
