#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The README's main job, as far as it goes today: a stock Debian 6.12 guest
# booted by hvvmm inside a nested KVM host, detecting Hyper-V and reaching
# the VMM over HvPostMessage with INITIATE_CONTACT.  (Next: VMBus offers
# and hv_netvsc networking through hvhost.)  Shows the guest console and
# hvvmm's log as the run proceeds.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

nested_setup demo
: > "$LOG"
boot_l1 &
qemu_job=$!
# Follow the console until the run ends (the L0 QEMU has a hard timeout).
tail -n +1 --pid="$qemu_job" -f "$LOG" | tr -d '\r' |
	grep --line-buffered -E 'HVHOST-|hvvmm:|L2-DMESG'
wait "$qemu_job"
report l2-demo-hyperv-detected vmm-demo-initiate-contact-5.3 \
	l2-demo-vmbus-version-5.3
