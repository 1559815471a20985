// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: whole VMBus flows between the software guest and the VMBus host,
 * with the test VSP on the host side.  Every step asserts states, counters
 * and bytes.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "tguest.h"
#include "tpart.h"
#include "tvsp.h"
#include "vmbus/ring.h"
#include "vmbus/vmbus.h"

#define FLOW_PKTS		10000
#define FLOW_RING_BYTES		SZ_512K	/* each way: a 1 MiB ring pair */
#define FLOW_SMALL_RING		(4 * HV_PAGE_SIZE)

/**
 * struct flow - one guest, one partition, one test VSP
 * @test: the test.
 * @tp: the partition.
 * @g: the guest.
 * @v: the VSP.
 * @ch: the guest's view of the VSP's channel.
 * @rx_seq: next sequence number the guest expects from the VSP.
 * @rx_bad: packets from the VSP that failed verification.
 * @comp_next: sequence number the next completion must carry.
 * @comps: completions the guest received.
 * @buf: the guest's packet buffer.
 */
struct flow {
	struct kunit *test;
	struct tpart *tp;
	struct tguest *g;
	struct tvsp *v;
	struct tguest_chan *ch;
	u64 rx_seq;
	u64 rx_bad;
	u64 comp_next;
	u64 comps;
	u8 *buf;
};

static const guid_t flow_class = TVSP_CLASS_GUID;

static struct flow *flow_setup(struct kunit *test, u64 mem_bytes)
{
	struct flow *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->buf = kunit_kzalloc(test, TGUEST_PKT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->buf);
	f->test = test;
	f->tp = tpart_create_kunit(test, mem_bytes, 1);
	f->v = tvsp_offer_kunit(test, tpart_vmbus(f->tp), 1);
	f->g = tguest_create_kunit(test, f->tp);
	return f;
}

/* Connect at the newest version, collect the offers, find the test VSP. */
static void flow_connect(struct flow *f)
{
	struct kunit *test = f->test;

	KUNIT_ASSERT_EQ(test, tguest_connect(f->g), VMBUS_VERSION_WIN10_V5_3);
	KUNIT_ASSERT_EQ(test, tguest_request_offers(f->g), 0);
	f->ch = tguest_find_class(f->g, &flow_class);
	KUNIT_ASSERT_NOT_NULL(test, f->ch);
}

static void flow_open(struct flow *f, u32 ring_bytes)
{
	struct kunit *test = f->test;
	u8 ud[VMBUS_MAX_USER_DEFINED_BYTES];
	u64 opens = f->v->opens;
	unsigned int i;

	for (i = 0; i < sizeof(ud); i++)
		ud[i] = 0xa0 ^ i;
	KUNIT_ASSERT_EQ(test, tguest_open(f->ch, ring_bytes, ring_bytes, ud), 0);
	KUNIT_EXPECT_TRUE(test, f->v->open);
	KUNIT_EXPECT_EQ(test, f->v->opens, opens + 1);
	KUNIT_EXPECT_EQ(test, memcmp(f->v->userdata, ud, sizeof(ud)), 0);
	KUNIT_EXPECT_EQ(test, f->ch->open_status, 0);
	f->rx_seq = 0;
	f->comp_next = 0;
}

/* The guest reads everything in its inbound ring and verifies it. */
static unsigned int flow_guest_drain(struct flow *f)
{
	const struct vmbus_pkt_desc *d = (const void *)f->buf;
	unsigned int n = 0;
	u32 len, off;

	while (!tguest_chan_recv(f->ch, f->buf, TGUEST_PKT_MAX, &len)) {
		off = d->offset8 * 8;
		n++;
		if (d->type == VM_PKT_COMP) {
			/* Completions come back in send order, every 5th packet. */
			if (d->trans_id != f->comp_next || len != sizeof(*d))
				f->rx_bad++;
			f->comp_next = d->trans_id + 5;
			f->comps++;
		} else if (d->type != VM_PKT_DATA_INBAND ||
			   d->trans_id != f->rx_seq ||
			   !tvsp_check(f->buf + off, len - off, f->rx_seq)) {
			f->rx_bad++;
			f->rx_seq++;
		} else {
			f->rx_seq++;
		}
	}
	tguest_chan_recv_done(f->ch);
	return n;
}

/* Guest sends packet @seq, asking for a completion on every 5th. */
static int flow_guest_send(struct flow *f, u64 seq)
{
	u32 len = tvsp_payload_len(seq);
	u16 flags = seq % 5 ? 0 : VMBUS_PKT_FLAG_COMPLETION_REQUESTED;

	tvsp_fill(f->buf, seq, len);
	return tguest_chan_send(f->ch, VM_PKT_DATA_INBAND, flags, seq, f->buf,
				len);
}

/*
 * Guest -> host: FLOW_PKTS packets in batches of varying size.  The VSP
 * drains after each batch, so each batch starts on an empty ring and must
 * bring exactly one kick; the completions the VSP writes back bring one
 * guest interrupt per batch that asked for any.
 */
