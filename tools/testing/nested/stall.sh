#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A diagnostic, not a test tier: one L1 boot that starts the stock L2 guest
# BOOTS times in a row (CPUS vCPUs, echo traffic, console live), to count
# how often TCG's emulated nested SVM stops L1 (Documentation/testing.rst,
# "Faults of the emulated platform").  A stall gets lib.sh's monitor dump
# in the log.  Exits 0 when every boot ended.
#
#   tools/testing/nested/stall.sh [BOOTS [CPUS]]        (30, 2)
#   HVHOST_NESTED_KVM_AMD_PARAMS=vgif=1 tools/testing/nested/stall.sh
#   HVHOST_STALL_SYMS=0x3453,0xcf4a34 tools/testing/nested/stall.sh 0
#
# The last form names the kernel functions at those offsets from _text (a
# stalled RIP from an earlier dump minus that boot's _text).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

BOOTS=${1:-30}
CPUS=${2:-2}
: "${HVHOST_NESTED_QEMU_TIMEOUT:=$((BOOTS * 60 + 300))}"
TIMEOUT=$HVHOST_NESTED_QEMU_TIMEOUT
nested_setup stall
L1_APPEND="hvhost.boots=$BOOTS hvhost.cpus=$CPUS${HVHOST_STALL_SYMS:+ hvhost.syms=$HVHOST_STALL_SYMS}" boot_l1
ended=$(grep -c '^HVHOST-STALLTEST boot [0-9]* end' "$LOG" || true)
echo "stall: $ended of $BOOTS L2 boots ended (kvm_amd: ${KVM_AMD_PARAMS:-defaults}), log $LOG"
grep -q '^HVHOST-STALL | HVHOST-STALL L1' "$LOG" && grep '^HVHOST-STALL | RIP=' "$LOG" | head -n 1
[ "$ended" = "$BOOTS" ]
