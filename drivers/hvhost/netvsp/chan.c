// SPDX-License-Identifier: GPL-2.0-only
/*
 * The synthetic NIC's VMBus channel, host side.
 *
 * Built after the echo device: kicks are deferred to a work item, each
 * pass is bounded, and a full guest ring stops the reading instead of
 * dropping.  Every ring packet is copied out once; every send section is
 * copied out once before RNDIS looks at it.  Requests get their completion
 * with the guest's transaction id; RNDIS control replies travel in receive
 * buffer slots as transfer-page packets that the guest completes.
 *
 * The guest's receive and send buffers are GPADLs mapped while NVSP holds
 * them.  @close and @rescinded run under the connection mutex and wait for
 * the work item, so the work item never blocks on that mutex: it maps and
 * unmaps with the try variants and gives up once the channel is closing
 * (the host then releases what is left).
 */
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <linux/workqueue.h>

#include "partition.h"
#include "vmbus/gpadl.h"
#include "vmbus/ring.h"
#include "vmbus/vmbus.h"
#include "chan.h"
#include "gpa.h"
#include "nvsp.h"
#include "rndis.h"
#include "rndis_pkt.h"
#include "rxbuf.h"

/* Class of Hyper-V's synthetic NIC: f8615163-df3e-46c5-913f-f2d2f965ed0e. */
const guid_t hvnet_nic_class =
	GUID_INIT(0xf8615163, 0xdf3e, 0x46c5,
		  0x91, 0x3f, 0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e);

/* Ring packets handled per pass before the work item yields. */
#define CHAN_BUDGET		64
/* Largest ring packet copied out; NVSP needs 56 bytes, GPA direct more. */
#define CHAN_PKT_MAX		2048
/* Control replies waiting for a receive slot. */
#define CHAN_REPLIES		32
/* Room in the guest's ring before a packet is read: its completion. */
#define CHAN_OUT_RESERVE	256
/* A transfer-page packet: descriptor, page set, one range, NVSP message. */
#define CHAN_XFER_HDR	(sizeof(struct vmbus_xfer_page_pkt) + \
			 sizeof(struct vmbus_xfer_page_range))
#define CHAN_XFER_BYTES	(CHAN_XFER_HDR + NVSP_MSG_SIZE)
/*
 * Most bytes gathered from a section and GPA ranges: a whole section of
 * batched packets, then the header and data of one more frame.
 */
#define CHAN_MSG_MAX	(HVNET_NVSP_SEND_SECTION + HVNET_PKT_DATA_MAX + SZ_4K)
/* Host frames handed to the guest per pass. */
#define CHAN_RX_BUDGET	128
/* Passes hvnet_chan_retire() gives the guest's last packets. */
#define CHAN_RETIRE_PASSES	16
/* Link speed reported: 10 Gbit/s in 100 bit/s units. */
#define CHAN_LINK_SPEED	100000000

/**
 * struct hvnet_reply - an RNDIS control reply waiting for a receive slot
 * @len: bytes in @buf.
 * @buf: the reply message.
 */
struct hvnet_reply {
	u32 len;
	u8 buf[HVNET_RNDIS_REPLY_MAX];
};

/**
 * struct hvnet_chan - one synthetic NIC
 * @ch: its channel; valid until @rescinded frees the NIC.
 * @cfg: what the creator asked for.
 * @work: drains the guest's ring; queued by kick, cancelled by close.
 * @lock: serialises the work item, hvnet_chan_rx_frame() and open/close
 *	for everything below.  Taken inside the connection mutex by
 *	open/close; the work item holds it but never waits for the
 *	connection mutex.
 * @open: the channel is open and its rings are valid.
 * @ready: what the hooks were last told about the guest's NIC.
 * @link_up: the host's side of the link (hvnet_chan_link()); what the
 *	guest learns at each bring-up.
 * @rsc: HVNET_CHAN_RSC4/6: the guest takes coalesced frames (RSC with
 *	receive checksum offload) and its NIC is ready; read locklessly by
 *	hvnet_chan_rsc().
 * @rsc_id: the id of the next coalesced frame.
 * @ranges: the ranges of a coalesced frame's transfer-page packet.
 * @tx_pending: frames went to @cfg.hooks->xmit in this pass.
 * @retired: hvnet_chan_retire() ran: no hooks, guest frames are dropped.
 * @stopping: close or rescind is waiting for the work item; it stops and
 *	gives up on GPADL (un)mappings.  Written by open/close, read
 *	locklessly by the work item.
 * @nvsp: NVSP state, reset at open.
 * @rndis: RNDIS state, reset at open.
 * @recv_gpadl: the receive buffer's GPADL while @recv_map is mapped.
 * @recv_map: the receive buffer, mapped.
 * @send_gpadl: the send buffer's GPADL while @send_map is mapped.
 * @send_map: the send buffer, mapped.
 * @rxbuf: receive slot accounting while @recv_map is mapped.
 * @res: the result of the NVSP message being handled.
 * @gpa: the GPA ranges of the packet being handled.
 * @msg: CHAN_MSG_MAX bytes: an RNDIS message gathered from GPA ranges.
 * @replies: control replies waiting for a slot, a FIFO of @nr_replies
 *	entries from @reply_head.
 * @reply_head: first waiting reply.
 * @nr_replies: waiting replies.
 * @stats: counters.
 * @last_meta: the last guest frame's metadata.
 * @last_len: bytes in @last.
 * @pkt: the ring packet being handled, a copy.
 * @section: the send section being handled, a copy.
 * @last: the last guest frame, kept only without an xmit hook (tests).
 *
 * Lifetime: allocated by hvnet_chan_create(), freed by @rescinded, which
 * hvhost calls once the channel is gone for good.
 */
struct hvnet_chan {
	struct hvhost_channel *ch;
	struct hvnet_chan_config cfg;
	struct work_struct work;
	struct mutex lock;	/* see above */
	bool open;
	bool ready;
	bool link_up;
	bool tx_pending;
	bool retired;
	u32 rsc;
	u16 rsc_id;
	struct vmbus_xfer_page_range ranges[HVNET_RXBUF_MAX_RUN];
	bool stopping;
	struct hvnet_nvsp nvsp;
	struct hvnet_rndis rndis;
	u32 recv_gpadl;
	struct hvhost_gpadl_map recv_map;
	u32 send_gpadl;
	struct hvhost_gpadl_map send_map;
	struct hvnet_rxbuf rxbuf;
	struct hvnet_nvsp_result res;
	struct hvnet_gpa_list gpa;
	u8 *msg;
	struct hvnet_reply replies[CHAN_REPLIES];
	u32 reply_head;
	u32 nr_replies;
	struct hvnet_chan_stats stats;
	struct hvnet_pkt_meta last_meta;
	u32 last_len;
	u8 pkt[CHAN_PKT_MAX];
	u8 section[HVNET_NVSP_SEND_SECTION];
	u8 last[HVNET_NVSP_SEND_SECTION];
};

