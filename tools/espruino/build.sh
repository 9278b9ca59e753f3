#!/usr/bin/env bash
# Builds the test interpreter: Espruino for Linux with the ESP32's variable store (BMSBOX_ESP32.py beside this
# file), from the pinned source snapshot. Cached: rebuilt only when the source or the board file changes.
#
#   tools/espruino/build.sh            -> build/espruino/espruino (prints its path)
#
# Source, first found: $ESPRUINO_SRC (an extracted tree or a .tar.xz), ../shared/espruino/*.tar.xz beside the
# project, else a clone of espruino/Espruino at the pinned commit (needs network).
# Needs: gcc/g++ with 32-bit support (Debian gcc-multilib g++-multilib), make, python3, git, xz; to run a
# 32-bit binary on a kernel without 32-bit support, qemu-i386 (Debian qemu-user). As root, missing Debian
# packages are installed with apt-get; otherwise the script says which ones to install.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ROOT/build/espruino"
PINNED_COMMIT=c5ff787b199148c31ef2776fb6f70673cba01a25
PINNED_TAG=RELEASE_2V29
BOARD=BMSBOX_ESP32

say() { echo "make espruino: $*" >&2; }

# --- what the machine needs -------------------------------------------------------------------------------
missing=()
have_pkg() { dpkg -s "$1" >/dev/null 2>&1; }
for p in gcc-multilib g++-multilib make git xz-utils python3 socat; do
  if command -v dpkg >/dev/null 2>&1; then have_pkg "$p" || missing+=("$p"); fi
done
# qemu-user only where this kernel cannot execute 32-bit binaries (checked after the build, see run below).
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >&2
  else
    say "missing Debian packages: ${missing[*]} (install them: sudo apt-get install ${missing[*]})"
    exit 1
  fi
fi

# --- the source ------------------------------------------------------------------------------------------
src="${ESPRUINO_SRC:-}"
if [ -z "$src" ]; then
  for f in "$ROOT"/../shared/espruino/espruino-*-src.tar.xz; do [ -f "$f" ] && src="$f"; done
fi
if [ -n "$src" ] && [ ! -e "$src" ]; then say "ESPRUINO_SRC=$src does not exist"; exit 1; fi
if [ -z "$src" ]; then
  src="git:$PINNED_COMMIT"
fi

stamp_of() {
  if [ -d "$src" ]; then echo "dir:$(cd "$src" && pwd)"; elif [ -f "$src" ]; then echo "tar:$(sha256sum < "$src" | cut -c1-16)"; else echo "$src"; fi
  sha256sum < "$HERE/BMSBOX_ESP32.py" | cut -c1-16
  sha256sum < "$HERE/build.sh" | cut -c1-16
  sha256sum < "$HERE/linux-event-lock.c" | cut -c1-16
  sha256sum < "$HERE/peak.py" | cut -c1-16
  sha256sum < "$HERE/mapped-flash.py" | cut -c1-16
  sha256sum < "$HERE/source_patch.py" | cut -c1-16
}
stamp="$(stamp_of | tr '\n' ' ')"
if [ -x "$OUT/espruino" ] && [ -f "$OUT/stamp" ] && [ "$(cat "$OUT/stamp")" = "$stamp" ]; then
  echo "$OUT/espruino"
  exit 0
fi

tree="$OUT/src"
rm -rf "$tree"
mkdir -p "$tree"
if [ -d "$src" ]; then
  say "copying the source from $src"
  cp -a "$src"/. "$tree"/
elif [ -f "$src" ]; then
  say "extracting $src"
  tar -xJf "$src" -C "$tree" --strip-components=1
else
  say "no source snapshot found (ESPRUINO_SRC, ../shared/espruino); cloning espruino/Espruino at $PINNED_COMMIT"
  git clone -q https://github.com/espruino/Espruino "$tree" || { say "clone failed: set ESPRUINO_SRC to an Espruino 2v29 source tree"; exit 1; }
  git -C "$tree" checkout -q "$PINNED_COMMIT"
fi
cp "$HERE/BMSBOX_ESP32.py" "$tree/boards/$BOARD.py"
cp "$HERE/linux-event-lock.c" "$tree/targets/linux/bmsbox_event_lock.c"
# process.memory().peak for make bench, only when BMSBOX_PEAK is set (peak.py says why and how).
python3 "$HERE/peak.py" "$tree"
# Flash read from memory as on the ESP32, not from a file for every few bytes (mapped-flash.py says why).
python3 "$HERE/mapped-flash.py" "$tree"
# Espruino's build asks git for its version (scripts/common.py): a work tree with the release tag is enough.
if [ ! -d "$tree/.git" ]; then
  git -C "$tree" init -q
  git -C "$tree" add -A >/dev/null 2>&1
  git -C "$tree" -c user.email=build@bmsbox -c user.name=bmsbox commit -qm "Espruino source snapshot" >/dev/null
fi
git -C "$tree" tag -f "$PINNED_TAG" >/dev/null
mkdir -p "$tree/bin" "$tree/gen"
say "building BOARD=$BOARD (log: $OUT/build.log)"
if ! make -C "$tree" BOARD="$BOARD" -j"$(nproc)" > "$OUT/build.log" 2>&1; then
  grep -n "error" "$OUT/build.log" | head -20 >&2
  say "build failed, see $OUT/build.log"
  exit 1
fi
cp "$tree/bin/espruino" "$OUT/espruino"

# Can this kernel run it? A kernel without 32-bit support needs qemu-i386 (tools/espruino/interpreter.ts).
if ! ( "$OUT/espruino" -e 'quit()' </dev/null >/dev/null 2>&1 ); then
  if ! command -v qemu-i386 >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "this kernel cannot run 32-bit binaries: installing qemu-user"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user; } >&2
    else
      say "this kernel cannot run 32-bit binaries: install qemu-user (qemu-i386)"
      exit 1
    fi
  fi
fi
rm -rf "$tree/obj"
echo "$stamp" > "$OUT/stamp"
echo "$OUT/espruino"
