// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the NIC's channel glue against the software test guest.
 *
 * The guest does what Linux 6.12's hv_netvsc does over a real channel:
 * netvsc_connect_vsp() (NVSP INIT, NDIS config and version),
 * netvsc_init_buf() (receive buffer 0xcafe and send buffer GPADLs) and
 * rndis_filter_device_add() (RNDIS INITIALIZE, QUERY of the MAC address,
 * SET of the packet filter) through send sections, answers arriving in
 * receive slots as transfer-page packets that the guest completes, with
 * the checks netvsc_receive() applies.  Then frames both ways, byte for
 * byte, and close and rescind with slots outstanding.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "test/tguest.h"
#include "test/tpart.h"
#include "vmbus/channel.h"
#include "vmbus/connection.h"
#include "vmbus/vmbus.h"
#include "chan.h"
#include "nvsp.h"
#include "rndis.h"
#include "rndis_pkt.h"
#include "nt_guest.h"

static struct nt_env *nt_setup(struct kunit *test, u32 recv_pages)
{
	struct hvnet_chan_config cfg = { .instance = nt_instance, .mtu = 1500 };
	struct nt_env *e = nt_env_new(test, recv_pages);

	ether_addr_copy(cfg.mac, nt_mac);
	e->dev = hvnet_chan_create(tpart_vmbus(e->tp), &cfg);
	KUNIT_ASSERT_FALSE(test, IS_ERR(e->dev));
	nt_attach(e);
	return e;
}

static struct nt_env *nt_up(struct kunit *test, u32 recv_pages)
{
	struct nt_env *e = nt_setup(test, recv_pages);

	nt_connect(e);
	nt_init_buf(e);
	nt_rndis_up(e);
	return e;
}

/* The offer carries the NIC class and the creator's instance. */
static void nt_offer(struct kunit *test)
{
	struct nt_env *e = nt_setup(test, 16);

	KUNIT_EXPECT_TRUE(test, guid_equal(&e->ch->offer.offer.if_type,
					   &hvnet_nic_class));
	KUNIT_EXPECT_TRUE(test, guid_equal(&e->ch->offer.offer.if_instance,
					   &nt_instance));
}

/* A Linux 6.12 bring-up: every answer as the guest checks it. */
static void nt_bringup(struct kunit *test)
{
	struct nt_env *e = nt_up(test, 64);
	struct hvnet_chan_stats st;

	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.opens, 1);
	/* INIT, RECV_BUF, SEND_BUF and three RNDIS requests. */
	KUNIT_EXPECT_EQ(test, st.completions, 6);
	KUNIT_EXPECT_EQ(test, st.nvsp_msgs, 8);
	KUNIT_EXPECT_EQ(test, st.rndis_ok, 3);
	KUNIT_EXPECT_EQ(test, st.replies, 3);
	KUNIT_EXPECT_EQ(test, st.slot_completions, 3);
	KUNIT_EXPECT_EQ(test, st.replies_dropped, 0);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, 0);
	KUNIT_EXPECT_EQ(test, e->xfers, 3);
}

/*
 * Guest frames in data sections: three aggregated in one section are
 * counted and the last is kept byte for byte; a badly framed section is
 * refused with INVALID_RNDIS_PKT and nothing of it is counted.
 */
