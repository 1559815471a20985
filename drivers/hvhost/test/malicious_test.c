// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: a malicious guest against the VMBus core, checklist classes 1
 * (control messages), 2 (GPADLs), 3 (rings) and 7 (exhaustion) of
 * shared/guest-input-checklist.md.
 *
 * Each test runs two partitions, each with its guest and an echo device:
 * a hostile guest plays the adversarial sequence and a well-behaved guest
 * must get its packets echoed byte for byte during and after.  Every
 * hostile message is checked for the host's exact answer (hypercall
 * status, reply message and its fields, counters, channel state).
 */
#include <kunit/test.h>
#include <linux/jiffies.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "echo/echo.h"
#include "tguest.h"
#include "tpart.h"
#include "vmbus/channel.h"
#include "vmbus/connection.h"
#include "vmbus/ring.h"
#include "vmbus/vmbus.h"

#define MC_MEM		SZ_8M
#define MC_RING		SZ_16K
#define MC_FAIL		HVHOST_VMBUS_STATUS_FAIL

/**
 * struct mc - one partition, its guest and its echo device
 * @test: the test.
 * @tp: the partition.
 * @g: the guest.
 * @dev: the echo channel, host side.
 * @ch: the guest's view of it.
 * @seq: next echo sequence number.
 * @buf: packet buffer.
 */
struct mc {
	struct kunit *test;
	struct tpart *tp;
	struct tguest *g;
	struct hvhost_channel *dev;
	struct tguest_chan *ch;
	u64 seq;
	u8 *buf;
};

static struct mc *mc_setup(struct kunit *test, u8 id)
{
	struct mc *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	guid_t inst = GUID_INIT(0x3a1c0000 + id, 0, 0, 0, 0, 0, 0, 0, 0, 0, id);

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->buf = kunit_kzalloc(test, TGUEST_PKT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e->buf);
	e->test = test;
	e->tp = tpart_create_kunit(test, MC_MEM, 2);
	e->dev = hvhost_echo_create(tpart_vmbus(e->tp), &inst);
	KUNIT_ASSERT_FALSE(test, IS_ERR(e->dev));
	e->g = tguest_create_kunit(test, e->tp);
	return e;
}

static void mc_connect(struct mc *e)
{
	KUNIT_ASSERT_EQ(e->test, tguest_connect(e->g), VMBUS_VERSION_WIN10_V5_3);
	KUNIT_ASSERT_EQ(e->test, tguest_request_offers(e->g), 0);
	e->ch = tguest_find_class(e->g, &hvhost_echo_class);
	KUNIT_ASSERT_NOT_NULL(e->test, e->ch);
}

static void mc_open(struct mc *e)
{
	KUNIT_ASSERT_EQ(e->test, tguest_open(e->ch, MC_RING, MC_RING, NULL), 0);
	KUNIT_ASSERT_EQ(e->test, e->ch->open_status, 0);
}

static struct mc *mc_up(struct kunit *test, u8 id)
{
	struct mc *e = mc_setup(test, id);

	mc_connect(e);
	mc_open(e);
	return e;
}

static u32 mc_len(u64 seq)
{
	return 8 + (seq * 37) % 600;
}

static void mc_fill(u8 *p, u64 seq, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seq * 13 + i);
}

/* @n packets echoed, each checked byte for byte and in order. */
static void mc_echo(struct mc *e, unsigned int n)
{
	const struct vmbus_pkt_desc *d = (const void *)e->buf;
	struct hvhost_echo_stats st0, st;
	u8 want[700];
	u64 next = e->seq;
	unsigned int i, got = 0;
	u32 len, plen;

	hvhost_echo_stats(e->dev, &st0);
	for (i = 0; i < n; i++) {
		plen = mc_len(e->seq + i);
		mc_fill(want, e->seq + i, plen);
		KUNIT_ASSERT_EQ(e->test, tguest_chan_send(e->ch,
							  VM_PKT_DATA_INBAND, 0,
							  e->seq + i, want,
							  plen), 0);
	}
	hvhost_echo_flush(e->dev);
	tguest_poll(e->g);
	while (!tguest_chan_recv(e->ch, e->buf, TGUEST_PKT_MAX, &len)) {
		plen = mc_len(next);
		mc_fill(want, next, plen);
		KUNIT_EXPECT_EQ(e->test, d->type, VM_PKT_DATA_INBAND);
		KUNIT_EXPECT_EQ(e->test, d->trans_id, next);
		KUNIT_EXPECT_EQ(e->test, len, ALIGN(16 + plen, 8));
		KUNIT_EXPECT_EQ(e->test, memcmp(e->buf + 16, want, plen), 0);
		next++;
		got++;
	}
	tguest_chan_recv_done(e->ch);
	KUNIT_EXPECT_EQ(e->test, got, n);
	e->seq += n;
	hvhost_echo_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(e->test, st.echoed - st0.echoed, n);
	KUNIT_EXPECT_EQ(e->test, st.dropped, st0.dropped);
}

static struct hvhost_vmbus *mc_vb(struct mc *e)
{
	return tpart_vmbus(e->tp);
}

/* Post @m; the hypercall status. */
static u16 mc_post(struct mc *e, const void *m, u32 size)
{
	return tguest_post(e->g, m, size);
}

/* Post and drain the answers; the number of host messages. */
static int mc_ask(struct mc *e, const void *m, u32 size)
{
	KUNIT_EXPECT_EQ(e->test, mc_post(e, m, size), HV_STATUS_SUCCESS);
	return tguest_poll(e->g);
}

/* The last host message. */
static const void *mc_last(struct mc *e)
{
	return e->g->last.payload;
}

static const struct vmbus_msg_open_result *mc_open_res(struct mc *e)
{
	return mc_last(e);
}