static void flow_guest_to_host(struct flow *f)
{
	struct kunit *test = f->test;
	u64 sig0 = tpart_stats(f->tp).signals;
	u64 batches = 0, comp_batches = 0, kick_errs = 0, seq = 0;
	u64 kicks0 = atomic64_read(&f->v->kicks);
	u64 irq0 = f->ch->interrupts;
	int send_errs = 0;

	while (seq < FLOW_PKTS) {
		unsigned int k = 1 + (batches * 13) % 50, j;
		bool comp = false;

		for (j = 0; j < k && seq < FLOW_PKTS; j++, seq++) {
			comp |= !(seq % 5);
			if (flow_guest_send(f, seq))
				send_errs++;
		}
		batches++;
		comp_batches += comp;
		if (atomic64_read(&f->v->kicks) - kicks0 != batches)
			kick_errs++;
		KUNIT_ASSERT_EQ(test, tvsp_drain(f->v), (int)j);
		tguest_poll(f->g);
		flow_guest_drain(f);
	}
	KUNIT_EXPECT_EQ(test, send_errs, 0);
	KUNIT_EXPECT_EQ(test, kick_errs, 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&f->v->kicks) - kicks0, batches);
	KUNIT_EXPECT_EQ(test, f->ch->out.intr_out_empty, batches);
	KUNIT_EXPECT_EQ(test, f->v->rx_pkts, FLOW_PKTS);
	KUNIT_EXPECT_EQ(test, f->v->rx_seq, FLOW_PKTS);
	KUNIT_EXPECT_EQ(test, f->v->rx_bad, 0);
	KUNIT_EXPECT_EQ(test, f->v->rx_errors, 0);
	KUNIT_EXPECT_EQ(test, f->v->completions, FLOW_PKTS / 5);
	KUNIT_EXPECT_EQ(test, f->comps, FLOW_PKTS / 5);
	KUNIT_EXPECT_EQ(test, f->rx_bad, 0);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).signals - sig0, comp_batches);
	KUNIT_EXPECT_EQ(test, f->ch->interrupts - irq0, comp_batches);
	/* The ring wrapped several times: more bytes went by than it holds. */
	KUNIT_EXPECT_GT(test, (u64)FLOW_PKTS * 200, (u64)FLOW_RING_BYTES * 3);
}

/*
 * Host -> guest: FLOW_PKTS packets in batches.  Every fourth batch the
 * guest keeps interrupt_mask set (as hv_begin_read() does while it polls):
 * those batches must bring no signal, all others exactly one.
 */
static void flow_host_to_guest(struct flow *f)
{
	struct kunit *test = f->test;
	u64 sig0 = tpart_stats(f->tp).signals;
	u64 irq0 = f->ch->interrupts;
	u64 batches = 0, expected = 0, sent = 0, sig_errs = 0;

	while (sent < FLOW_PKTS) {
		unsigned int k = min_t(u64, 1 + (batches * 29) % 200,
				       FLOW_PKTS - sent);
		bool masked = batches % 4 == 3;
		u64 before = tpart_stats(f->tp).signals;

		if (masked)
			tguest_ring_begin_read(&f->ch->in);
		KUNIT_ASSERT_EQ(test, tvsp_send(f->v, k), (int)k);
		sent += k;
		if (tpart_stats(f->tp).signals - before != !masked)
			sig_errs++;
		expected += !masked;
		tguest_poll(f->g);
		if (masked)
			KUNIT_EXPECT_NE(test, tguest_ring_end_read(&f->ch->in), 0);
		KUNIT_EXPECT_EQ(test, flow_guest_drain(f), k);
		batches++;
	}
	KUNIT_EXPECT_EQ(test, sig_errs, 0);
	KUNIT_EXPECT_EQ(test, f->rx_seq, FLOW_PKTS);
	KUNIT_EXPECT_EQ(test, f->rx_bad, 0);
	KUNIT_EXPECT_EQ(test, f->v->tx_full, 0);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).signals - sig0, expected);
	KUNIT_EXPECT_EQ(test, f->ch->interrupts - irq0, expected);
	KUNIT_EXPECT_EQ(test, f->ch->in.bad_index, 0);
}

static void flow_close(struct flow *f)
{
	struct kunit *test = f->test;
	u64 torndown = f->g->rx[CHANNELMSG_GPADL_TORNDOWN];
	u64 closes = f->v->closes;

	KUNIT_EXPECT_EQ(test, tguest_close(f->ch), 0);
	KUNIT_EXPECT_FALSE(test, f->v->open);
	KUNIT_EXPECT_EQ(test, f->v->closes, closes + 1);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_GPADL_TORNDOWN], torndown + 1);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).pinned, 0);
}

static void flow_expect_clean(struct flow *f)
{
	struct kunit *test = f->test;
	struct tpart_stats s = tpart_stats(f->tp);

	KUNIT_EXPECT_EQ(test, f->g->bad_msgs, 0);
	KUNIT_EXPECT_EQ(test, f->g->post_failures, 0);
	KUNIT_EXPECT_EQ(test, f->g->stray_events, 0);
	KUNIT_EXPECT_EQ(test, s.bad_args, 0);
	KUNIT_EXPECT_EQ(test, s.pinned, 0);
}