static void nt_guest_frames(struct kunit *test)
{
	struct nt_env *e = nt_up(test, 64);
	static const u32 lens[] = { 60, 1514, 342 };
	struct hvnet_chan_stats st;
	struct hvnet_pkt_meta meta;
	u8 *sec = kunit_kzalloc(test, HVNET_NVSP_SEND_SECTION, GFP_KERNEL);
	u8 *frame = kunit_kzalloc(test, 2048, GFP_KERNEL);
	u8 *got = kunit_kzalloc(test, 2048, GFP_KERNEL);
	u32 off = 0, i, xfers = e->xfers;

	KUNIT_ASSERT_NOT_NULL(test, sec);
	KUNIT_ASSERT_NOT_NULL(test, frame);
	KUNIT_ASSERT_NOT_NULL(test, got);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		nt_fill_frame(frame, lens[i], i);
		off += nt_build_packet(sec + off, frame, lens[i]);
	}
	KUNIT_EXPECT_EQ(test, nt_rndis(e, 3, sec, off, false),
			NVSP_STAT_SUCCESS);
	/* Data gets no reply in a receive slot. */
	KUNIT_EXPECT_EQ(test, e->xfers, xfers);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.tx_frames, 3);
	KUNIT_EXPECT_EQ(test, st.tx_bytes, 60 + 1514 + 342);
	KUNIT_EXPECT_EQ(test, hvnet_chan_last_frame(e->dev, got, 2048, &meta),
			342);
	KUNIT_EXPECT_EQ(test, memcmp(got, frame, 342), 0);
	KUNIT_EXPECT_EQ(test, meta.data_len, 342);

	/* The section ends 8 bytes early: refused as a whole. */
	KUNIT_EXPECT_EQ(test, nt_rndis(e, 4, sec, off - 8, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.tx_frames, 3);
	KUNIT_EXPECT_EQ(test, st.rndis_bad, 1);
}

/* Host frames: header, per-packet info and frame as the guest reads them. */
static void nt_host_frames(struct kunit *test)
{
	struct nt_env *e = nt_up(test, 64);
	struct hvnet_rx_meta rx = {
		.flags = HVNET_PKT_VLAN | HVNET_PKT_HASH,
		.vlan_tci = 0x2005, .hash = 0xdeadbeef,
	};
	u8 want[HVNET_RNDIS_RX_HDR_MAX];
	struct hvnet_chan_stats st;
	struct rndis_packet p;
	struct rndis_ppi ppi;
	u8 *frame = kunit_kzalloc(test, ETH_FRAME_LEN, GFP_KERNEL);
	u32 hdr_len, xfers = e->xfers;

	KUNIT_ASSERT_NOT_NULL(test, frame);
	nt_fill_frame(frame, ETH_FRAME_LEN, 0x40);
	KUNIT_ASSERT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, ETH_FRAME_LEN,
						  &rx), 0);
	nt_poll(e);
	KUNIT_ASSERT_EQ(test, e->xfers, xfers + 1);
	KUNIT_EXPECT_FALSE(test, e->xfer_control);
	hdr_len = hvnet_rndis_build_data(&rx, ETH_FRAME_LEN, want);
	KUNIT_ASSERT_EQ(test, e->rndis_len, hdr_len + ETH_FRAME_LEN);
	KUNIT_EXPECT_EQ(test, memcmp(e->rndis, want, hdr_len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(e->rndis + hdr_len, frame, ETH_FRAME_LEN),
			0);
	/* What rndis_filter_receive_data() reads, independently. */
	KUNIT_EXPECT_EQ(test, nt_get32(e->rndis), RNDIS_MSG_PACKET);
	KUNIT_EXPECT_EQ(test, nt_get32(e->rndis + 4), e->rndis_len);
	memcpy(&p, e->rndis + RNDIS_HDR_SIZE, sizeof(p));
	KUNIT_EXPECT_EQ(test, p.data_len, ETH_FRAME_LEN);
	KUNIT_EXPECT_EQ(test, RNDIS_HDR_SIZE + p.data_offset, hdr_len);
	KUNIT_EXPECT_EQ(test, p.per_pkt_info_offset, sizeof(p));
	KUNIT_EXPECT_EQ(test, p.per_pkt_info_len, 2 * (sizeof(ppi) + 4));
	memcpy(&ppi, e->rndis + RNDIS_HDR_SIZE + sizeof(p), sizeof(ppi));
	KUNIT_EXPECT_EQ(test, ppi.type, RNDIS_PPI_VLAN);
	KUNIT_EXPECT_EQ(test, ppi.size, sizeof(ppi) + 4);
	/* VLAN id 5, priority 1 (NDIS: id in bits 4..15, priority 0..2). */
	KUNIT_EXPECT_EQ(test, nt_get32(e->rndis + RNDIS_HDR_SIZE + sizeof(p) +
				    ppi.ppi_offset), (5 << 4) | 1);
	memcpy(&ppi, e->rndis + RNDIS_HDR_SIZE + sizeof(p) + ppi.size,
	       sizeof(ppi));
	KUNIT_EXPECT_EQ(test, ppi.type, RNDIS_PPI_HASH_VALUE);
	KUNIT_EXPECT_EQ(test, nt_get32(e->rndis + RNDIS_HDR_SIZE + sizeof(p) +
				    sizeof(ppi) + 4 + ppi.ppi_offset),
			0xdeadbeef);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.rx_frames, 1);
	KUNIT_EXPECT_EQ(test, st.rx_bytes, ETH_FRAME_LEN);
	KUNIT_EXPECT_EQ(test, st.slot_completions, 4);

	/* Too short, and too big for a 1728-byte slot. */
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, 10, &rx),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, e->pkt, 1700, &rx),
			-EMSGSIZE);
}