/*
 * GPADL mapping from the work item.  Retry while the connection is busy,
 * unless close waits for us: then it releases every mapping itself.
 */
static int chan_map(struct hvnet_chan *c, u32 gpadl, struct hvhost_gpadl_map *m)
{
	int ret;

	while ((ret = hvhost_channel_try_map_gpadl(c->ch, gpadl, m)) == -EAGAIN) {
		if (READ_ONCE(c->stopping))
			return -ESHUTDOWN;
		c->stats.lock_retries++;
		usleep_range(20, 100);
	}
	return ret;
}

static void chan_unmap(struct hvnet_chan *c, u32 gpadl,
		       struct hvhost_gpadl_map *m)
{
	while (!READ_ONCE(c->stopping) &&
	       hvhost_channel_try_unmap_gpadl(c->ch, gpadl, m) == -EAGAIN) {
		c->stats.lock_retries++;
		usleep_range(20, 100);
	}
	memset(m, 0, sizeof(*m));
}

/* The mapped length of a GPADL, as NVSP sees it (u32, capped). */
static u32 chan_map_len(const struct hvhost_gpadl_map *m)
{
	return min_t(u64, (u64)m->nr << HV_PAGE_SHIFT, U32_MAX);
}

static void chan_drop_replies(struct hvnet_chan *c)
{
	c->stats.replies_dropped += c->nr_replies;
	c->nr_replies = 0;
	c->reply_head = 0;
}

static int chan_map_buf(void *priv, enum hvnet_buf_kind kind, u32 gpadl,
			u32 *len)
{
	struct hvnet_chan *c = priv;
	struct hvhost_gpadl_map *m;
	int ret;

	lockdep_assert_held(&c->lock);
	m = kind == HVNET_RECV_BUF ? &c->recv_map : &c->send_map;
	ret = chan_map(c, gpadl, m);
	if (ret)
		return ret;
	*len = chan_map_len(m);
	if (kind == HVNET_SEND_BUF) {
		c->send_gpadl = gpadl;
		return 0;
	}
	c->recv_gpadl = gpadl;
	/* The same slot count NVSP announces: len / sub-allocation size. */
	ret = hvnet_rxbuf_init(&c->rxbuf, *len / c->nvsp.cfg.recv_sub_alloc_size);
	if (ret)
		chan_unmap(c, gpadl, m);
	return ret;
}

static void chan_unmap_buf(void *priv, enum hvnet_buf_kind kind)
{
	struct hvnet_chan *c = priv;

	lockdep_assert_held(&c->lock);
	if (kind == HVNET_SEND_BUF) {
		chan_unmap(c, c->send_gpadl, &c->send_map);
		c->send_gpadl = 0;
		return;
	}
	/* Slots the guest still holds die with the buffer it revoked. */
	chan_drop_replies(c);
	hvhost_channel_inflight_put(c->ch, c->rxbuf.used);
	hvnet_rxbuf_destroy(&c->rxbuf);
	chan_unmap(c, c->recv_gpadl, &c->recv_map);
	c->recv_gpadl = 0;
}

static bool chan_charge(void *priv)
{
	struct hvnet_chan *c = priv;

	return hvhost_channel_inflight_get(c->ch);
}

static void chan_uncharge(void *priv)
{
	struct hvnet_chan *c = priv;

	hvhost_channel_inflight_put(c->ch, 1);
}

static const struct hvnet_nvsp_ops chan_nvsp_ops = {
	.map_buf = chan_map_buf,
	.unmap_buf = chan_unmap_buf,
	.charge = chan_charge,
	.uncharge = chan_uncharge,
};

static bool chan_out_room(struct hvnet_chan *c, u32 bytes)
{
	struct hvhost_ring *out = hvhost_channel_out(c->ch);

	return hvhost_ring_out_avail(out) >= bytes ||
	       hvhost_ring_out_wait_space(out, bytes);
}

/*
 * Put one RNDIS message (@hdr then @data) into a free receive slot and
 * tell the guest with a transfer-page packet.  Not yet visible: the
 * caller commits the out ring.
 * Return: 0, -ENODEV without a receive buffer, -EMSGSIZE if it does not
 * fit a slot, -ENOSPC if the guest holds every slot or the partition's
 * in-flight quota, -EAGAIN if the guest's ring is full.
 */
static int chan_send_slot(struct hvnet_chan *c, bool control, const void *hdr,
			  u32 hdr_len, const void *data, u32 data_len,
			  const struct sk_buff *skb)
{
	struct vmbus_xfer_page_pkt xp = {
		.desc.type = VM_PKT_DATA_USING_XFER_PAGES,
		.desc.offset8 = CHAN_XFER_HDR >> 3,
		.desc.len8 = CHAN_XFER_BYTES >> 3,
		.desc.flags = VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
		.xfer_pageset_id = NVSP_RECV_BUF_ID,
		.range_cnt = 1,
	};
	struct vmbus_xfer_page_range range;
	struct nvsp_msg msg;
	struct kvec iov[] = {
		{ .iov_base = &xp, .iov_len = sizeof(xp) },
		{ .iov_base = &range, .iov_len = sizeof(range) },
		{ .iov_base = &msg, .iov_len = sizeof(msg) },
	};
	u32 slot_size = c->nvsp.recv.section_size;
	u32 slot;
	u64 tid;
	u8 *dst;
	int ret;

	if (!c->recv_map.vaddr || !c->nvsp.recv.mapped)
		return -ENODEV;
	if (hdr_len > slot_size || data_len > slot_size - hdr_len)
		return -EMSGSIZE;
	if (hvhost_ring_out_avail(hvhost_channel_out(c->ch)) < CHAN_XFER_BYTES)
		return -EAGAIN;
	/* A slot is in flight until the guest completes it. */
	if (!hvhost_channel_inflight_get(c->ch))
		return -ENOSPC;
	ret = hvnet_rxbuf_get(&c->rxbuf, &slot, &tid);
	if (ret) {
		hvhost_channel_inflight_put(c->ch, 1);
		return ret;
	}
	/* slot < count and count * slot_size <= the mapped length. */
	dst = (u8 *)c->recv_map.vaddr + (size_t)slot * slot_size;
	memcpy(dst, hdr, hdr_len);
	if (skb)
		ret = skb_copy_bits(skb, 0, dst + hdr_len, data_len);
	else if (data_len)
		memcpy(dst + hdr_len, data, data_len);
	if (ret) {
		hvnet_rxbuf_complete(&c->rxbuf, tid);
		hvhost_channel_inflight_put(c->ch, 1);
		return -EMSGSIZE;
	}
	xp.desc.trans_id = tid;
	range.byte_count = hdr_len + data_len;
	range.byte_offset = slot * slot_size;
	hvnet_nvsp_build_rndis_pkt(&msg, control);
	ret = hvhost_ring_write(hvhost_channel_out(c->ch), iov, ARRAY_SIZE(iov));
	if (ret) {
		/* Give the slot back: nobody was told about it. */
		hvnet_rxbuf_complete(&c->rxbuf, tid);
		hvhost_channel_inflight_put(c->ch, 1);
		return -EAGAIN;
	}
	return 0;
}

