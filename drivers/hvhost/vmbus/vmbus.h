/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMBus host: what transports and device providers (VSPs) call.
 *
 * A transport creates one struct hvhost_vmbus per partition, relays the
 * guest's HvPostMessage calls into hvhost_vmbus_post_message(), its
 * HvSignalEvent kicks into hvhost_vmbus_signal(), and its EOMs into
 * hvhost_vmbus_msg_slot_free().
 *
 * A VSP offers a device with hvhost_vmbus_offer() and gets callbacks when
 * the guest opens or closes the channel and when the guest kicks it.
 */
#ifndef _HVHOST_VMBUS_H
#define _HVHOST_VMBUS_H

#include <linux/module.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include "proto.h"

struct hvhost_partition;
struct hvhost_vmbus;
struct hvhost_channel;
struct hvhost_gpadl_map;

/*
 * Transport side.
 */
struct hvhost_vmbus *hvhost_vmbus_create(struct hvhost_partition *p);
void hvhost_vmbus_destroy(struct hvhost_vmbus *vb);
u16 hvhost_vmbus_post_message(struct hvhost_vmbus *vb, u32 conn_id,
			      u32 msg_type, const void *payload, u32 size);
bool hvhost_vmbus_signal(struct hvhost_vmbus *vb, u32 conn_id);
void hvhost_vmbus_msg_slot_free(struct hvhost_vmbus *vb);
void hvhost_vmbus_reset(struct hvhost_vmbus *vb);

/*
 * Device provider side.
 */

/**
 * struct hvhost_vsp_ops - callbacks of a device provider
 * @open: the guest opened the channel; its rings are mapped and
 *	hvhost_channel_in()/out() are valid until @close returns.  @userdata
 *	is the 120-byte user area of the OPENCHANNEL message (a copy).
 *	Return 0 to accept, or a negative error: the guest gets a failure
 *	status in OPENCHANNEL_RESULT.
 * @close: the guest closed the channel, or it is being torn down (host
 *	rescind, UNLOAD, reset, destroy).  No @kick runs during or after it.
 *	After return the VSP must not touch the rings, GPADL mappings it
 *	still holds (the host unmaps them) or call hvhost_channel_*()
 *	signalling functions for it.
 * @kick: the guest signalled the channel (new packets, or space freed after
 *	pending_send_sz).  Called without hvhost locks held, possibly from
 *	atomic context: defer the work (NAPI, a work item).
 * @rescinded: the channel is going away: a host rescind finished (the guest
 *	released the relid, or never had the offer), or the connection is
 *	destroyed.  The channel is freed after this returns.  Optional.
 *
 * @owner: the module of these callbacks (THIS_MODULE); each channel holds
 *	a reference until after its @rescinded.
 * Context: @open, @close and @rescinded run in process context under the
 * connection mutex; they may sleep but must not call back into
 * hvhost_vmbus_*() or hvhost_channel_*() functions other than the
 * accessors (priv, relid, in, out) and hvhost_channel_signal().
 */
struct hvhost_vsp_ops {
	int (*open)(struct hvhost_channel *ch, const u8 *userdata);
	void (*close)(struct hvhost_channel *ch);
	void (*kick)(struct hvhost_channel *ch);
	void (*rescinded)(struct hvhost_channel *ch);
	struct module *owner;
};

/**
 * struct hvhost_offer_desc - what a VSP offers
 * @class_id: the device class (interface type) GUID.
 * @instance_id: the device instance GUID, unique per partition.
 * @mmio_megabytes: MMIO space the device wants (0 for most).
 * @chn_flags: VMBUS_CHANNEL_* offer flags.
 * @sub_channel_index: 0 for a primary channel.
 * @user_def: the offer's 120-byte user-defined area.
 */
struct hvhost_offer_desc {
	guid_t class_id;
	guid_t instance_id;
	u16 mmio_megabytes;
	u16 chn_flags;
	u16 sub_channel_index;
	u8 user_def[VMBUS_MAX_USER_DEFINED_BYTES];
};

struct hvhost_channel *hvhost_vmbus_offer(struct hvhost_vmbus *vb,
					  const struct hvhost_offer_desc *desc,
					  const struct hvhost_vsp_ops *ops,
					  void *vsp_priv);
struct hvhost_channel *hvhost_channel_offer_sub(struct hvhost_channel *primary,
						u16 sub_index);
void hvhost_vmbus_rescind(struct hvhost_channel *ch);

void *hvhost_channel_priv(const struct hvhost_channel *ch);
u32 hvhost_channel_relid(const struct hvhost_channel *ch);
struct hvhost_ring *hvhost_channel_in(struct hvhost_channel *ch);
struct hvhost_ring *hvhost_channel_out(struct hvhost_channel *ch);
int hvhost_channel_signal(struct hvhost_channel *ch);
int hvhost_channel_read_guest(struct hvhost_channel *ch, u64 gpa, void *buf,
			      size_t len);
bool hvhost_channel_access_begin(struct hvhost_channel *ch);
void hvhost_channel_access_end(struct hvhost_channel *ch);
bool hvhost_channel_inflight_get(struct hvhost_channel *ch);
void hvhost_channel_inflight_put(struct hvhost_channel *ch, u32 n);
int hvhost_channel_map_gpadl(struct hvhost_channel *ch, u32 gpadl_id,
			     struct hvhost_gpadl_map *m);
void hvhost_channel_unmap_gpadl(struct hvhost_channel *ch, u32 gpadl_id,
				struct hvhost_gpadl_map *m);
int hvhost_channel_try_map_gpadl(struct hvhost_channel *ch, u32 gpadl_id,
				 struct hvhost_gpadl_map *m);
int hvhost_channel_try_unmap_gpadl(struct hvhost_channel *ch, u32 gpadl_id,
				   struct hvhost_gpadl_map *m);

#endif /* _HVHOST_VMBUS_H */
