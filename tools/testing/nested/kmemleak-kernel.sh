# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Sourced by lib.sh for HVHOST_NESTED_KMEMLEAK=1: an L1 kernel with
# kmemleak.  Debian's kernel has none, so this builds Debian's own
# linux-source-6.12 with Debian's config, trimmed by localmodconfig to the
# modules L1 loads, plus CONFIG_DEBUG_KMEMLEAK.  L2 stays Debian's stock
# kernel.  The tree is the one tools/testing/kunit.sh unpacks; the build
# (about 40 minutes on two idle cores, once) and its module tree live in
# the cache, never in the repo.
#
# Environment:
#   HVHOST_KML_BUILD  the build directory (default ~/.cache/hvhost/kml)

KML_SRC=${HVHOST_CACHE:-$HOME/.cache/hvhost}/linux
KML_BUILD=${HVHOST_KML_BUILD:-${HVHOST_CACHE:-$HOME/.cache/hvhost}/kml}
# The modules the stock L1 has loaded by the end of plan-bench (lsmod).
KML_MODULES=(kvm_amd kvm irqbypass ccp vhost_net vhost vhost_iotlb tun tap
	bridge stp llc virtio_net net_failover failover virtio_pci virtio_blk
	virtio_console virtio_rng 8021q)

kml_make() {
	nice make -s -C "$KML_SRC" O="$KML_BUILD" "$@" >&2
}

# Debian's config for $KVER (in $KIMG), its modules cut to KML_MODULES,
# kmemleak on, no signing keys and no debug info.  Only when there is no
# .config yet: a changed config would mean a full rebuild.
kml_configure() {
	local lsmod=$KML_BUILD/lsmod.txt m

	[ -f "$KML_BUILD/.config" ] && return 0
	log "configuring the kmemleak L1 kernel in $KML_BUILD"
	mkdir -p "$KML_BUILD"
	cp "$KIMG/boot/config-$KVER" "$KML_BUILD/.config"
	{
		echo "Module Size Used"
		for m in "${KML_MODULES[@]}"; do echo "$m 1 0"; done
	} > "$lsmod"
	"$KML_SRC/scripts/config" --file "$KML_BUILD/.config" \
		--set-str LOCALVERSION -kml --set-str BUILD_SALT "" \
		--set-str SYSTEM_TRUSTED_KEYS "" \
		--set-str SYSTEM_REVOCATION_KEYS "" \
		--set-str MODULE_SIG_KEY "" \
		--disable DEBUG_INFO_DWARF5 --disable DEBUG_INFO_BTF \
		--enable DEBUG_INFO_NONE
	kml_make olddefconfig
	yes "" | kml_make LSMOD="$lsmod" localmodconfig
	"$KML_SRC/scripts/config" --file "$KML_BUILD/.config" \
		--enable DEBUG_KMEMLEAK --disable DEBUG_KMEMLEAK_DEFAULT_OFF \
		--set-val DEBUG_KMEMLEAK_MEM_POOL_SIZE 16000 \
		--enable DEBUG_KMEMLEAK_AUTO_SCAN
	kml_make olddefconfig
}

# Build (incrementally) and install the kernel and its modules into
# L1_KIMG, laid out like an extracted linux-image package.  Sets L1_KVER,
# L1_KIMG and L1_BUILD (what hvhost's modules are built against).
kml_kernel() {
	[ -d "$KML_SRC" ] || {
		log "no $KML_SRC: run tools/testing/kunit.sh once to unpack it"
		exit 1
	}
	kml_configure
	log "building the kmemleak L1 kernel (incremental)"
	kml_make -j2 bzImage modules
	L1_KVER=$(make -s -C "$KML_SRC" O="$KML_BUILD" kernelrelease)
	L1_KIMG=$CACHE/kimg-$L1_KVER
	# shellcheck disable=SC2034 # read by lib.sh
	L1_BUILD=$KML_BUILD
	if [ ! -f "$L1_KIMG/.done" ] ||
	   [ "$KML_BUILD/vmlinux" -nt "$L1_KIMG/.done" ]; then
		rm -rf "$L1_KIMG"
		mkdir -p "$L1_KIMG/boot"
		kml_make INSTALL_MOD_PATH="$L1_KIMG" modules_install
		cp "$KML_BUILD/arch/x86/boot/bzImage" \
			"$L1_KIMG/boot/vmlinuz-$L1_KVER"
		touch "$L1_KIMG/.done"
	fi
}