static const struct vmbus_msg_modify_channel_response *mc_mod_res(struct mc *e)
{
	return mc_last(e);
}

/*
 * Class 1, before contact: sizes, SynIC message types and connection ids
 * are hypercall errors; every VMBus message but INITIATE_CONTACT is
 * dropped unanswered; INITIATE_CONTACT with an unknown version, a vCPU
 * the partition lacks, a wrong SINT or VTL, monitor pages outside guest
 * memory or unaligned, or cut short is refused with version_supported 0.
 */
static void mal_c1_contact(struct kunit *test)
{
	struct mc *good = mc_up(test, 1);
	struct mc *h = mc_setup(test, 2);
	struct hvhost_vmbus *vb = mc_vb(h);
	struct vmbus_msg_initiate_contact c = {
		.header.msgtype = CHANNELMSG_INITIATE_CONTACT,
		.vmbus_version_requested = VMBUS_VERSION_WIN10_V5_3,
		.msg_sint = VMBUS_MESSAGE_SINT,
	};
	const struct vmbus_msg_version_response *vr;
	u8 msg[HV_MESSAGE_PAYLOAD_BYTES + 8] = {};
	u64 posts0 = tpart_stats(h->tp).posts, bad0;
	u32 type;

	/* Hypercall level. */
	KUNIT_EXPECT_EQ(test, hvhost_vmbus_post_message(vb, 4, 2, &c, sizeof(c)),
			HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, tguest_post_raw(h->g, 4, msg, 7),
			HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, tguest_post_raw(h->g, 4, msg,
					      HV_MESSAGE_PAYLOAD_BYTES + 1),
			HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, tguest_post_raw(h->g, 1, &c, sizeof(c)),
			HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, tguest_post_raw(h->g, 0x10001, msg, 8),
			HV_STATUS_INVALID_CONNECTION_ID);

	/* Every other type before contact: dropped, counted, unanswered. */
	bad0 = vb->bad_msgs;
	for (type = 0; type < CHANNELMSG_COUNT + 3; type++) {
		if (type == CHANNELMSG_INITIATE_CONTACT)
			continue;
		((struct vmbus_msg_header *)msg)->msgtype = type;
		KUNIT_EXPECT_EQ(test, tguest_post_raw(h->g, 4, msg,
						      HV_MESSAGE_PAYLOAD_BYTES),
				HV_STATUS_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, vb->bad_msgs - bad0, CHANNELMSG_COUNT + 2);
	KUNIT_EXPECT_EQ(test, tguest_poll(h->g), 0);
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).posts, posts0);

	/* Refused contacts: each answered once, supported = 0, on VP 0. */
#define REFUSED(field, val, size) do {					\
		struct vmbus_msg_initiate_contact x = c;		\
		x.field = val;						\
		h->g->version_response = false;				\
		h->g->version_supported = 1;				\
		KUNIT_EXPECT_EQ(test, mc_ask(h, &x, size), 1);		\
		KUNIT_EXPECT_TRUE(test, h->g->version_response);	\
		KUNIT_EXPECT_EQ(test, h->g->version_supported, 0);	\
		vr = mc_last(h);					\
		KUNIT_EXPECT_EQ(test, vr->connection_state,		\
				HVHOST_VMBUS_CONN_FAILED);		\
		KUNIT_EXPECT_EQ(test, h->g->resp_conn_id, 0);		\
	} while (0)
	h->g->msg_conn_id = VMBUS_MESSAGE_CONNECTION_ID_4;
	REFUSED(vmbus_version_requested, VMBUS_VERSION(5, 4), sizeof(c));
	REFUSED(vmbus_version_requested, VMBUS_VERSION(6, 0), sizeof(c));
	REFUSED(vmbus_version_requested, U32_MAX, sizeof(c));
	REFUSED(target_vcpu, 2, sizeof(c));
	REFUSED(target_vcpu, U32_MAX, sizeof(c));
	REFUSED(msg_sint, 3, sizeof(c));
	REFUSED(msg_vtl, 1, sizeof(c));
	REFUSED(monitor_page1, tpart_mem_bytes(h->tp), sizeof(c));
	REFUSED(monitor_page2, U64_MAX & ~0xfffULL, sizeof(c));
	REFUSED(monitor_page1, 0x1008, sizeof(c));
	REFUSED(target_vcpu, 0, sizeof(c) - 1);
	/* Before 5.0 it comes on connection id 1, with an interrupt page. */
	h->g->msg_conn_id = VMBUS_MESSAGE_CONNECTION_ID;
	REFUSED(vmbus_version_requested, VMBUS_VERSION(1, 3), sizeof(c));
	c.vmbus_version_requested = VMBUS_VERSION_WIN10;
	REFUSED(interrupt_page, 0x123, sizeof(c));
	REFUSED(interrupt_page, tpart_mem_bytes(h->tp) + HV_PAGE_SIZE,
		sizeof(c));
#undef REFUSED
	KUNIT_EXPECT_EQ(test, vb->state, HVHOST_CONN_DISCONNECTED);
	mc_echo(good, 4);

	/* The guest may still connect, and a second contact changes nothing. */
	mc_connect(h);
	c.vmbus_version_requested = VMBUS_VERSION_WIN10_V5;
	h->g->version_supported = 1;
	KUNIT_EXPECT_EQ(test, tguest_post_raw(h->g, 4, &c, sizeof(c)),
			HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, tguest_poll(h->g), 1);
	KUNIT_EXPECT_EQ(test, h->g->version_supported, 0);
	KUNIT_EXPECT_EQ(test, vb->version, VMBUS_VERSION_WIN10_V5_3);
	KUNIT_EXPECT_EQ(test, vb->state, HVHOST_CONN_CONNECTED);
	mc_open(h);
	mc_echo(h, 5);
	mc_echo(good, 5);
	KUNIT_EXPECT_EQ(test, good->g->bad_msgs, 0);
}

