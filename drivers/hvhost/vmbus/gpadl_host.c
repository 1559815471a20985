// SPDX-License-Identifier: GPL-2.0-only
/*
 * The connection's side of GPADLs.
 *
 * GPADL_HEADER and GPADL_BODY feed gpadl.c; once the last page arrived the
 * guest gets GPADL_CREATED with status 0, and on any failure (unknown
 * channel, quota, bad counts, a page outside guest memory) at once with a
 * failure status, the half-built GPADL gone.  GPADL_TEARDOWN is always
 * answered with GPADL_TORNDOWN: at once, or when the last use of the GPADL
 * (an open channel's rings, a VSP's mapping) ends.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../partition.h"
#include "channel.h"
#include "connection.h"
#include "gpadl.h"
#include "gpadl_host.h"

static void hvhost_gpadl_host_created(struct hvhost_vmbus *vb, u32 relid,
				      u32 id, u32 status)
{
	struct vmbus_msg_gpadl_created m = {
		.header.msgtype = CHANNELMSG_GPADL_CREATED,
		.child_relid = relid,
		.gpadl = id,
		.creation_status = status,
	};

	hvhost_vmbus_send(vb, &m, sizeof(m));
}

static void hvhost_gpadl_host_torndown(struct hvhost_vmbus *vb, u32 id)
{
	struct vmbus_msg_gpadl_torndown m = {
		.header.msgtype = CHANNELMSG_GPADL_TORNDOWN,
		.gpadl = id,
	};

	hvhost_vmbus_send(vb, &m, sizeof(m));
}

/* A GPADL that can never complete: gone, and the guest told so. */
static void hvhost_gpadl_host_fail(struct hvhost_vmbus *vb,
				   struct hvhost_gpadl *g)
{
	u32 relid = g->child_relid, id = g->id;

	hvhost_gpadl_remove(&vb->gpadls, g);
	hvhost_gpadl_host_created(vb, relid, id, HVHOST_VMBUS_STATUS_FAIL);
}

/*
 * After a header or body was fed to gpadl.c (@ret and @g as it returned
 * them, see its error contract): answer a completed or failed GPADL.
 */
static void hvhost_gpadl_host_progress(struct hvhost_vmbus *vb, int ret,
				       struct hvhost_gpadl *g)
{
	if (ret < 0) {
		if (g)
			hvhost_gpadl_host_fail(vb, g);
		return;
	}
	if (ret == 0)
		return;
	if (hvhost_gpadl_check_pages(vb->p, g)) {
		hvhost_vmbus_bad_msg(vb, "gpadl page outside guest memory",
				     CHANNELMSG_GPADL_BODY);
		hvhost_gpadl_host_fail(vb, g);
		return;
	}
	hvhost_gpadl_host_created(vb, g->child_relid, g->id, 0);
}

void hvhost_gpadl_host_refuse_header(struct hvhost_vmbus *vb, const void *msg)
{
	const struct vmbus_msg_gpadl_header *m = msg;

	hvhost_gpadl_host_created(vb, m->child_relid, m->gpadl,
				  HVHOST_VMBUS_STATUS_FAIL);
}

static bool hvhost_gpadl_host_relid_ok(struct hvhost_vmbus *vb, u32 relid)
{
	struct hvhost_channel *ch = hvhost_chan_find(vb, relid);

	return ch && ch->offered && ch->state != HVHOST_CHAN_RESCINDED;
}

/*
 * GPADL_HEADER.  A refused header is answered with a failure even when its
 * id is a duplicate: the guest waits on that id (the existing GPADL of
 * that id stays as it is).
 */