/*
 * A guest that keeps its slots: the host runs out (-ENOSPC, counted),
 * and a completion makes room for exactly one more frame.  Duplicate and
 * invented completions are counted and change nothing.
 */
static void nt_slots(struct kunit *test)
{
	/* 2 pages: 4 slots of 1728 bytes. */
	struct nt_env *e = nt_up(test, 2);
	struct hvnet_rx_meta rx = {};
	struct hvnet_chan_stats st;
	u8 frame[100];
	u64 first;
	int i;

	nt_fill_frame(frame, sizeof(frame), 1);
	e->autocomplete = false;
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame,
							  sizeof(frame), &rx),
				0);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, sizeof(frame),
						  &rx), -ENOSPC);
	nt_poll(e);
	KUNIT_ASSERT_EQ(test, e->nr_held, 4);
	first = e->held[0];
	nt_complete_slot(e, first);
	nt_complete_slot(e, first);
	nt_complete_slot(e, 0x123456789ULL);
	hvnet_chan_flush(e->dev);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, sizeof(frame),
						  &rx), 0);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, sizeof(frame),
						  &rx), -ENOSPC);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.rx_frames, 5);
	KUNIT_EXPECT_EQ(test, st.rx_no_slot, 2);
	KUNIT_EXPECT_EQ(test, st.slot_completions, 3 + 1);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, 2);
}

/*
 * vmbus_sendpacket_pagebuffer(): SEND_RNDIS_PKT with the message in guest
 * pages; @ranges holds @n struct vmbus_gpa_range with their pfns.  With a
 * send buffer section @sec, its first @sec_len bytes come first.  The
 * completion's status.
 */
static u32 nt_rndis_gpa_sec(struct nt_env *e, const void *ranges, u32 rlen,
			    u32 n, bool control, u32 sec, u32 sec_len)
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
	m.body.rndis_pkt.send_buf_section_index = sec;
	m.body.rndis_pkt.send_buf_section_size = sec_len;
	KUNIT_EXPECT_EQ(e->test, tguest_ring_write(&e->ch->out, iov,
						   ARRAY_SIZE(iov), &signal), 0);
	if (signal)
		tguest_signal(e->ch);
	e->got_comp = false;
	nt_poll(e);
	KUNIT_EXPECT_TRUE(e->test, e->got_comp);
	KUNIT_EXPECT_EQ(e->test, e->comp_tid, e->tid);
	KUNIT_EXPECT_EQ(e->test, e->comp.msg_type,
			NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
	return e->comp.body.rndis_pkt_complete.status;
}

static u32 nt_rndis_gpa(struct nt_env *e, const void *ranges, u32 rlen,
			u32 n, bool control)
{
	return nt_rndis_gpa_sec(e, ranges, rlen, n, control,
				NVSP_INVALID_SECTION_INDEX, 0);
}

struct nt_range1 {
	u32 byte_count;
	u32 byte_offset;
	u64 pfn;
} __packed;

struct nt_range2 {
	u32 byte_count;
	u32 byte_offset;
	u64 pfn[2];
} __packed;

/*
 * GPA direct: a QUERY whose header straddles a page, in two one-page
 * ranges as Linux splits it; a 3000-byte frame in one range spanning two
 * pages; and ranges that are not guest memory or not well formed.
 */