enum chan_step { CHAN_MORE, CHAN_EMPTY, CHAN_FULL };

/* Deliver waiting control replies; CHAN_FULL if the guest's ring is full. */
static enum chan_step chan_flush_replies(struct hvnet_chan *c)
{
	struct hvnet_reply *r;
	int ret;

	while (c->nr_replies) {
		r = &c->replies[c->reply_head];
		ret = chan_send_slot(c, true, r->buf, r->len, NULL, 0, NULL);
		if (ret == -ENOSPC)
			return CHAN_MORE;	/* the guest's completions free slots */
		if (ret == -EAGAIN) {
			if (chan_out_room(c, CHAN_XFER_BYTES))
				continue;
			c->stats.ring_full++;
			return CHAN_FULL;
		}
		if (ret)
			c->stats.replies_dropped++;
		else
			c->stats.replies++;
		c->reply_head = (c->reply_head + 1) % CHAN_REPLIES;
		c->nr_replies--;
	}
	return CHAN_MORE;
}

static void chan_queue_reply(struct hvnet_chan *c, const void *buf, u32 len)
{
	struct hvnet_reply *r;

	if (c->nr_replies == CHAN_REPLIES || !c->nvsp.recv.mapped ||
	    len > sizeof(r->buf)) {
		c->stats.replies_dropped++;
		return;
	}
	r = &c->replies[(c->reply_head + c->nr_replies) % CHAN_REPLIES];
	memcpy(r->buf, buf, len);
	r->len = len;
	c->nr_replies++;
}

/* One guest frame of a data section (a rndis walk callback). */
static int chan_guest_frame(void *ctx, const u8 *msg, u32 len)
{
	struct hvnet_chan *c = ctx;
	struct hvnet_pkt_meta meta;
	const u8 *frame;

	if (hvnet_rndis_pkt_parse(msg, len, len, &meta) ||
	    meta.data_offset > len || meta.data_len > len - meta.data_offset) {
		c->rndis.counters.xmit_error++;
		return -EINVAL;
	}
	frame = msg + meta.data_offset;
	c->stats.tx_frames++;
	c->stats.tx_bytes += meta.data_len;
	c->rndis.counters.xmit_ok++;
	c->last_meta = meta;
	if (c->retired)
		return 0;	/* the port is gone */
	if (c->cfg.hooks && c->cfg.hooks->xmit) {
		c->cfg.hooks->xmit(c->cfg.hooks_priv, frame, &meta);
		c->tx_pending = true;
		return 0;
	}
	/* A NIC without a port (tests) keeps the frame to be looked at. */
	c->last_len = min_t(u32, meta.data_len, sizeof(c->last));
	memcpy(c->last, frame, c->last_len);
	return 0;
}

/* Handle one whole RNDIS message, a host copy; the NVSP status. */
static u32 chan_rndis_msg(struct hvnet_chan *c, const u8 *msg, u32 len,
			  bool control)
{
	u8 reply[HVNET_RNDIS_REPLY_MAX];
	u32 reply_len = 0;
	int err;

	if (control) {
		err = hvnet_rndis_control(&c->rndis, msg, len, reply,
					  &reply_len);
		if (reply_len)
			chan_queue_reply(c, reply, reply_len);
	} else {
		err = chan_guest_frame(c, msg, len);
	}
	return err ? NVSP_STAT_INVALID_RNDIS_PKT : NVSP_STAT_SUCCESS;
}

/*
 * A message that comes (or ends) by GPA ranges: the section part, if any,
 * then every range, copied once into @c->msg.  A data section that ends
 * in GPA ranges is netvsc's "cp_partial" send: the packets it batched in
 * the section, then the RNDIS header of one more whose data is in the
 * ranges.  The joined bytes are a run of whole messages, walked as a
 * section is.
 */
static u32 chan_rndis_gpa(struct hvnet_chan *c, u32 off)
{
	const struct hvnet_nvsp_rndis_loc *loc = &c->res.rndis;
	u32 have = 0, i;
	int n;

	c->stats.gpa_direct++;
	if (loc->in_section) {
		memcpy(c->msg, (u8 *)c->send_map.vaddr + loc->offset, loc->len);
		have = loc->len;
	}
	if (hvnet_gpa_parse(c->pkt, off, CHAN_MSG_MAX - have, &c->gpa))
		return NVSP_STAT_INVALID_RNDIS_PKT;
	for (i = 0; i < c->gpa.n; i++) {
		if (hvhost_channel_read_guest(c->ch, c->gpa.c[i].gpa,
					      c->msg + have, c->gpa.c[i].len))
			return NVSP_STAT_INVALID_RNDIS_PKT;
		have += c->gpa.c[i].len;
	}
	if (loc->control || !loc->in_section)
		return chan_rndis_msg(c, c->msg, have, loc->control);
	n = hvnet_rndis_walk(c->msg, have, HVNET_RNDIS_MAX_PKT_PER_MSG,
			     chan_guest_frame, c);
	return n < 0 ? NVSP_STAT_INVALID_RNDIS_PKT : NVSP_STAT_SUCCESS;
}

/* The deferred part of SEND_RNDIS_PKT; returns the NVSP status. */
static u32 chan_rndis(struct hvnet_chan *c, const struct vmbus_pkt_desc *d,
		      u32 off)
{
	const struct hvnet_nvsp_rndis_loc *loc = &c->res.rndis;
	int n;

	if (d->type == VM_PKT_DATA_USING_GPA_DIRECT)
		return chan_rndis_gpa(c, off);
	if (!loc->in_section)
		return NVSP_STAT_INVALID_RNDIS_PKT;
	/* nvsp.c checked offset + len against the mapped length. */
	memcpy(c->section, (u8 *)c->send_map.vaddr + loc->offset, loc->len);
	if (loc->control)
		return chan_rndis_msg(c, c->section, loc->len, true);
	/* A data section may hold several packets (the guest batches). */
	n = hvnet_rndis_walk(c->section, loc->len, HVNET_RNDIS_MAX_PKT_PER_MSG,
			     chan_guest_frame, c);
	return n < 0 ? NVSP_STAT_INVALID_RNDIS_PKT : NVSP_STAT_SUCCESS;
}