/*
 * Class 1, connected: relids that do not exist or were never offered,
 * messages cut short, vCPUs out of range, host-only and unknown types,
 * repeats.  Requests that have a reply get it with a failure status and
 * the guest's ids echoed; the rest are dropped and counted.
 */
static void mal_c1_channel_msgs(struct kunit *test)
{
	struct mc *good = mc_up(test, 1);
	struct mc *h = mc_setup(test, 2);
	struct hvhost_vmbus *vb = mc_vb(h);
	struct vmbus_msg_open_channel o = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL, .openid = 0x5151,
	};
	struct vmbus_msg_modify_channel mod = {
		.header.msgtype = CHANNELMSG_MODIFYCHANNEL,
	};
	struct vmbus_msg_tl_connect_request tl = {
		.header.msgtype = CHANNELMSG_TL_CONNECT_REQUEST,
	};
	struct vmbus_msg_close_channel cl = {
		.header.msgtype = CHANNELMSG_CLOSECHANNEL,
	};
	static const u32 relids[] = { 0, 3, 2047, 2048, U32_MAX };
	static const u32 host_only[] = {
		CHANNELMSG_OFFERCHANNEL, CHANNELMSG_RESCIND_CHANNELOFFER,
		CHANNELMSG_ALLOFFERS_DELIVERED, CHANNELMSG_OPENCHANNEL_RESULT,
		CHANNELMSG_GPADL_CREATED, CHANNELMSG_GPADL_TORNDOWN,
		CHANNELMSG_VERSION_RESPONSE, CHANNELMSG_UNLOAD_RESPONSE,
		CHANNELMSG_TL_CONNECT_RESULT,
		CHANNELMSG_MODIFYCHANNEL_RESPONSE, CHANNELMSG_COUNT, 0x7fff,
	};
	const struct vmbus_msg_tl_connect_result *tlr;
	const struct vmbus_msg_open_result *r;
	u64 bad0;
	u32 i, relid;

	mc_connect(h);
	relid = h->ch->relid;
	KUNIT_EXPECT_EQ(test, relid, 1);
	/* OPENCHANNEL on relids that name nothing. */
	for (i = 0; i < ARRAY_SIZE(relids); i++) {
		o.child_relid = relids[i];
		/* The slot's stale bytes must not survive a shorter message. */
		memset(tpart_msg_slot(h->tp, 0, VMBUS_MESSAGE_SINT)->payload,
		       0xa5, HV_MESSAGE_PAYLOAD_BYTES);
		KUNIT_EXPECT_EQ(test, mc_ask(h, &o, sizeof(o)), 1);
		r = mc_open_res(h);
		KUNIT_EXPECT_EQ(test, h->g->last.header.payload_size,
				sizeof(*r));
		KUNIT_EXPECT_NULL(test, memchr_inv(h->g->last.payload + sizeof(*r),
						   0, HV_MESSAGE_PAYLOAD_BYTES -
						   sizeof(*r)));
		KUNIT_EXPECT_EQ(test, r->header.msgtype,
				CHANNELMSG_OPENCHANNEL_RESULT);
		KUNIT_EXPECT_EQ(test, r->child_relid, relids[i]);
		KUNIT_EXPECT_EQ(test, r->openid, 0x5151);
		KUNIT_EXPECT_EQ(test, r->status, MC_FAIL);
	}
	/* Short, a missing GPADL, a vCPU out of range. */
	o.child_relid = relid;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &o, offsetof(typeof(o), userdata)), 1);
	KUNIT_EXPECT_EQ(test, mc_open_res(h)->status,
			MC_FAIL);
	KUNIT_EXPECT_EQ(test, mc_ask(h, &o, sizeof(o)), 1);
	KUNIT_EXPECT_EQ(test, mc_open_res(h)->status,
			MC_FAIL);
	/* MODIFYCHANNEL on a closed channel, unknown relid, short. */
	mod.child_relid = relid;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &mod, sizeof(mod)), 1);
	KUNIT_EXPECT_EQ(test, mc_mod_res(h)->status, MC_FAIL);
	mod.child_relid = 77;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &mod, sizeof(mod)), 1);
	KUNIT_EXPECT_EQ(test, mc_mod_res(h)->child_relid, 77);
	KUNIT_EXPECT_EQ(test, mc_ask(h, &mod, 12), 1);
	/* hvsock: not offered, always refused with the ids echoed. */
	tl.host_service_id.b[0] = 0x42;
	tl.guest_endpoint_id.b[15] = 0x24;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &tl, sizeof(tl)), 1);
	tlr = mc_last(h);
	KUNIT_EXPECT_EQ(test, tlr->header.msgtype, CHANNELMSG_TL_CONNECT_RESULT);
	KUNIT_EXPECT_EQ(test, tlr->status, MC_FAIL);
	KUNIT_EXPECT_EQ(test, tlr->service_id.b[0], 0x42);
	KUNIT_EXPECT_EQ(test, tlr->endpoint_id.b[15], 0x24);

	/* Dropped: CLOSE and RELID_RELEASED of nothing, host-only types. */
	bad0 = vb->bad_msgs;
	cl.child_relid = relid;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &cl, sizeof(cl)), 0);
	cl.child_relid = 1999;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &cl, sizeof(cl)), 0);
	cl.header.msgtype = CHANNELMSG_RELID_RELEASED;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &cl, sizeof(cl)), 0);
	for (i = 0; i < ARRAY_SIZE(host_only); i++) {
		cl.header.msgtype = host_only[i];
		KUNIT_EXPECT_EQ(test, mc_ask(h, &cl, sizeof(cl)), 0);
	}
	/* A second REQUESTOFFERS: ALLOFFERS_DELIVERED alone. */
	cl.header.msgtype = CHANNELMSG_REQUESTOFFERS;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &cl, 8), 1);
	KUNIT_EXPECT_EQ(test, h->g->rx[CHANNELMSG_OFFERCHANNEL], 1);
	KUNIT_EXPECT_EQ(test, vb->bad_msgs - bad0, 3 + ARRAY_SIZE(host_only) + 1);
	mc_echo(good, 3);

	/* A good ring, but a target VP the partition lacks. */
	h->ch->target_vp = 2;
	KUNIT_EXPECT_EQ(test, tguest_open(h->ch, MC_RING, MC_RING, NULL),
			-EREMOTEIO);
	h->ch->target_vp = 0;
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).pinned, 0);
	KUNIT_EXPECT_EQ(test, vb->gpadls.nr_gpadls, 0);

	/* The channel is intact: it opens, echoes, re-targets, closes. */
	mc_open(h);
	mc_echo(h, 7);
	KUNIT_EXPECT_EQ(test, tguest_modify(h->ch, 1), 0);
	KUNIT_EXPECT_EQ(test, h->ch->modify_status, 0);
	mod.child_relid = relid;
	mod.target_vp = 2;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &mod, sizeof(mod)), 1);
	KUNIT_EXPECT_EQ(test, mc_mod_res(h)->status, MC_FAIL);
	/* A second open of an open channel fails and leaves it open. */
	o.ringbuffer_gpadl = h->ch->gpadl;
	o.downstream_ringbuffer_pageoffset = h->ch->send_pages;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &o, sizeof(o)), 1);
	KUNIT_EXPECT_EQ(test, mc_open_res(h)->status,
			MC_FAIL);
	mc_echo(h, 3);
	KUNIT_EXPECT_EQ(test, tguest_close(h->ch), 0);
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).pinned, 0);
	mc_echo(good, 3);
	KUNIT_EXPECT_EQ(test, good->g->bad_msgs, 0);
}

