// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit helpers: the software test guest as Linux's netvsc on one NIC.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/string.h>

#include "test/tguest.h"
#include "test/tpart.h"
#include "vmbus/vmbus.h"
#include "chan.h"
#include "nt_guest.h"
#include "nvsp.h"
#include "rndis.h"
#include "rndis_pkt.h"

const guid_t nt_instance =
	GUID_INIT(0x5a5a5a5a, 0x1234, 0x4321,
		  0x80, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07);
const u8 nt_mac[ETH_ALEN] = { 0x00, 0x15, 0x5d, 0x01, 0x02, 0x03 };

/**
 * nt_env_new() - a test partition for a NIC the caller creates
 * @test: the test.
 * @recv_pages: pages of the guest's receive buffer.
 *
 * The caller sets @dev to the NIC's channel, then calls nt_attach().
 */
struct nt_env *nt_env_new(struct kunit *test, u32 recv_pages)
{
	struct nt_env *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->pkt = kunit_kzalloc(test, TGUEST_PKT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e->pkt);
	e->test = test;
	e->autocomplete = true;
	e->recv_pages = recv_pages;
	e->slot_size = HVNET_NVSP_RECV_SUB_ALLOC;
	e->tp = tpart_create_kunit(test, NT_MEM, 1);
	return e;
}

/* The guest connects, opens the NIC and creates its two buffers. */
void nt_attach(struct nt_env *e)
{
	struct kunit *test = e->test;

	e->g = tguest_create_kunit(test, e->tp);
	KUNIT_ASSERT_EQ(test, tguest_connect(e->g), VMBUS_VERSION_WIN10_V5_3);
	KUNIT_ASSERT_EQ(test, tguest_request_offers(e->g), 0);
	e->ch = tguest_find_class(e->g, &hvnet_nic_class);
	KUNIT_ASSERT_NOT_NULL(test, e->ch);
	KUNIT_ASSERT_EQ(test, tguest_open(e->ch, NT_RING, NT_RING, NULL), 0);
	e->recv_gpa = tguest_alloc_pages(e->g, e->recv_pages);
	e->send_gpa = tguest_alloc_pages(e->g, NT_SEND_PAGES);
	KUNIT_ASSERT_NE(test, e->recv_gpa, 0);
	KUNIT_ASSERT_NE(test, e->send_gpa, 0);
	KUNIT_ASSERT_EQ(test, tguest_gpadl_create(e->ch, e->recv_gpa,
						  e->recv_pages,
						  &e->recv_gpadl), 0);
	KUNIT_ASSERT_EQ(test, tguest_gpadl_create(e->ch, e->send_gpa,
						  NT_SEND_PAGES, &e->send_gpadl),
			0);
}

/* netvsc_send_recv_completion(): give a receive slot back. */
void nt_complete_slot(struct nt_env *e, u64 tid)
{
	struct { u32 type; u32 status; } m = {
		NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE, NVSP_STAT_SUCCESS,
	};

	KUNIT_EXPECT_EQ(e->test, tguest_chan_send(e->ch, VM_PKT_COMP, 0, tid,
						  &m, sizeof(m)), 0);
}

