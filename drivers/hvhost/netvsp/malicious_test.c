// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: a malicious guest against the synthetic NIC, checklist classes 4,
 * 5, 6, 7 (in-flight quota) and 9 of shared/guest-input-checklist.md.
 *
 * Each test brings up two partitions with one NIC each: a hostile guest,
 * which sends the adversarial sequence, and a well-behaved guest, which
 * must keep getting frames through both ways during and after it.  Every
 * hostile request is checked for its exact answer: the completion's
 * status and transaction id, the RNDIS reply, the counters.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/etherdevice.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "test/tguest.h"
#include "test/tpart.h"
#include "vmbus/connection.h"
#include "vmbus/vmbus.h"
#include "chan.h"
#include "gpa.h"
#include "nvsp.h"
#include "rndis.h"
#include "rndis_pkt.h"

#define MN_MEM		SZ_16M
#define MN_RING		SZ_64K
#define MN_SECTIONS	8
#define MN_SEND_PAGES	(MN_SECTIONS * HVNET_NVSP_SEND_SECTION / HV_PAGE_SIZE)
#define MN_RECV_PAGES	16
#define MN_HELD_MAX	64
#define MN_POISON	0xa5

static const u8 mn_mac[ETH_ALEN] = { 0x00, 0x15, 0x5d, 0x11, 0x22, 0x33 };

/**
 * struct mn - one partition with one NIC and its guest driver
 * @test: the test.
 * @tp: the partition.
 * @g: the guest.
 * @dev: the host's NIC channel.
 * @ch: the guest's view of it.
 * @recv_gpa: receive buffer.
 * @send_gpa: send buffer.
 * @recv_gpadl: its GPADL.
 * @send_gpadl: its GPADL.
 * @tid: last request transaction id.
 * @req_id: last RNDIS request id.
 * @autocomplete: complete receive slots at once.
 * @nr_comps: completions read since the last mn_clear().
 * @comp_tid: the last completion's transaction id.
 * @comp_len: its payload length.
 * @comp: its payload.
 * @xfers: transfer-page packets read.
 * @xfer_off: the last one's slot offset.
 * @rndis_len: its byte count.
 * @rndis: its slot contents.
 * @held: slots not yet completed.
 * @nr_held: entries in @held.
 * @poison: the byte guest memory was filled with, 0 if not.
 * @poison_hits: bytes the host announced (packets, slot contents) still
 *	holding @poison: memory the host said it wrote but did not.
 * @pad_dirty: completions with a non-zero byte past their fields.
 * @pkt: packet buffer.
 * @sec: a send section's worth of scratch.
 */
struct mn {
	struct kunit *test;
	struct tpart *tp;
	struct tguest *g;
	struct hvhost_channel *dev;
	struct tguest_chan *ch;
	u64 recv_gpa;
	u64 send_gpa;
	u32 recv_gpadl;
	u32 send_gpadl;
	u64 tid;
	u32 req_id;
	bool autocomplete;
	u32 nr_comps;
	u64 comp_tid;
	u32 comp_len;
	struct nvsp_msg comp;
	u32 xfers;
	u32 xfer_off;
	u32 rndis_len;
	u8 rndis[HVNET_NVSP_RECV_SUB_ALLOC];
	u64 held[MN_HELD_MAX];
	u32 nr_held;
	u8 poison;
	u32 poison_hits;
	u32 pad_dirty;
	u8 *pkt;
	u8 *sec;
};

/* Fill guest memory page by page (guest pages are not contiguous). */
static void mn_poison(struct mn *e, u64 gpa, u32 len)
{
	u32 off;

	for (off = 0; off < len; off += HV_PAGE_SIZE) {
		u8 *p = tpart_ptr(e->tp, gpa + off, HV_PAGE_SIZE);

		KUNIT_ASSERT_NOT_NULL(e->test, p);
		memset(p, MN_POISON, HV_PAGE_SIZE);
	}
}

static struct mn *mn_setup(struct kunit *test, u8 id, u8 poison)
{
	struct hvnet_chan_config cfg = { .mtu = 1500 };
	struct mn *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->pkt = kunit_kzalloc(test, TGUEST_PKT_MAX, GFP_KERNEL);
	e->sec = kunit_kzalloc(test, HVNET_NVSP_SEND_SECTION, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e->pkt);
	KUNIT_ASSERT_NOT_NULL(test, e->sec);
	e->test = test;
	e->autocomplete = true;
	e->poison = poison;
	cfg.instance.b[0] = id;
	ether_addr_copy(cfg.mac, mn_mac);
	e->tp = tpart_create_kunit(test, MN_MEM, 1);
	e->dev = hvnet_chan_create(tpart_vmbus(e->tp), &cfg);
	KUNIT_ASSERT_FALSE(test, IS_ERR(e->dev));
	e->g = tguest_create_kunit(test, e->tp);
	KUNIT_ASSERT_EQ(test, tguest_connect(e->g), VMBUS_VERSION_WIN10_V5_3);
	KUNIT_ASSERT_EQ(test, tguest_request_offers(e->g), 0);
	e->ch = tguest_find_class(e->g, &hvnet_nic_class);
	KUNIT_ASSERT_NOT_NULL(test, e->ch);
	KUNIT_ASSERT_EQ(test, tguest_open(e->ch, MN_RING, MN_RING, NULL), 0);
	e->recv_gpa = tguest_alloc_pages(e->g, MN_RECV_PAGES);
	e->send_gpa = tguest_alloc_pages(e->g, MN_SEND_PAGES);
	KUNIT_ASSERT_NE(test, e->recv_gpa, 0);
	KUNIT_ASSERT_NE(test, e->send_gpa, 0);
	if (poison) {
		/* Everything the host may write to starts as 0xA5. */
		mn_poison(e, e->ch->in.data_gpa, e->ch->in.size);
		mn_poison(e, e->recv_gpa, MN_RECV_PAGES * HV_PAGE_SIZE);
	}
	KUNIT_ASSERT_EQ(test, tguest_gpadl_create(e->ch, e->recv_gpa,
						  MN_RECV_PAGES, &e->recv_gpadl),
			0);
	KUNIT_ASSERT_EQ(test, tguest_gpadl_create(e->ch, e->send_gpa,
						  MN_SEND_PAGES, &e->send_gpadl),
			0);
	return e;
}

static u32 get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u32 mn_count(const u8 *p, u32 len, u8 c)
{
	u32 i, n = 0;

	for (i = 0; i < len; i++)
		n += p[i] == c;
	return n;
}

/* Bytes of a completion's NVSP message that carry fields, by type. */
static u32 mn_comp_fields(u32 type)
{
	switch (type) {
	case NVSP_MSG_INIT_COMPLETE:
		return 4 + sizeof(struct nvsp_init_complete);
	case NVSP_MSG1_SEND_RECV_BUF_COMPLETE:
		return 4 + sizeof(struct nvsp1_recv_buf_complete);
	case NVSP_MSG1_SEND_SEND_BUF_COMPLETE:
		return 4 + sizeof(struct nvsp1_send_buf_complete);
	case NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE:
		return 4 + sizeof(struct nvsp1_rndis_pkt_complete);
	case NVSP_MSG5_SUBCHANNEL:
		return 4 + sizeof(struct nvsp5_subchannel_complete);
	default:
		return NVSP_MSG_SIZE;
	}
}

static void mn_check_comp(struct mn *e, u32 len)
{
	u32 f = mn_comp_fields(e->comp.msg_type);

	if (!e->poison)
		return;
	e->poison_hits += mn_count(e->pkt, len, e->poison);
	if (e->comp_len == NVSP_MSG_SIZE &&
	    memchr_inv((u8 *)&e->comp + f, 0, NVSP_MSG_SIZE - f))
		e->pad_dirty++;
}

static void mn_complete_slot(struct mn *e, u64 tid)
{
	struct { u32 type; u32 status; } m = {
		NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE, NVSP_STAT_SUCCESS,
	};

	KUNIT_EXPECT_EQ(e->test, tguest_chan_send(e->ch, VM_PKT_COMP, 0, tid,
						  &m, sizeof(m)), 0);
}

static void mn_on_xfer(struct mn *e, u32 len)
{
	const struct vmbus_xfer_page_pkt *xp = (const void *)e->pkt;
	struct vmbus_xfer_page_range r;

	KUNIT_ASSERT_EQ(e->test, len, 72);
	KUNIT_ASSERT_EQ(e->test, xp->range_cnt, 1);
	memcpy(&r, e->pkt + sizeof(*xp), sizeof(r));
	KUNIT_ASSERT_LE(e->test, r.byte_count, HVNET_NVSP_RECV_SUB_ALLOC);
	KUNIT_ASSERT_LE(e->test, r.byte_offset + r.byte_count,
			MN_RECV_PAGES * HV_PAGE_SIZE);
	e->xfers++;
	e->xfer_off = r.byte_offset;
	e->rndis_len = r.byte_count;
	KUNIT_EXPECT_EQ(e->test, tpart_read(e->tp, e->recv_gpa + r.byte_offset,
					    e->rndis, r.byte_count), 0);
	if (e->poison)
		e->poison_hits += mn_count(e->pkt, len, e->poison) +
				  mn_count(e->rndis, r.byte_count, e->poison);
	if (e->nr_held < MN_HELD_MAX)
		e->held[e->nr_held++] = xp->desc.trans_id;
}

/* Let the host run; read everything; complete slots if asked to. */
static void mn_poll(struct mn *e)
{
	const struct vmbus_pkt_desc *d = (const void *)e->pkt;
	u32 len, i;

	hvnet_chan_flush(e->dev);
	while (!tguest_chan_recv(e->ch, e->pkt, TGUEST_PKT_MAX, &len)) {
		if (d->type == VM_PKT_COMP) {
			e->nr_comps++;
			e->comp_tid = d->trans_id;
			e->comp_len = len - (d->offset8 << 3);
			memset(&e->comp, 0, sizeof(e->comp));
			memcpy(&e->comp, e->pkt + (d->offset8 << 3),
			       min_t(u32, e->comp_len, sizeof(e->comp)));
			mn_check_comp(e, len);
		} else {
			KUNIT_ASSERT_EQ(e->test, d->type,
					VM_PKT_DATA_USING_XFER_PAGES);
			mn_on_xfer(e, len);
		}
	}
	tguest_chan_recv_done(e->ch);
	if (!e->autocomplete || !e->nr_held)
		return;
	for (i = 0; i < e->nr_held; i++)
		mn_complete_slot(e, e->held[i]);
	e->nr_held = 0;
	hvnet_chan_flush(e->dev);
}

/* Send @len bytes of NVSP message; return the number of completions. */
static u32 mn_send(struct mn *e, u64 tid, const void *m, u32 len)
{
	e->nr_comps = 0;
	KUNIT_EXPECT_EQ(e->test, tguest_chan_send(e->ch, VM_PKT_DATA_INBAND,
						  VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
						  tid, m, len), 0);
	mn_poll(e);
	return e->nr_comps;
}

/* A request that must be completed once with a 40-byte message. */
static struct nvsp_msg *mn_nvsp(struct mn *e, const struct nvsp_msg *m)
{
	KUNIT_EXPECT_EQ(e->test, mn_send(e, ++e->tid, m, sizeof(*m)), 1);
	KUNIT_EXPECT_EQ(e->test, e->comp_tid, e->tid);
	KUNIT_EXPECT_EQ(e->test, e->comp_len, NVSP_MSG_SIZE);
	return &e->comp;
}

