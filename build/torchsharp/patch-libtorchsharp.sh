#!/usr/bin/env bash
# Makes the copy of libLibTorchSharp.so in a build output load on a libstdc++ without GLIBCXX_3.4.32
# (Debian 12, Ubuntu 22.04). See README "TorchSharp on Debian 12". Never touches the NuGet cache:
# the library is replaced by a private copy before patchelf edits it.
# Usage: patch-libtorchsharp.sh OUTPUT_DIR
set -euo pipefail
out=${1:?usage: patch-libtorchsharp.sh OUTPUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
lib="$out/libLibTorchSharp.so"
shim_name=libglibcxx_ios_base_init.so
symbol=_ZSt21ios_base_library_initv

[ -f "$lib" ] || exit 0

libstdcxx=$(/sbin/ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')
if [ -n "$libstdcxx" ] && grep -qa 'GLIBCXX_3\.4\.32' "$libstdcxx"; then
  exit 0   # the system libstdc++ is new enough: nothing to patch
fi
if readelf -d "$lib" | grep -q "\[$shim_name\]"; then
  exit 0   # already patched
fi
for tool in patchelf g++ readelf; do
  command -v "$tool" >/dev/null || { echo "error: TorchSharp needs GLIBCXX_3.4.32 and '$tool' is missing to patch it: run ./bootstrap.sh in a checkout, or apt-get install patchelf g++ binutils" >&2; exit 1; }
done

g++ -shared -fPIC -O2 -o "$out/$shim_name" "$here/ios_base_library_init.cpp"

# A fresh inode, so that a hard link into the NuGet cache can never be modified.
cp "$lib" "$lib.patching"
mv -f "$lib.patching" "$lib"

patchelf --clear-symbol-version "$symbol" "$lib"
patchelf --add-needed "$shim_name" "$lib"

# Mark the GLIBCXX_3.4.32 requirement weak (VER_FLG_WEAK = 0x2 in vna_flags), so the loader warns
# instead of refusing. Offsets come from readelf after patchelf has laid the file out.
section_offset=$(readelf -W -S "$lib" | awk '{for (i = 1; i < NF; i++) if ($i == ".gnu.version_r") {print $(i + 3); exit}}')
entry_offset=$(readelf -W -V "$lib" | awk '/Name: GLIBCXX_3\.4\.32/ {sub(":", "", $1); print $1; exit}')
[ -n "$section_offset" ] && [ -n "$entry_offset" ] || { echo "error: cannot find GLIBCXX_3.4.32 in $lib" >&2; exit 1; }
flags_offset=$(( 0x$section_offset + entry_offset + 4 ))
printf '\x02' | dd of="$lib" bs=1 seek="$flags_offset" conv=notrunc status=none
readelf -W -V "$lib" | grep -q 'GLIBCXX_3\.4\.32  Flags: WEAK' || { echo "error: failed to mark GLIBCXX_3.4.32 weak in $lib" >&2; exit 1; }
echo "patched $lib for GLIBCXX_3.4.32 (shim $shim_name)"