/* A GPADL_HEADER of @nr ranges of one pfn each (or as laid out in @r). */
static void mc_gpadl_hdr(struct mc *h, u32 id, u32 relid, u16 buflen,
			 u16 count, const void *ranges, u32 rlen)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_gpadl_header *m = (void *)buf;

	m->header.msgtype = CHANNELMSG_GPADL_HEADER;
	m->child_relid = relid;
	m->gpadl = id;
	m->range_buflen = buflen;
	m->rangecount = count;
	memcpy(m->range, ranges, rlen);
	h->g->gpadl_created = false;
	KUNIT_EXPECT_EQ(h->test, mc_post(h, buf, sizeof(*m) + rlen),
			HV_STATUS_SUCCESS);
	tguest_poll(h->g);
}

struct mc_range {
	u32 byte_count;
	u32 byte_offset;
	u64 pfn[2];
} __packed;

/* The last GPADL_CREATED was for @id with @status. */
static void mc_expect_created(struct mc *h, u32 id, u32 status)
{
	KUNIT_EXPECT_TRUE(h->test, h->g->gpadl_created);
	KUNIT_EXPECT_EQ(h->test, h->g->created_gpadl, id);
	KUNIT_EXPECT_EQ(h->test, h->g->created_status, status);
}

/*
 * Class 2: GPADLs.  Range counts of 0 and 65, stream lengths that do not
 * match, offsets past the page, byte counts of 0 and 4 GiB, pages outside
 * guest memory, a relid with no channel, a duplicate id (the first one is
 * untouched), bodies for unknown ids and past the stream, an open on an
 * incomplete GPADL, teardowns of unknown ids and of the open ring.
 */