/* Connect, offers, 1 MiB ring pair, 10,000 packets each way, close, unload. */
static void flow_full_lifecycle(struct kunit *test)
{
	struct flow *f = flow_setup(test, TPART_DEFAULT_MEM_BYTES);
	const struct vmbus_msg_offer_channel *o;

	flow_connect(f);
	KUNIT_EXPECT_EQ(test, f->g->msg_conn_id, VMBUS_MESSAGE_CONNECTION_ID_4);
	KUNIT_EXPECT_EQ(test, f->g->nr_chans, 1);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_OFFERCHANNEL], 1);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_ALLOFFERS_DELIVERED], 1);
	o = &f->ch->offer;
	KUNIT_EXPECT_EQ(test, o->child_relid, hvhost_channel_relid(f->v->ch));
	KUNIT_EXPECT_EQ(test, o->monitorid, VMBUS_NO_MONITOR_ID);
	KUNIT_EXPECT_EQ(test, o->flags1, 0);
	KUNIT_EXPECT_NE(test, o->connection_id, 0);
	KUNIT_EXPECT_EQ(test, o->offer.sub_channel_index, 0);

	flow_open(f, FLOW_RING_BYTES);
	KUNIT_EXPECT_EQ(test, f->ch->gpadl, TGUEST_FIRST_GPADL);
	/* 256 pages: 26 in the header, then 8 bodies of 28 and one of 6. */
	KUNIT_EXPECT_EQ(test, f->g->tx[CHANNELMSG_GPADL_HEADER], 1);
	KUNIT_EXPECT_EQ(test, f->g->tx[CHANNELMSG_GPADL_BODY], 9);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_GPADL_CREATED], 1);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).pinned,
			2 * FLOW_RING_BYTES / HV_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, f->ch->in.hdr->feature_bits,
			VMBUS_RING_FEAT_PENDING_SEND_SZ);

	flow_guest_to_host(f);
	flow_host_to_guest(f);
	flow_close(f);

	KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_UNLOAD_RESPONSE], 1);
	KUNIT_EXPECT_EQ(test, f->g->nr_chans, 0);
	flow_expect_clean(f);
}

/*
 * The VSP fills the guest's ring, asks for pending_send_sz; the guest's
 * read completion must signal the host exactly once, and the rest flows.
 */
static void flow_ring_full(struct kunit *test)
{
	struct flow *f = flow_setup(test, SZ_8M);
	u64 kicks0, sent, total = 0;

	flow_connect(f);
	flow_open(f, FLOW_SMALL_RING);
	kicks0 = atomic64_read(&f->v->kicks);
	sent = tvsp_send(f->v, 1000);
	KUNIT_EXPECT_LT(test, sent, 1000);
	KUNIT_EXPECT_GT(test, sent, 0);
	KUNIT_EXPECT_EQ(test, f->v->tx_full, 1);
	KUNIT_EXPECT_NE(test, f->ch->in.hdr->pending_send_sz, 0);
	tguest_poll(f->g);
	total += flow_guest_drain(f);
	KUNIT_EXPECT_EQ(test, f->ch->in.intr_in_full, 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&f->v->kicks) - kicks0, 1);
	while (total < 1000) {
		sent = tvsp_send(f->v, 1000 - total);
		KUNIT_ASSERT_GT(test, sent, 0);
		tguest_poll(f->g);
		total += flow_guest_drain(f);
	}
	KUNIT_EXPECT_EQ(test, f->rx_seq, 1000);
	KUNIT_EXPECT_EQ(test, f->rx_bad, 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&f->v->kicks) - kicks0,
			f->ch->in.intr_in_full);
	flow_close(f);
	KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	flow_expect_clean(f);
}

static void flow_version_desc(const u32 *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u.%u", *v >> 16, *v & 0xffff);
}

KUNIT_ARRAY_PARAM(flow_version, tguest_versions, flow_version_desc);

/* Each version the guest knows: the right connection ids, a working channel. */
static void flow_each_version(struct kunit *test)
{
	const u32 version = *(const u32 *)test->param_value;
	bool v5 = version >= VMBUS_VERSION_WIN10_V5;
	struct flow *f = flow_setup(test, SZ_8M);

	KUNIT_ASSERT_EQ(test, tguest_connect_version(f->g, version), 0);
	KUNIT_EXPECT_EQ(test, f->g->version, version);
	KUNIT_EXPECT_EQ(test, f->g->msg_conn_id,
			v5 ? VMBUS_MESSAGE_CONNECTION_ID_4 :
			     VMBUS_MESSAGE_CONNECTION_ID);
	KUNIT_ASSERT_EQ(test, tguest_request_offers(f->g), 0);
	f->ch = tguest_find_class(f->g, &flow_class);
	KUNIT_ASSERT_NOT_NULL(test, f->ch);
	flow_open(f, FLOW_SMALL_RING);
	KUNIT_EXPECT_EQ(test, flow_guest_send(f, 0), 0);
	KUNIT_EXPECT_EQ(test, tvsp_drain(f->v), 1);
	KUNIT_EXPECT_EQ(test, tvsp_send(f->v, 3), 3);
	tguest_poll(f->g);
	KUNIT_EXPECT_EQ(test, flow_guest_drain(f), 4);	/* a completion, 3 packets */
	KUNIT_EXPECT_EQ(test, f->rx_bad, 0);
	flow_close(f);
	KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_UNLOAD_RESPONSE],
			version >= VMBUS_VERSION_WIN8_1 ? 1 : 0);
	flow_expect_clean(f);
}

