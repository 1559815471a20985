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
# ($HVHOST_CACHE.lock) serialises them.
#
# Needs Debian's linux-source-6.12 (/usr/src/linux-source-6.12.tar.xz);
# tools/testing/run-tests.sh installs it.  HVHOST_JOBS sets make's -j
# (default: the number of CPUs); HVHOST_KUNIT_BUILD moves the build
# directory (a second cold build: use it only for a config that differs).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${HVHOST_CACHE:-$HOME/.cache/hvhost}
KSRC=$CACHE/linux
BUILD=${HVHOST_KUNIT_BUILD:-$CACHE/build-um-kasan}

TARBALL=/usr/src/linux-source-6.12.tar.xz
STAMP=$CACHE/linux.stamp

# The tree and the build are dropped when linux-source-6.12 changes (a
# Debian update); a tree from before stamps existed is adopted as is.
check_source_version() {
	local now

	now=$(stat -c '%s %Y' "$TARBALL")
	if [ -f "$KSRC/Makefile" ] && [ -f "$STAMP" ] &&
	   [ "$(cat "$STAMP")" != "$now" ]; then
		echo "kunit.sh: $TARBALL changed: new tree and build" >&2
		rm -rf "$KSRC" "$BUILD"
	fi
}

prepare_tree() {
	if [ ! -f "$TARBALL" ]; then
		echo "kunit.sh: $TARBALL missing: apt-get install linux-source-6.12" >&2
		exit 1
	fi
	check_source_version
	if [ ! -f "$KSRC/Makefile" ]; then
		local tmp

		echo "kunit.sh: unpacking $TARBALL into $KSRC" >&2
		# Unpack beside the cache and move into place only when
		# complete, so an interrupted unpack is never mistaken for a
		# tree.
		tmp=$(mktemp -d "$CACHE/unpack.XXXXXX")
		tar -xJf "$TARBALL" -C "$tmp"
		rm -rf "$KSRC"
		mv "$tmp/linux-source-6.12" "$KSRC"
		rmdir "$tmp"
	fi
	stat -c '%s %Y' "$TARBALL" >"$STAMP"
	grep -q 'drivers/hvhost/Kconfig' "$KSRC/drivers/Kconfig" ||
		sed -i '$i source "drivers/hvhost/Kconfig"\n' "$KSRC/drivers/Kconfig"
	# shellcheck disable=SC2016 # a make variable, not a shell one
	grep -q 'CONFIG_HVHOST' "$KSRC/drivers/Makefile" ||
		echo 'obj-$(CONFIG_HVHOST) += hvhost/' >> "$KSRC/drivers/Makefile"
	# Content-based copy: changed files get a new mtime, unchanged ones
	# keep theirs, so make rebuilds exactly what differs.
	# Leftovers of an out-of-tree build in the checkout stay out.
	rsync -r --checksum --delete --exclude='*.o' --exclude='*.ko' \
		--exclude='.*.cmd' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='modules.order' --exclude='Module.symvers' \
		--exclude='.*.d' --exclude='*.a' \
		"$REPO/drivers/hvhost/" "$KSRC/drivers/hvhost/"
	mkdir -p "$KSRC/include/uapi/linux"
	if [ -d "$REPO/include/uapi/linux" ]; then
		rsync -r --checksum "$REPO/include/uapi/linux/" "$KSRC/include/uapi/linux/"
	fi
}

# All work happens inside main(), which bash parses whole before running it,
# and "exit" shares its line, so editing this file while a run waits for
# the lock cannot derail it.
main() {
	mkdir -p "$CACHE"
	exec 9>"$CACHE.lock"
	if ! flock -n 9; then
		echo "kunit.sh: waiting for another user of $CACHE" >&2
		flock 9
	fi
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
}

main "$@"; exit