static void mal_c2_gpadl(struct kunit *test)
{
	struct mc *good = mc_up(test, 1);
	struct mc *h = mc_up(test, 2);
	struct hvhost_vmbus *vb = mc_vb(h);
	u64 gpa = tguest_alloc_pages(h->g, 2), pfn = gpa >> HV_PAGE_SHIFT;
	u64 oob = tpart_mem_bytes(h->tp) >> HV_PAGE_SHIFT;
	u32 relid = h->ch->relid, id, nr0;
	u64 pfns0;
	struct mc_range r = { 2 * HV_PAGE_SIZE, 0, { pfn, pfn + 1 } };
	u8 body[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_gpadl_body *b = (void *)body;
	struct vmbus_msg_gpadl_teardown td = {
		.header.msgtype = CHANNELMSG_GPADL_TEARDOWN,
		.child_relid = relid,
	};

	KUNIT_ASSERT_NE(test, gpa, 0);
	nr0 = vb->gpadls.nr_gpadls;
	pfns0 = vb->gpadls.nr_pfns;
	/* A good one, then the same id again: refused, the first stays. */
	mc_gpadl_hdr(h, 0x100, relid, sizeof(r), 1, &r, sizeof(r));
	mc_expect_created(h, 0x100, 0);
	r.pfn[0] = oob;
	mc_gpadl_hdr(h, 0x100, relid, sizeof(r), 1, &r, sizeof(r));
	mc_expect_created(h, 0x100, MC_FAIL);
	KUNIT_EXPECT_EQ(test, vb->gpadls.nr_gpadls, nr0 + 1);
	KUNIT_EXPECT_NOT_NULL(test, hvhost_gpadl_find_complete(&vb->gpadls,
							       0x100));
	/* Pages outside memory; at the top of the address space. */
	mc_gpadl_hdr(h, 0x101, relid, sizeof(r), 1, &r, sizeof(r));
	mc_expect_created(h, 0x101, MC_FAIL);
	r.pfn[0] = U64_MAX;
	mc_gpadl_hdr(h, 0x102, relid, sizeof(r), 1, &r, sizeof(r));
	mc_expect_created(h, 0x102, MC_FAIL);
	r.pfn[0] = pfn;
	/* Counts and lengths: 0 ranges, 65, stream too short or too long. */
	mc_gpadl_hdr(h, 0x103, relid, sizeof(r), 0, &r, sizeof(r));
	mc_expect_created(h, 0x103, MC_FAIL);
	mc_gpadl_hdr(h, 0x104, relid, 65 * 16, 65, &r, sizeof(r));
	mc_expect_created(h, 0x104, MC_FAIL);
	mc_gpadl_hdr(h, 0x105, relid, sizeof(r) - 8, 1, &r, sizeof(r) - 8);
	mc_expect_created(h, 0x105, MC_FAIL);
	mc_gpadl_hdr(h, 0x106, relid, sizeof(r) + 8, 1, &r, sizeof(r));
	KUNIT_EXPECT_FALSE(test, h->g->gpadl_created);	/* waits for a body */
	mc_gpadl_hdr(h, 0x107, relid, 6, 1, &r, 6);
	mc_expect_created(h, 0x107, MC_FAIL);
	/* Offsets and byte counts. */
	r = (struct mc_range){ 100, HV_PAGE_SIZE, { pfn, pfn + 1 } };
	mc_gpadl_hdr(h, 0x108, relid, sizeof(r), 1, &r, sizeof(r));
	mc_expect_created(h, 0x108, MC_FAIL);
	r = (struct mc_range){ 0, 0, { pfn, pfn + 1 } };
	mc_gpadl_hdr(h, 0x109, relid, sizeof(r), 1, &r, sizeof(r));
	mc_expect_created(h, 0x109, MC_FAIL);
	r = (struct mc_range){ U32_MAX, 4095, { pfn, pfn + 1 } };
	mc_gpadl_hdr(h, 0x10a, relid, sizeof(r), 1, &r, sizeof(r));
	mc_expect_created(h, 0x10a, MC_FAIL);
	/* A relid with no channel. */
	r = (struct mc_range){ 2 * HV_PAGE_SIZE, 0, { pfn, pfn + 1 } };
	mc_gpadl_hdr(h, 0x10b, 1234, sizeof(r), 1, &r, sizeof(r));
	mc_expect_created(h, 0x10b, MC_FAIL);
	KUNIT_EXPECT_EQ(test, h->g->created_relid, 1234);

	/* Bodies: unknown id (dropped), then one that overflows 0x106. */
	b->header.msgtype = CHANNELMSG_GPADL_BODY;
	b->gpadl = 0x999;
	KUNIT_EXPECT_EQ(test, mc_ask(h, b, sizeof(*b) + 8), 0);
	b->gpadl = 0x106;
	b->pfn[0] = pfn;
	b->pfn[1] = pfn;
	h->g->gpadl_created = false;
	KUNIT_EXPECT_EQ(test, mc_ask(h, b, sizeof(*b) + 16), 1);
	mc_expect_created(h, 0x106, MC_FAIL);
	KUNIT_EXPECT_NULL(test, hvhost_gpadl_find(&vb->gpadls, 0x106));
	/* A body for the complete 0x100 changes nothing. */
	b->gpadl = 0x100;
	KUNIT_EXPECT_EQ(test, mc_ask(h, b, sizeof(*b) + 8), 0);
	KUNIT_EXPECT_EQ(test, vb->gpadls.nr_gpadls, nr0 + 1);
	/* Nothing refused stays charged against the quotas. */
	KUNIT_EXPECT_EQ(test, vb->gpadls.nr_pfns, pfns0 + 2);
	mc_echo(good, 3);

	/* Teardown: an unknown id is answered; the open ring waits. */
	td.gpadl = 0x4242;
	h->g->gpadl_torndown = false;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &td, sizeof(td)), 1);
	KUNIT_EXPECT_TRUE(test, h->g->gpadl_torndown);
	KUNIT_EXPECT_EQ(test, h->g->torndown_gpadl, 0x4242);
	id = h->ch->gpadl;
	td.gpadl = id;
	h->g->gpadl_torndown = false;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &td, sizeof(td)), 0);
	KUNIT_EXPECT_FALSE(test, h->g->gpadl_torndown);
	/* The ring is still mapped and works; pages stay pinned. */
	mc_echo(h, 5);
	KUNIT_EXPECT_GT(test, tpart_stats(h->tp).pinned, 0);
	/* Close: the host unmaps, then answers the waiting teardown. */
	h->ch->gpadl = 0;
	KUNIT_EXPECT_EQ(test, tguest_close(h->ch), 0);
	KUNIT_EXPECT_TRUE(test, h->g->gpadl_torndown);
	KUNIT_EXPECT_EQ(test, h->g->torndown_gpadl, id);
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).pinned, 0);
	/* And an open on an incomplete or torn-down GPADL fails. */
	mc_gpadl_hdr(h, 0x110, relid, sizeof(r) + 8, 1, &r, sizeof(r));
	{
		struct vmbus_msg_open_channel o = {
			.header.msgtype = CHANNELMSG_OPENCHANNEL,
			.child_relid = relid, .ringbuffer_gpadl = 0x110,
			.downstream_ringbuffer_pageoffset = 1,
		};

		KUNIT_EXPECT_EQ(test, mc_ask(h, &o, sizeof(o)), 1);
		KUNIT_EXPECT_EQ(test, mc_open_res(h)->status, MC_FAIL);
		o.ringbuffer_gpadl = id;
		KUNIT_EXPECT_EQ(test, mc_ask(h, &o, sizeof(o)), 1);
		KUNIT_EXPECT_EQ(test, mc_open_res(h)->status, MC_FAIL);
		/* The 2-page GPADL is too small for two rings. */
		o.ringbuffer_gpadl = 0x100;
		KUNIT_EXPECT_EQ(test, mc_ask(h, &o, sizeof(o)), 1);
		KUNIT_EXPECT_EQ(test, mc_open_res(h)->status, MC_FAIL);
	}
	/* The guest recovers: a fresh open works. */
	mc_open(h);
	mc_echo(h, 4);
	mc_echo(good, 4);
	KUNIT_EXPECT_EQ(test, good->g->bad_msgs, 0);
}