/* Versions the host does not speak are declined; the walk then succeeds. */
static void flow_version_refused(struct kunit *test)
{
	struct flow *f = flow_setup(test, SZ_8M);

	KUNIT_EXPECT_EQ(test, tguest_connect_version(f->g, VMBUS_VERSION(6, 0)),
			-ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, tguest_connect_version(f->g, VMBUS_VERSION(0, 13)),
			-ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_VERSION_RESPONSE], 2);
	KUNIT_EXPECT_EQ(test, f->g->version, 0);
	KUNIT_EXPECT_EQ(test, tguest_connect(f->g), VMBUS_VERSION_WIN10_V5_3);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_VERSION_RESPONSE], 3);
}

/* UNLOAD closes everything on the host; the guest connects again. */
static void flow_reconnect(struct kunit *test)
{
	struct flow *f = flow_setup(test, SZ_16M);
	u32 relid;
	int i;

	flow_connect(f);
	relid = f->ch->relid;
	flow_open(f, FLOW_SMALL_RING);
	KUNIT_EXPECT_EQ(test, tvsp_send(f->v, 5), 5);
	KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	KUNIT_EXPECT_FALSE(test, f->v->open);
	KUNIT_EXPECT_EQ(test, f->v->closes, 1);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).pinned, 0);

	for (i = 0; i < 3; i++) {
		flow_connect(f);
		KUNIT_EXPECT_EQ(test, f->g->nr_chans, 1);
		KUNIT_EXPECT_EQ(test, f->ch->relid, relid);
		flow_open(f, FLOW_SMALL_RING);
		KUNIT_EXPECT_EQ(test, tvsp_send(f->v, 5), 5);
		tguest_poll(f->g);
		KUNIT_EXPECT_EQ(test, flow_guest_drain(f), 5);
		flow_close(f);
		KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	}
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_UNLOAD_RESPONSE], 4);
	KUNIT_EXPECT_EQ(test, f->v->opens, 4);
	KUNIT_EXPECT_EQ(test, f->v->closes, 4);
	KUNIT_EXPECT_EQ(test, f->rx_bad, 0);
	flow_expect_clean(f);
}

/*
 * The VSP refuses the open: the guest gets a failure status, tears the
 * ring GPADL down again as Linux does, and can open later.
 */
static void flow_open_refused(struct kunit *test)
{
	struct flow *f = flow_setup(test, SZ_8M);

	flow_connect(f);
	f->v->open_ret = -EIO;
	KUNIT_EXPECT_EQ(test, tguest_open(f->ch, FLOW_SMALL_RING,
					  FLOW_SMALL_RING, NULL), -EREMOTEIO);
	KUNIT_EXPECT_TRUE(test, f->ch->open_result);
	KUNIT_EXPECT_NE(test, f->ch->open_status, 0);
	KUNIT_EXPECT_FALSE(test, f->ch->opened);
	KUNIT_EXPECT_EQ(test, f->v->opens, 1);
	KUNIT_EXPECT_FALSE(test, f->v->open);
	KUNIT_EXPECT_EQ(test, f->g->tx[CHANNELMSG_GPADL_TEARDOWN], 1);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_GPADL_TORNDOWN], 1);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).pinned, 0);
	KUNIT_EXPECT_EQ(test, f->ch->ring_gpa, 0);

	f->v->open_ret = 0;
	flow_open(f, FLOW_SMALL_RING);
	KUNIT_EXPECT_EQ(test, f->ch->gpadl, TGUEST_FIRST_GPADL + 1);
	flow_close(f);
	KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	flow_expect_clean(f);
}

/* One signal from the VSP must land on exactly VP @vp. */
static void flow_expect_signal_on(struct flow *f, u32 vp)
{
	struct kunit *test = f->test;
	u32 i;

	KUNIT_EXPECT_EQ(test, tvsp_send(f->v, 1), 1);
	for (i = 0; i < f->tp->part.nr_vps; i++)
		KUNIT_EXPECT_EQ(test, tpart_event_test(f->tp, i, VMBUS_MESSAGE_SINT,
						       f->ch->relid), i == vp);
	tguest_poll(f->g);
	KUNIT_EXPECT_EQ(test, flow_guest_drain(f), 1);
}

/*
 * Four VPs: the channel's interrupts go where OPENCHANNEL and then
 * MODIFYCHANNEL put them; an out-of-range VP is refused with a status.
 */
