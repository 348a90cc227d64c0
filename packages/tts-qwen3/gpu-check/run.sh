#!/usr/bin/env bash
# Runs the GPU check that pack.mjs packed, on a machine with a GPU and nothing else: no Node,
# no npm, no internet. Unpacks Node, onnxruntime-node and the bundled check into a temporary
# folder, brings the Vulkan loader when the system has none, points the loader at NVIDIA's
# Vulkan driver where a container mounts it outside the loader's search path, then prints the
# GPU and the check's table (CPU against WebGPU at the real 0.6B sizes).
#
#   bash packages/tts-qwen3/gpu-check/run.sh [PACK_DIR] [-- check options, e.g. --small --frames 12]
set -euo pipefail
pack=$(cd "${1:-.gpu-check}" && pwd)
shift || true
[ "${1:-}" = "--" ] && shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# xz where the system has it, Python's lzma where it does not (a CUDA image always has Python).
unxz_to() {
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"; else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}
unxz_to "$pack/node.xz" "$work/node"
chmod +x "$work/node"
unxz_to "$pack/runtime.tar.xz" "$work/runtime.tar"
tar -xf "$work/runtime.tar" -C "$work"

# The Vulkan loader and the GL vendor-neutral dispatch library that NVIDIA's Vulkan driver
# (libGLX_nvidia.so.0) needs: without libglvnd it loads but cannot create an instance. Only
# where they are missing (a bare CUDA image), so that a configured system stays as it is.
if ! ldconfig -p | grep -q 'libvulkan\.so\.1' || ! ldconfig -p | grep -q 'libGLdispatch\.so\.0'; then
  for deb in "$pack"/*.deb; do dpkg -x "$deb" /; done
  ldconfig
fi
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$nvidia_icd" ] && ! ls /usr/share/vulkan/icd.d/*nvidia* /etc/vulkan/icd.d/*nvidia* >/dev/null 2>&1; then
  export VK_DRIVER_FILES=$nvidia_icd
fi
# Dawn warns and may fail without a runtime directory.
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$work/xdg}
mkdir -p "$XDG_RUNTIME_DIR"

if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true; fi
echo "node $("$work/node" --version), $(nproc) cores, VK_DRIVER_FILES=${VK_DRIVER_FILES:-<loader default>}," \
  "Vulkan drivers: $(ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null | grep json | tr '\n' ' ')"
"$work/node" "$work/gpu-check.mjs" "$@"