/* Send the completion NVSP asked for, if the guest asked for one. */
static void chan_complete(struct hvnet_chan *c, u16 flags)
{
	const struct hvnet_nvsp_result *res = &c->res;
	struct vmbus_pkt_desc desc = {
		.type = VM_PKT_COMP,
		.offset8 = sizeof(desc) >> 3,
		.trans_id = res->trans_id,
	};
	struct kvec iov[] = {
		{ .iov_base = &desc, .iov_len = sizeof(desc) },
		{ .iov_base = (void *)&res->msg, .iov_len = NVSP_MSG_SIZE },
	};
	unsigned int niov = ARRAY_SIZE(iov);

	if (res->reply == HVNET_NVSP_NO_REPLY ||
	    !(flags & VMBUS_PKT_FLAG_COMPLETION_REQUESTED))
		return;
	if (res->reply == HVNET_NVSP_REPLY_EMPTY)
		niov = 1;
	desc.len8 = (sizeof(desc) + (niov > 1 ? NVSP_MSG_SIZE : 0)) >> 3;
	/* Room was reserved before the request was read. */
	if (hvhost_ring_write(hvhost_channel_out(c->ch), iov, niov)) {
		c->stats.ring_full++;
		return;
	}
	c->stats.completions++;
}

static void chan_on_nvsp(struct hvnet_chan *c, const struct vmbus_pkt_desc *d,
			 u32 off, u32 len)
{
	u32 status;

	c->stats.nvsp_msgs++;
	hvnet_nvsp_handle(&c->nvsp, d->trans_id, c->pkt + off, len - off,
			  &c->res);
	if (c->res.reply == HVNET_NVSP_DEFER_RNDIS) {
		status = chan_rndis(c, d, off);
		if (status == NVSP_STAT_SUCCESS)
			c->stats.rndis_ok++;
		else
			c->stats.rndis_bad++;
		hvnet_nvsp_rndis_done(&c->nvsp, status, &c->res);
	}
	chan_complete(c, d->flags);
}

/* The guest completed a transfer-page packet: its slot is free again. */
static void chan_on_comp(struct hvnet_chan *c, const struct vmbus_pkt_desc *d,
			 u32 off, u32 len)
{
	u32 type, used;

	if (len - off < NVSP_MSG_HDR_SIZE + sizeof(u32) ||
	    !c->nvsp.recv.mapped) {
		c->stats.bad_pkts++;
		return;
	}
	memcpy(&type, c->pkt + off, sizeof(type));
	used = c->rxbuf.used;
	if (type != NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE ||
	    hvnet_rxbuf_complete(&c->rxbuf, d->trans_id)) {
		c->stats.bad_pkts++;
		return;
	}
	/* One charge per slot: a coalesced frame's packet held several. */
	hvhost_channel_inflight_put(c->ch, used - c->rxbuf.used);
	c->stats.slot_completions++;
}

static void chan_packet(struct hvnet_chan *c, u32 len)
{
	const struct vmbus_pkt_desc *d = (const void *)c->pkt;
	u32 off = d->offset8 << 3;

	/* The ring checked this; a packet is never parsed on trust. */
	if (len < sizeof(*d) || off < sizeof(*d) || off > len) {
		c->stats.bad_pkts++;
		return;
	}
	switch (d->type) {
	case VM_PKT_DATA_INBAND:
	case VM_PKT_DATA_USING_GPA_DIRECT:
		chan_on_nvsp(c, d, off, len);
		break;
	case VM_PKT_COMP:
		chan_on_comp(c, d, off, len);
		break;
	default:
		c->stats.bad_pkts++;
		break;
	}
}

/*
 * A packet larger than CHAN_PKT_MAX: @c->pkt holds its start.  It is not
 * handled, but a request still gets its failure completion.
 */
static void chan_oversized(struct hvnet_chan *c)
{
	const struct vmbus_pkt_desc *d = (const void *)c->pkt;
	u32 off = d->offset8 << 3;

	c->stats.bad_pkts++;
	if (d->type != VM_PKT_DATA_INBAND &&
	    d->type != VM_PKT_DATA_USING_GPA_DIRECT)
		return;
	off = min_t(u32, off, CHAN_PKT_MAX);
	hvnet_nvsp_refuse(&c->nvsp, d->trans_id, c->pkt + off,
			  CHAN_PKT_MAX - off, &c->res);
	chan_complete(c, d->flags);
}

/* Handle one ring packet and say whether the pass can go on. */
static enum chan_step chan_next(struct hvnet_chan *c, struct hvhost_ring *in)
{
	u32 len;
	int ret;

	if (READ_ONCE(c->stopping))
		return CHAN_EMPTY;
	if (chan_flush_replies(c) == CHAN_FULL)
		return CHAN_FULL;
	/* Room for the completion first: a request read is a reply owed. */
	if (!chan_out_room(c, CHAN_OUT_RESERVE)) {
		c->stats.ring_full++;
		return CHAN_FULL;
	}
	ret = hvhost_ring_read(in, c->pkt, sizeof(c->pkt), &len);
	if (ret == -EAGAIN)
		return CHAN_EMPTY;
	if (ret == -EMSGSIZE)
		chan_oversized(c);
	else if (ret)
		c->stats.bad_pkts++;
	else
		chan_packet(c, len);
	return CHAN_MORE;
}

static void chan_commit(struct hvnet_chan *c, bool signal)
{
	signal |= hvhost_ring_write_commit(hvhost_channel_out(c->ch));
	if (signal) {
		c->stats.signals++;
		hvhost_channel_signal(c->ch);
	}
}

/* The guest's NIC can take frames: buffer, RNDIS up, a filter. */
static bool chan_guest_ready(const struct hvnet_chan *c)
{
	return c->open && c->nvsp.recv.mapped && c->recv_map.vaddr &&
	       c->rndis.state == HVNET_RNDIS_INITIALIZED && c->rndis.filter;
}

static void chan_update_ready(struct hvnet_chan *c, bool ready)
{
	const struct hvnet_chan_hooks *h = c->cfg.hooks;
	const struct hvnet_rndis_offload *o = &c->rndis.offload;
	u32 rsc = 0;

	if (ready && o->rsc4 && o->rx_csum4)
		rsc |= HVNET_CHAN_RSC4;
	if (ready && o->rsc6 && o->rx_csum6)
		rsc |= HVNET_CHAN_RSC6;
	WRITE_ONCE(c->rsc, rsc);

	if (ready == c->ready)
		return;
	c->ready = ready;
	if (h && h->ready)
		h->ready(c->cfg.hooks_priv, ready);
}

