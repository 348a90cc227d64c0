#!/usr/bin/env bash
# Installs what WebGPU (onnxruntime-node's Dawn) needs on a Debian 12 machine without a GPU:
# the Vulkan loader and Mesa's CPU Vulkan driver (lavapipe). Debian 12's own Mesa 22 is
# refused by Dawn ("shaderUniform*ArrayDynamicIndexing required"); Mesa 25 from
# bookworm-backports works. For `npm run test:webgpu`; needs root. A machine with a GPU uses
# its driver's Vulkan support instead and needs none of this.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep -q '^25'; then exit 0; fi
sources=/etc/apt/sources.list.d/bookworm-backports.sources
if [ ! -f "$sources" ]; then
  cat >"$sources" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
fi
apt-get update -qq
apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1
