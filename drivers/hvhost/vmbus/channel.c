// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMBus channels, host side.
 *
 * A VSP offers a channel; the guest learns of it by OFFERCHANNEL (after its
 * REQUESTOFFERS, or at once for a hot add), opens it on a ring GPADL and
 * closes it.  A host rescind closes the VSP side at once and frees the
 * channel when the guest releases the relid.
 */
#include <linux/export.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../partition.h"
#include "channel.h"
#include "connection.h"
#include "gpadl_host.h"
#include "vmbus_trace.h"

struct hvhost_channel *hvhost_chan_find(struct hvhost_vmbus *vb, u32 relid)
{
	lockdep_assert_held(&vb->lock);
	if (relid < HVHOST_VMBUS_MIN_RELID || relid > HVHOST_VMBUS_MAX_RELID)
		return NULL;
	return xa_load(&vb->relids, relid);
}

static void hvhost_chan_send_offer(struct hvhost_channel *ch)
{
	struct vmbus_msg_offer_channel m = {
		.header.msgtype = CHANNELMSG_OFFERCHANNEL,
		.offer.if_type = ch->desc.class_id,
		.offer.if_instance = ch->desc.instance_id,
		.offer.chn_flags = ch->desc.chn_flags,
		.offer.mmio_megabytes = ch->desc.mmio_megabytes,
		.offer.sub_channel_index = ch->desc.sub_channel_index,
		.child_relid = ch->relid,
		.monitorid = VMBUS_NO_MONITOR_ID,
		.flags1 = 0,
		.flags2 = VMBUS_OFFER_DEDICATED_INTERRUPT,
		.connection_id = ch->conn_id,
	};

	memcpy(m.offer.user_def, ch->desc.user_def, sizeof(m.offer.user_def));
	hvhost_vmbus_send(ch->vb, &m, sizeof(m));
	ch->offered = true;
}

static void hvhost_chan_free(struct hvhost_channel *ch)
{
	struct hvhost_vmbus *vb = ch->vb;
	struct hvhost_channel *sub;

	lockdep_assert_held(&vb->lock);
	list_for_each_entry(sub, &vb->channels, node)
		if (sub->primary == ch)
			sub->primary = NULL;
	list_del(&ch->node);
	vb->nr_channels--;
	/* The relid may be reused: its GPADLs must not pass to the next. */
	hvhost_gpadl_host_drop_relid(vb, ch->relid);
	xa_erase(&vb->relids, ch->relid);
	if (ch->ops->rescinded)
		ch->ops->rescinded(ch);
	pr_debug("hvhost: channel %u destroyed\n", ch->relid);
	/* The VSP's code ran for the last time for this channel. */
	module_put(ch->ops->owner);
	kfree_rcu(ch, rcu);
}

/* Give back the VSP's GPADL mappings that are still held. */
static void hvhost_chan_release_maps(struct hvhost_channel *ch)
{
	struct hvhost_chan_map *cm, *tmp;

	list_for_each_entry_safe(cm, tmp, &ch->maps, node) {
		hvhost_gpadl_unmap(ch->vb->p, &cm->map);
		hvhost_gpadl_host_put(ch->vb, cm->gpadl);
		list_del(&cm->node);
		kfree(cm);
	}
}

/* Every state change after creation goes through here, for the trace. */
static void hvhost_chan_set_state(struct hvhost_channel *ch,
				  enum hvhost_chan_state state)
{
	if (ch->state != state)
		trace_hvhost_vmbus_chan_state(ch->vb, ch->relid, ch->state,
					      state);
	ch->state = state;
}