/* Does the guest's packet filter let @dest through? */
static bool chan_filter_pass(const struct hvnet_chan *c, const u8 *dest)
{
	u32 f = c->rndis.filter;
	u32 i;

	if (f & RNDIS_PACKET_TYPE_PROMISCUOUS)
		return true;
	if (is_broadcast_ether_addr(dest))
		return f & RNDIS_PACKET_TYPE_BROADCAST;
	if (!is_multicast_ether_addr(dest))
		return (f & RNDIS_PACKET_TYPE_DIRECTED) &&
		       ether_addr_equal(dest, c->rndis.cur_addr);
	if (f & RNDIS_PACKET_TYPE_ALL_MULTICAST)
		return true;
	if (!(f & RNDIS_PACKET_TYPE_MULTICAST))
		return false;
	for (i = 0; i < c->rndis.n_mcast; i++)
		if (ether_addr_equal(dest, c->rndis.mcast[i]))
			return true;
	return false;
}

/*
 * What the guest learns about a host frame: checksums the host vouches
 * for (a local sender's CHECKSUM_PARTIAL frame is whole by construction,
 * as virtio-net's DATA_VALID says), its VLAN tag and its flow hash.
 */
static void chan_skb_meta(const struct hvnet_chan *c, const struct sk_buff *skb,
			  struct hvnet_rx_meta *rx)
{
	bool v4 = skb->protocol == htons(ETH_P_IP);
	bool v6 = skb->protocol == htons(ETH_P_IPV6);

	memset(rx, 0, sizeof(*rx));
	if ((skb->ip_summed == CHECKSUM_PARTIAL ||
	     skb->ip_summed == CHECKSUM_UNNECESSARY) &&
	    ((v4 && c->rndis.offload.rx_csum4) ||
	     (v6 && c->rndis.offload.rx_csum6))) {
		rx->flags |= HVNET_PKT_CSUM;
		rx->csum_rx = NDIS_CSUM_RX_TCP_OK | NDIS_CSUM_RX_UDP_OK;
		if (v4)
			rx->csum_rx |= NDIS_CSUM_RX_IP_OK;
	}
	if (skb_vlan_tag_present(skb)) {
		rx->flags |= HVNET_PKT_VLAN;
		rx->vlan_tci = skb_vlan_tag_get(skb);
	}
	if (skb->l4_hash) {
		rx->flags |= HVNET_PKT_HASH;
		rx->hash = skb->hash;
	}
}

/* The RSC flag a GSO frame needs the guest to have set. */
static u32 chan_skb_rsc(const struct sk_buff *skb)
{
	unsigned int type = skb_shinfo(skb)->gso_type;

	if (type & SKB_GSO_TCPV4)
		return HVNET_CHAN_RSC4;
	return type & SKB_GSO_TCPV6 ? HVNET_CHAN_RSC6 : 0;
}

/* Charge @n slots to the partition's in-flight quota, all or none. */
static bool chan_charge_slots(struct hvnet_chan *c, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		if (!hvhost_channel_inflight_get(c->ch)) {
			hvhost_channel_inflight_put(c->ch, i);
			return false;
		}
	}
	return true;
}

/*
 * Write the fragment of a coalesced frame that starts at @off into @slot;
 * set @range to where it is, return the frame bytes it took.
 */
static u32 chan_rsc_frag(struct hvnet_chan *c, const struct sk_buff *skb,
			 struct hvnet_rx_meta *m, u32 slot, u32 off, bool last,
			 struct vmbus_xfer_page_range *range)
{
	u32 slot_size = c->nvsp.recv.section_size;
	u8 hdr[HVNET_RNDIS_RX_HDR_MAX];
	u32 hdr_len, chunk;
	u8 *dst;

	m->frag |= HVNET_FRAG_SUBALLOC | (last ? HVNET_FRAG_LAST : 0);
	chunk = min(skb->len - off, slot_size - hvnet_rndis_data_hdr_len(m));
	hdr_len = hvnet_rndis_build_data(m, chunk, hdr);
	dst = (u8 *)c->recv_map.vaddr + (size_t)slot * slot_size;
	memcpy(dst, hdr, hdr_len);
	/* off + chunk <= skb->len: cannot fail. */
	WARN_ON_ONCE(skb_copy_bits(skb, off, dst + hdr_len, chunk));
	range->byte_offset = slot * slot_size;
	range->byte_count = hdr_len + chunk;
	return chunk;
}

/*
 * A GSO frame for a guest that takes coalesced frames (RSC): the frame,
 * headers once, cut across adjacent receive slots, each an RNDIS packet
 * with a packet-id info (first, middle, last fragment), all in one
 * transfer-page packet with one range per slot.  The guest's netvsc
 * joins them into one skb; checksum, VLAN and hash go with the first.
 * Return: 0, -EMSGSIZE, -ENOSPC (slots or quota) or -EAGAIN (ring).
 */