/* A message that expects no completion, and gets none. */
static void mn_nvsp_silent(struct mn *e, const struct nvsp_msg *m)
{
	KUNIT_EXPECT_EQ(e->test, mn_send(e, ++e->tid, m, sizeof(*m)), 0);
}

/* SEND_RNDIS_PKT naming a section; the completion's status. */
static u32 mn_rndis_sec(struct mn *e, u32 sec, u32 size, bool control)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };
	struct nvsp_msg *c;

	m.body.rndis_pkt.channel_type = control;
	m.body.rndis_pkt.send_buf_section_index = sec;
	m.body.rndis_pkt.send_buf_section_size = size;
	c = mn_nvsp(e, &m);
	KUNIT_EXPECT_EQ(e->test, c->msg_type, NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
	return c->body.rndis_pkt_complete.status;
}

/* Write @msg into section 1 (control) or 2 (data) and send it. */
static u32 mn_rndis(struct mn *e, const void *msg, u32 len, bool control)
{
	u32 sec = control ? 1 : 2;

	KUNIT_EXPECT_EQ(e->test, tpart_write(e->tp, e->send_gpa + sec *
					     HVNET_NVSP_SEND_SECTION, msg, len),
			0);
	return mn_rndis_sec(e, sec, len, control);
}

static void mn_connect(struct mn *e)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG_INIT };
	struct nvsp_msg *c;

	m.body.init.min_protocol_ver = NVSP_VERSION_2;
	m.body.init.max_protocol_ver = NVSP_VERSION_61;
	c = mn_nvsp(e, &m);
	KUNIT_EXPECT_EQ(e->test, c->body.init_complete.status,
			NVSP_STAT_SUCCESS);
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG2_SEND_NDIS_CONFIG;
	m.body.ndis_config.mtu = 1500 + ETH_HLEN;
	mn_nvsp_silent(e, &m);
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG1_SEND_NDIS_VERSION;
	m.body.ndis_version.major = 6;
	m.body.ndis_version.minor = 30;
	mn_nvsp_silent(e, &m);
}

static u32 mn_set_buf(struct mn *e, u32 type, u32 gpadl, u16 id)
{
	struct nvsp_msg m = { .msg_type = type };

	m.body.send_buf.gpadl_handle = gpadl;
	m.body.send_buf.id = id;
	return mn_nvsp(e, &m)->body.raw[0];
}

static void mn_bufs(struct mn *e)
{
	KUNIT_EXPECT_EQ(e->test, mn_set_buf(e, NVSP_MSG1_SEND_RECV_BUF,
					    e->recv_gpadl, NVSP_RECV_BUF_ID),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(e->test, mn_set_buf(e, NVSP_MSG1_SEND_SEND_BUF,
					    e->send_gpadl,
					    NVSP_SEND_BUF_ID_LINUX),
			NVSP_STAT_SUCCESS);
}

/* QUERY or SET @oid with @val; the reply's status (RNDIS). */
static u32 mn_oid(struct mn *e, u32 type, u32 oid, const void *val,
		  u32 val_len)
{
	struct rndis_oid_request q = {
		.req_id = ++e->req_id, .oid = oid, .info_buflen = val_len,
		.info_buf_offset = val_len ? sizeof(q) : 0,
	};
	struct rndis_msg_hdr h = { type, RNDIS_HDR_SIZE + sizeof(q) + val_len };
	u32 xfers = e->xfers;

	KUNIT_ASSERT_LE(e->test, h.msg_len, HVNET_NVSP_SEND_SECTION);
	memset(e->sec, 0, h.msg_len);
	memcpy(e->sec, &h, sizeof(h));
	memcpy(e->sec + RNDIS_HDR_SIZE, &q, sizeof(q));
	memcpy(e->sec + RNDIS_HDR_SIZE + sizeof(q), val, val_len);
	KUNIT_EXPECT_EQ(e->test, mn_rndis(e, e->sec, h.msg_len, true),
			NVSP_STAT_SUCCESS);
	KUNIT_ASSERT_EQ(e->test, e->xfers, xfers + 1);
	KUNIT_EXPECT_EQ(e->test, get32(e->rndis), type | RNDIS_MSG_COMPLETION);
	KUNIT_EXPECT_EQ(e->test, get32(e->rndis + 4), e->rndis_len);
	KUNIT_EXPECT_EQ(e->test, get32(e->rndis + 8), e->req_id);
	return get32(e->rndis + 12);
}

static void mn_rndis_up(struct mn *e)
{
	struct rndis_init_request ir = { .major_ver = 1, .max_xfer_size = 0x4000 };
	struct rndis_msg_hdr h = { RNDIS_MSG_INIT, RNDIS_HDR_SIZE + sizeof(ir) };
	u32 filter = RNDIS_PACKET_TYPE_DIRECTED | RNDIS_PACKET_TYPE_BROADCAST;
	u8 msg[RNDIS_HDR_SIZE + sizeof(ir)];
	u32 xfers = e->xfers;

	ir.req_id = ++e->req_id;
	memcpy(msg, &h, sizeof(h));
	memcpy(msg + RNDIS_HDR_SIZE, &ir, sizeof(ir));
	KUNIT_EXPECT_EQ(e->test, mn_rndis(e, msg, sizeof(msg), true),
			NVSP_STAT_SUCCESS);
	KUNIT_ASSERT_EQ(e->test, e->xfers, xfers + 1);
	KUNIT_EXPECT_EQ(e->test, get32(e->rndis), RNDIS_MSG_INIT_C);
	KUNIT_EXPECT_EQ(e->test, get32(e->rndis + 12), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(e->test, mn_oid(e, RNDIS_MSG_SET,
					RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
					&filter, sizeof(filter)),
			RNDIS_STATUS_SUCCESS);
}

static struct mn *mn_up(struct kunit *test, u8 id)
{
	struct mn *e = mn_setup(test, id, 0);

	mn_connect(e);
	mn_bufs(e);
	mn_rndis_up(e);
	return e;
}

/* A frame whose bytes never contain MN_POISON. */
static void mn_fill_frame(u8 *f, u32 len, u8 seed)
{
	u32 i;

	eth_broadcast_addr(f);
	ether_addr_copy(f + ETH_ALEN, mn_mac);
	f[12] = 0x08;
	f[13] = 0x00;
	for (i = ETH_HLEN; i < len; i++)
		f[i] = (seed + i * 7) & 0x7f;
}

/* RNDIS_MSG_PACKET: header, @ppi_len bytes of @ppi, then @frame. */
static u32 mn_build_pkt(u8 *buf, const void *ppi, u32 ppi_len,
			const u8 *frame, u32 len)
{
	struct rndis_packet p = {
		.data_offset = sizeof(p) + ppi_len, .data_len = len,
		.per_pkt_info_offset = ppi_len ? sizeof(p) : 0,
		.per_pkt_info_len = ppi_len,
	};
	struct rndis_msg_hdr h = {
		RNDIS_MSG_PACKET,
		ALIGN(RNDIS_HDR_SIZE + sizeof(p) + ppi_len + len, 8),
	};

	memset(buf, 0, h.msg_len);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + RNDIS_HDR_SIZE, &p, sizeof(p));
	memcpy(buf + RNDIS_HDR_SIZE + sizeof(p), ppi, ppi_len);
	memcpy(buf + RNDIS_HDR_SIZE + sizeof(p) + ppi_len, frame, len);
	return h.msg_len;
}

static struct hvnet_chan_stats mn_stats(struct mn *e)
{
	struct hvnet_chan_stats st;

	hvnet_chan_stats(e->dev, &st);
	return st;
}

/*
 * The well-behaved guest: one frame each way, byte for byte, and the
 * counters move by exactly one.
 */
static void mn_good_roundtrip(struct mn *e, u8 seed)
{
	struct kunit *test = e->test;
	struct hvnet_chan_stats st0 = mn_stats(e), st;
	struct hvnet_rx_meta rx = {};
	struct hvnet_pkt_meta meta;
	u8 frame[200], got[200];
	u32 len, xfers = e->xfers;

	mn_fill_frame(frame, sizeof(frame), seed);
	len = mn_build_pkt(e->sec, NULL, 0, frame, sizeof(frame));
	KUNIT_EXPECT_EQ(test, mn_rndis(e, e->sec, len, false),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvnet_chan_last_frame(e->dev, got, sizeof(got),
						    &meta), sizeof(frame));
	KUNIT_EXPECT_EQ(test, memcmp(got, frame, sizeof(frame)), 0);

	frame[20] ^= 0x55;
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, sizeof(frame),
						  &rx), 0);
	mn_poll(e);
	KUNIT_ASSERT_EQ(test, e->xfers, xfers + 1);
	KUNIT_ASSERT_GE(test, e->rndis_len, sizeof(frame));
	KUNIT_EXPECT_EQ(test, memcmp(e->rndis + e->rndis_len - sizeof(frame),
				     frame, sizeof(frame)), 0);
	st = mn_stats(e);
	KUNIT_EXPECT_EQ(test, st.tx_frames, st0.tx_frames + 1);
	KUNIT_EXPECT_EQ(test, st.rx_frames, st0.rx_frames + 1);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, st0.bad_pkts);
	KUNIT_EXPECT_EQ(test, st.rndis_bad, st0.rndis_bad);
}

/* Both guests up, the good one proven to work. */
static void mn_pair(struct kunit *test, struct mn **h, struct mn **g)
{
	*g = mn_up(test, 1);
	*h = mn_up(test, 2);
	mn_good_roundtrip(*g, 1);
}

/* GPA direct: @rlen bytes of ranges, @n claimed; the completion's status. */
static u32 mn_gpa(struct mn *e, const void *ranges, u32 rlen, u32 n,
		  bool control)
{
	struct vmbus_gpa_direct_pkt h = {
		.desc.type = VM_PKT_DATA_USING_GPA_DIRECT,
		.desc.flags = VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
		.desc.offset8 = (sizeof(h) + rlen) >> 3,
		.desc.len8 = (sizeof(h) + rlen + NVSP_MSG_SIZE) >> 3,
		.desc.trans_id = ++e->tid,
		.range_cnt = n,
	};
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };
	struct kvec iov[] = {
		{ .iov_base = &h, .iov_len = sizeof(h) },
		{ .iov_base = (void *)ranges, .iov_len = rlen },
		{ .iov_base = &m, .iov_len = sizeof(m) },
	};
	bool signal = false;

	m.body.rndis_pkt.channel_type = control;
	m.body.rndis_pkt.send_buf_section_index = NVSP_INVALID_SECTION_INDEX;
	KUNIT_EXPECT_EQ(e->test, tguest_ring_write(&e->ch->out, iov,
						   ARRAY_SIZE(iov), &signal), 0);
	if (signal)
		tguest_signal(e->ch);
	e->nr_comps = 0;
	mn_poll(e);
	KUNIT_EXPECT_EQ(e->test, e->nr_comps, 1);
	KUNIT_EXPECT_EQ(e->test, e->comp_tid, e->tid);
	KUNIT_EXPECT_EQ(e->test, e->comp.msg_type,
			NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
	return e->comp.body.rndis_pkt_complete.status;
}

struct mn_range {
	u32 byte_count;
	u32 byte_offset;
	u64 pfn[2];
} __packed;

