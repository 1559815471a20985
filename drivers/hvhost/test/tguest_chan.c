// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test guest's channels: GPADLs, open and close, packets.
 */
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "tguest.h"
#include "tpart.h"
#include "vmbus/vmbus.h"

/* Post the GPADL header carrying the first page numbers; return how many. */
static int tguest_gpadl_post_header(struct tguest_chan *ch, u32 gpadl,
				    const u64 *pfns, u32 nr)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_gpadl_header *m = (void *)buf;
	struct vmbus_gpa_range *range = (void *)m->range;
	u32 n = min_t(u32, nr, VMBUS_GPADL_HEADER_MAX_PFNS);

	m->header.msgtype = CHANNELMSG_GPADL_HEADER;
	m->child_relid = ch->relid;
	m->gpadl = gpadl;
	m->range_buflen = sizeof(struct vmbus_gpa_range) + nr * sizeof(u64);
	m->rangecount = 1;
	range->byte_offset = 0;
	range->byte_count = nr << HV_PAGE_SHIFT;
	memcpy(range->pfn_array, pfns, n * sizeof(u64));
	if (tguest_post(ch->g, m, sizeof(*m) + sizeof(struct vmbus_gpa_range) +
			n * sizeof(u64)) != HV_STATUS_SUCCESS)
		return -EIO;
	return n;
}

/* Post one GPADL body with up to 28 page numbers; return how many. */
static int tguest_gpadl_post_body(struct tguest_chan *ch, u32 gpadl,
				  const u64 *pfns, u32 nr)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_gpadl_body *m = (void *)buf;
	u32 n = min_t(u32, nr, VMBUS_GPADL_BODY_MAX_PFNS);

	/* Linux leaves msgnumber zero. */
	m->header.msgtype = CHANNELMSG_GPADL_BODY;
	m->gpadl = gpadl;
	memcpy(m->pfn, pfns, n * sizeof(u64));
	if (tguest_post(ch->g, m, sizeof(*m) + n * sizeof(u64)) !=
	    HV_STATUS_SUCCESS)
		return -EIO;
	return n;
}

/**
 * tguest_gpadl_create() - describe guest pages to the host
 * @ch: the channel the GPADL is for
 * @gpa: page-aligned start of the buffer
 * @nr_pages: its pages
 * @gpadl: set to the new handle
 *
 * One range over the whole buffer, split as create_gpadl_header() splits
 * it: 26 page numbers in the header, 28 in each body message.
 *
 * Return: 0 once GPADL_CREATED reported success, -EIO if a post failed,
 * -ETIMEDOUT if no answer came, -EREMOTEIO if the host refused.
 */
int tguest_gpadl_create(struct tguest_chan *ch, u64 gpa, u32 nr_pages,
			u32 *gpadl)
{
	struct tguest *g = ch->g;
	u32 id = g->next_gpadl++;
	u32 done, i;
	u64 *pfns;
	int n;

	pfns = kmalloc_array(nr_pages, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		return -ENOMEM;
	for (i = 0; i < nr_pages; i++)
		pfns[i] = (gpa >> HV_PAGE_SHIFT) + i;

	g->gpadl_created = false;
	n = tguest_gpadl_post_header(ch, id, pfns, nr_pages);
	for (done = n; n > 0 && done < nr_pages; done += n)
		n = tguest_gpadl_post_body(ch, id, pfns + done, nr_pages - done);
	kfree(pfns);
	if (n < 0)
		return n;

	tguest_poll(g);
	if (!g->gpadl_created || g->created_gpadl != id ||
	    g->created_relid != ch->relid)
		return -ETIMEDOUT;
	if (g->created_status)
		return -EREMOTEIO;
	*gpadl = id;
	return 0;
}

/**
 * tguest_gpadl_teardown() - GPADL_TEARDOWN and wait for GPADL_TORNDOWN
 * @ch: the channel
 * @gpadl: the handle
 *
 * Return: 0, -EIO or -ETIMEDOUT.
 */
int tguest_gpadl_teardown(struct tguest_chan *ch, u32 gpadl)
{
	struct vmbus_msg_gpadl_teardown m = {
		.header.msgtype = CHANNELMSG_GPADL_TEARDOWN,
		.child_relid = ch->relid,
		.gpadl = gpadl,
	};
	struct tguest *g = ch->g;

	g->gpadl_torndown = false;
	if (tguest_post(g, &m, sizeof(m)) != HV_STATUS_SUCCESS)
		return -EIO;
	tguest_poll(g);
	if (!g->gpadl_torndown || g->torndown_gpadl != gpadl)
		return -ETIMEDOUT;
	return 0;
}

static void tguest_ring_free(struct tguest_chan *ch)
{
	tguest_free_pages(ch->g, ch->ring_gpa, ch->ring_pages);
	ch->ring_gpa = 0;
	ch->ring_pages = 0;
	ch->gpadl = 0;
}

static int tguest_ring_alloc(struct tguest_chan *ch, u32 send_bytes,
			     u32 recv_bytes)
{
	struct tpart *tp = ch->g->tp;
	int ret;

	if (!send_bytes || !recv_bytes || send_bytes % HV_PAGE_SIZE ||
	    recv_bytes % HV_PAGE_SIZE)
		return -EINVAL;
	ch->ring_pages = (send_bytes + recv_bytes) >> HV_PAGE_SHIFT;
	ch->send_pages = send_bytes >> HV_PAGE_SHIFT;
	ch->ring_gpa = tguest_alloc_pages(ch->g, ch->ring_pages);
	if (!ch->ring_gpa) {
		ch->ring_pages = 0;
		return -ENOMEM;
	}
	ret = tguest_ring_init(&ch->out, tp, ch->ring_gpa, send_bytes);
	if (!ret)
		ret = tguest_ring_init(&ch->in, tp, ch->ring_gpa + send_bytes,
				       recv_bytes);
	if (ret)
		tguest_ring_free(ch);
	return ret;
}

static int tguest_send_open(struct tguest_chan *ch, const u8 *userdata)
{
	struct vmbus_msg_open_channel m = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL,
		.child_relid = ch->relid,
		.openid = ch->relid,
		.ringbuffer_gpadl = ch->gpadl,
		.target_vp = ch->target_vp,
		.downstream_ringbuffer_pageoffset = ch->send_pages,
	};

	if (userdata)
		memcpy(m.userdata, userdata, sizeof(m.userdata));
	ch->open_result = false;
	if (tguest_post(ch->g, &m, sizeof(m)) != HV_STATUS_SUCCESS)
		return -EIO;
	tguest_poll(ch->g);
	if (!ch->open_result)
		return -ETIMEDOUT;
	return ch->open_status ? -EREMOTEIO : 0;
}