static void flow_multi_vp_modify(struct kunit *test)
{
	struct flow *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	u64 irq0;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->buf = kunit_kzalloc(test, TGUEST_PKT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->buf);
	f->test = test;
	f->tp = tpart_create_kunit(test, SZ_8M, 4);
	f->v = tvsp_offer_kunit(test, tpart_vmbus(f->tp), 1);
	f->g = tguest_create_kunit(test, f->tp);
	flow_connect(f);

	f->ch->target_vp = 2;
	flow_open(f, FLOW_SMALL_RING);
	irq0 = f->ch->interrupts;
	flow_expect_signal_on(f, 2);
	KUNIT_EXPECT_EQ(test, tguest_modify(f->ch, 3), 0);
	KUNIT_EXPECT_TRUE(test, f->ch->modify_response);
	flow_expect_signal_on(f, 3);
	KUNIT_EXPECT_EQ(test, tguest_modify(f->ch, 4), -EREMOTEIO);
	KUNIT_EXPECT_EQ(test, f->ch->target_vp, 3);
	flow_expect_signal_on(f, 3);
	KUNIT_EXPECT_EQ(test, f->ch->interrupts - irq0, 3);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_MODIFYCHANNEL_RESPONSE], 2);
	KUNIT_EXPECT_EQ(test, f->rx_bad, 0);
	flow_close(f);

	/* Opening towards a VP the partition does not have is refused. */
	f->ch->target_vp = 4;
	KUNIT_EXPECT_EQ(test, tguest_open(f->ch, FLOW_SMALL_RING,
					  FLOW_SMALL_RING, NULL), -EREMOTEIO);
	KUNIT_EXPECT_FALSE(test, f->v->open);
	KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	flow_expect_clean(f);
}

/* An offer made after ALLOFFERS_DELIVERED reaches the guest at once. */
static void flow_hot_add(struct kunit *test)
{
	struct flow *f = flow_setup(test, SZ_16M);
	struct tvsp *v2;

	flow_connect(f);
	KUNIT_EXPECT_EQ(test, f->g->nr_chans, 1);
	v2 = tvsp_offer_kunit(test, tpart_vmbus(f->tp), 2);
	KUNIT_EXPECT_EQ(test, tguest_poll(f->g), 1);
	KUNIT_EXPECT_EQ(test, f->g->nr_chans, 2);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_OFFERCHANNEL], 2);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_ALLOFFERS_DELIVERED], 1);
	f->ch = tguest_find_relid(f->g, hvhost_channel_relid(v2->ch));
	KUNIT_ASSERT_NOT_NULL(test, f->ch);
	KUNIT_EXPECT_EQ(test, f->ch->offer.offer.if_instance.b[15], 2);
	f->v = v2;
	flow_open(f, FLOW_SMALL_RING);
	KUNIT_EXPECT_EQ(test, flow_guest_send(f, 0), 0);
	KUNIT_EXPECT_EQ(test, tvsp_drain(v2), 1);
	KUNIT_EXPECT_EQ(test, v2->rx_bad, 0);
	flow_close(f);
	KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	flow_expect_clean(f);
}

/*
 * Rescind while open: the host closes its side at once; the guest closes
 * (no GPADL teardown for a rescinded channel, as Linux), releases the relid
 * and only then is the channel freed.
 */
static void flow_rescind_open(struct kunit *test)
{
	struct flow *f = flow_setup(test, SZ_16M);
	u32 relid;

	flow_connect(f);
	flow_open(f, FLOW_SMALL_RING);
	relid = f->ch->relid;
	KUNIT_EXPECT_EQ(test, flow_guest_send(f, 0), 0);

	hvhost_vmbus_rescind(f->v->ch);
	KUNIT_EXPECT_FALSE(test, f->v->open);
	KUNIT_EXPECT_EQ(test, f->v->closes, 1);
	KUNIT_EXPECT_EQ(test, f->v->rescinds, 0);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).pinned, 0);
	KUNIT_EXPECT_NOT_NULL(test, f->v->ch);

	KUNIT_EXPECT_EQ(test, tguest_poll(f->g), 1);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_RESCIND_CHANNELOFFER], 1);
	KUNIT_EXPECT_TRUE(test, f->ch->rescinded);
	KUNIT_EXPECT_EQ(test, tguest_close(f->ch), 0);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_GPADL_TORNDOWN], 0);
	KUNIT_EXPECT_EQ(test, f->v->rescinds, 0);
	KUNIT_EXPECT_EQ(test, tguest_release_relid(f->ch), 0);
	KUNIT_EXPECT_EQ(test, f->v->rescinds, 1);
	KUNIT_EXPECT_NULL(test, f->v->ch);
	KUNIT_EXPECT_NULL(test, tguest_find_relid(f->g, relid));

	/* Gone for good: a new connection gets no offer for it. */
	KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	KUNIT_EXPECT_EQ(test, tguest_connect(f->g), VMBUS_VERSION_WIN10_V5_3);
	KUNIT_EXPECT_EQ(test, tguest_request_offers(f->g), 0);
	KUNIT_EXPECT_EQ(test, f->g->nr_chans, 0);
	flow_expect_clean(f);
}