/* Close the host side of an open channel: VSP, mappings, ring GPADL. */
static void hvhost_chan_close(struct hvhost_channel *ch)
{
	lockdep_assert_held(&ch->vb->lock);
	if (ch->state != HVHOST_CHAN_OPEN)
		return;
	if (ch->kickable) {
		/* No hvhost_vmbus_signal() reader may still see it kickable. */
		WRITE_ONCE(ch->kickable, false);
		synchronize_rcu();
	}
	ch->ops->close(ch);
	hvhost_chan_release_maps(ch);
	hvhost_gpadl_unmap(ch->vb->p, &ch->ring_map);
	hvhost_gpadl_host_put(ch->vb, ch->ring_gpadl);
	ch->ring_gpadl = NULL;
	memset(&ch->in, 0, sizeof(ch->in));
	memset(&ch->out, 0, sizeof(ch->out));
	hvhost_chan_set_state(ch, HVHOST_CHAN_OFFERED);
}

static struct hvhost_channel *
hvhost_chan_create(struct hvhost_vmbus *vb, const struct hvhost_offer_desc *desc,
		   const struct hvhost_vsp_ops *ops, void *vsp_priv)
{
	struct hvhost_channel *ch;
	u32 relid;
	int ret;

	lockdep_assert_held(&vb->lock);
	if (vb->nr_channels >= vb->limits.max_channels)
		return ERR_PTR(-ENOSPC);
	if (!try_module_get(ops->owner))
		return ERR_PTR(-ENODEV);
	ch = kzalloc(sizeof(*ch), GFP_KERNEL_ACCOUNT);
	if (!ch) {
		module_put(ops->owner);
		return ERR_PTR(-ENOMEM);
	}
	ch->vb = vb;
	ch->state = HVHOST_CHAN_OFFERED;
	ch->desc = *desc;
	ch->ops = ops;
	ch->vsp_priv = vsp_priv;
	INIT_LIST_HEAD(&ch->maps);
	/* Visible to hvhost_vmbus_signal() from here on, not kickable yet. */
	ret = xa_alloc(&vb->relids, &relid, ch,
		       XA_LIMIT(HVHOST_VMBUS_MIN_RELID, HVHOST_VMBUS_MAX_RELID),
		       GFP_KERNEL_ACCOUNT);
	if (ret) {
		kfree(ch);
		module_put(ops->owner);
		return ERR_PTR(ret == -EBUSY ? -ENOSPC : ret);
	}
	ch->relid = relid;
	ch->conn_id = HVHOST_VMBUS_CHAN_CONN_ID_BASE + relid;
	list_add_tail(&ch->node, &vb->channels);
	vb->nr_channels++;
	pr_debug("hvhost: channel %u created\n", relid);
	if (vb->offers_requested)
		hvhost_chan_send_offer(ch);
	return ch;
}

/*
 * An instance is one device: a live primary with it is a duplicate; a
 * rescinded one the guest has not released yet would make Linux drop the
 * new offer as a duplicate, so the caller must retry later.
 */
static struct hvhost_channel *hvhost_chan_instance_busy(struct hvhost_vmbus *vb,
							const guid_t *instance)
{
	struct hvhost_channel *ch;

	lockdep_assert_held(&vb->lock);
	list_for_each_entry(ch, &vb->channels, node) {
		if (ch->desc.sub_channel_index ||
		    !guid_equal(&ch->desc.instance_id, instance))
			continue;
		return ERR_PTR(ch->state == HVHOST_CHAN_RESCINDED ?
			       -EBUSY : -EEXIST);
	}
	return NULL;
}

/**
 * hvhost_vmbus_offer() - offer a channel to the guest
 * @vb: the connection.
 * @desc: what to offer (copied).
 * @ops: the VSP's callbacks; @open and @close are required.
 * @vsp_priv: the VSP's data, returned by hvhost_channel_priv().
 *
 * The guest gets the offer at once if it already asked for offers, else
 * with the others on its REQUESTOFFERS.
 *
 * Context: process context; may sleep.  Not from a VSP callback.
 * Return: the channel, ERR_PTR(-ENOSPC) over the channel quota or out of
 * relids, ERR_PTR(-EINVAL) for bad arguments, ERR_PTR(-EEXIST) for an
 * instance already offered, ERR_PTR(-EBUSY) for one whose rescind the
 * guest has not acknowledged yet, ERR_PTR(-ENODEV) if @ops->owner is
 * unloading, ERR_PTR(-ENOMEM).
 */