/* Class 4: page ranges, section indexes and sizes that do not fit. */
static void mal_c4_bad_ranges(struct kunit *test)
{
	struct mn *h, *g;
	u64 gpa, pfn;
	struct mn_range r;
	struct hvnet_chan_stats st0, st;
	u8 frame[100];
	u32 len;

	mn_pair(test, &h, &g);
	gpa = tguest_alloc_pages(h->g, 2);
	KUNIT_ASSERT_NE(test, gpa, 0);
	pfn = gpa >> HV_PAGE_SHIFT;
	mn_fill_frame(frame, sizeof(frame), 3);
	len = mn_build_pkt(h->sec, NULL, 0, frame, sizeof(frame));
	KUNIT_ASSERT_EQ(test, tpart_write(h->tp, gpa + 4000, h->sec, len), 0);
	st0 = mn_stats(h);

	/* The good shape first: two pages, 96 + rest bytes. */
	r = (struct mn_range){ len, 4000, { pfn, pfn + 1 } };
	KUNIT_EXPECT_EQ(test, mn_gpa(h, &r, sizeof(r), 1, false),
			NVSP_STAT_SUCCESS);
	/* No range; more ranges than bytes; zero bytes. */
	KUNIT_EXPECT_EQ(test, mn_gpa(h, &r, sizeof(r), 0, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	KUNIT_EXPECT_EQ(test, mn_gpa(h, &r, sizeof(r), 2, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	KUNIT_EXPECT_EQ(test, mn_gpa(h, &r, sizeof(r), U32_MAX, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	r.byte_count = 0;
	KUNIT_EXPECT_EQ(test, mn_gpa(h, &r, sizeof(r), 1, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	/* Offset outside the first page; byte counts that overflow. */
	r = (struct mn_range){ len, HV_PAGE_SIZE, { pfn, pfn + 1 } };
	KUNIT_EXPECT_EQ(test, mn_gpa(h, &r, sizeof(r), 1, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	r = (struct mn_range){ U32_MAX, 4000, { pfn, pfn + 1 } };
	KUNIT_EXPECT_EQ(test, mn_gpa(h, &r, sizeof(r), 1, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	r = (struct mn_range){ U32_MAX - 4000 + 1, 4000, { pfn, pfn + 1 } };
	KUNIT_EXPECT_EQ(test, mn_gpa(h, &r, sizeof(r), 1, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	/* Pages outside guest memory, and at the top of the address space. */
	r = (struct mn_range){ len, 4000,
			       { tpart_mem_bytes(h->tp) >> HV_PAGE_SHIFT,
				 pfn + 1 } };
	KUNIT_EXPECT_EQ(test, mn_gpa(h, &r, sizeof(r), 1, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	r = (struct mn_range){ len, 4000, { U64_MAX, U64_MAX >> 12 } };
	KUNIT_EXPECT_EQ(test, mn_gpa(h, &r, sizeof(r), 1, false),
			NVSP_STAT_INVALID_RNDIS_PKT);

	/* Send sections: index = count, the top index, sizes 0 and too big. */
	KUNIT_EXPECT_EQ(test, mn_rndis_sec(h, MN_SECTIONS, 100, false),
			NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_rndis_sec(h, U32_MAX - 1, 100, false),
			NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_rndis_sec(h, 0, 0, false), NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_rndis_sec(h, 0, HVNET_NVSP_SEND_SECTION + 1,
					   false), NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_rndis_sec(h, 0, U32_MAX, false),
			NVSP_STAT_FAIL);

	st = mn_stats(h);
	KUNIT_EXPECT_EQ(test, st.tx_frames, st0.tx_frames + 1);
	KUNIT_EXPECT_EQ(test, st.gpa_direct, st0.gpa_direct + 10);
	KUNIT_EXPECT_EQ(test, st.rndis_ok, st0.rndis_ok + 1);
	KUNIT_EXPECT_EQ(test, st.rndis_bad, st0.rndis_bad + 9);
	KUNIT_EXPECT_EQ(test, st.completions, st0.completions + 15);
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).bad_args, 0);
	/* The hostile NIC still works, and so does the other guest. */
	mn_good_roundtrip(h, 7);
	mn_good_roundtrip(g, 2);
}

/*
 * Class 4: transaction ids.  Receive completions that are duplicated,
 * invented, stale or malformed are ignored and counted; requests that
 * reuse one id each get their own completion carrying it; a guest may not
 * send transfer-page packets.
 */
static void mal_c4_dup_trans_id(struct kunit *test)
{
	struct mn *h, *g;
	struct hvnet_rx_meta rx = {};
	struct hvnet_chan_stats st0, st;
	struct nvsp_msg m = { .msg_type = NVSP_MSG5_SUBCHANNEL };
	struct { u32 type; u32 status; } bad = { NVSP_MSG1_SEND_RNDIS_PKT, 1 };
	struct vmbus_xfer_page_pkt xp = {
		.desc.type = VM_PKT_DATA_USING_XFER_PAGES,
		.desc.flags = VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
		.desc.offset8 = 4, .desc.len8 = 9, .desc.trans_id = 5,
		.xfer_pageset_id = NVSP_RECV_BUF_ID, .range_cnt = 1,
	};
	u8 xbuf[72] = {};
	u8 frame[64];
	u64 t0, t1;
	int i;

	mn_pair(test, &h, &g);
	h->autocomplete = false;
	mn_fill_frame(frame, sizeof(frame), 4);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(h->dev, frame,
							  sizeof(frame), &rx),
				0);
	mn_poll(h);
	KUNIT_ASSERT_EQ(test, h->nr_held, 2);
	t0 = h->held[0];
	t1 = h->held[1];
	st0 = mn_stats(h);

	/* Twice the same; invented ids; another slot's generation. */
	mn_complete_slot(h, t0);
	mn_complete_slot(h, t0);
	mn_complete_slot(h, 0);
	mn_complete_slot(h, U64_MAX);
	mn_complete_slot(h, t1 + (1ULL << 32));
	mn_complete_slot(h, (t1 & ~0xffffffffULL) | (MN_RECV_PAGES * 3));
	/* The right id with the wrong message, or too short. */
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch, VM_PKT_COMP, 0, t1, &bad,
					       sizeof(bad)), 0);
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch, VM_PKT_COMP, 0, t1, &bad,
					       4), 0);
	/* A transfer-page packet from the guest. */
	memcpy(xbuf, &xp, sizeof(xp));
	h->nr_comps = 0;
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch, VM_PKT_DATA_INBAND, 0, 0,
					       NULL, 0), 0);
	mn_poll(h);
	st = mn_stats(h);
	KUNIT_EXPECT_EQ(test, st.slot_completions, st0.slot_completions + 1);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, st0.bad_pkts + 7);
	/* An inband packet without NVSP header and no completion asked. */
	KUNIT_EXPECT_EQ(test, h->nr_comps, 0);

	/* t1 still names a held slot: completing it works exactly once. */
	mn_complete_slot(h, t1);
	mn_complete_slot(h, t1);
	hvnet_chan_flush(h->dev);
	st = mn_stats(h);
	KUNIT_EXPECT_EQ(test, st.slot_completions, st0.slot_completions + 2);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, st0.bad_pkts + 8);
	KUNIT_EXPECT_EQ(test, atomic_read(&tpart_vmbus(h->tp)->inflight), 0);

	/* Two requests with one id: two completions, both with that id. */
	m.body.subchannel_request.op = NVSP_SUBCHANNEL_ALLOCATE;
	m.body.subchannel_request.num_subchannels = 1;
	h->nr_comps = 0;
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch, VM_PKT_DATA_INBAND,
					       VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
					       42, &m, sizeof(m)), 0);
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch, VM_PKT_DATA_INBAND,
					       VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
					       42, &m, sizeof(m)), 0);
	mn_poll(h);
	KUNIT_EXPECT_EQ(test, h->nr_comps, 2);
	KUNIT_EXPECT_EQ(test, h->comp_tid, 42);
	KUNIT_EXPECT_EQ(test, h->comp.body.subchannel_complete.status,
			NVSP_STAT_SUCCESS);

	/* Transfer pages from the guest: refused, no completion. */
	h->nr_comps = 0;
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch,
					       VM_PKT_DATA_USING_XFER_PAGES,
					       VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
					       5, xbuf + 16, sizeof(xbuf) - 16),
			0);
	mn_poll(h);
	KUNIT_EXPECT_EQ(test, h->nr_comps, 0);
	st = mn_stats(h);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, st0.bad_pkts + 9);
	mn_good_roundtrip(g, 3);
	h->nr_held = 0;
	h->autocomplete = true;
	mn_good_roundtrip(h, 9);
}

static void mn_set_inflight(struct mn *e, u32 max)
{
	struct hvhost_vmbus *vb = tpart_vmbus(e->tp);
	struct hvhost_vmbus_limits l = vb->limits;

	l.max_inflight_pkts = max;
	hvhost_vmbus_set_limits(vb, &l);
}

/*
 * Class 7: the per-partition in-flight quota.  A guest that never
 * completes its receive slots reaches it: the host stops giving it frames
 * (-ENOSPC), and its own requests get NVSP_STAT_BUSY with their ids.  The
 * other guest is not charged and keeps going; one completion lets the
 * hostile guest send again; closing the channel releases every charge.
 */
static void mal_c7_inflight_quota(struct kunit *test)
{
	struct mn *h, *g;
	struct hvhost_vmbus *hvb, *gvb;
	struct hvnet_rx_meta rx = {};
	struct hvnet_chan_stats st0, st;
	u8 frame[64];
	u32 len, i;

	mn_pair(test, &h, &g);
	hvb = tpart_vmbus(h->tp);
	gvb = tpart_vmbus(g->tp);
	KUNIT_EXPECT_EQ(test, gvb->limits.max_inflight_pkts,
			HVHOST_VMBUS_MAX_INFLIGHT);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight), 0);
	mn_set_inflight(h, 3);
	h->autocomplete = false;
	st0 = mn_stats(h);
	mn_fill_frame(frame, sizeof(frame), 5);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(h->dev, frame,
							  sizeof(frame), &rx),
				0);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight), 3);
	/* 16 pages hold 37 slots: the quota, not the buffer, stops it. */
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(h->dev, frame, sizeof(frame),
						  &rx), -ENOSPC);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight_refused), 1);
	mn_poll(h);
	KUNIT_EXPECT_EQ(test, h->nr_held, 3);

	/* Its requests: data and control, each BUSY with its own id. */
	len = mn_build_pkt(h->sec, NULL, 0, frame, sizeof(frame));
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, len, false), NVSP_STAT_BUSY);
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, len, true), NVSP_STAT_BUSY);
	st = mn_stats(h);
	KUNIT_EXPECT_EQ(test, st.tx_frames, st0.tx_frames);
	KUNIT_EXPECT_EQ(test, st.rx_frames, st0.rx_frames + 3);
	KUNIT_EXPECT_EQ(test, st.rx_no_slot, st0.rx_no_slot + 1);
	KUNIT_EXPECT_EQ(test, st.rndis_ok + st.rndis_bad,
			st0.rndis_ok + st0.rndis_bad);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight_refused), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight), 3);

	/* The other guest: full service, nothing charged to it lingers. */
	for (i = 0; i < 5; i++)
		mn_good_roundtrip(g, 10 + i);
	KUNIT_EXPECT_EQ(test, atomic_read(&gvb->inflight), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&gvb->inflight_refused), 0);

	/* One completion: one request goes through again. */
	mn_complete_slot(h, h->held[0]);
	hvnet_chan_flush(h->dev);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight), 2);
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, len, false),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, mn_stats(h).tx_frames, st0.tx_frames + 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight), 2);

	/* Close with two slots held: every charge goes with the channel. */
	KUNIT_ASSERT_EQ(test, tguest_close(h->ch), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight), 0);
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).pinned, 0);
	mn_good_roundtrip(g, 20);
}

