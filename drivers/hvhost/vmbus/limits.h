/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Quotas of one VMBus connection: everything a guest can make the host
 * allocate is counted against one of these.
 *
 * The defaults below are module parameters of hvhost (limits.c); a
 * connection copies them into its own struct hvhost_vmbus_limits when it is
 * created, and tests shrink them with hvhost_vmbus_set_limits().
 */
#ifndef _HVHOST_VMBUS_LIMITS_H
#define _HVHOST_VMBUS_LIMITS_H

#include <linux/bits.h>
#include <linux/types.h>

/* Channels (primary and sub) offered on one connection. */
#define HVHOST_VMBUS_MAX_CHANNELS	64
/* GPADLs a guest may have, complete or being assembled. */
#define HVHOST_VMBUS_MAX_GPADLS		256
/* Guest pages over all GPADLs: 1 GiB of 4 KiB pages. */
#define HVHOST_VMBUS_MAX_GPADL_PFNS	BIT_ULL(18)
/*
 * Host-to-guest messages waiting for the guest's message slot.  While the
 * queue holds this many, the guest's HvPostMessage gets
 * HV_STATUS_INSUFFICIENT_BUFFERS and retries later.
 */
#define HVHOST_VMBUS_MAX_QUEUED_MSGS	128
/*
 * Packets in flight between the host and the guest over all channels of
 * one connection: requests a VSP is handling and packets it sent that the
 * guest has not completed yet (a NIC's receive slots).  A VSP refuses new
 * work above it (a NIC: NVSP_STAT_BUSY, frames not delivered).
 */
#define HVHOST_VMBUS_MAX_INFLIGHT	65536
#define HVHOST_VMBUS_MAX_INFLIGHT_CAP	BIT(20)

/*
 * Relids are event flag bits of SINT 2 (2048 of them); bit 0 is never
 * scanned by Linux guests, so relids run from 1.
 */
#define HVHOST_VMBUS_MIN_RELID		1
#define HVHOST_VMBUS_MAX_RELID		2047

/**
 * struct hvhost_vmbus_limits - quotas of one connection
 * @max_channels: channels offered at once.
 * @max_gpadls: GPADLs the guest may hold.
 * @max_gpadl_pfns: pages over all GPADLs.
 * @max_queued_msgs: outgoing messages above which guest messages are
 *	refused with HV_STATUS_INSUFFICIENT_BUFFERS.
 * @max_inflight_pkts: packets in flight over all channels, charged with
 *	hvhost_channel_inflight_get().
 */
struct hvhost_vmbus_limits {
	u32 max_channels;
	u32 max_gpadls;
	u64 max_gpadl_pfns;
	u32 max_queued_msgs;
	u32 max_inflight_pkts;
};

#define HVHOST_VMBUS_DEFAULT_LIMITS ((struct hvhost_vmbus_limits) {	\
	.max_channels = HVHOST_VMBUS_MAX_CHANNELS,			\
	.max_gpadls = HVHOST_VMBUS_MAX_GPADLS,				\
	.max_gpadl_pfns = HVHOST_VMBUS_MAX_GPADL_PFNS,			\
	.max_queued_msgs = HVHOST_VMBUS_MAX_QUEUED_MSGS,		\
	.max_inflight_pkts = HVHOST_VMBUS_MAX_INFLIGHT,			\
})

struct hvhost_vmbus_limits hvhost_vmbus_default_limits(void);

#endif /* _HVHOST_VMBUS_LIMITS_H */