/**
 * tguest_open() - open a channel, as vmbus_open()
 * @ch: an offered channel
 * @send_bytes: outbound ring size, header page included
 * @recv_bytes: inbound ring size, header page included
 * @userdata: the 120 bytes of OPENCHANNEL user data, or NULL for zeroes
 *
 * Allocates the ring pair (outbound first), creates its GPADL, sends
 * OPENCHANNEL and waits for the result.  On failure the GPADL is torn down
 * and the rings freed again, as Linux does.
 *
 * Return: 0, or a negative error as tguest_gpadl_create() and
 * -EREMOTEIO if the host refused the open.
 */
int tguest_open(struct tguest_chan *ch, u32 send_bytes, u32 recv_bytes,
		const u8 *userdata)
{
	u32 gpadl;
	int ret;

	if (ch->opened || ch->rescinded || ch->ring_gpa)
		return -EBUSY;
	ret = tguest_ring_alloc(ch, send_bytes, recv_bytes);
	if (ret)
		return ret;
	ret = tguest_gpadl_create(ch, ch->ring_gpa, ch->ring_pages, &gpadl);
	if (ret)
		goto err_free_ring;
	ch->gpadl = gpadl;
	ret = tguest_send_open(ch, userdata);
	if (ret)
		goto err_teardown;
	ch->opened = true;
	return 0;

err_teardown:
	tguest_gpadl_teardown(ch, gpadl);
err_free_ring:
	tguest_ring_free(ch);
	return ret;
}

/**
 * tguest_close() - close a channel, as vmbus_close()
 * @ch: an open channel
 *
 * Sends CLOSECHANNEL (no answer is expected), then tears the ring GPADL
 * down and frees the rings.  For a rescinded channel Linux skips the
 * teardown message (the host revoked the GPADL with the offer) and frees
 * the rings at once; so does this.
 *
 * Return: 0, -EINVAL if not open, -EIO or -ETIMEDOUT.
 */
int tguest_close(struct tguest_chan *ch)
{
	struct vmbus_msg_close_channel m = {
		.header.msgtype = CHANNELMSG_CLOSECHANNEL,
		.child_relid = ch->relid,
	};
	int ret = 0;

	if (!ch->opened)
		return -EINVAL;
	ch->opened = false;
	if (tguest_post(ch->g, &m, sizeof(m)) != HV_STATUS_SUCCESS)
		ret = -EIO;
	tguest_poll(ch->g);
	if (ch->gpadl && !ch->rescinded) {
		int err = tguest_gpadl_teardown(ch, ch->gpadl);

		ret = ret ?: err;
	}
	tguest_ring_free(ch);
	return ret;
}

