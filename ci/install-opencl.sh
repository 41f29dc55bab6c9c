#!/usr/bin/env bash
# Installs a real OpenCL runtime on the CPU (PoCL) and the ICD loader, so the OpenCL tests have a device.
# Debian/Ubuntu; needs root (or sudo). Idempotent.
set -euo pipefail
packages=(pocl-opencl-icd ocl-icd-libopencl1 clinfo)
if dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  echo "install-opencl: ${packages[*]} already installed"
else
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi
clinfo -l