static void nt_gpa_direct(struct kunit *test)
{
	struct nt_env *e = nt_up(test, 16);
	u64 gpa = tguest_alloc_pages(e->g, 4);
	u64 pfn = gpa >> HV_PAGE_SHIFT;
	struct rndis_oid_request q = {
		.oid = RNDIS_OID_802_3_PERMANENT_ADDRESS,
	};
	struct rndis_msg_hdr h = { RNDIS_MSG_QUERY, RNDIS_HDR_SIZE + sizeof(q) };
	struct nt_range1 two[2] = {
		{ 20, HV_PAGE_SIZE - 20, pfn },
		{ h.msg_len - 20, 0, pfn + 1 },
	};
	struct nt_range2 span;
	struct hvnet_chan_stats st;
	struct hvnet_pkt_meta meta;
	u8 *buf = kunit_kzalloc(test, 4096, GFP_KERNEL);
	u8 *frame = kunit_kzalloc(test, 3000, GFP_KERNEL);
	u8 *got = kunit_kzalloc(test, 3000, GFP_KERNEL);
	u32 len;

	KUNIT_ASSERT_NE(test, gpa, 0);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, frame);
	KUNIT_ASSERT_NOT_NULL(test, got);
	q.req_id = ++e->req_id;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + RNDIS_HDR_SIZE, &q, sizeof(q));
	KUNIT_ASSERT_EQ(test, tpart_write(e->tp, gpa + HV_PAGE_SIZE - 20, buf,
					  h.msg_len), 0);
	KUNIT_EXPECT_EQ(test, nt_rndis_gpa(e, two, sizeof(two), 2, true),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, nt_get32(e->rndis), RNDIS_MSG_QUERY_C);
	KUNIT_EXPECT_EQ(test, nt_get32(e->rndis + 8), e->req_id);
	KUNIT_EXPECT_EQ(test, memcmp(e->rndis + e->rndis_len - ETH_ALEN,
				     nt_mac, ETH_ALEN), 0);

	nt_fill_frame(frame, 3000, 0x77);
	len = nt_build_packet(buf, frame, 3000);
	KUNIT_ASSERT_EQ(test, tpart_write(e->tp, gpa + 2 * HV_PAGE_SIZE + 2000,
					  buf, len), 0);
	span.byte_count = len;
	span.byte_offset = 2000;
	span.pfn[0] = pfn + 2;
	span.pfn[1] = pfn + 3;
	KUNIT_EXPECT_EQ(test, nt_rndis_gpa(e, &span, sizeof(span), 1, false),
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvnet_chan_last_frame(e->dev, got, 3000, &meta),
			3000);
	KUNIT_EXPECT_EQ(test, memcmp(got, frame, 3000), 0);

	/* Not guest memory; offset past the page; a pfn missing. */
	two[0].pfn = tpart_mem_bytes(e->tp) >> HV_PAGE_SHIFT;
	KUNIT_EXPECT_EQ(test, nt_rndis_gpa(e, two, sizeof(two), 2, true),
			NVSP_STAT_INVALID_RNDIS_PKT);
	two[0].pfn = pfn;
	two[0].byte_offset = HV_PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, nt_rndis_gpa(e, two, sizeof(two), 2, true),
			NVSP_STAT_INVALID_RNDIS_PKT);
	span.byte_offset = 4000;
	KUNIT_EXPECT_EQ(test, nt_rndis_gpa(e, &span, sizeof(span), 1, false),
			NVSP_STAT_INVALID_RNDIS_PKT);
	KUNIT_EXPECT_EQ(test, nt_rndis_gpa(e, &span, sizeof(span), 3, false),
			NVSP_STAT_INVALID_RNDIS_PKT);

	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.gpa_direct, 6);
	KUNIT_EXPECT_EQ(test, st.rndis_ok, 3 + 2);
	KUNIT_EXPECT_EQ(test, st.rndis_bad, 4);
	KUNIT_EXPECT_EQ(test, st.tx_frames, 1);
}

/*
 * netvsc's cp_partial send: two packets batched in a section, then the
 * RNDIS header of a third whose frame (and padding) is in a GPA range.
 * All three frames arrive, the third byte for byte; a section part that
 * cuts a header short is refused whole.
 */