/**
 * tguest_release_relid() - RELID_RELEASED for a rescinded offer; frees @ch
 * @ch: the channel, closed
 *
 * Return: 0 or -EIO; @ch is gone either way.
 */
int tguest_release_relid(struct tguest_chan *ch)
{
	struct vmbus_msg_relid_released m = {
		.header.msgtype = CHANNELMSG_RELID_RELEASED,
		.child_relid = ch->relid,
	};
	struct tguest *g = ch->g;
	u16 status;

	tguest_forget(ch);
	status = tguest_post(g, &m, sizeof(m));
	tguest_poll(g);
	return status == HV_STATUS_SUCCESS ? 0 : -EIO;
}

/**
 * tguest_modify() - move the channel's interrupts, as vmbus_send_modifychannel()
 * @ch: an open channel
 * @target_vp: the new target VP
 *
 * From 5.3 on Linux waits for MODIFYCHANNEL_RESPONSE; before, it sends
 * and assumes success.
 *
 * Return: 0, -EIO, -ETIMEDOUT, or -EREMOTEIO if the host refused.
 */
int tguest_modify(struct tguest_chan *ch, u32 target_vp)
{
	struct vmbus_msg_modify_channel m = {
		.header.msgtype = CHANNELMSG_MODIFYCHANNEL,
		.child_relid = ch->relid,
		.target_vp = target_vp,
	};

	ch->modify_response = false;
	if (tguest_post(ch->g, &m, sizeof(m)) != HV_STATUS_SUCCESS)
		return -EIO;
	tguest_poll(ch->g);
	if (ch->g->version >= VMBUS_VERSION_WIN10_V5_3) {
		if (!ch->modify_response)
			return -ETIMEDOUT;
		if (ch->modify_status)
			return -EREMOTEIO;
	}
	ch->target_vp = target_vp;
	return 0;
}

/**
 * tguest_signal() - HvSignalEvent on the offer's connection id
 * @ch: the channel
 */
void tguest_signal(struct tguest_chan *ch)
{
	ch->signals++;
	hvhost_vmbus_signal(tpart_vmbus(ch->g->tp), ch->offer.connection_id);
}

/**
 * tguest_chan_send() - send one packet, as vmbus_sendpacket()
 * @ch: an open channel
 * @type: VM_PKT_*
 * @flags: VMBUS_PKT_FLAG_*
 * @trans_id: transaction id
 * @data: payload
 * @len: payload bytes
 *
 * Builds the descriptor (offset8 = 2, len8 covering the padded packet),
 * writes it, and signals the host if the ring went from empty to non-empty
 * with interrupt_mask clear.
 *
 * Return: 0, -EAGAIN if the ring is full, -EIO on a corrupted index,
 * -EINVAL if the packet is too long for len8.
 */
int tguest_chan_send(struct tguest_chan *ch, u16 type, u16 flags, u64 trans_id,
		     const void *data, u32 len)
{
	static const u8 pad[8];
	u32 packetlen = sizeof(struct vmbus_pkt_desc) + len;
	u32 aligned = ALIGN(packetlen, 8);
	struct vmbus_pkt_desc desc = {
		.type = type,
		.offset8 = sizeof(desc) >> 3,
		.len8 = aligned >> 3,
		.flags = flags,
		.trans_id = trans_id,
	};
	struct kvec iov[3] = {
		{ .iov_base = &desc, .iov_len = sizeof(desc) },
		{ .iov_base = (void *)data, .iov_len = len },
		{ .iov_base = (void *)pad, .iov_len = aligned - packetlen },
	};
	bool signal;
	int ret;

	if (aligned >> 3 > U16_MAX)
		return -EINVAL;
	ret = tguest_ring_write(&ch->out, iov, ARRAY_SIZE(iov), &signal);
	if (!ret && signal)
		tguest_signal(ch);
	return ret;
}

/**
 * tguest_chan_recv() - copy out the next inbound packet and step past it
 * @ch: an open channel
 * @buf: destination
 * @buflen: its size
 * @len: set to the packet length, descriptor included
 *
 * The read index is published by tguest_chan_recv_done().
 *
 * Return: 0, -ENODATA if the ring is empty, -EIO on a corrupted index.
 */
int tguest_chan_recv(struct tguest_chan *ch, void *buf, u32 buflen, u32 *len)
{
	int ret = tguest_ring_peek(&ch->in, buf, buflen, len);

	if (!ret)
		tguest_ring_next(&ch->in, *len);
	return ret;
}

/**
 * tguest_chan_recv_done() - publish the read index, as hv_pkt_iter_close()
 * @ch: an open channel
 *
 * Signals the host if it was waiting for the space just freed.
 */
void tguest_chan_recv_done(struct tguest_chan *ch)
{
	if (tguest_ring_read_close(&ch->in))
		tguest_signal(ch);
}