/*
 * Class 5: NVSP out of order and with bad fields, each with its exact
 * answer: requests before INIT, a second INIT, version ranges that miss,
 * buffers with wrong ids, unknown or reused GPADLs, NDIS config and
 * version out of range.
 */
static void mal_c5_nvsp_order(struct kunit *test)
{
	struct mn *g = mn_up(test, 1);
	struct mn *h = mn_setup(test, 2, 0);
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };
	struct nvsp_msg *c;
	struct hvnet_chan_stats st;

	/* Before INIT: packets, buffers, subchannels, data path. */
	m.body.rndis_pkt.send_buf_section_index = 0;
	m.body.rndis_pkt.send_buf_section_size = 64;
	c = mn_nvsp(h, &m);
	KUNIT_EXPECT_EQ(test, c->msg_type, NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
	KUNIT_EXPECT_EQ(test, c->body.rndis_pkt_complete.status, NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_RECV_BUF,
					 h->recv_gpadl, NVSP_RECV_BUF_ID),
			NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, h->comp.msg_type, NVSP_MSG1_SEND_RECV_BUF_COMPLETE);
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG4_SWITCH_DATA_PATH;
	KUNIT_EXPECT_EQ(test, mn_send(h, ++h->tid, &m, sizeof(m)), 1);
	KUNIT_EXPECT_EQ(test, h->comp_len, 0);
	m.msg_type = NVSP_MSG2_SEND_NDIS_CONFIG;
	m.body.ndis_config.mtu = 1514;
	mn_nvsp_silent(h, &m);

	/* INIT with ranges that miss every version, then one that works. */
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG_INIT;
	m.body.init.min_protocol_ver = NVSP_VERSION_61 + 1;
	m.body.init.max_protocol_ver = U32_MAX;
	c = mn_nvsp(h, &m);
	KUNIT_EXPECT_EQ(test, c->msg_type, NVSP_MSG_INIT_COMPLETE);
	KUNIT_EXPECT_EQ(test, c->body.init_complete.status, NVSP_STAT_FAIL);
	m.body.init.min_protocol_ver = NVSP_VERSION_5;
	m.body.init.max_protocol_ver = NVSP_VERSION_4;
	KUNIT_EXPECT_EQ(test, mn_nvsp(h, &m)->body.init_complete.status,
			NVSP_STAT_FAIL);
	m.body.init.min_protocol_ver = NVSP_VERSION_4 + 1;
	m.body.init.max_protocol_ver = NVSP_VERSION_5;
	c = mn_nvsp(h, &m);
	KUNIT_EXPECT_EQ(test, c->body.init_complete.status, NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->body.init_complete.negotiated_protocol_ver,
			NVSP_VERSION_5);
	/* A second INIT fails and changes nothing. */
	m.body.init.min_protocol_ver = NVSP_VERSION_1;
	m.body.init.max_protocol_ver = NVSP_VERSION_61;
	c = mn_nvsp(h, &m);
	KUNIT_EXPECT_EQ(test, c->body.init_complete.status, NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, c->body.init_complete.negotiated_protocol_ver, 0);

	/* NDIS config MTU below and above range; NDIS version 5. */
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG2_SEND_NDIS_CONFIG;
	m.body.ndis_config.mtu = HVNET_NVSP_MTU_MIN - 1;
	mn_nvsp_silent(h, &m);
	m.body.ndis_config.mtu = HVNET_NVSP_MTU_MAX + 1;
	mn_nvsp_silent(h, &m);
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG1_SEND_NDIS_VERSION;
	m.body.ndis_version.major = 5;
	mn_nvsp_silent(h, &m);

	/* Buffers: wrong ids, GPADL 0, an unknown GPADL, the ring's GPADL. */
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_RECV_BUF,
					 h->recv_gpadl, 0xbeef), NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_SEND_BUF,
					 h->send_gpadl, 0xcafe), NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_RECV_BUF, 0,
					 NVSP_RECV_BUF_ID), NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_RECV_BUF, 0x7777,
					 NVSP_RECV_BUF_ID), NVSP_STAT_FAIL);
	mn_good_roundtrip(g, 4);
	/* Right, then the same again: the second is refused. */
	mn_bufs(h);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_RECV_BUF,
					 h->recv_gpadl, NVSP_RECV_BUF_ID),
			NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_SEND_BUF,
					 h->send_gpadl, NVSP_SEND_BUF_ID_LINUX),
			NVSP_STAT_FAIL);
	/* The guest can still bring the NIC up: no state was corrupted. */
	mn_rndis_up(h);
	mn_good_roundtrip(h, 5);
	st = mn_stats(h);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, 0);
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).pinned,
			2 * MN_RING / HV_PAGE_SIZE + MN_RECV_PAGES +
			MN_SEND_PAGES);
	mn_good_roundtrip(g, 6);
}

/*
 * Class 5: every handled NVSP type cut short by one byte (and to the bare
 * header) gets the failure answer its type calls for; unknown types and
 * host-only types get an empty completion.
 */
static void mal_c5_nvsp_sizes(struct kunit *test)
{
	static const struct { u32 type; u32 body; u32 comp; } t[] = {
		{ NVSP_MSG_INIT, 8, NVSP_MSG_INIT_COMPLETE },
		{ NVSP_MSG1_SEND_RECV_BUF, 6, NVSP_MSG1_SEND_RECV_BUF_COMPLETE },
		{ NVSP_MSG1_SEND_SEND_BUF, 6, NVSP_MSG1_SEND_SEND_BUF_COMPLETE },
		{ NVSP_MSG1_SEND_RNDIS_PKT, 12,
		  NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE },
		{ NVSP_MSG5_SUBCHANNEL, 8, NVSP_MSG5_SUBCHANNEL },
	};
	static const u32 silent[] = {
		NVSP_MSG1_SEND_NDIS_VERSION, NVSP_MSG2_SEND_NDIS_CONFIG,
		NVSP_MSG1_REVOKE_RECV_BUF, NVSP_MSG1_REVOKE_SEND_BUF,
	};
	static const u32 unknown[] = {
		0, NVSP_MSG_INIT_COMPLETE, NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE,
		NVSP_MSG2_ALLOC_RXBUF, NVSP_MSG2_FREE_RXBUF,
		NVSP_MSG4_SEND_VF_ASSOCIATION, NVSP_MSG4_UPLINK_CONNECT_STATE,
		NVSP_MSG5_OID_QUERY_EX, NVSP_MSG5_SEND_INDIRECTION_TABLE,
		NVSP_MSG6_PD_API, NVSP_MSG6_PD_POST_BATCH, 0x7fffffff,
		U32_MAX,
	};
	struct mn *h, *g;
	struct nvsp_msg m = {};
	struct hvnet_chan_stats st0, st;
	u32 i, cut;

	mn_pair(test, &h, &g);
	st0 = mn_stats(h);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		for (cut = 0; cut < 2; cut++) {
			u32 len = cut ? NVSP_MSG_HDR_SIZE :
				  NVSP_MSG_HDR_SIZE + t[i].body - 1;

			memset(&m, 0x5a, sizeof(m));
			m.msg_type = t[i].type;
			KUNIT_EXPECT_EQ(test, mn_send(h, ++h->tid, &m, len), 1);
			KUNIT_EXPECT_EQ(test, h->comp_tid, h->tid);
			KUNIT_EXPECT_EQ(test, h->comp_len, NVSP_MSG_SIZE);
			KUNIT_EXPECT_EQ(test, h->comp.msg_type, t[i].comp);
			KUNIT_EXPECT_EQ(test, h->comp.body.raw[0],
					t[i].type == NVSP_MSG_INIT ? 0 :
					NVSP_STAT_FAIL);
			if (t[i].type == NVSP_MSG_INIT)
				KUNIT_EXPECT_EQ(test,
						h->comp.body.init_complete.status,
						NVSP_STAT_FAIL);
		}
	}
	for (i = 0; i < ARRAY_SIZE(silent); i++) {
		memset(&m, 0x5a, sizeof(m));
		m.msg_type = silent[i];
		KUNIT_EXPECT_EQ(test, mn_send(h, ++h->tid, &m,
					      NVSP_MSG_HDR_SIZE + 1), 0);
	}
	/* The data path switch: too short still gets its empty completion. */
	m.msg_type = NVSP_MSG4_SWITCH_DATA_PATH;
	KUNIT_EXPECT_EQ(test, mn_send(h, ++h->tid, &m, NVSP_MSG_HDR_SIZE), 1);
	KUNIT_EXPECT_EQ(test, h->comp_len, 0);
	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		memset(&m, 0, sizeof(m));
		m.msg_type = unknown[i];
		KUNIT_EXPECT_EQ(test, mn_send(h, ++h->tid, &m, sizeof(m)), 1);
		KUNIT_EXPECT_EQ(test, h->comp_tid, h->tid);
		KUNIT_EXPECT_EQ(test, h->comp_len, 0);
	}
	/* Shorter than a header; the largest inband packet the host takes. */
	KUNIT_EXPECT_EQ(test, mn_send(h, ++h->tid, &m, 3), 1);
	KUNIT_EXPECT_EQ(test, h->comp_len, 0);
	memset(h->pkt, 0, 2000);
	KUNIT_EXPECT_EQ(test, mn_send(h, ++h->tid, h->pkt, 2000), 1);
	KUNIT_EXPECT_EQ(test, h->comp_len, 0);
	st = mn_stats(h);
	KUNIT_EXPECT_EQ(test, st.nvsp_msgs - st0.nvsp_msgs,
			2 * ARRAY_SIZE(t) + ARRAY_SIZE(silent) + 1 +
			ARRAY_SIZE(unknown) + 2);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, st0.bad_pkts);
	mn_good_roundtrip(h, 11);
	mn_good_roundtrip(g, 12);
}

/*
 * Class 5: buffers revoked while in use, subchannel counts and VF
 * messages.  A revoked send buffer takes no section; a revoked receive
 * buffer takes the guest's slots (and their quota charges) with it and
 * can be given again; subchannels are granted min(asked, host queues - 1)
 * up to 64; the data path stays synthetic.
 */