void hvhost_gpadl_host_on_header(struct hvhost_vmbus *vb, const void *msg,
				 u32 size)
{
	const struct vmbus_msg_gpadl_header *m = msg;
	struct hvhost_gpadl *g = NULL;
	int ret;

	lockdep_assert_held(&vb->lock);
	if (!hvhost_gpadl_host_relid_ok(vb, m->child_relid)) {
		hvhost_vmbus_bad_msg(vb, "gpadl for no channel",
				     CHANNELMSG_GPADL_HEADER);
		hvhost_gpadl_host_refuse_header(vb, msg);
		return;
	}
	ret = hvhost_gpadl_header(&vb->gpadls, msg, size, &g);
	if (ret < 0 && !g) {
		hvhost_vmbus_bad_msg(vb, "gpadl header refused",
				     CHANNELMSG_GPADL_HEADER);
		hvhost_gpadl_host_refuse_header(vb, msg);
		return;
	}
	hvhost_gpadl_host_progress(vb, ret, g);
}

/* A short body fails the GPADL being assembled under its id, if any. */
void hvhost_gpadl_host_refuse_body(struct hvhost_vmbus *vb, const void *msg)
{
	const struct vmbus_msg_gpadl_body *m = msg;
	struct hvhost_gpadl *g = hvhost_gpadl_find(&vb->gpadls, m->gpadl);

	if (g && !hvhost_gpadl_complete(g))
		hvhost_gpadl_host_fail(vb, g);
}

/* A body for no GPADL being assembled is dropped: no one waits for it. */
void hvhost_gpadl_host_on_body(struct hvhost_vmbus *vb, const void *msg,
			       u32 size)
{
	struct hvhost_gpadl *g = NULL;
	int ret;

	lockdep_assert_held(&vb->lock);
	ret = hvhost_gpadl_body(&vb->gpadls, msg, size, &g);
	if (ret < 0)
		hvhost_vmbus_bad_msg(vb, "gpadl body refused",
				     CHANNELMSG_GPADL_BODY);
	hvhost_gpadl_host_progress(vb, ret, g);
}

void hvhost_gpadl_host_refuse_teardown(struct hvhost_vmbus *vb,
				       const void *msg)
{
	const struct vmbus_msg_gpadl_teardown *m = msg;

	hvhost_gpadl_host_torndown(vb, m->gpadl);
}

void hvhost_gpadl_host_on_teardown(struct hvhost_vmbus *vb, const void *msg,
				   u32 size)
{
	const struct vmbus_msg_gpadl_teardown *m = msg;
	struct hvhost_gpadl *g = hvhost_gpadl_find(&vb->gpadls, m->gpadl);

	lockdep_assert_held(&vb->lock);
	if (g && g->users) {
		/* Answered by hvhost_gpadl_host_put() when the last use ends. */
		g->teardown_pending = true;
		return;
	}
	if (g)
		hvhost_gpadl_remove(&vb->gpadls, g);
	else
		hvhost_vmbus_bad_msg(vb, "teardown of no gpadl",
				     CHANNELMSG_GPADL_TEARDOWN);
	hvhost_gpadl_host_torndown(vb, m->gpadl);
}

/**
 * hvhost_gpadl_host_get() - start one use of a complete GPADL
 * @vb: the connection.
 * @g: the GPADL.
 *
 * Context: holds @vb->lock.
 */
void hvhost_gpadl_host_get(struct hvhost_vmbus *vb, struct hvhost_gpadl *g)
{
	lockdep_assert_held(&vb->lock);
	g->users++;
}

/**
 * hvhost_gpadl_host_put() - end one use of a GPADL
 * @vb: the connection.
 * @g: the GPADL; freed here if a teardown was waiting for this use.
 *
 * Context: holds @vb->lock.
 */
void hvhost_gpadl_host_put(struct hvhost_vmbus *vb, struct hvhost_gpadl *g)
{
	u32 id = g->id;

	lockdep_assert_held(&vb->lock);
	if (WARN_ON_ONCE(!g->users) || --g->users || !g->teardown_pending)
		return;
	hvhost_gpadl_remove(&vb->gpadls, g);
	hvhost_gpadl_host_torndown(vb, id);
}

