#!/usr/bin/env bash
# Installs what the bindings need on Debian 12, idempotently and without questions, and says what it did.
# Prerequisite not installed here: the .NET 10 SDK (https://dot.net; `dotnet --version` must print 10.x).
set -euo pipefail
cd "$(dirname "$0")"

say() { printf 'bootstrap: %s\n' "$*"; }

# Debian packages: the Python binding (torch 1.13), tools that patch TorchSharp's native bridge on
# GCC 12 systems, Node for TensorFlow.js, real datasets, scipy for reference statistics, Perl (with its core
# JSON::PP) for the example worker of the protocol (examples/workers/perl), and Chromium, the headless browser
# the HTML report's test opens it in (Playwright drives it; it downloads no browser).
apt_packages=(python3 python3-torch python3-numpy python3-scipy patchelf g++ binutils nodejs npm dataset-fashion-mnist perl chromium)
missing=()
for pkg in "${apt_packages[@]}"; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    say "present: $pkg ($(dpkg-query -W -f='${Version}' "$pkg"))"
  else
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  # Node may come from outside Debian (NodeSource, nvm); only ask apt for it when there is none at all.
  if command -v node >/dev/null && command -v npm >/dev/null; then
    kept=()
    for pkg in "${missing[@]}"; do
      case "$pkg" in nodejs|npm) say "present: $pkg (not from Debian: $(command -v "${pkg/nodejs/node}"))" ;; *) kept+=("$pkg") ;; esac
    done
    missing=("${kept[@]+"${kept[@]}"}")
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "installed: ${missing[*]}"
fi

/usr/bin/python3 -c 'import torch, numpy, scipy; print("bootstrap: python torch", torch.__version__, "numpy", numpy.__version__, "scipy", scipy.__version__)'

# Node packages (TensorFlow.js, MNIST and IMDb data) pinned by the committed lock file.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.bootstrap-lock-sha256 2>/dev/null)" = "$lock_hash" ]; then
  say "present: node_modules installed from this package-lock.json"
else
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.bootstrap-lock-sha256
fi
say "node $(node --version), @tensorflow/tfjs $(node -p 'require("@tensorflow/tfjs/package.json").version')"

if ! command -v dotnet >/dev/null; then
  say "error: the .NET 10 SDK is missing: install it from https://dot.net, then run ./bootstrap.sh again" >&2
  exit 1
fi
say "dotnet $(dotnet --version)"
dotnet restore BindingConformance.sln --verbosity quiet
say "NuGet packages restored"
say "done"