static void mal_c5_revoke_subchannel_vf(struct kunit *test)
{
	struct mn *h, *g;
	struct hvhost_vmbus *hvb;
	struct hvnet_rx_meta rx = {};
	struct vmbus_msg_gpadl_teardown td = {
		.header.msgtype = CHANNELMSG_GPADL_TEARDOWN,
	};
	struct nvsp_msg m = {};
	struct nvsp_msg *c;
	u64 pinned;
	u8 frame[64];

	mn_pair(test, &h, &g);
	hvb = tpart_vmbus(h->tp);
	mn_fill_frame(frame, sizeof(frame), 6);

	/* Revoke the send buffer with a wrong id, then right, then twice. */
	m.msg_type = NVSP_MSG1_REVOKE_SEND_BUF;
	m.body.revoke_buf.id = 0xface;
	mn_nvsp_silent(h, &m);
	KUNIT_EXPECT_EQ(test, mn_rndis_sec(h, 2, 64, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	m.body.revoke_buf.id = NVSP_SEND_BUF_ID_LINUX;
	mn_nvsp_silent(h, &m);
	mn_nvsp_silent(h, &m);
	KUNIT_EXPECT_EQ(test, mn_rndis_sec(h, 2, 64, false), NVSP_STAT_FAIL);
	/* Its GPADL is free to tear down now, and is gone. */
	KUNIT_EXPECT_EQ(test, tguest_gpadl_teardown(h->ch, h->send_gpadl), 0);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_SEND_BUF,
					 h->send_gpadl, NVSP_SEND_BUF_ID_LINUX),
			NVSP_STAT_FAIL);

	/*
	 * Tear the receive buffer's GPADL down while NVSP uses it: the
	 * answer waits, frames still arrive, pages stay pinned.
	 */
	td.child_relid = h->ch->relid;
	td.gpadl = h->recv_gpadl;
	h->g->gpadl_torndown = false;
	KUNIT_EXPECT_EQ(test, tguest_post(h->g, &td, sizeof(td)),
			HV_STATUS_SUCCESS);
	tguest_poll(h->g);
	KUNIT_EXPECT_FALSE(test, h->g->gpadl_torndown);
	pinned = tpart_stats(h->tp).pinned;
	KUNIT_EXPECT_GE(test, pinned, MN_RECV_PAGES);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(h->dev, frame, sizeof(frame),
						  &rx), 0);
	mn_poll(h);
	KUNIT_EXPECT_EQ(test, memcmp(h->rndis + h->rndis_len - sizeof(frame),
				     frame, sizeof(frame)), 0);

	/* Revoke the receive buffer while the guest holds two slots. */
	h->autocomplete = false;
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(h->dev, frame, sizeof(frame),
						  &rx), 0);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(h->dev, frame, sizeof(frame),
						  &rx), 0);
	mn_poll(h);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight), 2);
	m.msg_type = NVSP_MSG1_REVOKE_RECV_BUF;
	m.body.revoke_buf.id = NVSP_RECV_BUF_ID;
	mn_nvsp_silent(h, &m);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight), 0);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(h->dev, frame, sizeof(frame),
						  &rx), -ENETDOWN);
	/* The unmap answered the waiting teardown and unpinned the pages. */
	tguest_poll(h->g);
	KUNIT_EXPECT_TRUE(test, h->g->gpadl_torndown);
	KUNIT_EXPECT_EQ(test, h->g->torndown_gpadl, h->recv_gpadl);
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).pinned,
			pinned - MN_RECV_PAGES);
	/* Completions for the dead slots are ignored. */
	mn_complete_slot(h, h->held[0]);
	hvnet_chan_flush(h->dev);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight), 0);
	/* The torn-down GPADL cannot come back; a new one can. */
	h->nr_held = 0;
	h->autocomplete = true;
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_RECV_BUF,
					 h->recv_gpadl, NVSP_RECV_BUF_ID),
			NVSP_STAT_FAIL);
	KUNIT_ASSERT_EQ(test, tguest_gpadl_create(h->ch, h->recv_gpa,
						  MN_RECV_PAGES, &h->recv_gpadl),
			0);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_RECV_BUF,
					 h->recv_gpadl, NVSP_RECV_BUF_ID),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(h->dev, frame, sizeof(frame),
						  &rx), 0);
	mn_poll(h);
	KUNIT_EXPECT_EQ(test, atomic_read(&hvb->inflight), 0);

	/* Subchannels: 65 and a wrong op fail; 64 and 1 get 0 (one queue). */
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG5_SUBCHANNEL;
	m.body.subchannel_request.op = NVSP_SUBCHANNEL_ALLOCATE;
	m.body.subchannel_request.num_subchannels = NVSP_SUBCHANNELS_MAX + 1;
	c = mn_nvsp(h, &m);
	KUNIT_EXPECT_EQ(test, c->msg_type, NVSP_MSG5_SUBCHANNEL);
	KUNIT_EXPECT_EQ(test, c->body.subchannel_complete.status,
			NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, c->body.subchannel_complete.num_subchannels, 0);
	m.body.subchannel_request.num_subchannels = U32_MAX;
	KUNIT_EXPECT_EQ(test, mn_nvsp(h, &m)->body.subchannel_complete.status,
			NVSP_STAT_FAIL);
	m.body.subchannel_request.op = NVSP_SUBCHANNEL_NONE;
	m.body.subchannel_request.num_subchannels = 1;
	KUNIT_EXPECT_EQ(test, mn_nvsp(h, &m)->body.subchannel_complete.status,
			NVSP_STAT_FAIL);
	m.body.subchannel_request.op = NVSP_SUBCHANNEL_ALLOCATE;
	m.body.subchannel_request.num_subchannels = NVSP_SUBCHANNELS_MAX;
	c = mn_nvsp(h, &m);
	KUNIT_EXPECT_EQ(test, c->body.subchannel_complete.status,
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->body.subchannel_complete.num_subchannels, 0);

	/* VF: switching to a VF that was never offered, and garbage. */
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG4_SWITCH_DATA_PATH;
	m.body.switch_data_path.active_datapath = NVSP_DATAPATH_VF;
	KUNIT_EXPECT_EQ(test, mn_send(h, ++h->tid, &m, sizeof(m)), 1);
	KUNIT_EXPECT_EQ(test, h->comp_len, 0);
	m.body.switch_data_path.active_datapath = 7;
	KUNIT_EXPECT_EQ(test, mn_send(h, ++h->tid, &m, sizeof(m)), 1);
	KUNIT_EXPECT_EQ(test, h->comp_len, 0);
	m.msg_type = NVSP_MSG4_SEND_VF_ASSOCIATION;
	m.body.vf_association.allocated = 1;
	KUNIT_EXPECT_EQ(test, mn_send(h, ++h->tid, &m, sizeof(m)), 1);
	KUNIT_EXPECT_EQ(test, h->comp_len, 0);
	/* Frames still travel the synthetic path. */
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(h->dev, frame, sizeof(frame),
						  &rx), 0);
	mn_poll(h);
	mn_good_roundtrip(g, 13);
}

/* RNDIS messages of every bad length in a control section. */
static void mn_bad_control(struct mn *h, u32 msg_len, u32 sec_len,
			   u32 type)
{
	struct rndis_msg_hdr hd = { type, msg_len };
	u32 xfers = h->xfers;

	memset(h->sec, 0, sec_len);
	memcpy(h->sec, &hd, min_t(u32, sec_len, sizeof(hd)));
	KUNIT_EXPECT_EQ(h->test, mn_rndis(h, h->sec, sec_len, true),
			NVSP_STAT_INVALID_RNDIS_PKT);
	KUNIT_EXPECT_EQ(h->test, h->xfers, xfers);
}

/*
 * Class 6: RNDIS lengths.  Control messages with lengths of 0, 4, 7,
 * beyond the section, without a request id, of unknown types; requests
 * with short bodies and information buffers outside the message; data
 * sections with messages that do not consume them, and concatenated
 * floods above the per-message packet cap.
 */
static void mal_c6_rndis_lengths(struct kunit *test)
{
	struct mn *h, *g;
	struct rndis_oid_request q = { .req_id = 77,
				       .oid = RNDIS_OID_GEN_LINK_SPEED };
	struct rndis_msg_hdr hd = { RNDIS_MSG_QUERY, RNDIS_HDR_SIZE + sizeof(q) };
	struct hvnet_chan_stats st0, st;
	u8 frame[60];
	u32 off, one, i;

	mn_pair(test, &h, &g);
	st0 = mn_stats(h);
	mn_bad_control(h, 0, 8, RNDIS_MSG_QUERY);
	mn_bad_control(h, 7, 8, RNDIS_MSG_QUERY);
	mn_bad_control(h, 64, 32, RNDIS_MSG_QUERY);
	mn_bad_control(h, U32_MAX, 32, RNDIS_MSG_SET);
	mn_bad_control(h, 8, 8, RNDIS_MSG_KEEPALIVE);
	mn_bad_control(h, 16, 16, RNDIS_MSG_PACKET);
	mn_bad_control(h, 16, 16, RNDIS_MSG_QUERY_C);
	mn_bad_control(h, 16, 16, 0xdeadbeef);
	/* A section shorter than a header. */
	memset(h->sec, 0, 8);
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, 4, true),
			NVSP_STAT_INVALID_RNDIS_PKT);

	/* Short request bodies: INIT_C / QUERY_C with INVALID_LENGTH. */
	hd.msg_type = RNDIS_MSG_INIT;
	hd.msg_len = RNDIS_HDR_SIZE + 8;
	memcpy(h->sec, &hd, sizeof(hd));
	memcpy(h->sec + RNDIS_HDR_SIZE, &q, 8);
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, hd.msg_len, true),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, get32(h->rndis), RNDIS_MSG_INIT_C);
	KUNIT_EXPECT_EQ(test, get32(h->rndis + 8), 77);
	KUNIT_EXPECT_EQ(test, get32(h->rndis + 12), RNDIS_STATUS_INVALID_LENGTH);
	hd.msg_type = RNDIS_MSG_QUERY;
	memcpy(h->sec, &hd, sizeof(hd));
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, hd.msg_len, true),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, get32(h->rndis), RNDIS_MSG_QUERY_C);
	KUNIT_EXPECT_EQ(test, get32(h->rndis + 12), RNDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, h->rndis_len, RNDIS_HDR_SIZE +
			sizeof(struct rndis_query_complete));
	/* Information buffers: offset past the message, length past it. */
	q.info_buflen = 4;
	q.info_buf_offset = 200;
	hd.msg_len = RNDIS_HDR_SIZE + sizeof(q) + 4;
	memcpy(h->sec, &hd, sizeof(hd));
	memcpy(h->sec + RNDIS_HDR_SIZE, &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, hd.msg_len, true),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, get32(h->rndis + 12), RNDIS_STATUS_INVALID_LENGTH);
	q.info_buf_offset = sizeof(q);
	q.info_buflen = U32_MAX - 3;
	memcpy(h->sec + RNDIS_HDR_SIZE, &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, hd.msg_len, true),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, get32(h->rndis + 12), RNDIS_STATUS_INVALID_LENGTH);
	q.info_buf_offset = 4;	/* overlaps the request fields */
	q.info_buflen = 4;
	memcpy(h->sec + RNDIS_HDR_SIZE, &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, hd.msg_len, true),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, get32(h->rndis + 12), RNDIS_STATUS_INVALID_LENGTH);

	/* Data: a message longer than the section, and a 4-byte tail. */
	mn_fill_frame(frame, sizeof(frame), 8);
	one = mn_build_pkt(h->sec, NULL, 0, frame, sizeof(frame));
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, one - 8, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	memset(h->sec + one, 0, 4);
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, one + 4, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	/* A header of length 0 inside a run: no endless walk. */
	memset(h->sec + one, 0, 8);
	h->sec[one] = RNDIS_MSG_PACKET;
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, one + 8, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	/* Concatenated: the cap is accepted, one more refused as a whole. */
	for (off = 0, i = 0; i < HVNET_RNDIS_MAX_PKT_PER_MSG + 1; i++)
		off += mn_build_pkt(h->sec + off, NULL, 0, frame, sizeof(frame));
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, off, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	st = mn_stats(h);
	KUNIT_EXPECT_EQ(test, st.tx_frames, st0.tx_frames);
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, off - one, false),
			NVSP_STAT_SUCCESS);
	/* A flood of minimal 8-byte messages in a full section. */
	for (off = 0; off + 8 <= HVNET_NVSP_SEND_SECTION; off += 8) {
		hd.msg_type = RNDIS_MSG_PACKET;
		hd.msg_len = 8;
		memcpy(h->sec + off, &hd, sizeof(hd));
	}
	KUNIT_EXPECT_EQ(test, mn_rndis(h, h->sec, HVNET_NVSP_SEND_SECTION,
				       false), NVSP_STAT_INVALID_RNDIS_PKT);
	st = mn_stats(h);
	KUNIT_EXPECT_EQ(test, st.tx_frames,
			st0.tx_frames + HVNET_RNDIS_MAX_PKT_PER_MSG);
	KUNIT_EXPECT_EQ(test, st.rndis_bad, st0.rndis_bad + 9 + 4 + 1);
	KUNIT_EXPECT_EQ(test, st.replies_dropped, 0);
	mn_good_roundtrip(h, 15);
	mn_good_roundtrip(g, 16);
}