/**
 * hvhost_gpadl_host_drop_relid() - forget the GPADLs of a released relid
 * @vb: the connection.
 * @relid: a relid the guest released after a rescind.
 *
 * Linux frees a rescinded channel's ring without GPADL_TEARDOWN and then
 * sends RELID_RELEASED, so the host drops what was made for the relid:
 * otherwise every hot-remove would leave table entries charged to the
 * guest's quota, and a later channel reusing the relid would inherit them.
 * GPADLs still in use (none, once the channel is closed) stay.
 *
 * Context: holds @vb->lock.
 */
void hvhost_gpadl_host_drop_relid(struct hvhost_vmbus *vb, u32 relid)
{
	struct hvhost_gpadl *g, *tmp;

	lockdep_assert_held(&vb->lock);
	list_for_each_entry_safe(g, tmp, &vb->gpadls.list, node)
		if (g->child_relid == relid && !g->users)
			hvhost_gpadl_remove(&vb->gpadls, g);
}

/* UNLOAD and reset answer no teardown: the guest forgot its GPADLs. */
void hvhost_gpadl_host_forget_teardowns(struct hvhost_vmbus *vb)
{
	struct hvhost_gpadl *g;

	lockdep_assert_held(&vb->lock);
	list_for_each_entry(g, &vb->gpadls.list, node)
		g->teardown_pending = false;
}

/* Take a use of @g and map all of its pages; on failure drop the use. */
static int hvhost_channel_map_use(struct hvhost_vmbus *vb,
				  struct hvhost_gpadl *g,
				  struct hvhost_gpadl_map *m)
{
	int ret;

	hvhost_gpadl_host_get(vb, g);
	ret = hvhost_gpadl_map_range(vb->p, g, 0, g->nr_pfns, m);
	if (ret)
		hvhost_gpadl_host_put(vb, g);
	return ret;
}

/* Map @gpadl_id for @ch into @cm; the connection lock is held. */
static int hvhost_channel_map_locked(struct hvhost_channel *ch, u32 gpadl_id,
				     struct hvhost_chan_map *cm)
{
	struct hvhost_vmbus *vb = ch->vb;
	struct hvhost_gpadl *g;
	int ret;

	lockdep_assert_held(&vb->lock);
	g = hvhost_gpadl_find_complete(&vb->gpadls, gpadl_id);
	if (!g)
		return -ENOENT;
	if (ch->state != HVHOST_CHAN_OPEN || g->teardown_pending ||
	    g->child_relid != ch->relid || !hvhost_gpadl_flat(g))
		return -EINVAL;
	ret = hvhost_channel_map_use(vb, g, &cm->map);
	if (ret)
		return ret;
	cm->gpadl = g;
	list_add_tail(&cm->node, &ch->maps);
	return 0;
}

static int hvhost_channel_map(struct hvhost_channel *ch, u32 gpadl_id,
			      struct hvhost_gpadl_map *m, bool try)
{
	struct hvhost_vmbus *vb = ch->vb;
	struct hvhost_chan_map *cm;
	int ret;

	cm = kzalloc(sizeof(*cm), GFP_KERNEL_ACCOUNT);
	if (!cm)
		return -ENOMEM;
	if (!try) {
		mutex_lock(&vb->lock);
	} else if (!mutex_trylock(&vb->lock)) {
		kfree(cm);
		return -EAGAIN;
	}
	ret = hvhost_channel_map_locked(ch, gpadl_id, cm);
	if (!ret)
		*m = cm->map;
	mutex_unlock(&vb->lock);
	if (ret)
		kfree(cm);
	return ret;
}

/**
 * hvhost_channel_map_gpadl() - map a GPADL of a channel for its VSP
 * @ch: an open channel.
 * @gpadl_id: a complete GPADL the guest created for @ch.
 * @m: the mapping, filled in.
 *
 * The GPADL cannot be torn down while mapped: the guest's teardown waits
 * for hvhost_channel_unmap_gpadl() or the channel's close, which unmaps
 * what the VSP left mapped.
 *
 * Context: process context; may sleep.  Not from a VSP callback, nor from
 * a worker that the VSP's @close or @rescinded waits for (they run under
 * the connection mutex this takes): such a worker uses
 * hvhost_channel_try_map_gpadl().
 * Return: 0, -ENOENT for no such GPADL, -EINVAL for a closed channel or a
 * GPADL of another channel, being torn down or not flat (one range at
 * offset 0 over whole pages), or the mapping's error.
 */
