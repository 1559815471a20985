#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The README's main job: a stock Debian 6.12 guest, booted by hvvmm inside
# a nested KVM host (L1, QEMU TCG), brings up eth0 with its inbox hv_netvsc
# on hvhost's synthetic NIC and pings the host through the host port
# hvnet0.  Shows the guest's `ip addr`, L1's `ip -d link show hvnet0` and
# both pings as the run proceeds.  No traffic leaves the emulated machine
# (L1 has no NIC; 10.99.0.0/24 lives between L1 and L2).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

nested_setup demo
: > "$LOG"
boot_l1_retry &
qemu_job=$!
# Follow the console until the run ends (the L0 QEMU has a hard timeout);
# leave out kernel messages and the VMM's exit statistics.
tail -n +1 --pid="$qemu_job" -F "$LOG" 2>/dev/null | tr -d '\r' |
	grep --line-buffered -vE '^\[ *[0-9]+\.[0-9]+\]|^hvvmm: (exits|vcpu[0-9]+: SynIC)|^L[12]-DMESG|^HVHOST-TIME|^HVHOST-L2-NET|^L2-VMBUS|^$' |
	sed -u 's/\x1b\[[0-9;?]*[a-zA-Z]//g' || true
wait "$qemu_job"
report l2-demo-hyperv-detected l2-demo-vmbus-version-5.3 \
	l1-demo-port-created l2-demo-netvsc-bound l2-demo-eth0 l2-demo-mac \
	l2-demo-link-up l2-demo-ping-l1 l1-demo-ping-l2 vmm-demo-exit-poweroff