static void nt_gpa_cp_partial(struct kunit *test)
{
	static const u32 lens[] = { 60, 342, 3000 };
	struct nt_env *e = nt_up(test, 64);
	u64 gpa = tguest_alloc_pages(e->g, 2);
	u32 hdr = RNDIS_HDR_SIZE + sizeof(struct rndis_packet);
	struct hvnet_chan_stats st;
	struct hvnet_pkt_meta meta;
	struct nt_range2 span;
	u8 *sec = kunit_kzalloc(test, HVNET_NVSP_SEND_SECTION, GFP_KERNEL);
	u8 *frame = kunit_kzalloc(test, 3000, GFP_KERNEL);
	u8 *got = kunit_kzalloc(test, 3000, GFP_KERNEL);
	u8 *last = kunit_kzalloc(test, 4096, GFP_KERNEL);
	u32 off = 0, len, i;

	KUNIT_ASSERT_NE(test, gpa, 0);
	KUNIT_ASSERT_NOT_NULL(test, sec);
	KUNIT_ASSERT_NOT_NULL(test, frame);
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_ASSERT_NOT_NULL(test, last);
	for (i = 0; i < 2; i++) {
		nt_fill_frame(frame, lens[i], i);
		off += nt_build_packet(sec + off, frame, lens[i]);
	}
	nt_fill_frame(frame, lens[2], 0x5a);
	len = nt_build_packet(last, frame, lens[2]);
	memcpy(sec + off, last, hdr);
	KUNIT_ASSERT_EQ(test, tpart_write(e->tp, e->send_gpa + 5 *
					  HVNET_NVSP_SEND_SECTION, sec,
					  off + hdr), 0);
	KUNIT_ASSERT_EQ(test, tpart_write(e->tp, gpa + 2000, last + hdr,
					  len - hdr), 0);
	span.byte_count = len - hdr;
	span.byte_offset = 2000;
	span.pfn[0] = gpa >> HV_PAGE_SHIFT;
	span.pfn[1] = span.pfn[0] + 1;
	KUNIT_EXPECT_EQ(test, nt_rndis_gpa_sec(e, &span, sizeof(span), 1, false,
					       5, off + hdr),
			NVSP_STAT_SUCCESS);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.tx_frames, 3);
	KUNIT_EXPECT_EQ(test, st.tx_bytes, 60 + 342 + 3000);
	KUNIT_EXPECT_EQ(test, hvnet_chan_last_frame(e->dev, got, 3000, &meta),
			3000);
	KUNIT_EXPECT_EQ(test, memcmp(got, frame, 3000), 0);

	/* The section part ends 4 bytes into the third header. */
	KUNIT_ASSERT_EQ(test, tpart_write(e->tp, gpa + 2000, last + hdr - 4,
					  len - hdr + 4), 0);
	span.byte_count = len - hdr + 4;
	KUNIT_EXPECT_EQ(test, nt_rndis_gpa_sec(e, &span, sizeof(span), 1, false,
					       5, off + 4),
			NVSP_STAT_INVALID_RNDIS_PKT);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.tx_frames, 3);
}

/*
 * Hostile packets: an unknown packet type, an unknown NVSP message (an
 * empty completion), an RNDIS message by GPA direct (refused, completed), and
 * frames after the receive buffer was revoked.
 */
static void nt_hostile(struct kunit *test)
{
	struct nt_env *e = nt_up(test, 16);
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };
	struct hvnet_rx_meta rx = {};
	struct hvnet_chan_stats st;
	u32 type = 9999;
	u8 frame[60];

	KUNIT_EXPECT_EQ(test, tguest_chan_send(e->ch, VM_PKT_CANCEL_REQUEST,
					       0, 1, &m, sizeof(m)), 0);
	e->got_comp = false;
	KUNIT_EXPECT_EQ(test, tguest_chan_send(e->ch, VM_PKT_DATA_INBAND,
					       VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
					       77, &type, sizeof(type)), 0);
	nt_poll(e);
	KUNIT_EXPECT_TRUE(test, e->got_comp);
	KUNIT_EXPECT_EQ(test, e->comp_tid, 77);
	KUNIT_EXPECT_EQ(test, e->comp_len, 0);

	m.body.rndis_pkt.channel_type = NVSP_RNDIS_CHANNEL_CONTROL;
	m.body.rndis_pkt.send_buf_section_index = NVSP_INVALID_SECTION_INDEX;
	KUNIT_EXPECT_EQ(test, nt_nvsp(e, &m, true)->body.rndis_pkt_complete.status,
			NVSP_STAT_INVALID_RNDIS_PKT);

	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG1_REVOKE_RECV_BUF;
	m.body.revoke_buf.id = NVSP_RECV_BUF_ID;
	nt_nvsp(e, &m, false);
	nt_fill_frame(frame, sizeof(frame), 3);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, sizeof(frame),
						  &rx), -ENETDOWN);
	/* The guest may tear the GPADL down now: it is no longer mapped. */
	KUNIT_EXPECT_EQ(test, tguest_gpadl_teardown(e->ch, e->recv_gpadl), 0);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, 1);
	KUNIT_EXPECT_EQ(test, st.rndis_bad, 1);
	KUNIT_EXPECT_EQ(test, st.rx_refused, 1);
}