/* Guest writes @len bytes at ring offset @off of its outbound ring. */
static void mc_ring_put(struct mc *h, u32 off, const void *p, u32 len)
{
	KUNIT_ASSERT_EQ(h->test, tpart_write(h->tp, h->ch->out.data_gpa + off,
					     p, len), 0);
}

/* Publish write index @w, kick, let the echo run. */
static void mc_ring_kick(struct mc *h, u32 w)
{
	WRITE_ONCE(h->ch->out.hdr->write_index, w);
	tguest_signal(h->ch);
	hvhost_echo_flush(h->dev);
}

/* Reset the guest's outbound ring to empty at the host's read index. */
static void mc_ring_resync(struct mc *h)
{
	WRITE_ONCE(h->ch->out.hdr->write_index,
		   READ_ONCE(h->ch->out.hdr->read_index));
}

/*
 * Class 3: rings.  Write indexes unaligned and past the ring, a
 * descriptor of length 0, data offsets below the descriptor and past the
 * packet, a packet longer than what was published, unknown packet types
 * and packets larger than the device takes: each is refused, counted as
 * a resync or a drop, and the next good packet is echoed.  A flood is
 * served in bounded passes; pending_send_sz of 4 GiB is clamped.
 */
static void mal_c3_ring(struct kunit *test)
{
	struct mc *good = mc_up(test, 1);
	struct mc *h = mc_up(test, 2);
	struct hvhost_ring *in = hvhost_channel_in(h->dev);
	struct hvhost_echo_stats st0, st;
	struct vmbus_pkt_desc d = { .type = VM_PKT_DATA_INBAND, .offset8 = 2,
				    .len8 = 4 };
	u64 trailer = 0;
	u32 r0, resyncs0, i;

	mc_echo(h, 2);
	hvhost_echo_stats(h->dev, &st0);
	resyncs0 = in->resyncs;
	r0 = READ_ONCE(h->ch->out.hdr->read_index);
	/* Unaligned and out-of-range write indexes. */
	mc_ring_kick(h, r0 + 4);
	mc_ring_kick(h, h->ch->out.size);
	mc_ring_kick(h, U32_MAX - 7);
	KUNIT_EXPECT_EQ(test, in->resyncs - resyncs0, 3);
	/* The same insane index again is not counted again. */
	mc_ring_kick(h, U32_MAX - 7);
	KUNIT_EXPECT_EQ(test, in->resyncs - resyncs0, 3);
	mc_ring_resync(h);

	/* Bad descriptors, each published with its trailer. */
#define BADPKT(field, val) do {						\
		struct vmbus_pkt_desc x = d;				\
		u32 r = READ_ONCE(h->ch->out.hdr->read_index);		\
		x.field = val;						\
		mc_ring_put(h, r, &x, sizeof(x));			\
		mc_ring_put(h, r + 32, &trailer, 8);			\
		mc_ring_kick(h, r + 40);				\
		mc_ring_resync(h);					\
	} while (0)
	BADPKT(len8, 0);
	BADPKT(len8, 1);
	BADPKT(offset8, 1);
	BADPKT(offset8, 5);
	BADPKT(len8, U16_MAX);
	BADPKT(len8, 5);
#undef BADPKT
	KUNIT_EXPECT_EQ(test, in->resyncs - resyncs0, 3 + 6);
	hvhost_echo_stats(h->dev, &st);
	KUNIT_EXPECT_EQ(test, st.echoed, st0.echoed);
	mc_echo(h, 3);
	mc_echo(good, 3);

	/* Unknown types and a packet over the echo's size: dropped. */
	hvhost_echo_stats(h->dev, &st0);
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch, 0x99, 0, 1, h->buf, 8),
			0);
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch, VM_PKT_COMP, 0, 1,
					       h->buf, 8), 0);
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch,
					       VM_PKT_DATA_USING_GPA_DIRECT, 0,
					       1, h->buf, 8), 0);
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch, VM_PKT_DATA_INBAND, 0, 1,
					       h->buf, 8000), 0);
	hvhost_echo_flush(h->dev);
	hvhost_echo_stats(h->dev, &st);
	KUNIT_EXPECT_EQ(test, st.dropped - st0.dropped, 4);
	KUNIT_EXPECT_EQ(test, st.echoed, st0.echoed);
	mc_echo(h, 2);

	/* pending_send_sz of 4 GiB: clamped, the ring still turns over. */
	WRITE_ONCE(h->ch->out.hdr->pending_send_sz, U32_MAX);
	mc_echo(h, 20);
	WRITE_ONCE(h->ch->out.hdr->pending_send_sz, 0);

	/* A flood: 1000 one-word packets, served in passes of at most 64. */
	hvhost_echo_stats(h->dev, &st0);
	for (i = 0; i < 1000; i++)
		if (tguest_chan_send(h->ch, VM_PKT_DATA_INBAND, 0, i, h->buf,
				     8))
			break;
	hvhost_echo_flush(h->dev);
	hvhost_echo_stats(h->dev, &st);
	KUNIT_EXPECT_GE(test, st.passes - st0.passes,
			DIV_ROUND_UP(st.echoed - st0.echoed, 64));
	KUNIT_EXPECT_GT(test, st.echoed - st0.echoed, 0);
	mc_echo(good, 5);
	KUNIT_EXPECT_EQ(test, good->g->bad_msgs, 0);
}

