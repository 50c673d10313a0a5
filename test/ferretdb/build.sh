#!/usr/bin/env bash
# Builds the FerretDB test server once and caches the binary, keyed by a hash of
# go.mod, go.sum and the .go files, so CI pays the (slow, cgo-free) build only when the
# pinned FerretDB version or the wrapper changes.
#
# stdout: the absolute path of the binary (one line, nothing else)
# stderr: progress and how long the build took
#
# Env: LOA_FERRETDB_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/loa-ferretdb),
#      LOA_FERRETDB_GOTOOLCHAIN (toolchain to retry with if the local go fails,
#      default go1.24.4; fetched through the Go module proxy).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${LOA_FERRETDB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loa-ferretdb}"

if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: 'go' is not installed; install Go >= 1.24 (e.g. apt-get install golang-go, or from go.dev) to build the FerretDB test server" >&2
  exit 3
fi

hash="$(cd "$here" && cat go.mod go.sum $(LC_ALL=C ls *.go) | sha256sum | cut -c1-16)"
dir="$cache_root/$hash"
bin="$dir/ferretdb-test-server"

if [[ -x "$bin" ]]; then
  echo "build.sh: FerretDB test server already built (cached binary): $bin" >&2
  echo "$bin"
  exit 0
fi

mkdir -p "$dir"
tmp="$(mktemp "$dir/.build.XXXXXX")"
trap 'rm -f "$tmp"' EXIT

export DO_NOT_TRACK=1 CGO_ENABLED=0 GOFLAGS=-buildvcs=false
start=$SECONDS
echo "build.sh: building FerretDB test server ($(go version)) into $dir ..." >&2

build() { (cd "$here" && go build -trimpath -ldflags='-s -w' -o "$tmp" .); }

if ! build; then
  toolchain="${LOA_FERRETDB_GOTOOLCHAIN:-go1.24.4}"
  echo "build.sh: build with the local go failed; retrying with GOTOOLCHAIN=$toolchain" >&2
  GOTOOLCHAIN="$toolchain" build
fi

chmod 0755 "$tmp"
mv -f "$tmp" "$bin" # atomic: a concurrent build never sees a half-written binary
trap - EXIT
echo "build.sh: built in $((SECONDS - start))s (binary not cached; Go build cache $(go env GOCACHE)): $bin" >&2
echo "$bin"