/* One data packet with @ppi; the completion's status. */
static u32 mn_ppi_pkt(struct mn *h, const void *ppi, u32 ppi_len)
{
	u8 frame[128];
	u32 len;

	mn_fill_frame(frame, sizeof(frame), 9);
	len = mn_build_pkt(h->sec, ppi, ppi_len, frame, sizeof(frame));
	return mn_rndis(h, h->sec, len, false);
}

struct mn_ppi {
	u32 size;
	u32 type;
	u32 offset;
	u32 val;
} __packed;

/*
 * Class 6: per-packet info chains and LSO.  Elements of size 0, running
 * past the chain, with offsets outside themselves, one too many,
 * duplicated; LSO with an MSS of 0, 47 and 2^20 - 1, TCP header offsets
 * inside the Ethernet header and past the frame, disagreeing with the
 * checksum info.  Each is refused whole and nothing is forwarded; a good
 * LSO packet then carries its exact MSS.
 */
static void mal_c6_ppi_lso(struct kunit *test)
{
	struct mn *h, *g;
	struct mn_ppi p[HVNET_PKT_PPI_MAX + 1];
	struct hvnet_chan_stats st0, st;
	struct hvnet_pkt_meta meta;
	u8 got[8];
	u32 i, lso;

#define LSO(mss, off)	(NDIS_LSO_TYPE_V2 | FIELD_PREP(NDIS_LSO_MSS, mss) | \
			 FIELD_PREP(NDIS_LSO_TCP_OFF, off))
#define PPI(t, v)	((struct mn_ppi){ 16, t, 12, v })
	mn_pair(test, &h, &g);
	st0 = mn_stats(h);
	p[0] = (struct mn_ppi){ 0, RNDIS_PPI_VLAN, 12, 0 };
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0] = (struct mn_ppi){ 32, RNDIS_PPI_VLAN, 12, 0 };
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0] = (struct mn_ppi){ 16, RNDIS_PPI_VLAN, 16, 0 };
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0] = (struct mn_ppi){ 16, RNDIS_PPI_VLAN, U32_MAX, 0 };
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0] = (struct mn_ppi){ 16, RNDIS_PPI_VLAN, 4, 0 };
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0] = (struct mn_ppi){ 12, RNDIS_PPI_VLAN, 12, 0 };
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 12), NVSP_STAT_INVALID_RNDIS_PKT);
	/* 17 elements (unknown types count too); a duplicate VLAN. */
	for (i = 0; i < ARRAY_SIZE(p); i++)
		p[i] = PPI(RNDIS_PPI_CLASSIFICATION, 0);
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, sizeof(p)),
			NVSP_STAT_INVALID_RNDIS_PKT);
	p[0] = PPI(RNDIS_PPI_VLAN, 5 << 4);
	p[1] = PPI(RNDIS_PPI_VLAN, 6 << 4);
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 32), NVSP_STAT_INVALID_RNDIS_PKT);

	/* LSO. */
	lso = LSO(0, ETH_HLEN + 20);
	p[0] = PPI(RNDIS_PPI_LSO, lso);
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0].val = LSO(HVNET_LSO_MSS_MIN - 1, ETH_HLEN + 20);
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0].val = LSO(0xfffff, ETH_HLEN + 20);
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0].val = LSO(1400, ETH_HLEN);
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0].val = LSO(1400, 0x3ff);
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0].val = LSO(1400, 128 - 19);
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0].val = LSO(1400, ETH_HLEN + 20) | NDIS_LSO_V2_IPV6;
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0].val = (LSO(1400, ETH_HLEN + 20) & ~NDIS_LSO_TYPE_V2) |
		   NDIS_LSO_V2_IPV6;
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	/* Checksum info that puts TCP elsewhere. */
	p[0] = PPI(RNDIS_PPI_CSUM, NDIS_CSUM_TX_IPV4 | NDIS_CSUM_TX_TCP |
		   FIELD_PREP(NDIS_CSUM_TX_TCP_OFF, ETH_HLEN + 24));
	p[1] = PPI(RNDIS_PPI_LSO, LSO(1400, ETH_HLEN + 20));
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 32), NVSP_STAT_INVALID_RNDIS_PKT);
	/* Checksum offsets inside the IP header, reserved bits. */
	p[0].val = NDIS_CSUM_TX_IPV4 | NDIS_CSUM_TX_TCP |
		   FIELD_PREP(NDIS_CSUM_TX_TCP_OFF, ETH_HLEN + 19);
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	p[0].val = NDIS_CSUM_TX_IPV4 | BIT(5);
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 16), NVSP_STAT_INVALID_RNDIS_PKT);
	st = mn_stats(h);
	KUNIT_EXPECT_EQ(test, st.tx_frames, st0.tx_frames);
	KUNIT_EXPECT_EQ(test, st.rndis_bad, st0.rndis_bad + 19);

	/* A good LSO packet: MSS and offset exactly as sent. */
	p[0] = PPI(RNDIS_PPI_CSUM, NDIS_CSUM_TX_IPV4 | NDIS_CSUM_TX_TCP |
		   FIELD_PREP(NDIS_CSUM_TX_TCP_OFF, ETH_HLEN + 20));
	p[1] = PPI(RNDIS_PPI_LSO, LSO(1400, ETH_HLEN + 20));
	KUNIT_EXPECT_EQ(test, mn_ppi_pkt(h, p, 32), NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvnet_chan_last_frame(h->dev, got, sizeof(got),
						    &meta), 128);
	KUNIT_EXPECT_EQ(test, meta.lso_mss, 1400);
	KUNIT_EXPECT_EQ(test, meta.l4_offset, ETH_HLEN + 20);
	KUNIT_EXPECT_EQ(test, meta.flags, HVNET_PKT_CSUM | HVNET_PKT_LSO);
	mn_good_roundtrip(h, 17);
	mn_good_roundtrip(g, 18);
#undef LSO
#undef PPI
}

/*
 * Class 6: every OID on the allow-list, queried and set with information
 * buffers of wrong sizes, plus OIDs that are not on it (the vmswitch CVE's
 * OID_SWITCH_NIC_REQUEST among them).  Each gets its exact status and
 * nothing changes.
 */
static void mal_c6_oid_sizes(struct kunit *test)
{
	static const struct { u32 oid; u32 len; u32 status; } sets[] = {
		{ RNDIS_OID_GEN_CURRENT_PACKET_FILTER, 0,
		  RNDIS_STATUS_INVALID_LENGTH },
		{ RNDIS_OID_GEN_CURRENT_PACKET_FILTER, 3,
		  RNDIS_STATUS_INVALID_LENGTH },
		{ RNDIS_OID_GEN_CURRENT_PACKET_FILTER, 5,
		  RNDIS_STATUS_INVALID_LENGTH },
		{ RNDIS_OID_GEN_CURRENT_PACKET_FILTER, 4,
		  RNDIS_STATUS_NOT_SUPPORTED },	/* value 0xa5a5a5a5 */
		{ RNDIS_OID_802_3_MULTICAST_LIST, 5,
		  RNDIS_STATUS_INVALID_LENGTH },
		{ RNDIS_OID_802_3_MULTICAST_LIST, 33 * ETH_ALEN,
		  RNDIS_STATUS_INVALID_LENGTH },
		{ RNDIS_OID_802_3_MULTICAST_LIST, 6, RNDIS_STATUS_SUCCESS },
		{ RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER, 19,
		  RNDIS_STATUS_INVALID_LENGTH },
		{ RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER, 20,
		  RNDIS_STATUS_INVALID_LENGTH },
		{ OID_GEN_RECEIVE_SCALE_PARAMETERS, 0,
		  RNDIS_STATUS_INVALID_LENGTH },
		{ OID_GEN_RECEIVE_SCALE_PARAMETERS, 27,
		  RNDIS_STATUS_INVALID_LENGTH },
		{ OID_GEN_RECEIVE_SCALE_PARAMETERS, 40,
		  RNDIS_STATUS_INVALID_DATA },
		{ OID_TCP_OFFLOAD_PARAMETERS, 19, RNDIS_STATUS_INVALID_LENGTH },
		{ OID_TCP_OFFLOAD_PARAMETERS, 29, RNDIS_STATUS_INVALID_LENGTH },
		{ OID_TCP_OFFLOAD_PARAMETERS, 24, RNDIS_STATUS_INVALID_DATA },
		/* Query-only OIDs cannot be set. */
		{ RNDIS_OID_GEN_SUPPORTED_LIST, 4, RNDIS_STATUS_NOT_SUPPORTED },
		{ RNDIS_OID_802_3_PERMANENT_ADDRESS, 6,
		  RNDIS_STATUS_NOT_SUPPORTED },
		{ RNDIS_OID_GEN_XMIT_OK, 8, RNDIS_STATUS_NOT_SUPPORTED },
		{ OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES, 4,
		  RNDIS_STATUS_NOT_SUPPORTED },
		/* Off the list. */
		{ 0x00010237, 64, RNDIS_STATUS_NOT_SUPPORTED },
		{ 0, 4, RNDIS_STATUS_NOT_SUPPORTED },
		{ U32_MAX, 4, RNDIS_STATUS_NOT_SUPPORTED },
	};
	static const struct { u32 oid; u32 len; u32 status; } queries[] = {
		{ RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER, 0,
		  RNDIS_STATUS_NOT_SUPPORTED },
		{ RNDIS_OID_802_3_MULTICAST_LIST, 0, RNDIS_STATUS_NOT_SUPPORTED },
		{ OID_GEN_RECEIVE_SCALE_PARAMETERS, 0,
		  RNDIS_STATUS_NOT_SUPPORTED },
		{ OID_TCP_OFFLOAD_PARAMETERS, 0, RNDIS_STATUS_NOT_SUPPORTED },
		{ OID_GEN_RECEIVE_SCALE_CAPABILITIES, 3,
		  RNDIS_STATUS_INVALID_LENGTH },
		{ OID_GEN_RECEIVE_SCALE_CAPABILITIES, 4,
		  RNDIS_STATUS_INVALID_DATA },
		{ 0x00010237, 0, RNDIS_STATUS_NOT_SUPPORTED },
		{ 0xffffffff, 0, RNDIS_STATUS_NOT_SUPPORTED },
	};
	struct mn *h, *g;
	u8 *val;
	u32 i, filter;

	mn_pair(test, &h, &g);
	val = kunit_kzalloc(test, 512, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, val);
	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		memset(val, 0xa5, 512);
		if (sets[i].oid == RNDIS_OID_802_3_MULTICAST_LIST &&
		    sets[i].len == 6)
			val[0] = 0x01;	/* one multicast address: fine */
		KUNIT_EXPECT_EQ_MSG(test, mn_oid(h, RNDIS_MSG_SET, sets[i].oid,
						 val, sets[i].len),
				    sets[i].status, "SET %#x len %u",
				    sets[i].oid, sets[i].len);
		KUNIT_EXPECT_EQ(test, h->rndis_len, RNDIS_HDR_SIZE +
				sizeof(struct rndis_status_complete));
	}
	for (i = 0; i < ARRAY_SIZE(queries); i++) {
		memset(val, 0xa5, 512);
		KUNIT_EXPECT_EQ_MSG(test, mn_oid(h, RNDIS_MSG_QUERY,
						 queries[i].oid, val,
						 queries[i].len),
				    queries[i].status, "QUERY %#x len %u",
				    queries[i].oid, queries[i].len);
		/* A failed query carries no information buffer. */
		KUNIT_EXPECT_EQ(test, h->rndis_len, RNDIS_HDR_SIZE +
				sizeof(struct rndis_query_complete));
		KUNIT_EXPECT_EQ(test, get32(h->rndis + 16), 0);
		KUNIT_EXPECT_EQ(test, get32(h->rndis + 20), 0);
	}
	/* Nothing changed: the filter is what bring-up set. */
	KUNIT_EXPECT_EQ(test, mn_oid(h, RNDIS_MSG_QUERY,
				     RNDIS_OID_GEN_CURRENT_PACKET_FILTER, NULL,
				     0), RNDIS_STATUS_SUCCESS);
	memcpy(&filter, h->rndis + RNDIS_HDR_SIZE +
	       get32(h->rndis + 20), sizeof(filter));
	KUNIT_EXPECT_EQ(test, filter, RNDIS_PACKET_TYPE_DIRECTED |
			RNDIS_PACKET_TYPE_BROADCAST);
	mn_good_roundtrip(h, 19);
	mn_good_roundtrip(g, 20);
}

