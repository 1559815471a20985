/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMBus connection of one partition: its state, the negotiated
 * version, the dispatch of the guest's channel messages and the queue of
 * the host's replies.
 */
#ifndef _HVHOST_VMBUS_CONNECTION_H
#define _HVHOST_VMBUS_CONNECTION_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "gpadl.h"
#include "limits.h"
#include "msgqueue.h"
#include "proto.h"

struct hvhost_partition;

/*
 * The message connection id a guest uses after negotiating 5.0 or later
 * (carried in VERSION_RESPONSE.msg_conn_id).  Before 5.0 it is always
 * VMBUS_MESSAGE_CONNECTION_ID.
 */
#define HVHOST_VMBUS_MSG_CONN_ID	VMBUS_MESSAGE_CONNECTION_ID_4

/*
 * Channel connection ids (the guest's HvSignalEvent targets) are this base
 * plus the relid: unique per channel, clear of the fixed ids 1..4 and well
 * below 2^24.
 */
#define HVHOST_VMBUS_CHAN_CONN_ID_BASE	0x10000

/* The NTSTATUS the host puts in failure replies (STATUS_UNSUCCESSFUL). */
#define HVHOST_VMBUS_STATUS_FAIL	0xC0000001

/* VERSION_RESPONSE.connection_state */
#define HVHOST_VMBUS_CONN_OK		0
#define HVHOST_VMBUS_CONN_FAILED	2

/**
 * enum hvhost_conn_state - where the guest's VMBus driver is
 * @HVHOST_CONN_DISCONNECTED: no version negotiated (initial, after UNLOAD
 *	or reset).  Only INITIATE_CONTACT is accepted.
 * @HVHOST_CONN_CONNECTED: a version was negotiated; offers go out once the
 *	guest sent REQUESTOFFERS (see hvhost_vmbus.offers_requested).
 */
enum hvhost_conn_state {
	HVHOST_CONN_DISCONNECTED,
	HVHOST_CONN_CONNECTED,
};

/**
 * struct hvhost_vmbus - the VMBus host of one partition
 * @p: the partition; outlives this struct.
 * @lock: the connection mutex.  Protects every field below except @q
 *	(own lock, nested inside this one) and the RCU-read side of
 *	@relids.  VSP open/close callbacks run under it.
 * @limits: quotas, copied from the defaults at creation.
 * @state: connection state.
 * @version: negotiated protocol version, 0 while disconnected.
 * @msg_conn_id: the message connection id the guest must use.
 * @target_vcpu: where replies go (the guest's INITIATE_CONTACT target).
 * @interrupt_page: the guest's interrupt page (before 5.0), or 0.
 * @monitor_page1: the guest's first monitor page, or 0.
 * @monitor_page2: the guest's second monitor page, or 0.
 * @offers_requested: REQUESTOFFERS was answered; new offers go out at once.
 * @channels: every channel, in offer order (struct hvhost_channel.node).
 * @nr_channels: entries on @channels, charged against @limits.
 * @relids: relid -> channel.  Written under @lock; read under RCU by
 *	hvhost_vmbus_signal().
 * @gpadls: the guest's GPADLs.
 * @q: outgoing messages.
 * @bad_msgs: guest messages dropped as malformed or out of state.
 * @inflight: packets in flight over all channels, at most
 *	@limits.max_inflight_pkts.  Atomic: VSPs charge and release it from
 *	their own contexts, without @lock.
 * @inflight_refused: charges refused at the quota (atomic, for tests and
 *	debugfs).
 */
struct hvhost_vmbus {
	struct hvhost_partition *p;
	struct mutex lock; /* see kernel-doc above */
	struct hvhost_vmbus_limits limits;
	enum hvhost_conn_state state;
	u32 version;
	u32 msg_conn_id;
	u32 target_vcpu;
	u64 interrupt_page;
	u64 monitor_page1;
	u64 monitor_page2;
	bool offers_requested;
	struct list_head channels;
	u32 nr_channels;
	struct xarray relids;
	struct hvhost_gpadl_table gpadls;
	struct hvhost_msgq q;
	u64 bad_msgs;
	atomic_t inflight;
	atomic_t inflight_refused;
};

void hvhost_vmbus_send(struct hvhost_vmbus *vb, const void *msg, u32 size);
void hvhost_vmbus_bad_msg(struct hvhost_vmbus *vb, const char *why, u32 type);
bool hvhost_vmbus_version_supported(u32 version);
void hvhost_vmbus_set_limits(struct hvhost_vmbus *vb,
			     const struct hvhost_vmbus_limits *limits);

#endif /* _HVHOST_VMBUS_CONNECTION_H */