static int chan_send_rsc(struct hvnet_chan *c, struct sk_buff *skb,
			 const struct hvnet_rx_meta *meta)
{
	struct vmbus_xfer_page_pkt xp = {
		.desc.type = VM_PKT_DATA_USING_XFER_PAGES,
		.desc.flags = VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
		.xfer_pageset_id = NVSP_RECV_BUF_ID,
	};
	u32 slot_size = c->nvsp.recv.section_size;
	struct hvnet_rx_meta m = *meta, rest = {};
	u32 n, cap, bytes, slot, off, i;
	struct nvsp_msg msg;
	struct kvec iov[3];
	u64 tid;

	if (!c->recv_map.vaddr || !c->nvsp.recv.mapped)
		return -ENODEV;
	if (!(meta->flags & HVNET_PKT_CSUM))
		return -EMSGSIZE;
	m.flags |= HVNET_PKT_FRAG;
	m.pkt_id = c->rsc_id;
	rest.flags = HVNET_PKT_FRAG;
	rest.pkt_id = c->rsc_id;
	cap = slot_size - hvnet_rndis_data_hdr_len(&m);
	n = 1 + DIV_ROUND_UP(skb->len - cap,
			     slot_size - hvnet_rndis_data_hdr_len(&rest));
	if (n > HVNET_RXBUF_MAX_RUN)
		return -EMSGSIZE;
	bytes = sizeof(xp) + n * sizeof(c->ranges[0]) + NVSP_MSG_SIZE;
	if (!chan_out_room(c, bytes))
		return -EAGAIN;
	if (!chan_charge_slots(c, n))
		return -ENOSPC;
	if (hvnet_rxbuf_get_run(&c->rxbuf, n, &slot, &tid)) {
		hvhost_channel_inflight_put(c->ch, n);
		return -ENOSPC;
	}
	m.frag = HVNET_FRAG_FIRST;
	off = 0;
	for (i = 0; i < n; i++) {
		rest.frag = 0;
		off += chan_rsc_frag(c, skb, i ? &rest : &m, slot + i, off,
				     i == n - 1, &c->ranges[i]);
	}
	xp.desc.offset8 = (sizeof(xp) + n * sizeof(c->ranges[0])) >> 3;
	xp.desc.len8 = bytes >> 3;
	xp.desc.trans_id = tid;
	xp.range_cnt = n;
	hvnet_nvsp_build_rndis_pkt(&msg, false);
	iov[0] = (struct kvec){ .iov_base = &xp, .iov_len = sizeof(xp) };
	iov[1] = (struct kvec){ .iov_base = c->ranges,
				.iov_len = n * sizeof(c->ranges[0]) };
	iov[2] = (struct kvec){ .iov_base = &msg, .iov_len = sizeof(msg) };
	if (hvhost_ring_write(hvhost_channel_out(c->ch), iov, 3)) {
		hvnet_rxbuf_complete(&c->rxbuf, tid);
		hvhost_channel_inflight_put(c->ch, n);
		return -EAGAIN;
	}
	c->rsc_id++;
	c->stats.rx_frames++;
	c->stats.rx_bytes += skb->len;
	c->stats.rx_rsc_frames++;
	c->stats.rx_rsc_frags += n;
	c->rndis.counters.rcv_ok++;
	return 0;
}

/* One host frame into a receive slot; 0 or what chan_send_slot says. */
static int chan_send_skb(struct hvnet_chan *c, struct sk_buff *skb)
{
	u8 hdr[HVNET_RNDIS_RX_HDR_MAX];
	struct hvnet_rx_meta rx;
	u8 dest[ETH_ALEN];
	u32 hdr_len;
	int ret;

	if (skb->len < ETH_HLEN || skb->len > HVNET_PKT_DATA_MAX)
		return -EMSGSIZE;
	if (skb_copy_bits(skb, 0, dest, ETH_ALEN))
		return -EMSGSIZE;
	if (!chan_filter_pass(c, dest))
		return -EPERM;
	chan_skb_meta(c, skb, &rx);
	hdr_len = hvnet_rndis_data_hdr_len(&rx);
	if (skb_is_gso(skb)) {
		/*
		 * The stack let a GSO packet through for a guest with RSC
		 * and receive checksums on; the guest may have turned them
		 * off since.  Such a packet is dropped, never summed here
		 * (skb_checksum_help() refuses GSO with a WARN).
		 */
		if (skb->ip_summed == CHECKSUM_PARTIAL &&
		    !(rx.flags & HVNET_PKT_CSUM))
			return -EMSGSIZE;
		if (hdr_len + skb->len > c->nvsp.recv.section_size) {
			if (!(c->rsc & chan_skb_rsc(skb)))
				return -EMSGSIZE;
			return chan_send_rsc(c, skb, &rx);
		}
	} else if (skb->ip_summed == CHECKSUM_PARTIAL &&
		   !(rx.flags & HVNET_PKT_CSUM) && skb_checksum_help(skb)) {
		/* A guest without receive checksums gets the sum filled in. */
		return -EMSGSIZE;
	}
	if (!chan_out_room(c, CHAN_XFER_BYTES))
		return -EAGAIN;
	hvnet_rndis_build_data(&rx, skb->len, hdr);
	ret = chan_send_slot(c, false, hdr, hdr_len, NULL, skb->len, skb);
	if (!ret) {
		c->stats.rx_frames++;
		c->stats.rx_bytes += skb->len;
		c->rndis.counters.rcv_ok++;
	}
	return ret;
}

/*
 * Hand queued host frames to the guest.  A guest that holds every slot
 * gets the rest once it completes some (its completions kick us); a full
 * ring waits for pending_send_sz.
 */
static enum chan_step chan_rx_drain(struct hvnet_chan *c)
{
	const struct hvnet_chan_hooks *h = c->cfg.hooks;
	unsigned int budget = CHAN_RX_BUDGET;
	struct sk_buff *skb;
	bool ready;
	int ret;

	if (!h || !h->rx_peek || !h->rx_done)
		return CHAN_EMPTY;
	ready = chan_guest_ready(c);
	while (budget--) {
		skb = h->rx_peek(c->cfg.hooks_priv);
		if (!skb)
			return CHAN_EMPTY;
		ret = ready ? chan_send_skb(c, skb) : -ENETDOWN;
		if (ret == -ENOSPC) {
			c->stats.rx_waits++;
			return CHAN_EMPTY;
		}
		if (ret == -EAGAIN) {
			/* pending_send_sz is set for what it needs. */
			c->stats.ring_full++;
			return CHAN_FULL;
		}
		if (ret == -EPERM)
			c->stats.rx_filtered++;
		else if (ret)
			c->stats.rx_refused++;
		h->rx_done(c->cfg.hooks_priv, ret);
	}
	return CHAN_MORE;
}

/*
 * One pass over the guest's ring and the host's queue, under @c->lock;
 * whether another pass is due now.
 */
static bool chan_pass(struct hvnet_chan *c)
{
	const struct hvnet_chan_hooks *h = c->cfg.hooks;
	struct hvhost_ring *in = hvhost_channel_in(c->ch);
	unsigned int budget = CHAN_BUDGET;
	enum chan_step step = CHAN_MORE, rx_step = CHAN_EMPTY;
	bool requeue, borrowed;

	lockdep_assert_held(&c->lock);
	c->stats.passes++;
	/* GPA-direct frames: one switch to the VMM's mm for the pass. */
	borrowed = hvhost_channel_access_begin(c->ch);
	hvhost_ring_in_disable_interrupts(in);
	while (budget && step == CHAN_MORE) {
		step = chan_next(c, in);
		budget--;
	}
	/* Completions read in this pass may have freed slots for replies. */
	if (step != CHAN_FULL && chan_flush_replies(c) == CHAN_FULL)
		step = CHAN_FULL;
	chan_update_ready(c, chan_guest_ready(c));
	if (step != CHAN_FULL && !READ_ONCE(c->stopping))
		rx_step = chan_rx_drain(c);
	chan_commit(c, hvhost_ring_read_commit(in));
	if (c->tx_pending) {
		c->tx_pending = false;
		if (h && h->xmit_flush)
			h->xmit_flush(c->cfg.hooks_priv);
	}
	if (borrowed)
		hvhost_channel_access_end(c->ch);
	/*
	 * Full: stay masked; the guest kicks once it frees pending_send_sz
	 * bytes.  Out of budget: come back.  Empty: listen, then look once
	 * more for a packet that raced with the unmasking.
	 */
	requeue = step == CHAN_MORE || rx_step == CHAN_MORE ||
		  (step == CHAN_EMPTY && hvhost_ring_in_enable_interrupts(in));
	return requeue && !READ_ONCE(c->stopping);
}