/* An RSS parameters object: @n table entries of @entry, a @key-byte key. */
static u32 mn_rss(u8 *buf, u16 n, u32 entry, u16 key, u16 size_hdr)
{
	struct ndis_rss_params p = {
		.header = { NDIS_OBJECT_TYPE_RSS_PARAMETERS,
			    NDIS_RSS_PARAMS_REVISION_2, size_hdr },
		.hashinfo = NDIS_HASH_FUNC_TOEPLITZ | NDIS_HASH_TCP_IPV4,
		.indirect_tabsize = n * sizeof(u32),
		.indirect_taboffset = sizeof(p),
		.hashkey_size = key,
		.hashkey_offset = sizeof(p) + n * sizeof(u32),
	};
	u32 i;

	memcpy(buf, &p, sizeof(p));
	for (i = 0; i < n; i++)
		memcpy(buf + sizeof(p) + i * sizeof(u32), &entry, sizeof(u32));
	for (i = 0; i < key; i++)
		buf[sizeof(p) + n * sizeof(u32) + i] = 0x6d + i;
	return sizeof(p) + n * sizeof(u32) + key;
}

/*
 * Class 6: RSS abuse.  Keys of 0 and 41 bytes, an empty table, 129
 * entries, an entry naming a queue that does not exist (the host has
 * one), a table or key running past the buffer, a header size larger
 * than the buffer, unknown flags and hash functions: INVALID_DATA or
 * INVALID_LENGTH, nothing applied.  The largest valid object succeeds.
 */
static void mal_c6_rss_abuse(struct kunit *test)
{
	struct ndis_rss_params *p;
	struct mn *h, *g;
	u8 *buf;
	u32 len;

	mn_pair(test, &h, &g);
	buf = kunit_kzalloc(test, 1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	p = (void *)buf;
#define RSS_SET(l)	mn_oid(h, RNDIS_MSG_SET, OID_GEN_RECEIVE_SCALE_PARAMETERS, \
			       buf, l)
	len = mn_rss(buf, 4, 0, 0, 40);
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	len = mn_rss(buf, 4, 0, NDIS_RSS_HASH_KEY_SIZE_MAX + 1, 40);
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	len = mn_rss(buf, 0, 0, 40, 40);
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	len = mn_rss(buf, NDIS_RSS_INDIRECTION_ENTRIES_MAX + 1, 0, 40, 40);
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	len = mn_rss(buf, 4, 1, 40, 40);
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	len = mn_rss(buf, 4, U32_MAX, 40, 40);
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	/* The table size not a multiple of 4; key or table past the end. */
	len = mn_rss(buf, 4, 0, 40, 40);
	p->indirect_tabsize = 6;
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	len = mn_rss(buf, 4, 0, 40, 40);
	KUNIT_EXPECT_EQ(test, RSS_SET(len - 1), RNDIS_STATUS_INVALID_DATA);
	p->hashkey_offset = U32_MAX - 10;
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	len = mn_rss(buf, 4, 0, 40, 40);
	p->indirect_taboffset = U32_MAX - 3;
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	/* Header: size past the buffer, below its revision, bad flags. */
	len = mn_rss(buf, 4, 0, 40, 1000);
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_LENGTH);
	len = mn_rss(buf, 4, 0, 40, 39);
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_LENGTH);
	len = mn_rss(buf, 4, 0, 40, 40);
	p->flags = 0x8000;
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	len = mn_rss(buf, 4, 0, 40, 40);
	p->hashinfo = 2 | NDIS_HASH_TCP_IPV4;
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	p->hashinfo = NDIS_HASH_FUNC_TOEPLITZ;
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	p->header.revision = 3;
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_INVALID_DATA);
	/* The largest valid object. */
	len = mn_rss(buf, NDIS_RSS_INDIRECTION_ENTRIES_MAX, 0,
		     NDIS_RSS_HASH_KEY_SIZE_MAX, 40);
	KUNIT_EXPECT_EQ(test, RSS_SET(len), RNDIS_STATUS_SUCCESS);
#undef RSS_SET
	mn_good_roundtrip(h, 21);
	mn_good_roundtrip(g, 22);
}

/*
 * Class 9: every byte the host writes to the guest is meant.  The
 * guest's inbound ring and receive buffer start as 0xA5; after a bring-up
 * with failures, replies, frames with per-packet info and a link
 * indication, no byte the host announced still holds 0xA5, every
 * completion's bytes past its fields are zero, and so is every byte of
 * the ring up to the write index that no packet claims.
 */
static void mal_c9_zero_padding(struct kunit *test)
{
	struct mn *g = mn_up(test, 1);
	struct mn *h = mn_setup(test, 2, MN_POISON);
	struct hvnet_rx_meta rx = {
		.flags = HVNET_PKT_VLAN | HVNET_PKT_HASH | HVNET_PKT_CSUM,
		.vlan_tci = 7, .hash = 0x12345678,
		.csum_rx = NDIS_CSUM_RX_TCP_OK | NDIS_CSUM_RX_IP_OK,
	};
	struct nvsp_msg m = { .msg_type = NVSP_MSG_INIT };
	u32 filter = RNDIS_PACKET_TYPE_DIRECTED, windex, xfers;
	u8 *ring, frame[61];
	u8 val[8] = {};

	/* A failed INIT, then a bring-up, then failures of every kind. */
	m.body.init.min_protocol_ver = U32_MAX;
	m.body.init.max_protocol_ver = U32_MAX;
	KUNIT_EXPECT_EQ(test, mn_nvsp(h, &m)->body.init_complete.status,
			NVSP_STAT_FAIL);
	mn_connect(h);
	mn_bufs(h);
	mn_rndis_up(h);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_RECV_BUF,
					 h->recv_gpadl, NVSP_RECV_BUF_ID),
			NVSP_STAT_FAIL);
	m.msg_type = NVSP_MSG5_SUBCHANNEL;
	m.body.subchannel_request.op = NVSP_SUBCHANNEL_ALLOCATE;
	m.body.subchannel_request.num_subchannels = 3;
	mn_nvsp(h, &m);
	KUNIT_EXPECT_EQ(test, mn_rndis_sec(h, 99, 10, false), NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_oid(h, RNDIS_MSG_QUERY,
				     RNDIS_OID_802_3_PERMANENT_ADDRESS, NULL, 0),
			RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, h->rndis_len, RNDIS_HDR_SIZE +
			sizeof(struct rndis_query_complete) + ETH_ALEN);
	KUNIT_EXPECT_EQ(test, mn_oid(h, RNDIS_MSG_QUERY, 0x1234, NULL, 0),
			RNDIS_STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, mn_oid(h, RNDIS_MSG_QUERY,
				     OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES, val,
				     0), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, mn_oid(h, RNDIS_MSG_QUERY,
				     OID_GEN_RECEIVE_SCALE_CAPABILITIES, NULL, 0),
			RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, mn_oid(h, RNDIS_MSG_SET,
				     RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
				     &filter, 3), RNDIS_STATUS_INVALID_LENGTH);
	m.msg_type = 555;
	KUNIT_EXPECT_EQ(test, mn_send(h, ++h->tid, &m, sizeof(m)), 1);
	/* An odd-sized frame with every per-packet info, and the link. */
	mn_fill_frame(frame, sizeof(frame), 0x21);
	xfers = h->xfers;
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(h->dev, frame, sizeof(frame),
						  &rx), 0);
	KUNIT_EXPECT_EQ(test, hvnet_chan_link(h->dev, false), 0);
	mn_poll(h);
	KUNIT_EXPECT_EQ(test, h->xfers, xfers + 2);

	KUNIT_EXPECT_EQ(test, h->poison_hits, 0);
	KUNIT_EXPECT_EQ(test, h->pad_dirty, 0);
	/* The ring: everything below the write index was written. */
	windex = READ_ONCE(h->ch->in.hdr->write_index);
	KUNIT_ASSERT_LT(test, windex, h->ch->in.size);
	ring = kunit_kzalloc(test, windex, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ring);
	KUNIT_ASSERT_EQ(test, tpart_read(h->tp, h->ch->in.data_gpa, ring,
					 windex), 0);
	KUNIT_EXPECT_EQ(test, mn_count(ring, windex, MN_POISON), 0);
	KUNIT_EXPECT_GT(test, windex, 20 * 56);
	mn_good_roundtrip(g, 23);
}

/*
 * Class 4: packets larger than the host copies (2 KiB).  Each still gets
 * the failure completion its request calls for, with its transaction id:
 * a guest driver waits for every completion it asked for.  A completion
 * from the guest that large is just dropped.
 */
