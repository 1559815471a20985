#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run hvhost's KUnit suites under UML with KASAN and UBSAN.
#
#   tools/testing/kunit.sh [kunit.py run options, e.g. a suite glob]
#
# The kernel tree is unpacked once from Debian's linux-source-6.12 into
# $HVHOST_CACHE/linux (default ~/.cache/hvhost) and the build lives in
# $HVHOST_CACHE/build-um-kasan, so a second run only rebuilds what changed.
# The project is copied into the tree by content (rsync --checksum, new
# mtimes), which lets several checkouts share one cached build: a lock
# serialises them.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${HVHOST_CACHE:-$HOME/.cache/hvhost}
KSRC=$CACHE/linux
BUILD=${HVHOST_KUNIT_BUILD:-$CACHE/build-um-kasan}

prepare_tree() {
	if [ ! -f "$KSRC/Makefile" ]; then
		local tarball
		tarball=$(ls /usr/src/linux-source-6.12.tar.xz)
		mkdir -p "$CACHE"
		rm -rf "$KSRC" "$CACHE/linux-source-6.12"
		tar -xJf "$tarball" -C "$CACHE"
		mv "$CACHE/linux-source-6.12" "$KSRC"
	fi
	grep -q 'drivers/hvhost/Kconfig' "$KSRC/drivers/Kconfig" ||
		sed -i '$i source "drivers/hvhost/Kconfig"\n' "$KSRC/drivers/Kconfig"
	grep -q 'CONFIG_HVHOST' "$KSRC/drivers/Makefile" ||
		echo 'obj-$(CONFIG_HVHOST) += hvhost/' >> "$KSRC/drivers/Makefile"
	# Content-based copy: changed files get a new mtime, unchanged ones
	# keep theirs, so make rebuilds exactly what differs.
	rsync -r --checksum --delete --exclude='*.o' --exclude='*.ko' \
		--exclude='.*.cmd' "$REPO/drivers/hvhost/" "$KSRC/drivers/hvhost/"
	mkdir -p "$KSRC/include/uapi/linux"
	if [ -d "$REPO/include/uapi/linux" ]; then
		rsync -r --checksum "$REPO/include/uapi/linux/" "$KSRC/include/uapi/linux/"
	fi
}

exec 9>"$CACHE.lock"
flock 9
prepare_tree
cd "$KSRC"
exec ./tools/testing/kunit/kunit.py run --arch=um \
	--kunitconfig=drivers/hvhost --build_dir="$BUILD" \
	--jobs="${HVHOST_JOBS:-$(nproc)}" \
	--kconfig_add CONFIG_KASAN=y --kconfig_add CONFIG_KASAN_VMALLOC=y \
	--kconfig_add CONFIG_UBSAN=y --kconfig_add CONFIG_UBSAN_SHIFT=y \
	--kconfig_add CONFIG_UBSAN_DIV_ZERO=y \
	--kconfig_add CONFIG_UBSAN_ALIGNMENT=n \
	"$@"
