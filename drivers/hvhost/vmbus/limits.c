// SPDX-License-Identifier: GPL-2.0-only
/*
 * The quotas a new VMBus connection starts with, as module parameters so
 * an administrator can tighten or widen them (they apply to partitions
 * created after the change).
 */
#include <linux/moduleparam.h>

#include "limits.h"

static unsigned int max_channels = HVHOST_VMBUS_MAX_CHANNELS;
module_param(max_channels, uint, 0644);
MODULE_PARM_DESC(max_channels,
		 "Channels offered to one guest (1-2047, default 64)");

static unsigned int max_gpadls = HVHOST_VMBUS_MAX_GPADLS;
module_param(max_gpadls, uint, 0644);
MODULE_PARM_DESC(max_gpadls, "GPADLs one guest may hold (default 256)");

static unsigned long max_gpadl_pages = HVHOST_VMBUS_MAX_GPADL_PFNS;
module_param(max_gpadl_pages, ulong, 0644);
MODULE_PARM_DESC(max_gpadl_pages,
		 "4 KiB pages over all GPADLs of one guest (default 262144)");

static unsigned int max_queued_msgs = HVHOST_VMBUS_MAX_QUEUED_MSGS;
module_param(max_queued_msgs, uint, 0644);
MODULE_PARM_DESC(max_queued_msgs,
		 "Host messages queued for one guest before its HvPostMessage is told to retry (1-4096, default 128)");

static unsigned int max_inflight_pkts = HVHOST_VMBUS_MAX_INFLIGHT;
module_param(max_inflight_pkts, uint, 0644);
MODULE_PARM_DESC(max_inflight_pkts,
		 "Packets in flight with one guest over all its channels (1-1048576, default 65536)");

/**
 * hvhost_vmbus_default_limits() - the quotas for a new connection
 *
 * Reads the module parameters once and clamps them to what the protocol
 * and the host can bear: at least one of each, channels below the relid
 * space, at most 4096 queued messages and 2^20 packets in flight.
 *
 * Context: any.
 * Return: the limits.
 */
struct hvhost_vmbus_limits hvhost_vmbus_default_limits(void)
{
	struct hvhost_vmbus_limits l = {
		.max_channels = clamp(READ_ONCE(max_channels), 1U,
				      (unsigned int)HVHOST_VMBUS_MAX_RELID),
		.max_gpadls = max(READ_ONCE(max_gpadls), 1U),
		.max_gpadl_pfns = max(READ_ONCE(max_gpadl_pages), 1UL),
		.max_queued_msgs = clamp(READ_ONCE(max_queued_msgs), 1U,
					 4096U),
		.max_inflight_pkts = clamp(READ_ONCE(max_inflight_pkts), 1U,
					   (unsigned int)HVHOST_VMBUS_MAX_INFLIGHT_CAP),
	};

	return l;
}

#if IS_ENABLED(CONFIG_HVHOST_KUNIT_TEST)
#include "limits_test.c"
#endif