struct hvhost_channel *hvhost_vmbus_offer(struct hvhost_vmbus *vb,
					  const struct hvhost_offer_desc *desc,
					  const struct hvhost_vsp_ops *ops,
					  void *vsp_priv)
{
	struct hvhost_channel *ch;

	if (!ops || !ops->open || !ops->close || desc->sub_channel_index)
		return ERR_PTR(-EINVAL);
	mutex_lock(&vb->lock);
	ch = hvhost_chan_instance_busy(vb, &desc->instance_id);
	if (!ch)
		ch = hvhost_chan_create(vb, desc, ops, vsp_priv);
	mutex_unlock(&vb->lock);
	return ch;
}
EXPORT_SYMBOL_GPL(hvhost_vmbus_offer);

static bool hvhost_chan_sub_exists(struct hvhost_channel *primary, u16 index)
{
	struct hvhost_channel *ch;

	list_for_each_entry(ch, &primary->vb->channels, node)
		if (ch->primary == primary &&
		    ch->desc.sub_channel_index == index)
			return true;
	return false;
}

/**
 * hvhost_channel_offer_sub() - offer a subchannel of an offered channel
 * @primary: the primary channel.
 * @sub_index: the subchannel index, 1 or more, unique for @primary.
 *
 * The subchannel shares the primary's class, instance, callbacks and VSP
 * data.  It is rescinded with the primary.
 *
 * Context: process context; may sleep.  Not from a VSP callback.
 * Return: the subchannel or an ERR_PTR() as for hvhost_vmbus_offer();
 * -EINVAL also for a rescinded primary or a duplicate index.
 */
struct hvhost_channel *hvhost_channel_offer_sub(struct hvhost_channel *primary,
						u16 sub_index)
{
	struct hvhost_vmbus *vb = primary->vb;
	struct hvhost_offer_desc desc = primary->desc;
	struct hvhost_channel *ch;

	if (!sub_index || primary->primary)
		return ERR_PTR(-EINVAL);
	desc.sub_channel_index = sub_index;
	mutex_lock(&vb->lock);
	if (primary->state == HVHOST_CHAN_RESCINDED ||
	    hvhost_chan_sub_exists(primary, sub_index)) {
		ch = ERR_PTR(-EINVAL);
	} else {
		ch = hvhost_chan_create(vb, &desc, primary->ops,
					primary->vsp_priv);
		if (!IS_ERR(ch))
			ch->primary = primary;
	}
	mutex_unlock(&vb->lock);
	return ch;
}

static void hvhost_chan_rescind_locked(struct hvhost_channel *ch)
{
	struct vmbus_msg_rescind_offer m = {
		.header.msgtype = CHANNELMSG_RESCIND_CHANNELOFFER,
	};
	struct hvhost_channel *sub, *tmp;

	lockdep_assert_held(&ch->vb->lock);
	if (ch->state == HVHOST_CHAN_RESCINDED)
		return;
	list_for_each_entry_safe(sub, tmp, &ch->vb->channels, node)
		if (sub->primary == ch)
			hvhost_chan_rescind_locked(sub);
	hvhost_chan_close(ch);
	hvhost_chan_set_state(ch, HVHOST_CHAN_RESCINDED);
	if (!ch->offered) {
		hvhost_chan_free(ch);
		return;
	}
	m.child_relid = ch->relid;
	hvhost_vmbus_send(ch->vb, &m, sizeof(m));
}

/**
 * hvhost_vmbus_rescind() - hot remove a channel
 * @ch: the channel (a primary also takes its subchannels).
 *
 * The VSP side closes at once (@close if open).  If the guest has the offer
 * it gets RESCIND_CHANNELOFFER and the channel is freed on its
 * RELID_RELEASED, else at once; either way @rescinded is called right
 * before the channel is freed.  @ch must not be used after this call.
 *
 * Context: process context; may sleep.  Not from a VSP callback.
 */