/* One host frame the guest keeps its slot for; buffers are pinned. */
static void nt_hold_one_slot(struct nt_env *e, const u8 *frame, u32 len)
{
	struct hvnet_rx_meta rx = {};

	e->autocomplete = false;
	KUNIT_EXPECT_EQ(e->test, hvnet_chan_rx_frame(e->dev, frame, len, &rx),
			0);
	nt_poll(e);
	KUNIT_EXPECT_EQ(e->test, e->nr_held, 1);
	KUNIT_EXPECT_GT(e->test, tpart_stats(e->tp).pinned, 0);
}

/*
 * Close with slots outstanding and a reply queued: the host forgets them,
 * unpins everything, and a second bring-up on the same offer works.
 */
static void nt_close_reopen(struct kunit *test)
{
	struct nt_env *e = nt_up(test, 16);
	struct hvnet_rx_meta rx = {};
	struct hvnet_chan_stats st;
	u8 frame[60];

	nt_fill_frame(frame, sizeof(frame), 9);
	nt_hold_one_slot(e, frame, sizeof(frame));
	KUNIT_ASSERT_EQ(test, tguest_close(e->ch), 0);
	KUNIT_EXPECT_EQ(test, tpart_stats(e->tp).pinned, 0);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, sizeof(frame),
						  &rx), -ENETDOWN);

	e->nr_held = 0;
	e->autocomplete = true;
	KUNIT_ASSERT_EQ(test, tguest_open(e->ch, NT_RING, NT_RING, NULL), 0);
	nt_connect(e);
	nt_init_buf(e);
	nt_rndis_up(e);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.opens, 1);
	KUNIT_EXPECT_EQ(test, st.replies, 3);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, sizeof(frame),
						  &rx), 0);
}

/*
 * HVHOST_RESET (the guest rebooted and closed nothing) with a slot
 * outstanding: the NIC's channel closes, everything is unpinned and frames
 * are refused, but the NIC stays offered.  The next boot's guest, knowing
 * nothing of the last, gets the same offer (relid, instance) and brings it
 * up again as if it were new.
 */
static void nt_partition_reset(struct kunit *test)
{
	struct nt_env *e = nt_up(test, 16);
	struct hvnet_rx_meta rx = {};
	struct hvnet_chan_stats st;
	struct tguest *old = e->g;
	u32 relid = e->ch->relid, xfers;
	u8 frame[60];

	nt_fill_frame(frame, sizeof(frame), 7);
	nt_hold_one_slot(e, frame, sizeof(frame));

	hvhost_vmbus_reset(tpart_vmbus(e->tp));
	KUNIT_EXPECT_EQ(test, tpart_stats(e->tp).pinned, 0);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, sizeof(frame),
						  &rx), -ENETDOWN);
	/* The host said nothing to the old guest: no rescind, no close. */
	KUNIT_EXPECT_EQ(test, tguest_poll(old), 0);
	KUNIT_EXPECT_FALSE(test, e->ch->rescinded);

	e->nr_held = 0;
	e->autocomplete = true;
	nt_attach(e);
	KUNIT_ASSERT_PTR_NE(test, e->g, old);
	KUNIT_EXPECT_EQ(test, e->ch->relid, relid);
	KUNIT_EXPECT_TRUE(test, guid_equal(&e->ch->offer.offer.if_instance,
					   &nt_instance));
	nt_connect(e);
	nt_init_buf(e);
	nt_rndis_up(e);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.opens, 1);
	KUNIT_EXPECT_EQ(test, st.rndis_ok, 3);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, 0);

	xfers = e->xfers;
	nt_fill_frame(frame, sizeof(frame), 8);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, sizeof(frame),
						  &rx), 0);
	nt_poll(e);
	KUNIT_EXPECT_EQ(test, e->xfers, xfers + 1);
	KUNIT_EXPECT_FALSE(test, e->xfer_control);
}