static void mal_c4_oversized(struct kunit *test)
{
	struct mn *h, *g;
	struct nvsp_msg *m;
	struct hvnet_chan_stats st0, st;
	u8 *big;

	mn_pair(test, &h, &g);
	big = kunit_kzalloc(test, 3000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	m = (void *)big;
	st0 = mn_stats(h);
	m->msg_type = NVSP_MSG1_SEND_RNDIS_PKT;
	m->body.rndis_pkt.send_buf_section_index = 1;
	m->body.rndis_pkt.send_buf_section_size = 64;
	KUNIT_EXPECT_EQ(test, mn_send(h, 501, big, 3000), 1);
	KUNIT_EXPECT_EQ(test, h->comp_tid, 501);
	KUNIT_EXPECT_EQ(test, h->comp_len, NVSP_MSG_SIZE);
	KUNIT_EXPECT_EQ(test, h->comp.msg_type,
			NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
	KUNIT_EXPECT_EQ(test, h->comp.body.rndis_pkt_complete.status,
			NVSP_STAT_FAIL);
	m->msg_type = NVSP_MSG5_SUBCHANNEL;
	KUNIT_EXPECT_EQ(test, mn_send(h, 502, big, 2100), 1);
	KUNIT_EXPECT_EQ(test, h->comp_tid, 502);
	KUNIT_EXPECT_EQ(test, h->comp.msg_type, NVSP_MSG5_SUBCHANNEL);
	KUNIT_EXPECT_EQ(test, h->comp.body.subchannel_complete.status,
			NVSP_STAT_FAIL);
	/* Unknown and expecting nothing: an empty completion, and none. */
	m->msg_type = 4444;
	KUNIT_EXPECT_EQ(test, mn_send(h, 503, big, 3000), 1);
	KUNIT_EXPECT_EQ(test, h->comp_tid, 503);
	KUNIT_EXPECT_EQ(test, h->comp_len, 0);
	m->msg_type = NVSP_MSG1_REVOKE_SEND_BUF;
	KUNIT_EXPECT_EQ(test, mn_send(h, 504, big, 3000), 0);
	/* Not asked for, or a completion: nothing. */
	h->nr_comps = 0;
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch, VM_PKT_DATA_INBAND, 0,
					       505, big, 3000), 0);
	KUNIT_EXPECT_EQ(test, tguest_chan_send(h->ch, VM_PKT_COMP,
					       VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
					       506, big, 3000), 0);
	mn_poll(h);
	KUNIT_EXPECT_EQ(test, h->nr_comps, 0);
	st = mn_stats(h);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, st0.bad_pkts + 6);
	KUNIT_EXPECT_EQ(test, st.completions, st0.completions + 3);
	/* Nothing was taken as a request: the NIC is as it was. */
	KUNIT_EXPECT_EQ(test, st.rndis_ok + st.rndis_bad,
			st0.rndis_ok + st0.rndis_bad);
	mn_good_roundtrip(h, 24);
	mn_good_roundtrip(g, 25);
}

struct mn_range1 {
	u32 byte_count;
	u32 byte_offset;
	u64 pfn;
} __packed;

/*
 * Scatter @len bytes of @msg: one byte per page (its last) for @singles
 * bytes, the rest in one more range.  @r gets the ranges; returns how many.
 */
static u32 mn_scatter(struct mn *h, u64 gpa, const u8 *msg, u32 len,
		      u32 singles, struct mn_range1 *r)
{
	u64 pfn = gpa >> HV_PAGE_SHIFT;
	u32 i;

	for (i = 0; i < singles && i < len; i++) {
		r[i] = (struct mn_range1){ 1, HV_PAGE_SIZE - 1, pfn + i };
		KUNIT_EXPECT_EQ(h->test, tpart_write(h->tp, gpa + i * HV_PAGE_SIZE +
						     HV_PAGE_SIZE - 1, msg + i, 1),
				0);
	}
	if (i == len)
		return i;
	r[i] = (struct mn_range1){ len - i, 0, pfn + i };
	KUNIT_EXPECT_EQ(h->test, tpart_write(h->tp, gpa + i * HV_PAGE_SIZE,
					     msg + i, len - i), 0);
	return i + 1;
}

/*
 * Class 6: headers that straddle pages.  A data packet and a QUERY
 * scattered one byte per page over the most ranges the host takes (40)
 * are gathered into one host copy: the frame arrives byte for byte and
 * the QUERY is answered.  One range more is refused whole.
 */
static void mal_c6_straddle(struct kunit *test)
{
	struct rndis_oid_request q = {
		.oid = RNDIS_OID_802_3_PERMANENT_ADDRESS,
	};
	struct rndis_msg_hdr hd = { RNDIS_MSG_QUERY, RNDIS_HDR_SIZE + sizeof(q) };
	struct hvnet_chan_stats st0;
	struct hvnet_pkt_meta meta;
	struct mn_range1 *r;
	struct mn *h, *g;
	u32 len, n, xfers;
	u8 frame[40], got[40];
	u64 gpa;

	mn_pair(test, &h, &g);
	r = kunit_kcalloc(test, 64, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	gpa = tguest_alloc_pages(h->g, 64);
	KUNIT_ASSERT_NE(test, gpa, 0);
	mn_fill_frame(frame, sizeof(frame), 0x31);
	len = mn_build_pkt(h->sec, NULL, 0, frame, sizeof(frame));
	n = mn_scatter(h, gpa, h->sec, len, HVNET_GPA_CHUNKS_MAX - 1, r);
	KUNIT_ASSERT_EQ(test, n, HVNET_GPA_CHUNKS_MAX);
	KUNIT_EXPECT_EQ(test, mn_gpa(h, r, n * sizeof(*r), n, false),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvnet_chan_last_frame(h->dev, got, sizeof(got),
						    &meta), sizeof(frame));
	KUNIT_EXPECT_EQ(test, memcmp(got, frame, sizeof(frame)), 0);
	st0 = mn_stats(h);
	n = mn_scatter(h, gpa, h->sec, len, HVNET_GPA_CHUNKS_MAX, r);
	KUNIT_EXPECT_EQ(test, mn_gpa(h, r, n * sizeof(*r), n, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	KUNIT_EXPECT_EQ(test, mn_stats(h).tx_frames, st0.tx_frames);

	q.req_id = ++h->req_id;
	memcpy(h->sec, &hd, sizeof(hd));
	memcpy(h->sec + RNDIS_HDR_SIZE, &q, sizeof(q));
	n = mn_scatter(h, gpa, h->sec, hd.msg_len, hd.msg_len, r);
	KUNIT_ASSERT_EQ(test, n, hd.msg_len);
	xfers = h->xfers;
	KUNIT_EXPECT_EQ(test, mn_gpa(h, r, n * sizeof(*r), n, true),
			NVSP_STAT_SUCCESS);
	KUNIT_ASSERT_EQ(test, h->xfers, xfers + 1);
	KUNIT_EXPECT_EQ(test, get32(h->rndis), RNDIS_MSG_QUERY_C);
	KUNIT_EXPECT_EQ(test, get32(h->rndis + 8), h->req_id);
	KUNIT_EXPECT_EQ(test, memcmp(h->rndis + h->rndis_len - ETH_ALEN,
				     mn_mac, ETH_ALEN), 0);
	mn_good_roundtrip(h, 26);
	mn_good_roundtrip(g, 27);
}

/* A raw GPADL_HEADER with the ranges in @r; the GPADL_CREATED status. */
static u32 mn_raw_gpadl(struct mn *e, u32 id, const void *r, u16 rlen,
			u16 count)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_gpadl_header *m = (void *)buf;

	m->header.msgtype = CHANNELMSG_GPADL_HEADER;
	m->child_relid = e->ch->relid;
	m->gpadl = id;
	m->range_buflen = rlen;
	m->rangecount = count;
	memcpy(m->range, r, rlen);
	e->g->gpadl_created = false;
	KUNIT_EXPECT_EQ(e->test, tguest_post(e->g, buf, sizeof(*m) + rlen),
			HV_STATUS_SUCCESS);
	tguest_poll(e->g);
	KUNIT_EXPECT_TRUE(e->test, e->g->gpadl_created);
	KUNIT_EXPECT_EQ(e->test, e->g->created_gpadl, id);
	return e->g->created_status;
}

/*
 * Class 2 and 5: buffer GPADLs whose byte stream is not their pages from
 * offset 0 (an offset into the first page, a short last page, two
 * ranges) are valid GPADLs, but the NIC would lay its slots and sections
 * out over the pages while the guest counts from its stream: the buffer
 * is refused.  The same pages as one flat range are accepted.
 */
static void mal_c2_skewed_buffers(struct kunit *test)
{
	struct mn *h = mn_setup(test, 2, 0);
	struct mn *g = mn_up(test, 1);
	u64 pfn = h->recv_gpa >> HV_PAGE_SHIFT;
	struct { u32 count, offset; u64 pfn[2]; } __packed one;
	struct { u32 count, offset; u64 pfn; } __packed two[2];

	mn_connect(h);
	one.count = 2 * HV_PAGE_SIZE - 100;
	one.offset = 100;
	one.pfn[0] = pfn;
	one.pfn[1] = pfn + 1;
	KUNIT_ASSERT_EQ(test, mn_raw_gpadl(h, 0x701, &one, sizeof(one), 1), 0);
	one.offset = 0;
	one.count = 2 * HV_PAGE_SIZE - 8;
	KUNIT_ASSERT_EQ(test, mn_raw_gpadl(h, 0x702, &one, sizeof(one), 1), 0);
	two[0].count = HV_PAGE_SIZE;
	two[0].offset = 0;
	two[0].pfn = pfn;
	two[1] = two[0];
	two[1].pfn = pfn + 1;
	KUNIT_ASSERT_EQ(test, mn_raw_gpadl(h, 0x703, two, sizeof(two), 2), 0);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_RECV_BUF, 0x701,
					 NVSP_RECV_BUF_ID), NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_RECV_BUF, 0x702,
					 NVSP_RECV_BUF_ID), NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_SEND_BUF, 0x703,
					 NVSP_SEND_BUF_ID_LINUX), NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, tpart_stats(h->tp).pinned, 2 * MN_RING / HV_PAGE_SIZE);
	mn_good_roundtrip(g, 28);
	/* Flat: accepted. */
	one.count = 2 * HV_PAGE_SIZE;
	KUNIT_ASSERT_EQ(test, mn_raw_gpadl(h, 0x704, &one, sizeof(one), 1), 0);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_RECV_BUF, 0x704,
					 NVSP_RECV_BUF_ID), NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, mn_set_buf(h, NVSP_MSG1_SEND_SEND_BUF,
					 h->send_gpadl, NVSP_SEND_BUF_ID_LINUX),
			NVSP_STAT_SUCCESS);
	mn_rndis_up(h);
	mn_good_roundtrip(h, 29);
	mn_good_roundtrip(g, 30);
}

static struct kunit_case mn_cases[] = {
	KUNIT_CASE(mal_c2_skewed_buffers),
	KUNIT_CASE(mal_c4_bad_ranges),
	KUNIT_CASE(mal_c4_dup_trans_id),
	KUNIT_CASE(mal_c4_oversized),
	KUNIT_CASE(mal_c5_nvsp_order),
	KUNIT_CASE(mal_c5_nvsp_sizes),
	KUNIT_CASE(mal_c5_revoke_subchannel_vf),
	KUNIT_CASE(mal_c6_rndis_lengths),
	KUNIT_CASE(mal_c6_straddle),
	KUNIT_CASE(mal_c6_ppi_lso),
	KUNIT_CASE(mal_c6_oid_sizes),
	KUNIT_CASE(mal_c6_rss_abuse),
	KUNIT_CASE(mal_c7_inflight_quota),
	KUNIT_CASE(mal_c9_zero_padding),
	{}
};

static struct kunit_suite mn_suite = {
	.name = "hvhost_net_malicious",
	.test_cases = mn_cases,
};

kunit_test_suite(mn_suite);
