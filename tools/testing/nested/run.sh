#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The nested real-guest test tier: L0 QEMU TCG -> L1 Debian 6.12 with
# kvm_amd + hvhost -> L2 stock Debian 6.12 under hvvmm.  Prints one
# "HVHOST-TEST name PASS|FAIL" line per check and exits nonzero on failure.
#
#   tools/testing/nested/run.sh
#
# Needs root (apt-get, no KVM on L0 required).  One run at a time: the L0
# QEMU is single-threaded TCG and takes one core.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

EXPECTED=(
	vmm-selftest-acpi vmm-selftest-aml vmm-selftest-boot
	vmm-selftest-hypercalls vmm-selftest-serial vmm-selftest-platform
	l1-insmod-irqbypass l1-insmod-kvm l1-insmod-ccp l1-insmod-kvm-amd
	l1-dev-kvm l1-modprobe-hvhost l1-modprobe-hvhost_net
)
tags=(up smp)
[ "$PAIR" = 1 ] && tags+=(pair1 pair2)
for tag in "${tags[@]}"; do
	EXPECTED+=(
		"l2-$tag-cpus" "l2-$tag-hyperv-detected" "l2-$tag-hv-clocksource"
		"l2-$tag-insmod-hv_vmbus" "l2-$tag-vmbus-version-5.3"
		"l2-$tag-vmbus-devices" "l2-$tag-echo-device-offered"
		"l2-$tag-echo-device-class"
		"vmm-$tag-exit-poweroff" "vmm-$tag-synic-enabled"
		"vmm-$tag-initiate-contact-5.3" "vmm-$tag-hvhost-open"
		"vmm-$tag-hvhost-relayed" "vmm-$tag-request-offers"
	)
done
for tag in up smp; do
	EXPECTED+=("l2-$tag-insmod-hvhost_echo_guest" "l2-$tag-echo-traffic"
		"vmm-$tag-echo-kicks-in-kernel")
done
EXPECTED+=(vmm-smp-synic-enabled-vcpu1)
for c in payload-too-big payload-huge message-type-0 message-type-2 \
	payload-short conn-id-old conn-id-unknown conn-id-huge msgtype-unknown \
	input-misaligned input-crosses-page post-fast flood signal-many \
	post-after-abuse; do
	EXPECTED+=("l2-hostile-$c")
done
EXPECTED+=(l2-hostile-insmod-hv_vmbus l2-hostile-vmbus-version-5.3
	l2-hostile-insmod-hvhost_hostile vmm-hostile-exit-poweroff
	l1-rmmod-hvhost_net l1-rmmod-hvhost l1-hvhost-unloaded l1-kernel-clean)

nested_setup test
boot_l1
report "${EXPECTED[@]}"
