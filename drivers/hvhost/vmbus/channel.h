/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMBus channels, host side: offers, open and close, rescind, relid
 * release and target changes.
 */
#ifndef _HVHOST_VMBUS_CHANNEL_H
#define _HVHOST_VMBUS_CHANNEL_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "gpadl.h"
#include "ring.h"
#include "vmbus.h"

struct hvhost_vmbus;

/**
 * enum hvhost_chan_state - a channel's life
 * @HVHOST_CHAN_OFFERED: offered by the VSP; the guest has the offer if
 *	hvhost_channel.offered is set.
 * @HVHOST_CHAN_OPEN: the guest opened it: rings mapped, VSP open.
 * @HVHOST_CHAN_RESCINDED: the host rescinded it; the VSP side is closed
 *	and the channel waits for the guest's RELID_RELEASED.
 */
enum hvhost_chan_state {
	HVHOST_CHAN_OFFERED,
	HVHOST_CHAN_OPEN,
	HVHOST_CHAN_RESCINDED,
};

/**
 * struct hvhost_chan_map - a VSP's mapping of a GPADL (receive buffer...)
 * @node: in hvhost_channel.maps.
 * @gpadl: the GPADL, with one use held for this mapping.
 * @map: the host's copy of the mapping, unmapped from here.
 */
struct hvhost_chan_map {
	struct list_head node;
	struct hvhost_gpadl *gpadl;
	struct hvhost_gpadl_map map;
};

/**
 * struct hvhost_channel - one offered channel
 * @vb: the connection; outlives the channel.
 * @node: in hvhost_vmbus.channels.
 * @rcu: frees the channel after hvhost_vmbus_signal() readers.
 * @relid: the child relid, unique on the connection and below 2048.
 * @conn_id: the event connection id the guest signals.
 * @target_vp: where the host signals the guest.  Written under the
 *	connection lock, read with READ_ONCE() by hvhost_channel_signal().
 * @state: see enum hvhost_chan_state.
 * @offered: the guest got the offer and has not released the relid.
 * @kickable: the VSP is open and takes kicks.  Set after @ops->open
 *	succeeded, cleared (then synchronize_rcu()) before @ops->close.
 * @primary: the primary channel of a subchannel, else NULL.
 * @desc: what the VSP offered.
 * @ops: the VSP's callbacks.
 * @vsp_priv: the VSP's data.
 * @ring_gpadl: the ring GPADL while open, with one use held.
 * @ring_map: the ring GPADL's pages, mapped while open.
 * @in: the guest's outbound ring (host reads).
 * @out: the guest's inbound ring (host writes).
 * @maps: GPADLs the VSP mapped (struct hvhost_chan_map); whatever is left
 *	when the channel closes is unmapped by the host.
 *
 * Locking: every field but @kickable and @target_vp is protected by the
 * connection lock.  Lifetime: created by hvhost_vmbus_offer(), freed
 * (kfree_rcu) when a rescind completes, or on hvhost_vmbus_destroy().
 */
struct hvhost_channel {
	struct hvhost_vmbus *vb;
	struct list_head node;
	struct rcu_head rcu;
	u32 relid;
	u32 conn_id;
	u32 target_vp;
	enum hvhost_chan_state state;
	bool offered;
	bool kickable;
	struct hvhost_channel *primary;
	struct hvhost_offer_desc desc;
	const struct hvhost_vsp_ops *ops;
	void *vsp_priv;
	struct hvhost_gpadl *ring_gpadl;
	struct hvhost_gpadl_map ring_map;
	struct hvhost_ring in;
	struct hvhost_ring out;
	struct list_head maps;
};

struct hvhost_channel *hvhost_chan_find(struct hvhost_vmbus *vb, u32 relid);
void hvhost_chan_disconnect_all(struct hvhost_vmbus *vb);
void hvhost_chan_free_all(struct hvhost_vmbus *vb);

void hvhost_chan_on_request_offers(struct hvhost_vmbus *vb, const void *msg,
				   u32 size);
void hvhost_chan_on_open(struct hvhost_vmbus *vb, const void *msg, u32 size);
void hvhost_chan_refuse_open(struct hvhost_vmbus *vb, const void *msg);
void hvhost_chan_on_close(struct hvhost_vmbus *vb, const void *msg, u32 size);
void hvhost_chan_on_relid_released(struct hvhost_vmbus *vb, const void *msg,
				   u32 size);
void hvhost_chan_on_modify(struct hvhost_vmbus *vb, const void *msg, u32 size);
void hvhost_chan_refuse_modify(struct hvhost_vmbus *vb, const void *msg);

#endif /* _HVHOST_VMBUS_CHANNEL_H */