/* netvsc_receive(): the checks Linux applies to a transfer-page packet. */
void nt_on_xfer(struct nt_env *e, u32 len)
{
	const struct vmbus_xfer_page_pkt *xp = (const void *)e->pkt;
	struct vmbus_xfer_page_range r;
	struct nvsp_msg m;
	u32 off = xp->desc.offset8 << 3;
	u32 i, n = xp->range_cnt;

	/* One range per packet, or up to NT_RANGES for a coalesced frame. */
	KUNIT_ASSERT_GE(e->test, n, 1);
	KUNIT_ASSERT_LE(e->test, n, e->multi ? NT_RANGES : 1);
	KUNIT_ASSERT_EQ(e->test, off, sizeof(*xp) + n * sizeof(r));
	KUNIT_ASSERT_EQ(e->test, len, off + NVSP_MSG_SIZE);
	KUNIT_EXPECT_EQ(e->test, xp->desc.flags,
			VMBUS_PKT_FLAG_COMPLETION_REQUESTED);
	KUNIT_EXPECT_EQ(e->test, xp->xfer_pageset_id, NVSP_RECV_BUF_ID);
	e->ranges = n;
	for (i = 0; n > 1 && i < n; i++) {
		memcpy(&r, e->pkt + sizeof(*xp) + i * sizeof(r), sizeof(r));
		KUNIT_EXPECT_EQ(e->test, r.byte_offset % e->slot_size, 0);
		KUNIT_ASSERT_LE(e->test, r.byte_count, e->slot_size);
		KUNIT_ASSERT_LE(e->test, r.byte_offset + r.byte_count,
				e->recv_pages * HV_PAGE_SIZE);
		e->multi_len[i] = r.byte_count;
		KUNIT_EXPECT_EQ(e->test,
				tpart_read(e->tp, e->recv_gpa + r.byte_offset,
					   e->multi + i * e->slot_size,
					   r.byte_count), 0);
	}
	memcpy(&r, e->pkt + sizeof(*xp) + (n - 1) * sizeof(r), sizeof(r));
	memcpy(&m, e->pkt + off, sizeof(m));
	KUNIT_EXPECT_EQ(e->test, m.msg_type, NVSP_MSG1_SEND_RNDIS_PKT);
	KUNIT_EXPECT_EQ(e->test, m.body.rndis_pkt.send_buf_section_index,
			NVSP_INVALID_SECTION_INDEX);
	KUNIT_EXPECT_EQ(e->test, r.byte_offset % e->slot_size, 0);
	KUNIT_ASSERT_LE(e->test, r.byte_count, e->slot_size);
	KUNIT_ASSERT_LE(e->test, r.byte_offset + r.byte_count,
			e->recv_pages * HV_PAGE_SIZE);
	e->xfers++;
	e->xfer_control = m.body.rndis_pkt.channel_type ==
			  NVSP_RNDIS_CHANNEL_CONTROL;
	e->rndis_len = r.byte_count;
	KUNIT_EXPECT_EQ(e->test, tpart_read(e->tp, e->recv_gpa + r.byte_offset,
					    e->rndis, r.byte_count), 0);
	if (e->nr_held < NT_HELD_MAX)
		e->held[e->nr_held++] = xp->desc.trans_id;
}

/* Let the host run, then read everything it sent. */
void nt_poll(struct nt_env *e)
{
	const struct vmbus_pkt_desc *d = (const void *)e->pkt;
	u32 len, i;

	hvnet_chan_flush(e->dev);
	while (!tguest_chan_recv(e->ch, e->pkt, TGUEST_PKT_MAX, &len)) {
		if (d->type == VM_PKT_COMP) {
			e->got_comp = true;
			e->comp_tid = d->trans_id;
			e->comp_len = len - (d->offset8 << 3);
			memset(&e->comp, 0, sizeof(e->comp));
			memcpy(&e->comp, e->pkt + (d->offset8 << 3),
			       min_t(u32, e->comp_len, sizeof(e->comp)));
		} else {
			KUNIT_ASSERT_EQ(e->test, d->type,
					VM_PKT_DATA_USING_XFER_PAGES);
			nt_on_xfer(e, len);
		}
	}
	tguest_chan_recv_done(e->ch);
	if (!e->autocomplete || !e->nr_held)
		return;
	for (i = 0; i < e->nr_held; i++)
		nt_complete_slot(e, e->held[i]);
	e->nr_held = 0;
	hvnet_chan_flush(e->dev);
}

/* Send one NVSP message; check whether a completion came back. */
struct nvsp_msg *nt_nvsp(struct nt_env *e, const struct nvsp_msg *m,
			 bool want_comp)
{
	u16 flags = want_comp ? VMBUS_PKT_FLAG_COMPLETION_REQUESTED : 0;

	e->got_comp = false;
	KUNIT_EXPECT_EQ(e->test, tguest_chan_send(e->ch, VM_PKT_DATA_INBAND,
						  flags, ++e->tid, m,
						  sizeof(*m)), 0);
	nt_poll(e);
	KUNIT_EXPECT_EQ(e->test, e->got_comp, want_comp);
	if (want_comp) {
		KUNIT_EXPECT_EQ(e->test, e->comp_tid, e->tid);
		KUNIT_EXPECT_EQ(e->test, e->comp_len, NVSP_MSG_SIZE);
	}
	return &e->comp;
}

