#!/usr/bin/env bash
# Builds the JRE base image locally from Debian packages, for machines that reach Debian's package
# mirror but no image registry. With a registry at hand nothing here is needed: the Dockerfile's
# default base (eclipse-temurin:17-jre) is pulled as usual.
#
#   ops/docker/local-base-image.sh [TAG]     (default sns/base:bookworm-jre17; prints the tag)
#
# Idempotent: an existing image with that tag is kept. Besides the JRE the image has curl (health
# checks) and socat (Testcontainers' exposed-service ambassador runs on it when no registry is reachable).
set -euo pipefail

tag="${1:-sns/base:bookworm-jre17}"
suite="${SNS_BASE_SUITE:-bookworm}"

if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "$tag"
  exit 0
fi

mirror_from_apt_sources() {
  local uri
  uri=$(grep -hsE '^\s*(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list \
        | grep -v security | grep -oE 'https?://[^ ]+' | head -1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}
mirror="${SNS_DEBIAN_MIRROR:-$(mirror_from_apt_sources)}"

command -v debootstrap >/dev/null || { echo "debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
root=$(mktemp -d /tmp/sns-base.XXXXXX)
trap 'rm -rf "$root"' EXIT

echo "building $tag from $suite at $mirror (a few minutes, once per machine)" >&2
debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl,socat,ca-certificates \
  "$suite" "$root" "$mirror" >&2
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' - "$tag" >&2
echo "$tag"