/*
 * Class 7: quotas hold per partition.  Channels, GPADLs, GPADL pages,
 * queued messages and packets in flight, each shrunk on the hostile
 * partition and pushed past: the exact refusal, the counters unchanged
 * on the good partition, which keeps echoing.  A guest that never reads
 * its inbound ring stops its echo device (counted, bounded passes), and
 * closing that channel finishes at once.
 */
static void mal_c7_quotas(struct kunit *test)
{
	struct mc *good = mc_up(test, 1);
	struct mc *h = mc_up(test, 2);
	struct hvhost_vmbus *vb = mc_vb(h);
	struct hvhost_vmbus_limits l = vb->limits;
	struct hvhost_echo_stats st0, st;
	struct hvhost_channel *extra;
	guid_t inst = GUID_INIT(0x3a1c0099, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9);
	struct vmbus_msg_header ro = { .msgtype = CHANNELMSG_REQUESTOFFERS };
	u64 gpa, pfn;
	struct mc_range r;
	unsigned long t0;
	u32 i, sent;
	u16 status;

	/* Channels: two on this partition, no third. */
	l.max_channels = 2;
	l.max_gpadls = vb->gpadls.nr_gpadls + 2;
	l.max_gpadl_pfns = vb->gpadls.nr_pfns + 3;
	l.max_queued_msgs = 4;
	l.max_inflight_pkts = 2;
	hvhost_vmbus_set_limits(vb, &l);
	extra = hvhost_echo_create(vb, &inst);
	KUNIT_ASSERT_FALSE(test, IS_ERR(extra));
	inst.b[15] = 10;
	KUNIT_EXPECT_EQ(test, PTR_ERR(hvhost_echo_create(vb, &inst)), -ENOSPC);
	tguest_poll(h->g);
	KUNIT_EXPECT_EQ(test, h->g->nr_chans, 2);
	hvhost_vmbus_rescind(extra);
	tguest_poll(h->g);

	/* GPADL pages: 3 more, no 4th; GPADL count: 2 more, no 3rd. */
	gpa = tguest_alloc_pages(h->g, 4);
	KUNIT_ASSERT_NE(test, gpa, 0);
	pfn = gpa >> HV_PAGE_SHIFT;
	r = (struct mc_range){ 2 * HV_PAGE_SIZE, 0, { pfn, pfn + 1 } };
	mc_gpadl_hdr(h, 0x200, h->ch->relid, sizeof(r), 1, &r, sizeof(r));
	mc_expect_created(h, 0x200, 0);
	mc_gpadl_hdr(h, 0x201, h->ch->relid, sizeof(r), 1, &r, sizeof(r));
	mc_expect_created(h, 0x201, MC_FAIL);
	r.byte_count = HV_PAGE_SIZE;
	mc_gpadl_hdr(h, 0x202, h->ch->relid, 16, 1, &r, 16);
	mc_expect_created(h, 0x202, 0);
	mc_gpadl_hdr(h, 0x203, h->ch->relid, 16, 1, &r, 16);
	mc_expect_created(h, 0x203, MC_FAIL);
	KUNIT_EXPECT_EQ(test, vb->gpadls.nr_pfns, l.max_gpadl_pfns);
	KUNIT_EXPECT_EQ(test, tguest_gpadl_teardown(h->ch, 0x202), 0);
	KUNIT_EXPECT_EQ(test, tguest_gpadl_teardown(h->ch, 0x200), 0);
	mc_echo(good, 2);

	/* Queued messages: a guest that never empties its slot. */
	for (i = 0, status = HV_STATUS_SUCCESS; i < 100; i++) {
		status = mc_post(h, &ro, sizeof(ro));
		if (status != HV_STATUS_SUCCESS)
			break;
	}
	KUNIT_EXPECT_EQ(test, status, HV_STATUS_INSUFFICIENT_BUFFERS);
	/* One in the slot, four queued: the fifth post is refused. */
	KUNIT_EXPECT_EQ(test, i, 5);
	KUNIT_EXPECT_EQ(test, vb->q.len, 4);
	mc_echo(good, 2);
	while (tguest_poll(h->g))
		;
	KUNIT_EXPECT_EQ(test, mc_post(h, &ro, sizeof(ro)), HV_STATUS_SUCCESS);
	tguest_poll(h->g);

	/* Packets in flight: the core counter itself. */
	KUNIT_EXPECT_TRUE(test, hvhost_channel_inflight_get(h->dev));
	KUNIT_EXPECT_TRUE(test, hvhost_channel_inflight_get(h->dev));
	KUNIT_EXPECT_FALSE(test, hvhost_channel_inflight_get(h->dev));
	KUNIT_EXPECT_TRUE(test, hvhost_channel_inflight_get(good->dev));
	KUNIT_EXPECT_EQ(test, atomic_read(&vb->inflight_refused), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mc_vb(good)->inflight), 1);
	hvhost_channel_inflight_put(good->dev, 1);
	hvhost_channel_inflight_put(h->dev, 1);
	KUNIT_EXPECT_TRUE(test, hvhost_channel_inflight_get(h->dev));
	hvhost_channel_inflight_put(h->dev, 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&vb->inflight), 0);

	/* A guest that never reads: the echo stops at a full ring. */
	hvhost_echo_stats(h->dev, &st0);
	for (sent = 0; sent < 2000; sent++)
		if (tguest_chan_send(h->ch, VM_PKT_DATA_INBAND, 0, sent, h->buf,
				     600))
			break;
	hvhost_echo_flush(h->dev);
	for (i = 0; i < 50; i++) {
		tguest_signal(h->ch);
		hvhost_echo_flush(h->dev);
	}
	hvhost_echo_stats(h->dev, &st);
	KUNIT_EXPECT_GT(test, st.ring_full - st0.ring_full, 0);
	KUNIT_EXPECT_LT(test, st.echoed - st0.echoed, (u64)sent);
	KUNIT_EXPECT_LE(test, st.passes - st0.passes, 60);
	mc_echo(good, 4);
	/* Teardown with both rings full finishes at once. */
	t0 = jiffies;
	KUNIT_EXPECT_EQ(test, tguest_close(h->ch), 0);
	KUNIT_EXPECT_LT(test, jiffies - t0, (unsigned long)HZ);
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).pinned, 0);
	KUNIT_EXPECT_EQ(test, tguest_unload(h->g), 0);
	KUNIT_EXPECT_EQ(test, vb->gpadls.nr_gpadls, 0);
	mc_echo(good, 4);
	KUNIT_EXPECT_EQ(test, good->g->bad_msgs, 0);
	KUNIT_EXPECT_EQ(test, good->g->post_failures, 0);
}