/* rndis_filter_send_request() through send section @sec; the status. */
u32 nt_rndis(struct nt_env *e, u32 sec, const void *msg, u32 len,
	     bool control)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };
	struct nvsp_msg *c;

	KUNIT_EXPECT_EQ(e->test, tpart_write(e->tp, e->send_gpa + sec *
					     HVNET_NVSP_SEND_SECTION, msg, len),
			0);
	m.body.rndis_pkt.channel_type = control;
	m.body.rndis_pkt.send_buf_section_index = sec;
	m.body.rndis_pkt.send_buf_section_size = len;
	c = nt_nvsp(e, &m, true);
	KUNIT_EXPECT_EQ(e->test, c->msg_type, NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
	return c->body.rndis_pkt_complete.status;
}

u32 nt_get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* A control request and its reply in a receive slot. */
void nt_control(struct nt_env *e, const void *msg, u32 len, u32 type)
{
	u32 xfers = e->xfers;

	KUNIT_EXPECT_EQ(e->test, nt_rndis(e, 1, msg, len, true),
			NVSP_STAT_SUCCESS);
	KUNIT_ASSERT_EQ(e->test, e->xfers, xfers + 1);
	KUNIT_EXPECT_TRUE(e->test, e->xfer_control);
	KUNIT_EXPECT_EQ(e->test, nt_get32(e->rndis), type);
	KUNIT_EXPECT_EQ(e->test, nt_get32(e->rndis + 4), e->rndis_len);
	KUNIT_EXPECT_EQ(e->test, nt_get32(e->rndis + 8), e->req_id);
	KUNIT_EXPECT_EQ(e->test, nt_get32(e->rndis + 12), RNDIS_STATUS_SUCCESS);
}

void nt_connect(struct nt_env *e)
{
	struct kunit *test = e->test;
	struct nvsp_msg m = { .msg_type = NVSP_MSG_INIT };
	struct nvsp_msg *c;

	/* negotiate_nvsp_ver(): INIT, then NDIS config for NVSPv2+. */
	m.body.init.min_protocol_ver = NVSP_VERSION_61;
	m.body.init.max_protocol_ver = NVSP_VERSION_61;
	c = nt_nvsp(e, &m, true);
	KUNIT_EXPECT_EQ(test, c->msg_type, NVSP_MSG_INIT_COMPLETE);
	KUNIT_EXPECT_EQ(test, c->body.init_complete.status, NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->body.init_complete.negotiated_protocol_ver,
			NVSP_VERSION_61);
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG2_SEND_NDIS_CONFIG;
	m.body.ndis_config.mtu = 1500 + ETH_HLEN;
	m.body.ndis_config.capability = NVSP_CAP_IEEE8021Q | NVSP_CAP_SRIOV |
					NVSP_CAP_TEAMING | NVSP_CAP_RSC;
	nt_nvsp(e, &m, false);
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG1_SEND_NDIS_VERSION;
	m.body.ndis_version.major = 6;
	m.body.ndis_version.minor = 30;
	nt_nvsp(e, &m, false);
}

void nt_init_buf(struct nt_env *e)
{
	struct kunit *test = e->test;
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RECV_BUF };
	u32 slots = e->recv_pages * HV_PAGE_SIZE / e->slot_size;
	struct nvsp_msg *c;

	m.body.send_buf.gpadl_handle = e->recv_gpadl;
	m.body.send_buf.id = NVSP_RECV_BUF_ID;
	c = nt_nvsp(e, &m, true);
	KUNIT_EXPECT_EQ(test, c->msg_type, NVSP_MSG1_SEND_RECV_BUF_COMPLETE);
	KUNIT_EXPECT_EQ(test, c->body.recv_buf_complete.status,
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->body.recv_buf_complete.num_sections, 1);
	KUNIT_EXPECT_EQ(test, c->body.recv_buf_complete.section.offset, 0);
	KUNIT_EXPECT_EQ(test, c->body.recv_buf_complete.section.sub_alloc_size,
			e->slot_size);
	KUNIT_EXPECT_EQ(test, c->body.recv_buf_complete.section.num_sub_allocs,
			slots);
	KUNIT_EXPECT_EQ(test, c->body.recv_buf_complete.section.end_offset,
			slots * e->slot_size);

	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG1_SEND_SEND_BUF;
	m.body.send_buf.gpadl_handle = e->send_gpadl;
	m.body.send_buf.id = NVSP_SEND_BUF_ID_LINUX;
	c = nt_nvsp(e, &m, true);
	KUNIT_EXPECT_EQ(test, c->msg_type, NVSP_MSG1_SEND_SEND_BUF_COMPLETE);
	KUNIT_EXPECT_EQ(test, c->body.send_buf_complete.status,
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->body.send_buf_complete.section_size,
			HVNET_NVSP_SEND_SECTION);
}

