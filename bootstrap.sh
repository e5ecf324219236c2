#!/usr/bin/env bash
# Installs what the bindings need on Debian 12, idempotently and without questions, and says what it did.
# Prerequisite not installed here: the .NET 10 SDK (https://dot.net; `dotnet --version` must print 10.x).
set -euo pipefail
cd "$(dirname "$0")"

say() { printf 'bootstrap: %s\n' "$*"; }

# The reference environment (Debian packages for the Python binding, Node and the TorchSharp patch, real datasets, and
# node_modules from package-lock.json), shared with `conformance setup`; plus what the checkout's tests need: scipy for
# reference statistics, Perl (with its core JSON::PP) for the example worker of the protocol (examples/workers/perl), and
# Chromium, the headless browser the HTML report's test opens it in (Playwright drives it; it downloads no browser).
build/setup-reference-environment.sh --node-folder . python3-scipy perl chromium
/usr/bin/python3 -c 'import scipy; print("bootstrap: scipy", scipy.__version__)'

# The libtorch C++ worker (binding libtorch-cpp) and its safetensors corpus test, into .cache/libtorch-cpp;
# make rebuilds only what changed sources touch.
if make -q -C src/Oracles/LibTorchCpp 2>/dev/null; then
  say "present: libtorch C++ worker built from these sources (.cache/libtorch-cpp)"
else
  say "building the libtorch C++ worker (.cache/libtorch-cpp)"
  make -s -C src/Oracles/LibTorchCpp -j"$(nproc)" --no-print-directory
fi

if ! command -v dotnet >/dev/null; then
  say "error: the .NET 10 SDK is missing: install it from https://dot.net, then run ./bootstrap.sh again" >&2
  exit 1
fi
say "dotnet $(dotnet --version)"
dotnet restore BindingConformance.sln --verbosity quiet
say "NuGet packages restored"
say "done"