void hvhost_vmbus_rescind(struct hvhost_channel *ch)
{
	struct hvhost_vmbus *vb = ch->vb;

	mutex_lock(&vb->lock);
	hvhost_chan_rescind_locked(ch);
	mutex_unlock(&vb->lock);
}
EXPORT_SYMBOL_GPL(hvhost_vmbus_rescind);

/* UNLOAD or reset: close all, drop rescinded channels, forget offers. */
void hvhost_chan_disconnect_all(struct hvhost_vmbus *vb)
{
	struct hvhost_channel *ch, *tmp;

	lockdep_assert_held(&vb->lock);
	/* One grace period for all channels instead of one each. */
	list_for_each_entry(ch, &vb->channels, node)
		WRITE_ONCE(ch->kickable, false);
	synchronize_rcu();
	list_for_each_entry_safe(ch, tmp, &vb->channels, node) {
		hvhost_chan_close(ch);
		ch->offered = false;
	}
	list_for_each_entry_safe(ch, tmp, &vb->channels, node)
		if (ch->state == HVHOST_CHAN_RESCINDED)
			hvhost_chan_free(ch);
}

/* Destroy: every channel goes; each VSP hears @rescinded. */
void hvhost_chan_free_all(struct hvhost_vmbus *vb)
{
	struct hvhost_channel *ch;

	lockdep_assert_held(&vb->lock);
	while ((ch = list_first_entry_or_null(&vb->channels,
					      struct hvhost_channel, node))) {
		hvhost_chan_close(ch);
		hvhost_chan_free(ch);
	}
}

/*
 * REQUESTOFFERS: every live channel, in offer order (primaries before their
 * subchannels), then ALLOFFERS_DELIVERED.  Asked once per connection: a
 * repeat gets ALLOFFERS_DELIVERED alone (the guest already has every offer,
 * and hot adds since went out by themselves).
 */
void hvhost_chan_on_request_offers(struct hvhost_vmbus *vb, const void *msg,
				   u32 size)
{
	struct vmbus_msg_header done = {
		.msgtype = CHANNELMSG_ALLOFFERS_DELIVERED,
	};
	struct hvhost_channel *ch;

	if (vb->offers_requested) {
		hvhost_vmbus_bad_msg(vb, "offers already requested",
				     CHANNELMSG_REQUESTOFFERS);
	} else {
		list_for_each_entry(ch, &vb->channels, node)
			if (ch->state != HVHOST_CHAN_RESCINDED)
				hvhost_chan_send_offer(ch);
		vb->offers_requested = true;
	}
	hvhost_vmbus_send(vb, &done, sizeof(done));
}

static void hvhost_chan_open_result(struct hvhost_vmbus *vb,
				    const struct vmbus_msg_open_channel *m,
				    u32 status)
{
	struct vmbus_msg_open_result r = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL_RESULT,
		.child_relid = m->child_relid,
		.openid = m->openid,
		.status = status,
	};

	hvhost_vmbus_send(vb, &r, sizeof(r));
}

void hvhost_chan_refuse_open(struct hvhost_vmbus *vb, const void *msg)
{
	hvhost_chan_open_result(vb, msg, HVHOST_VMBUS_STATUS_FAIL);
}

/* A channel the guest may use: offered to it, not rescinded. */
static struct hvhost_channel *hvhost_chan_guest_find(struct hvhost_vmbus *vb,
						     u32 relid)
{
	struct hvhost_channel *ch = hvhost_chan_find(vb, relid);

	if (!ch || !ch->offered || ch->state == HVHOST_CHAN_RESCINDED)
		return NULL;
	return ch;
}

/*
 * The ring GPADL: complete, made for this channel, unused, one range at
 * offset 0 of whole pages, split at @off pages into two rings of at least
 * a header and a data page each.
 */