/*
 * Rescind of an offer the guest never opened: the guest only releases the
 * relid.  Rescind before the guest asked for offers: freed at once, never
 * seen by the guest.
 */
static void flow_rescind_closed(struct kunit *test)
{
	struct flow *f = flow_setup(test, SZ_8M);
	struct tvsp *v2 = tvsp_offer_kunit(test, tpart_vmbus(f->tp), 2);

	hvhost_vmbus_rescind(v2->ch);
	KUNIT_EXPECT_EQ(test, v2->rescinds, 1);
	KUNIT_EXPECT_EQ(test, v2->closes, 0);
	KUNIT_EXPECT_NULL(test, v2->ch);

	flow_connect(f);
	KUNIT_EXPECT_EQ(test, f->g->nr_chans, 1);
	KUNIT_EXPECT_EQ(test, f->g->rx[CHANNELMSG_OFFERCHANNEL], 1);
	hvhost_vmbus_rescind(f->v->ch);
	KUNIT_EXPECT_EQ(test, f->v->closes, 0);
	KUNIT_EXPECT_EQ(test, f->v->rescinds, 0);
	KUNIT_EXPECT_EQ(test, tguest_poll(f->g), 1);
	KUNIT_EXPECT_TRUE(test, f->ch->rescinded);
	KUNIT_EXPECT_EQ(test, tguest_close(f->ch), -EINVAL);
	KUNIT_EXPECT_EQ(test, tguest_release_relid(f->ch), 0);
	KUNIT_EXPECT_EQ(test, f->v->rescinds, 1);
	KUNIT_EXPECT_EQ(test, f->g->nr_chans, 0);
	KUNIT_EXPECT_EQ(test, f->g->tx[CHANNELMSG_CLOSECHANNEL], 0);
	KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	flow_expect_clean(f);
}

/*
 * A subchannel: offered at once to a connected guest with the primary's
 * class and instance and its own relid and connection id; it opens on its
 * own rings; rescinding the primary rescinds it too, and the VSP hears
 * of each channel only when the guest released its relid.
 */
static void flow_subchannel(struct kunit *test)
{
	struct flow *f = flow_setup(test, SZ_16M);
	struct hvhost_channel *hsub;
	struct tguest_chan *sub;

	flow_connect(f);
	flow_open(f, FLOW_SMALL_RING);
	hsub = tvsp_offer_sub(f->v, 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(hsub));
	KUNIT_EXPECT_TRUE(test, IS_ERR(tvsp_offer_sub(f->v, 1)));
	KUNIT_EXPECT_EQ(test, tguest_poll(f->g), 1);
	sub = tguest_find_relid(f->g, hvhost_channel_relid(hsub));
	KUNIT_ASSERT_NOT_NULL(test, sub);
	KUNIT_EXPECT_EQ(test, sub->offer.offer.sub_channel_index, 1);
	KUNIT_EXPECT_TRUE(test, guid_equal(&sub->offer.offer.if_type,
					   &f->ch->offer.offer.if_type));
	KUNIT_EXPECT_TRUE(test, guid_equal(&sub->offer.offer.if_instance,
					   &f->ch->offer.offer.if_instance));
	KUNIT_EXPECT_NE(test, sub->relid, f->ch->relid);
	KUNIT_EXPECT_NE(test, sub->offer.connection_id,
			f->ch->offer.connection_id);

	KUNIT_ASSERT_EQ(test, tguest_open(sub, FLOW_SMALL_RING, FLOW_SMALL_RING,
					  NULL), 0);
	KUNIT_EXPECT_EQ(test, f->v->opens, 2);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).pinned,
			4 * FLOW_SMALL_RING / HV_PAGE_SIZE);

	hvhost_vmbus_rescind(f->v->ch);
	KUNIT_EXPECT_EQ(test, f->v->closes, 2);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).pinned, 0);
	KUNIT_EXPECT_EQ(test, tguest_poll(f->g), 2);
	KUNIT_EXPECT_TRUE(test, sub->rescinded);
	KUNIT_EXPECT_TRUE(test, f->ch->rescinded);
	KUNIT_EXPECT_EQ(test, tguest_close(sub), 0);
	KUNIT_EXPECT_EQ(test, tguest_close(f->ch), 0);
	KUNIT_EXPECT_EQ(test, tguest_release_relid(sub), 0);
	KUNIT_EXPECT_EQ(test, f->v->rescinds, 1);
	KUNIT_EXPECT_NOT_NULL(test, f->v->ch);
	KUNIT_EXPECT_EQ(test, tguest_release_relid(f->ch), 0);
	KUNIT_EXPECT_EQ(test, f->v->rescinds, 2);
	KUNIT_EXPECT_NULL(test, f->v->ch);
	KUNIT_EXPECT_EQ(test, f->g->nr_chans, 0);
	KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	flow_expect_clean(f);
}

/*
 * A busy message slot: the host queues, the guest's EOM releases the next
 * message, and the guest sees every message once and in order.  A guest
 * that clears the slot without EOM gets nothing more until it writes EOM.
 */