/*
 * Class 1, state order: RELID_RELEASED on an open channel closes it and
 * takes the relid away (no open, no GPADL on it); UNLOAD with a channel
 * open and a ring teardown waiting closes, unpins and forgets all of it;
 * messages after UNLOAD are dropped until a new contact; then the offer
 * comes back and works.
 */
static void mal_c1_state_order(struct kunit *test)
{
	struct mc *good = mc_up(test, 1);
	struct mc *h = mc_up(test, 2);
	struct hvhost_vmbus *vb = mc_vb(h);
	struct vmbus_msg_relid_released rel = {
		.header.msgtype = CHANNELMSG_RELID_RELEASED,
	};
	struct vmbus_msg_gpadl_teardown td = {
		.header.msgtype = CHANNELMSG_GPADL_TEARDOWN,
	};
	struct vmbus_msg_open_channel o = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL,
		.downstream_ringbuffer_pageoffset = 4,
	};
	struct vmbus_msg_header ro = { .msgtype = CHANNELMSG_REQUESTOFFERS };
	struct hvhost_echo_stats st;
	struct mc_range r;
	u64 gpa, bad0;
	u32 relid = h->ch->relid;

	mc_echo(h, 2);
	/* Released while open: closed; the relid is no longer the guest's. */
	rel.child_relid = relid;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &rel, sizeof(rel)), 0);
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).pinned, 0);
	o.child_relid = relid;
	o.ringbuffer_gpadl = h->ch->gpadl;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &o, sizeof(o)), 1);
	KUNIT_EXPECT_EQ(test, mc_open_res(h)->status, MC_FAIL);
	gpa = tguest_alloc_pages(h->g, 1);
	r = (struct mc_range){ HV_PAGE_SIZE, 0, { gpa >> HV_PAGE_SHIFT } };
	mc_gpadl_hdr(h, 0x300, relid, 16, 1, &r, 16);
	mc_expect_created(h, 0x300, MC_FAIL);
	bad0 = vb->bad_msgs;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &rel, sizeof(rel)), 0);
	KUNIT_EXPECT_EQ(test, vb->bad_msgs, bad0 + 1);
	hvhost_echo_stats(h->dev, &st);
	KUNIT_EXPECT_EQ(test, st.opens, 1);
	mc_echo(good, 2);

	/* Reconnect: the offer is back; open, then UNLOAD mid-teardown. */
	KUNIT_EXPECT_EQ(test, tguest_unload(h->g), 0);
	mc_connect(h);
	mc_open(h);
	mc_echo(h, 3);
	td.child_relid = h->ch->relid;
	td.gpadl = h->ch->gpadl;
	KUNIT_EXPECT_EQ(test, mc_ask(h, &td, sizeof(td)), 0);
	KUNIT_EXPECT_EQ(test, tguest_unload(h->g), 0);
	KUNIT_EXPECT_EQ(test, vb->state, HVHOST_CONN_DISCONNECTED);
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).pinned, 0);
	KUNIT_EXPECT_EQ(test, vb->gpadls.nr_gpadls, 0);
	KUNIT_EXPECT_EQ(test, vb->gpadls.nr_pfns, 0);
	/* After UNLOAD nothing but contact is heard. */
	bad0 = vb->bad_msgs;
	KUNIT_EXPECT_EQ(test, tguest_post_raw(h->g, 4, &ro, sizeof(ro)),
			HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, tguest_post_raw(h->g, 4, &td, sizeof(td)),
			HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, tguest_poll(h->g), 0);
	KUNIT_EXPECT_EQ(test, vb->bad_msgs, bad0 + 2);
	mc_connect(h);
	mc_open(h);
	mc_echo(h, 3);
	mc_echo(good, 3);
	KUNIT_EXPECT_EQ(test, good->g->bad_msgs, 0);
}

static struct kunit_case mc_cases[] = {
	KUNIT_CASE(mal_c1_contact),
	KUNIT_CASE(mal_c1_channel_msgs),
	KUNIT_CASE(mal_c1_state_order),
	KUNIT_CASE(mal_c2_gpadl),
	KUNIT_CASE(mal_c3_ring),
	KUNIT_CASE(mal_c7_quotas),
	{}
};

static struct kunit_suite mc_suite = {
	.name = "hvhost_malicious",
	.test_cases = mc_cases,
};

kunit_test_suite(mc_suite);