int hvhost_channel_map_gpadl(struct hvhost_channel *ch, u32 gpadl_id,
			     struct hvhost_gpadl_map *m)
{
	return hvhost_channel_map(ch, gpadl_id, m, false);
}
EXPORT_SYMBOL_GPL(hvhost_channel_map_gpadl);

/**
 * hvhost_channel_try_map_gpadl() - hvhost_channel_map_gpadl() without waiting
 * @ch: an open channel.
 * @gpadl_id: a complete GPADL the guest created for @ch.
 * @m: the mapping, filled in.
 *
 * For a VSP worker that its @close callback cancels: it must never block
 * on the connection mutex, which @close runs under.  On -EAGAIN the worker
 * retries later unless its channel is closing.
 *
 * Context: process context; may sleep (allocation, pinning).
 * Return: as hvhost_channel_map_gpadl(), or -EAGAIN if the connection
 * mutex is busy.
 */
int hvhost_channel_try_map_gpadl(struct hvhost_channel *ch, u32 gpadl_id,
				 struct hvhost_gpadl_map *m)
{
	return hvhost_channel_map(ch, gpadl_id, m, true);
}
EXPORT_SYMBOL_GPL(hvhost_channel_try_map_gpadl);

static void hvhost_channel_unmap_locked(struct hvhost_channel *ch,
					u32 gpadl_id,
					struct hvhost_gpadl_map *m)
{
	struct hvhost_vmbus *vb = ch->vb;
	struct hvhost_chan_map *cm;

	lockdep_assert_held(&vb->lock);
	list_for_each_entry(cm, &ch->maps, node) {
		if (cm->gpadl->id != gpadl_id || cm->map.vaddr != m->vaddr)
			continue;
		hvhost_gpadl_unmap(vb->p, &cm->map);
		hvhost_gpadl_host_put(vb, cm->gpadl);
		list_del(&cm->node);
		kfree(cm);
		break;
	}
	memset(m, 0, sizeof(*m));
}

/**
 * hvhost_channel_unmap_gpadl() - end a VSP's mapping of a GPADL
 * @ch: the channel.
 * @gpadl_id: the GPADL.
 * @m: the mapping hvhost_channel_map_gpadl() filled in; cleared here.
 *
 * A teardown the guest asked for meanwhile is answered now.  Unknown
 * mappings (already released by a close) are ignored.
 *
 * Context: process context; may sleep.  Not from a VSP callback, nor from
 * a worker its @close waits for (see hvhost_channel_try_unmap_gpadl()).
 */
void hvhost_channel_unmap_gpadl(struct hvhost_channel *ch, u32 gpadl_id,
				struct hvhost_gpadl_map *m)
{
	mutex_lock(&ch->vb->lock);
	hvhost_channel_unmap_locked(ch, gpadl_id, m);
	mutex_unlock(&ch->vb->lock);
}
EXPORT_SYMBOL_GPL(hvhost_channel_unmap_gpadl);

/**
 * hvhost_channel_try_unmap_gpadl() - hvhost_channel_unmap_gpadl() without
 *	waiting
 * @ch: the channel.
 * @gpadl_id: the GPADL.
 * @m: the mapping; cleared if this succeeds.
 *
 * Context: process context.
 * Return: 0, or -EAGAIN if the connection mutex is busy (nothing done).
 */
int hvhost_channel_try_unmap_gpadl(struct hvhost_channel *ch, u32 gpadl_id,
				   struct hvhost_gpadl_map *m)
{
	if (!mutex_trylock(&ch->vb->lock))
		return -EAGAIN;
	hvhost_channel_unmap_locked(ch, gpadl_id, m);
	mutex_unlock(&ch->vb->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(hvhost_channel_try_unmap_gpadl);