/* Host rescind of an open NIC with slots outstanding. */
static void nt_rescind(struct kunit *test)
{
	struct nt_env *e = nt_up(test, 16);
	struct hvnet_rx_meta rx = {};
	u8 frame[60];

	nt_fill_frame(frame, sizeof(frame), 5);
	e->autocomplete = false;
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, frame, sizeof(frame),
						  &rx), 0);
	hvhost_vmbus_rescind(e->dev);
	KUNIT_EXPECT_GT(test, tguest_poll(e->g), 0);
	KUNIT_EXPECT_TRUE(test, e->ch->rescinded);
	KUNIT_EXPECT_EQ(test, tpart_stats(e->tp).pinned, 0);
	KUNIT_EXPECT_EQ(test, tguest_release_relid(e->ch), 0);
}

/*
 * A guest that stops reading its ring: the host stops when the guest's
 * inbound ring is full (counted), keeps the rest of the requests in the
 * guest's outbound ring, and after the guest drains, every request has
 * its completion, in order, none lost.
 */
static void nt_backpressure(struct kunit *test)
{
	struct nt_env *e = nt_setup(test, 16);
	const struct vmbus_pkt_desc *d = (const void *)e->pkt;
	struct hvnet_chan_stats st;
	u32 type = 9999, len, rounds = 0;
	u64 sent = 0, next = 1;

	/* Requests until the host has no room left for their completions. */
	do {
		while (!tguest_chan_send(e->ch, VM_PKT_DATA_INBAND,
					 VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
					 sent + 1, &type, sizeof(type)))
			sent++;
		hvnet_chan_flush(e->dev);
		hvnet_chan_stats(e->dev, &st);
	} while (!st.ring_full && rounds++ < 100);
	KUNIT_EXPECT_GT(test, st.ring_full, 0);
	KUNIT_EXPECT_LT(test, st.completions, sent);
	rounds = 0;

	while (next <= sent && rounds++ < 1000) {
		while (!tguest_chan_recv(e->ch, e->pkt, TGUEST_PKT_MAX, &len)) {
			KUNIT_ASSERT_EQ(test, d->type, VM_PKT_COMP);
			KUNIT_ASSERT_EQ(test, d->trans_id, next);
			next++;
		}
		tguest_chan_recv_done(e->ch);
		hvnet_chan_flush(e->dev);
	}
	KUNIT_EXPECT_EQ(test, next, sent + 1);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.completions, sent);
	KUNIT_EXPECT_EQ(test, st.nvsp_msgs, sent);
}

/* Link changes reach the guest as RNDIS indications in receive slots. */
static void nt_link(struct kunit *test)
{
	struct nt_env *e = nt_up(test, 16);
	u32 xfers = e->xfers;

	KUNIT_EXPECT_EQ(test, hvnet_chan_link(e->dev, false), 0);
	nt_poll(e);
	KUNIT_ASSERT_EQ(test, e->xfers, xfers + 1);
	KUNIT_EXPECT_TRUE(test, e->xfer_control);
	KUNIT_EXPECT_EQ(test, e->rndis_len, HVNET_RNDIS_INDICATE_LEN);
	KUNIT_EXPECT_EQ(test, nt_get32(e->rndis), RNDIS_MSG_INDICATE);
	KUNIT_EXPECT_EQ(test, nt_get32(e->rndis + 8),
			RNDIS_STATUS_MEDIA_DISCONNECT);
	/* No change, nothing sent. */
	KUNIT_EXPECT_EQ(test, hvnet_chan_link(e->dev, false), 0);
	nt_poll(e);
	KUNIT_EXPECT_EQ(test, e->xfers, xfers + 1);
	KUNIT_EXPECT_EQ(test, hvnet_chan_link(e->dev, true), 0);
	nt_poll(e);
	KUNIT_ASSERT_EQ(test, e->xfers, xfers + 2);
	KUNIT_EXPECT_EQ(test, nt_get32(e->rndis + 8), RNDIS_STATUS_MEDIA_CONNECT);
	KUNIT_ASSERT_EQ(test, tguest_close(e->ch), 0);
	KUNIT_EXPECT_EQ(test, hvnet_chan_link(e->dev, false), -ENETDOWN);
}