static void flow_slot_busy_order(struct kunit *test)
{
	struct flow *f = flow_setup(test, SZ_16M);
	struct tpart_stats s0, s1;
	struct hv_message *slot;
	unsigned int i, n;

	flow_connect(f);
	s0 = tpart_stats(f->tp);
	for (i = 2; i < 8; i++)
		tvsp_offer_kunit(test, tpart_vmbus(f->tp), i);
	s1 = tpart_stats(f->tp);
	KUNIT_EXPECT_EQ(test, s1.posts - s0.posts, 1);
	KUNIT_EXPECT_GE(test, s1.busy - s0.busy, 1);

	/* Clear the slot without EOM: the host must wait. */
	slot = tpart_msg_slot(f->tp, 0, VMBUS_MESSAGE_SINT);
	KUNIT_ASSERT_NOT_NULL(test, slot);
	KUNIT_EXPECT_TRUE(test, slot->header.message_flags & HV_MESSAGE_FLAG_PENDING);
	KUNIT_EXPECT_EQ(test, ((struct vmbus_msg_header *)slot->payload)->msgtype,
			CHANNELMSG_OFFERCHANNEL);
	memset(slot, 0, sizeof(*slot));
	KUNIT_EXPECT_EQ(test, tguest_poll(f->g), 0);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).posts, s1.posts);

	/* EOM: the host posts the next one. */
	tpart_eom(f->tp);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).posts, s1.posts + 1);
	n = tguest_poll(f->g);
	KUNIT_EXPECT_EQ(test, n, 5);
	KUNIT_EXPECT_EQ(test, f->g->nr_chans, 6);
	KUNIT_EXPECT_EQ(test, tpart_stats(f->tp).posts - s0.posts, 6);
	KUNIT_EXPECT_GE(test, tpart_stats(f->tp).eoms - s0.eoms, 5);
	/* The first offer was dropped; the others arrived in offer order. */
	for (i = 3; i < 8; i++) {
		struct tguest_chan *ch = f->g->chans[i - 2];

		KUNIT_ASSERT_NOT_NULL(test, ch);
		KUNIT_EXPECT_EQ(test, ch->offer.offer.if_instance.b[15], i);
	}
	KUNIT_EXPECT_EQ(test, slot->header.message_type, HV_MESSAGE_TYPE_NONE);
	KUNIT_EXPECT_EQ(test, f->g->bad_msgs, 0);
}

/* A hostile guest's garbage: every message type with patterned payloads. */
static void flow_hostile_garbage(struct flow *h, u32 seed)
{
	u8 msg[HV_MESSAGE_PAYLOAD_BYTES];
	u32 type, size, i, x = seed;

	for (type = 0; type < CHANNELMSG_COUNT + 4; type++) {
		if (type == CHANNELMSG_UNLOAD || type == CHANNELMSG_INITIATE_CONTACT)
			continue;
		for (size = 8; size <= HV_MESSAGE_PAYLOAD_BYTES; size += 29) {
			for (i = 0; i < size; i++) {
				x = x * 1103515245 + 12345;
				msg[i] = x >> 16;
			}
			((struct vmbus_msg_header *)msg)->msgtype = type;
			tguest_post(h->g, msg, size);
			tguest_poll(h->g);
		}
	}
}

/* A GPADL whose header promises far more pages than ever arrive. */
static void flow_hostile_gpadl(struct kunit *test, struct flow *h)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_gpadl_header *m = (void *)buf;
	struct vmbus_gpa_range *r = (void *)m->range;
	struct vmbus_msg_open_channel open = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL,
		.child_relid = h->ch->relid,
		.openid = h->ch->relid,
		.ringbuffer_gpadl = 0x666,
		.downstream_ringbuffer_pageoffset = 2,
	};

	m->header.msgtype = CHANNELMSG_GPADL_HEADER;
	m->child_relid = h->ch->relid;
	m->gpadl = 0x666;
	m->range_buflen = U16_MAX;
	m->rangecount = 1;
	r->byte_count = U32_MAX;
	r->pfn_array[0] = 1;
	tguest_post(h->g, m, sizeof(*m) + sizeof(*r) + 8);
	tguest_poll(h->g);

	/* Opening on the incomplete GPADL must be answered, with a failure. */
	h->ch->open_result = false;
	KUNIT_EXPECT_EQ(test, tguest_post(h->g, &open, sizeof(open)),
			HV_STATUS_SUCCESS);
	tguest_poll(h->g);
	KUNIT_EXPECT_TRUE(test, h->ch->open_result);
	KUNIT_EXPECT_NE(test, h->ch->open_status, 0);
	KUNIT_EXPECT_FALSE(test, h->v->open);
}