static struct hvhost_gpadl *
hvhost_chan_ring_gpadl(struct hvhost_channel *ch, u32 id, u32 off)
{
	u32 min_pages = HVHOST_RING_MIN_BYTES / HV_PAGE_SIZE;
	struct hvhost_gpadl *g = hvhost_gpadl_find_complete(&ch->vb->gpadls, id);

	if (!g || g->child_relid != ch->relid || g->users ||
	    g->teardown_pending || !hvhost_gpadl_flat(g))
		return NULL;
	if (g->nr_pfns < 2 * min_pages || off < min_pages ||
	    off > g->nr_pfns - min_pages)
		return NULL;
	return g;
}

/* Map the ring GPADL (the caller holds a use) and set up both rings. */
static int hvhost_chan_map_rings(struct hvhost_channel *ch,
				 struct hvhost_gpadl *g, u32 off)
{
	size_t in_len = (size_t)off * HV_PAGE_SIZE;
	size_t out_len = (size_t)(g->nr_pfns - off) * HV_PAGE_SIZE;
	u8 *base;
	int ret;

	ret = hvhost_gpadl_map_range(ch->vb->p, g, 0, g->nr_pfns,
				     &ch->ring_map);
	if (ret)
		return ret;
	base = ch->ring_map.vaddr;
	ret = hvhost_ring_init_in(&ch->in, base, in_len);
	if (!ret)
		ret = hvhost_ring_init_out(&ch->out, base + in_len, out_len);
	if (ret) {
		hvhost_gpadl_unmap(ch->vb->p, &ch->ring_map);
		memset(&ch->in, 0, sizeof(ch->in));
		memset(&ch->out, 0, sizeof(ch->out));
	}
	return ret;
}

/* OPENCHANNEL on a channel the guest may use; undone whole on failure. */
static int hvhost_chan_open(struct hvhost_channel *ch,
			    const struct vmbus_msg_open_channel *m)
{
	struct hvhost_vmbus *vb = ch->vb;
	u32 off = m->downstream_ringbuffer_pageoffset;
	struct hvhost_gpadl *g;
	int ret;

	if (ch->state != HVHOST_CHAN_OFFERED || m->target_vp >= vb->p->nr_vps)
		return -EINVAL;
	g = hvhost_chan_ring_gpadl(ch, m->ringbuffer_gpadl, off);
	if (!g)
		return -EINVAL;
	hvhost_gpadl_host_get(vb, g);
	ret = hvhost_chan_map_rings(ch, g, off);
	if (ret)
		goto err_put;
	ch->ring_gpadl = g;
	WRITE_ONCE(ch->target_vp, m->target_vp);
	hvhost_chan_set_state(ch, HVHOST_CHAN_OPEN);
	ret = ch->ops->open(ch, m->userdata);
	if (ret)
		goto err_unmap;
	WRITE_ONCE(ch->kickable, true);
	return 0;

err_unmap:
	hvhost_chan_set_state(ch, HVHOST_CHAN_OFFERED);
	ch->ring_gpadl = NULL;
	hvhost_gpadl_unmap(vb->p, &ch->ring_map);
	memset(&ch->in, 0, sizeof(ch->in));
	memset(&ch->out, 0, sizeof(ch->out));
err_put:
	hvhost_gpadl_host_put(vb, g);
	return ret;
}

void hvhost_chan_on_open(struct hvhost_vmbus *vb, const void *msg, u32 size)
{
	const struct vmbus_msg_open_channel *m = msg;
	struct hvhost_channel *ch = hvhost_chan_guest_find(vb, m->child_relid);
	int ret = -EINVAL;

	if (ch)
		ret = hvhost_chan_open(ch, m);
	if (ret)
		hvhost_vmbus_bad_msg(vb, "open refused", CHANNELMSG_OPENCHANNEL);
	hvhost_chan_open_result(vb, m, ret ? HVHOST_VMBUS_STATUS_FAIL : 0);
}