void nt_oid(struct nt_env *e, u32 type, u32 oid, const void *val,
	    u32 val_len)
{
	struct rndis_oid_request q = {
		.req_id = ++e->req_id, .oid = oid, .info_buflen = val_len,
		.info_buf_offset = val_len ? sizeof(q) : 0,
	};
	struct rndis_msg_hdr h = { type, RNDIS_HDR_SIZE + sizeof(q) + val_len };
	u8 msg[64] = {};

	memcpy(msg, &h, sizeof(h));
	memcpy(msg + RNDIS_HDR_SIZE, &q, sizeof(q));
	memcpy(msg + RNDIS_HDR_SIZE + sizeof(q), val, val_len);
	nt_control(e, msg, h.msg_len, type | RNDIS_MSG_COMPLETION);
}

/* rndis_filter_device_add(): INITIALIZE, the MAC address, the filter. */
void nt_rndis_up(struct nt_env *e)
{
	struct kunit *test = e->test;
	struct rndis_init_request ir = {
		.major_ver = 1, .max_xfer_size = 0x4000,
	};
	struct rndis_msg_hdr h = { RNDIS_MSG_INIT, RNDIS_HDR_SIZE + sizeof(ir) };
	u32 filter = RNDIS_PACKET_TYPE_DIRECTED | RNDIS_PACKET_TYPE_BROADCAST |
		     RNDIS_PACKET_TYPE_ALL_MULTICAST;
	struct rndis_init_complete ic;
	struct rndis_query_complete qc;
	u8 msg[64];

	ir.req_id = ++e->req_id;
	memcpy(msg, &h, sizeof(h));
	memcpy(msg + RNDIS_HDR_SIZE, &ir, sizeof(ir));
	nt_control(e, msg, h.msg_len, RNDIS_MSG_INIT_C);
	KUNIT_ASSERT_GE(test, e->rndis_len, RNDIS_HDR_SIZE + sizeof(ic));
	memcpy(&ic, e->rndis + RNDIS_HDR_SIZE, sizeof(ic));
	KUNIT_EXPECT_EQ(test, ic.major_ver, 1);
	KUNIT_EXPECT_EQ(test, ic.medium, RNDIS_MEDIUM_802_3);
	KUNIT_EXPECT_EQ(test, ic.max_pkt_per_msg, HVNET_RNDIS_MAX_PKT_PER_MSG);
	KUNIT_EXPECT_EQ(test, ic.pkt_alignment_factor,
			HVNET_RNDIS_PKT_ALIGN_SHIFT);

	nt_oid(e, RNDIS_MSG_QUERY, RNDIS_OID_802_3_PERMANENT_ADDRESS, NULL, 0);
	memcpy(&qc, e->rndis + RNDIS_HDR_SIZE, sizeof(qc));
	KUNIT_ASSERT_EQ(test, qc.info_buflen, ETH_ALEN);
	KUNIT_ASSERT_LE(test, RNDIS_HDR_SIZE + qc.info_buf_offset + ETH_ALEN,
			e->rndis_len);
	KUNIT_EXPECT_EQ(test, memcmp(e->rndis + RNDIS_HDR_SIZE +
				     qc.info_buf_offset, nt_mac, ETH_ALEN), 0);

	nt_oid(e, RNDIS_MSG_SET, RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
	       &filter, sizeof(filter));
}

void nt_fill_frame(u8 *f, u32 len, u8 seed)
{
	u32 i;

	eth_broadcast_addr(f);
	ether_addr_copy(f + ETH_ALEN, nt_mac);
	f[12] = 0x08;
	f[13] = 0x00;
	for (i = ETH_HLEN; i < len; i++)
		f[i] = seed + i * 7;
}

/* An RNDIS_MSG_PACKET around @frame, no per-packet info; its length. */
u32 nt_build_packet(u8 *buf, const u8 *frame, u32 len)
{
	struct rndis_packet p = {
		.data_offset = sizeof(p), .data_len = len,
	};
	struct rndis_msg_hdr h = {
		RNDIS_MSG_PACKET, ALIGN(RNDIS_HDR_SIZE + sizeof(p) + len, 8),
	};

	memset(buf, 0, h.msg_len);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + RNDIS_HDR_SIZE, &p, sizeof(p));
	memcpy(buf + RNDIS_HDR_SIZE + sizeof(p), frame, len);
	return h.msg_len;
}