static void chan_work(struct work_struct *work)
{
	struct hvnet_chan *c = container_of(work, struct hvnet_chan, work);
	bool requeue = false;

	mutex_lock(&c->lock);
	if (c->open)
		requeue = chan_pass(c);
	mutex_unlock(&c->lock);
	if (requeue)
		queue_work(system_wq, &c->work);
}

/* A receive slot: the largest frame with a VLAN tag and its header. */
static u32 chan_slot_size(u32 mtu)
{
	return max_t(u32, HVNET_NVSP_RECV_SUB_ALLOC,
		     ALIGN(mtu + VLAN_ETH_HLEN + HVNET_RNDIS_RX_HDR_MAX, 64));
}

static int chan_open(struct hvhost_channel *ch, const u8 *userdata)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);
	struct hvnet_rndis_config rcfg = {
		.link_speed = CHAN_LINK_SPEED,
		.num_queues = 1,
	};
	struct hvnet_nvsp_config ncfg;
	int ret;

	ether_addr_copy(rcfg.perm_addr, c->cfg.mac);
	hvnet_nvsp_config_default(&ncfg);
	mutex_lock(&c->lock);
	/* The MTU as it is now: the guest sizes its frames, we the slots. */
	rcfg.mtu = c->cfg.mtu;
	rcfg.offloads = c->cfg.offloads;
	ncfg.recv_sub_alloc_size = chan_slot_size(c->cfg.mtu);
	memset(&c->stats, 0, sizeof(c->stats));
	c->stats.opens = 1;
	c->last_len = 0;
	ret = hvnet_nvsp_init(&c->nvsp, &ncfg, &chan_nvsp_ops, c);
	if (!ret)
		ret = hvnet_rndis_init(&c->rndis, &rcfg);
	if (!ret)
		c->rndis.link_up = c->link_up;
	if (!ret) {
		WRITE_ONCE(c->stopping, false);
		c->open = true;
	}
	mutex_unlock(&c->lock);
	return ret;
}

/* Stop the work item; it must not wait for the connection mutex. */
static void chan_stop(struct hvnet_chan *c)
{
	WRITE_ONCE(c->stopping, true);
	cancel_work_sync(&c->work);
}

static void chan_close(struct hvhost_channel *ch)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);

	chan_stop(c);
	mutex_lock(&c->lock);
	/*
	 * Nothing is deferred across passes, so every request read has its
	 * completion.  The host unmaps the buffers after we return; with
	 * @stopping set the unmap callbacks only forget them.
	 */
	hvnet_nvsp_destroy(&c->nvsp);
	chan_drop_replies(c);
	c->open = false;
	chan_update_ready(c, false);
	mutex_unlock(&c->lock);
}

static void chan_kick(struct hvhost_channel *ch)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);

	queue_work(system_wq, &c->work);
}

static void chan_rescinded(struct hvhost_channel *ch)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);

	chan_stop(c);
	mutex_destroy(&c->lock);
	kvfree(c->msg);
	kvfree(c);
}

static const struct hvhost_vsp_ops chan_ops = {
	.open = chan_open,
	.close = chan_close,
	.kick = chan_kick,
	.rescinded = chan_rescinded,
	.owner = THIS_MODULE,
};

/**
 * hvnet_chan_create() - offer a synthetic NIC to a partition's guest
 * @vb: the partition's VMBus host.
 * @cfg: instance GUID, MAC address, MTU and hooks; copied.
 *
 * The NIC lives until its channel is rescinded (hvhost_vmbus_rescind())
 * or the VMBus host is destroyed.
 *
 * Context: process context; takes the VMBus connection mutex.
 * Return: the NIC's channel, or an ERR_PTR.
 */
struct hvhost_channel *hvnet_chan_create(struct hvhost_vmbus *vb,
					 const struct hvnet_chan_config *cfg)
{
	struct hvhost_offer_desc desc = {
		.class_id = hvnet_nic_class,
		.instance_id = cfg->instance,
	};
	struct hvhost_channel *ch;
	struct hvnet_chan *c;

	if (!is_valid_ether_addr(cfg->mac) ||
	    cfg->mtu < ETH_MIN_MTU || cfg->mtu > HVNET_MTU_MAX ||
	    cfg->offloads & ~(HVNET_OFFLOAD_ALL | HVNET_OFFLOAD_RSC))
		return ERR_PTR(-EINVAL);
	c = kvzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return ERR_PTR(-ENOMEM);
	c->msg = kvmalloc(CHAN_MSG_MAX, GFP_KERNEL_ACCOUNT);
	if (!c->msg) {
		kvfree(c);
		return ERR_PTR(-ENOMEM);
	}
	c->cfg = *cfg;
	c->link_up = !cfg->link_down;
	mutex_init(&c->lock);
	INIT_WORK(&c->work, chan_work);
	ch = hvhost_vmbus_offer(vb, &desc, &chan_ops, c);
	if (IS_ERR(ch)) {
		mutex_destroy(&c->lock);
		kvfree(c->msg);
		kvfree(c);
		return ch;
	}
	c->ch = ch;
	return ch;
}

/**
 * hvnet_chan_flush() - wait until the NIC has no pass queued or running
 * @ch: a channel returned by hvnet_chan_create().
 *
 * Context: process context; no hvhost locks held.
 */
void hvnet_chan_flush(struct hvhost_channel *ch)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);

	while (flush_work(&c->work))
		;
}

/**
 * hvnet_chan_kick() - the host has frames queued for the guest
 * @ch: a channel returned by hvnet_chan_create().
 *
 * Context: any; the work item pulls them with the rx_peek hook.
 */
void hvnet_chan_kick(struct hvhost_channel *ch)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);

	queue_work(system_wq, &c->work);
}

/**
 * hvnet_chan_retire() - cut the NIC from its port and answer the guest
 * @ch: a channel returned by hvnet_chan_create(), about to be rescinded.
 *
 * Linux stops reading a channel's ring as soon as it sees the rescind,
 * then waits without end, in rndis_filter_halt_device(), for the
 * completion of every packet it sent.  So before the rescind the hooks
 * go (frames from now on are completed and dropped) and a few bounded
 * passes complete whatever the guest has queued.  A guest that does not
 * read its ring is not waited for.
 *
 * Context: process context; no hvhost locks held (the RTNL may be).
 */