/* CLOSECHANNEL has no reply; closing a rescinded channel is normal. */
void hvhost_chan_on_close(struct hvhost_vmbus *vb, const void *msg, u32 size)
{
	const struct vmbus_msg_close_channel *m = msg;
	struct hvhost_channel *ch = hvhost_chan_find(vb, m->child_relid);

	if (!ch || !ch->offered || ch->state != HVHOST_CHAN_OPEN) {
		if (!ch || ch->state != HVHOST_CHAN_RESCINDED)
			hvhost_vmbus_bad_msg(vb, "close of a closed channel",
					     CHANNELMSG_CLOSECHANNEL);
		return;
	}
	hvhost_chan_close(ch);
}

/*
 * RELID_RELEASED: after a rescind the channel goes.  A guest may also
 * release a relid it never rescinded (its probe failed): the channel is
 * closed and stays offered for a later connection.
 */
void hvhost_chan_on_relid_released(struct hvhost_vmbus *vb, const void *msg,
				   u32 size)
{
	const struct vmbus_msg_relid_released *m = msg;
	struct hvhost_channel *ch = hvhost_chan_find(vb, m->child_relid);

	if (!ch || !ch->offered) {
		hvhost_vmbus_bad_msg(vb, "unknown relid",
				     CHANNELMSG_RELID_RELEASED);
		return;
	}
	ch->offered = false;
	if (ch->state == HVHOST_CHAN_RESCINDED) {
		hvhost_chan_free(ch);
		return;
	}
	hvhost_chan_close(ch);
}

static void hvhost_chan_modify_response(struct hvhost_vmbus *vb,
					const struct vmbus_msg_modify_channel *m,
					u32 status)
{
	struct vmbus_msg_modify_channel_response r = {
		.header.msgtype = CHANNELMSG_MODIFYCHANNEL_RESPONSE,
		.child_relid = m->child_relid,
		.status = status,
	};

	/* Linux waits for the response from 5.3 on and sends none before. */
	if (vb->version >= VMBUS_VERSION_WIN10_V5_3)
		hvhost_vmbus_send(vb, &r, sizeof(r));
}

void hvhost_chan_refuse_modify(struct hvhost_vmbus *vb, const void *msg)
{
	hvhost_chan_modify_response(vb, msg, HVHOST_VMBUS_STATUS_FAIL);
}

void hvhost_chan_on_modify(struct hvhost_vmbus *vb, const void *msg, u32 size)
{
	const struct vmbus_msg_modify_channel *m = msg;
	struct hvhost_channel *ch = hvhost_chan_guest_find(vb, m->child_relid);

	if (!ch || ch->state != HVHOST_CHAN_OPEN ||
	    m->target_vp >= vb->p->nr_vps) {
		hvhost_vmbus_bad_msg(vb, "modify refused",
				     CHANNELMSG_MODIFYCHANNEL);
		hvhost_chan_refuse_modify(vb, msg);
		return;
	}
	WRITE_ONCE(ch->target_vp, m->target_vp);
	hvhost_chan_modify_response(vb, m, 0);
}

void *hvhost_channel_priv(const struct hvhost_channel *ch)
{
	return ch->vsp_priv;
}
EXPORT_SYMBOL_GPL(hvhost_channel_priv);

u32 hvhost_channel_relid(const struct hvhost_channel *ch)
{
	return ch->relid;
}
EXPORT_SYMBOL_GPL(hvhost_channel_relid);

struct hvhost_ring *hvhost_channel_in(struct hvhost_channel *ch)
{
	return &ch->in;
}
EXPORT_SYMBOL_GPL(hvhost_channel_in);

struct hvhost_ring *hvhost_channel_out(struct hvhost_channel *ch)
{
	return &ch->out;
}
EXPORT_SYMBOL_GPL(hvhost_channel_out);

/**
 * hvhost_channel_signal() - interrupt the guest for a channel
 * @ch: an open channel.
 *
 * Sets the channel's relid bit in the target VP's SINT 2 event flags.
 *
 * Context: may sleep (the transport's signal_event may); no hvhost locks.
 * Return: 0 or the transport's error.
 */