/*
 * The work item never waits for the connection mutex: while it is held
 * a receive buffer mapping is retried; a close that comes (under that
 * mutex) while the work item retries stops it instead of deadlocking,
 * and everything is unpinned.  Then the mapping succeeds once the mutex
 * is free.
 */
static void nt_map_vs_close(struct kunit *test)
{
	struct nt_env *e = nt_setup(test, 16);
	struct hvhost_vmbus *vb = tpart_vmbus(e->tp);
	struct vmbus_msg_close_channel cm = {
		.header.msgtype = CHANNELMSG_CLOSECHANNEL,
		.child_relid = e->ch->relid,
	};
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RECV_BUF };
	struct hvnet_chan_stats st;
	struct hvnet_rx_meta rx = {};

	nt_connect(e);
	m.body.send_buf.gpadl_handle = e->recv_gpadl;
	m.body.send_buf.id = NVSP_RECV_BUF_ID;

	/* Busy connection: the mapping waits, then succeeds. */
	mutex_lock(&vb->lock);
	KUNIT_EXPECT_EQ(test, tguest_chan_send(e->ch, VM_PKT_DATA_INBAND,
					       VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
					       ++e->tid, &m, sizeof(m)), 0);
	msleep(20);
	mutex_unlock(&vb->lock);
	e->got_comp = false;
	nt_poll(e);
	KUNIT_EXPECT_TRUE(test, e->got_comp);
	KUNIT_EXPECT_EQ(test, e->comp.body.recv_buf_complete.status,
			NVSP_STAT_SUCCESS);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_GT(test, st.lock_retries, 0);

	/* Busy because the channel is being closed: the work item stops. */
	m.msg_type = NVSP_MSG1_SEND_SEND_BUF;
	m.body.send_buf.gpadl_handle = e->send_gpadl;
	m.body.send_buf.id = NVSP_SEND_BUF_ID_LINUX;
	mutex_lock(&vb->lock);
	KUNIT_EXPECT_EQ(test, tguest_chan_send(e->ch, VM_PKT_DATA_INBAND,
					       VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
					       ++e->tid, &m, sizeof(m)), 0);
	msleep(20);
	hvhost_chan_on_close(vb, &cm, sizeof(cm));
	mutex_unlock(&vb->lock);
	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_GT(test, st.lock_retries, 1);
	KUNIT_EXPECT_EQ(test, tpart_stats(e->tp).pinned, 0);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rx_frame(e->dev, e->pkt, 60, &rx),
			-ENETDOWN);
}

static struct kunit_case nt_cases[] = {
	KUNIT_CASE(nt_offer),
	KUNIT_CASE(nt_bringup),
	KUNIT_CASE(nt_guest_frames),
	KUNIT_CASE(nt_host_frames),
	KUNIT_CASE(nt_slots),
	KUNIT_CASE(nt_link),
	KUNIT_CASE(nt_gpa_direct),
	KUNIT_CASE(nt_gpa_cp_partial),
	KUNIT_CASE(nt_hostile),
	KUNIT_CASE(nt_backpressure),
	KUNIT_CASE(nt_close_reopen),
	KUNIT_CASE(nt_partition_reset),
	KUNIT_CASE(nt_rescind),
	KUNIT_CASE(nt_map_vs_close),
	{}
};

static struct kunit_suite nt_suite = {
	.name = "hvhost_netvsp_chan",
	.test_cases = nt_cases,
};

kunit_test_suite(nt_suite);