void hvnet_chan_retire(struct hvhost_channel *ch)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);
	unsigned int passes = CHAN_RETIRE_PASSES;

	mutex_lock(&c->lock);
	c->cfg.hooks = NULL;
	c->retired = true;
	while (c->open && passes-- && chan_pass(c))
		;
	mutex_unlock(&c->lock);
}

/**
 * hvnet_chan_rsc() - may the guest get coalesced frames now?
 * @ch: a channel returned by hvnet_chan_create().
 *
 * Context: any; a snapshot (the work item drops frames the guest can no
 * longer take).
 * Return: HVNET_CHAN_RSC4 and/or HVNET_CHAN_RSC6.
 */
u32 hvnet_chan_rsc(struct hvhost_channel *ch)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);

	return READ_ONCE(c->rsc);
}

/**
 * hvnet_chan_set_mtu() - the MTU the next guest bring-up gets
 * @ch: a channel returned by hvnet_chan_create().
 * @mtu: 68..HVNET_MTU_MAX.
 *
 * A guest that is up keeps its receive slots; it sees the new maximum
 * frame size when it next initialises the NIC (Linux does on an MTU change).
 *
 * Context: process context; takes the NIC's lock.
 */
void hvnet_chan_set_mtu(struct hvhost_channel *ch, u32 mtu)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);

	mutex_lock(&c->lock);
	c->cfg.mtu = clamp_t(u32, mtu, ETH_MIN_MTU, HVNET_MTU_MAX);
	mutex_unlock(&c->lock);
}

/**
 * hvnet_chan_stats() - the counters of a NIC
 * @ch: a channel returned by hvnet_chan_create().
 * @st: filled in.
 *
 * Context: process context.
 */
void hvnet_chan_stats(struct hvhost_channel *ch, struct hvnet_chan_stats *st)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);

	mutex_lock(&c->lock);
	*st = c->stats;
	mutex_unlock(&c->lock);
}

/**
 * hvnet_chan_last_frame() - the last frame the guest sent
 * @ch: a channel returned by hvnet_chan_create().
 * @buf: where the frame goes.
 * @buflen: bytes at @buf.
 * @meta: filled with its metadata.
 *
 * Context: process context.
 * Only a NIC created without an xmit hook keeps its guest's frames (the
 * frames of a NIC with a port go to the port, uncopied).
 *
 * Return: the length kept, at most HVNET_NVSP_SEND_SECTION bytes (its
 * first @buflen bytes are copied); 0 if the guest sent none since the
 * channel opened, or the NIC has an xmit hook.
 */
u32 hvnet_chan_last_frame(struct hvhost_channel *ch, void *buf, u32 buflen,
			  struct hvnet_pkt_meta *meta)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);
	u32 len;

	mutex_lock(&c->lock);
	len = c->last_len;
	memcpy(buf, c->last, min(len, buflen));
	*meta = c->last_meta;
	mutex_unlock(&c->lock);
	return len;
}

/**
 * hvnet_chan_rx_frame() - give the guest a frame
 * @ch: a channel returned by hvnet_chan_create().
 * @frame: the Ethernet frame.
 * @len: its length, ETH_HLEN up to what fits one receive slot with its
 *	RNDIS header.
 * @rx: per-packet information for the guest (checksum, VLAN, hash).
 *
 * The frame goes into a free receive slot with an RNDIS_MSG_PACKET header
 * and its per-packet info, announced by a transfer-page packet.
 *
 * Context: process context; takes the NIC's lock.
 * Return: 0; -ENETDOWN before the guest set up its receive buffer and a
 * packet filter, or after close; -EMSGSIZE for a frame too short or too
 * long; -ENOSPC when the guest holds every slot; -EAGAIN when the guest's
 * ring is full.
 */
int hvnet_chan_rx_frame(struct hvhost_channel *ch, const void *frame, u32 len,
			const struct hvnet_rx_meta *rx)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);
	u8 hdr[HVNET_RNDIS_RX_HDR_MAX];
	u32 hdr_len;
	int ret = -ENETDOWN;

	mutex_lock(&c->lock);
	if (!c->open || READ_ONCE(c->stopping) || !c->nvsp.recv.mapped ||
	    c->rndis.state != HVNET_RNDIS_INITIALIZED || !c->rndis.filter)
		goto refused;
	ret = -EMSGSIZE;
	if (len < ETH_HLEN || len > HVNET_PKT_DATA_MAX)
		goto refused;
	hdr_len = hvnet_rndis_build_data(rx, len, hdr);
	ret = chan_send_slot(c, false, hdr, hdr_len, frame, len, NULL);
	if (ret == -ENOSPC) {
		c->stats.rx_no_slot++;
		c->rndis.counters.rcv_no_buffer++;
		goto out;
	}
	if (ret == -EAGAIN) {
		c->stats.ring_full++;
		goto out;
	}
	if (ret)
		goto refused;
	c->stats.rx_frames++;
	c->stats.rx_bytes += len;
	c->rndis.counters.rcv_ok++;
	chan_commit(c, false);
	goto out;
refused:
	c->stats.rx_refused++;
out:
	mutex_unlock(&c->lock);
	return ret;
}

/**
 * hvnet_chan_link() - tell the guest the link went up or down
 * @ch: a channel returned by hvnet_chan_create().
 * @up: the new link state.
 *
 * An RNDIS INDICATE_STATUS goes to the guest in a receive slot, like a
 * control reply; it waits in the reply queue if no slot or ring space is
 * free.  Nothing is sent if the guest already knows, or has not
 * initialised RNDIS yet (it queries the state after INITIALIZE).  The
 * state is kept for the guest's next bring-up either way.
 *
 * Context: process context; takes the NIC's lock.
 * Return: 0, or -ENETDOWN if the channel is not open (the state is kept).
 */
int hvnet_chan_link(struct hvhost_channel *ch, bool up)
{
	struct hvnet_chan *c = hvhost_channel_priv(ch);
	u8 buf[HVNET_RNDIS_INDICATE_LEN];
	u32 len;

	mutex_lock(&c->lock);
	c->link_up = up;
	if (!c->open || READ_ONCE(c->stopping)) {
		mutex_unlock(&c->lock);
		return -ENETDOWN;
	}
	len = hvnet_rndis_link(&c->rndis, up, buf);
	if (len) {
		chan_queue_reply(c, buf, len);
		chan_flush_replies(c);
		chan_commit(c, false);
	}
	mutex_unlock(&c->lock);
	return 0;
}