int hvhost_channel_signal(struct hvhost_channel *ch)
{
	struct hvhost_partition *p = ch->vb->p;

	return p->ops->signal_event(p, READ_ONCE(ch->target_vp),
				    VMBUS_MESSAGE_SINT, ch->relid);
}
EXPORT_SYMBOL_GPL(hvhost_channel_signal);

/**
 * hvhost_channel_inflight_get() - charge one packet in flight to the guest
 * @ch: a channel of the partition.
 *
 * A VSP charges each request it takes on and each packet it sends that
 * the guest must complete, and releases the charge with
 * hvhost_channel_inflight_put() when the work is done or the guest
 * completed.  The quota is per partition, over all its channels
 * (&hvhost_vmbus_limits.max_inflight_pkts).
 *
 * Context: any; lockless.
 * Return: true if charged, false at the quota (counted; the VSP refuses
 * the work with a failure status).
 */
bool hvhost_channel_inflight_get(struct hvhost_channel *ch)
{
	struct hvhost_vmbus *vb = ch->vb;
	u32 max = READ_ONCE(vb->limits.max_inflight_pkts);
	int cur = atomic_read(&vb->inflight);

	do {
		if ((u32)cur >= max) {
			atomic_inc(&vb->inflight_refused);
			return false;
		}
	} while (!atomic_try_cmpxchg(&vb->inflight, &cur, cur + 1));
	return true;
}
EXPORT_SYMBOL_GPL(hvhost_channel_inflight_get);

/**
 * hvhost_channel_inflight_put() - release packets charged in flight
 * @ch: the channel they were charged on.
 * @n: how many; never more than were charged.
 *
 * Context: any; lockless.
 */
void hvhost_channel_inflight_put(struct hvhost_channel *ch, u32 n)
{
	WARN_ON_ONCE(atomic_sub_return(n, &ch->vb->inflight) < 0);
}
EXPORT_SYMBOL_GPL(hvhost_channel_inflight_put);

/**
 * hvhost_channel_read_guest() - copy guest memory a channel's packet named
 * @ch: an open channel.
 * @gpa: guest physical address, from a guest packet (any value).
 * @buf: destination.
 * @len: bytes.
 *
 * For GPA-direct packets: the VSP validated the ranges' framing; this
 * checks that the bytes are guest memory.  One copy; the caller parses
 * only @buf.
 *
 * Context: process context; may sleep.  The VSP keeps @ch alive (its
 * @close has not returned).
 * Return: 0, or -EFAULT for memory outside the guest.
 */
int hvhost_channel_read_guest(struct hvhost_channel *ch, u64 gpa, void *buf,
			      size_t len)
{
	struct hvhost_partition *p = ch->vb->p;

	return p->ops->read(p, gpa, buf, len);
}
EXPORT_SYMBOL_GPL(hvhost_channel_read_guest);

/**
 * hvhost_channel_access_begin() - many guest copies follow
 * @ch: an open channel.
 *
 * A VSP worker brackets a pass that may call hvhost_channel_read_guest()
 * many times; the transport may make those copies cheaper.
 *
 * Context: process context, the VSP's worker.
 * Return: whether hvhost_channel_access_end() must follow, in this task.
 */
bool hvhost_channel_access_begin(struct hvhost_channel *ch)
{
	struct hvhost_partition *p = ch->vb->p;

	return p->ops->access_begin && p->ops->access_begin(p);
}
EXPORT_SYMBOL_GPL(hvhost_channel_access_begin);

/**
 * hvhost_channel_access_end() - end what hvhost_channel_access_begin() began
 * @ch: the channel.
 *
 * Context: the task that began it.
 */
void hvhost_channel_access_end(struct hvhost_channel *ch)
{
	struct hvhost_partition *p = ch->vb->p;

	p->ops->access_end(p);
}
EXPORT_SYMBOL_GPL(hvhost_channel_access_end);