/* Corrupt the outbound ring and kick: the VSP must read nothing as good. */
static void flow_hostile_ring(struct kunit *test, struct flow *h)
{
	struct vmbus_pkt_desc d = {
		.type = VM_PKT_DATA_INBAND, .offset8 = 2, .len8 = U16_MAX,
	};
	struct tguest_ring *r = &h->ch->out;

	WRITE_ONCE(r->hdr->write_index, r->size + 8);
	tguest_signal(h->ch);
	tvsp_drain(h->v);
	WRITE_ONCE(r->hdr->write_index, 0);
	WRITE_ONCE(r->hdr->read_index, 0);
	tpart_write(h->tp, r->data_gpa, &d, sizeof(d));
	WRITE_ONCE(r->hdr->write_index, 64);
	tguest_signal(h->ch);
	tvsp_drain(h->v);
	KUNIT_EXPECT_EQ(test, h->v->rx_pkts, 0);
	KUNIT_EXPECT_GE(test, h->v->rx_errors, 1);
	KUNIT_EXPECT_GE(test, hvhost_channel_in(h->v->ch)->resyncs, 2);
}

/* A guest that never empties its message slot hits the queue cap. */
static void flow_hostile_flood(struct kunit *test, struct flow *h)
{
	struct vmbus_msg_open_channel open = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL,
		.child_relid = 2000,
	};
	unsigned int i;
	u16 status = HV_STATUS_SUCCESS;

	for (i = 0; i < 1000 && status == HV_STATUS_SUCCESS; i++)
		status = tguest_post(h->g, &open, sizeof(open));
	KUNIT_EXPECT_EQ(test, status, HV_STATUS_INSUFFICIENT_BUFFERS);
	KUNIT_EXPECT_LT(test, i, 1000);
	/* Draining the slot lets the guest post again. */
	while (tguest_poll(h->g))
		;
	KUNIT_EXPECT_EQ(test, tguest_post(h->g, &open, sizeof(open)),
			HV_STATUS_SUCCESS);
	tguest_poll(h->g);
}

/*
 * A well-behaved guest keeps working, byte for byte, while a hostile guest
 * on its own partition sends garbage, bad GPADLs, corrupt rings and
 * floods.
 */
static void flow_good_beside_hostile(struct kunit *test)
{
	struct flow *f = flow_setup(test, SZ_16M);
	struct flow *h = flow_setup(test, SZ_8M);
	u8 small[4] = {};
	u64 seq;
	int i;

	/* Before connecting: wrong connection ids and sizes are refused. */
	KUNIT_EXPECT_EQ(test, tguest_post_raw(h->g, 99, small, sizeof(small)),
			HV_STATUS_INVALID_PARAMETER);
	flow_connect(f);
	flow_open(f, FLOW_SMALL_RING * 4);
	flow_connect(h);
	KUNIT_EXPECT_EQ(test, tguest_post_raw(h->g, 99, &h->g->last,
					      sizeof(struct vmbus_msg_header)),
			HV_STATUS_INVALID_CONNECTION_ID);
	flow_hostile_gpadl(test, h);
	flow_open(h, FLOW_SMALL_RING);
	flow_hostile_ring(test, h);
	flow_hostile_flood(test, h);

	for (i = 0, seq = 0; i < 20; i++) {
		unsigned int j;

		for (j = 0; j < 50; j++, seq++)
			KUNIT_EXPECT_EQ(test, flow_guest_send(f, seq), 0);
		KUNIT_EXPECT_EQ(test, tvsp_drain(f->v), 50);
		KUNIT_EXPECT_EQ(test, tvsp_send(f->v, 50), 50);
		flow_hostile_garbage(h, i);
		tguest_poll(f->g);
		KUNIT_EXPECT_EQ(test, flow_guest_drain(f), 60);
	}
	KUNIT_EXPECT_EQ(test, f->v->rx_pkts, 1000);
	KUNIT_EXPECT_EQ(test, f->v->rx_bad, 0);
	KUNIT_EXPECT_EQ(test, f->rx_seq, 1000);
	KUNIT_EXPECT_EQ(test, f->comps, 200);
	KUNIT_EXPECT_EQ(test, f->rx_bad, 0);
	KUNIT_EXPECT_EQ(test, h->v->rx_bad, 0);
	flow_close(f);
	KUNIT_EXPECT_EQ(test, tguest_unload(f->g), 0);
	flow_expect_clean(f);
}

static struct kunit_case flow_cases[] = {
	KUNIT_CASE_SLOW(flow_full_lifecycle),
	KUNIT_CASE(flow_ring_full),
	KUNIT_CASE_PARAM(flow_each_version, flow_version_gen_params),
	KUNIT_CASE(flow_version_refused),
	KUNIT_CASE(flow_reconnect),
	KUNIT_CASE(flow_open_refused),
	KUNIT_CASE(flow_multi_vp_modify),
	KUNIT_CASE(flow_hot_add),
	KUNIT_CASE(flow_rescind_open),
	KUNIT_CASE(flow_rescind_closed),
	KUNIT_CASE(flow_subchannel),
	KUNIT_CASE(flow_slot_busy_order),
	KUNIT_CASE_SLOW(flow_good_beside_hostile),
	{}
};

static struct kunit_suite flow_suite = {
	.name = "hvhost_vmbus_flow",
	.test_cases = flow_cases,
};

kunit_test_suite(flow_suite);
