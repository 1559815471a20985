// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: a Linux 6.12 hv_netvsc bring-up against the host's NVSP and RNDIS
 * layers, in the order netvsc_connect_vsp(), netvsc_init_buf() and
 * rndis_filter_device_add() perform it, then a batch of data frames.
 *
 * A small test glue plays the channel: RNDIS requests go through a send
 * buffer section as the guest puts them there, and every reply is checked
 * the way the guest checks it before it would accept it.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/string.h>

#include "nvsp.h"
#include "rndis.h"
#include "rndis_pkt.h"

#define SEND_SECTIONS	16
#define SEND_LEN	(SEND_SECTIONS * HVNET_NVSP_SEND_SECTION)
#define RECV_LEN	(16U << 20)
/* Largest reply a Linux guest accepts: rndis_message plus a page. */
#define GUEST_RESP_MAX	(52 + 4096)

static const u8 nic_mac[ETH_ALEN] = { 0x00, 0x15, 0x5d, 0x33, 0x44, 0x55 };

struct glue {
	struct hvnet_nvsp nvsp;
	struct hvnet_rndis rndis;
	u8 *send_buf;
	u64 tid;
	u32 req_id;
	struct hvnet_nvsp_result res;
	u8 reply[HVNET_RNDIS_REPLY_MAX];
	u32 reply_len;
	u32 frames;
	struct hvnet_pkt_meta last;
};

static int glue_map(void *priv, enum hvnet_buf_kind kind, u32 gpadl, u32 *len)
{
	*len = kind == HVNET_RECV_BUF ? RECV_LEN : SEND_LEN;
	return 0;
}

static void glue_unmap(void *priv, enum hvnet_buf_kind kind)
{
}

static const struct hvnet_nvsp_ops glue_ops = {
	.map_buf = glue_map,
	.unmap_buf = glue_unmap,
};

static int glue_init(struct kunit *test)
{
	struct hvnet_rndis_config rcfg = {
		.mtu = 1500,
		.link_speed = 100000000,
		.num_queues = 1,
	};
	struct hvnet_nvsp_config ncfg;
	struct glue *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	g->send_buf = kunit_kzalloc(test, SEND_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, g->send_buf);
	hvnet_nvsp_config_default(&ncfg);
	KUNIT_ASSERT_EQ(test, hvnet_nvsp_init(&g->nvsp, &ncfg, &glue_ops, g), 0);
	ether_addr_copy(rcfg.perm_addr, nic_mac);
	KUNIT_ASSERT_EQ(test, hvnet_rndis_init(&g->rndis, &rcfg), 0);
	test->priv = g;
	return 0;
}

static int glue_frame(void *ctx, const u8 *msg, u32 len)
{
	struct glue *g = ctx;
	int err;

	err = hvnet_rndis_pkt_parse(msg, len, len, &g->last);
	if (!err)
		g->frames++;
	return err;
}

/* The host side of one deferred SEND_RNDIS_PKT: copy, handle, complete. */
static void glue_rndis(struct kunit *test, struct glue *g)
{
	const struct hvnet_nvsp_rndis_loc *loc = &g->res.rndis;
	u8 *copy;
	int err;

	KUNIT_ASSERT_TRUE(test, loc->in_section);
	copy = kunit_kmalloc(test, loc->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, g->send_buf + loc->offset, loc->len);
	g->reply_len = 0;
	if (loc->control)
		err = hvnet_rndis_control(&g->rndis, copy, loc->len, g->reply,
					  &g->reply_len);
	else
		err = hvnet_rndis_walk(copy, loc->len,
				       HVNET_RNDIS_MAX_PKT_PER_MSG,
				       glue_frame, g) < 0 ? -EINVAL : 0;
	hvnet_nvsp_rndis_done(&g->nvsp, err ? NVSP_STAT_INVALID_RNDIS_PKT :
			      NVSP_STAT_SUCCESS, &g->res);
	kunit_kfree(test, copy);
}

/* The guest sends a 40-byte NVSP message with a completion requested. */
static struct hvnet_nvsp_result *guest_nvsp(struct kunit *test,
					    const struct nvsp_msg *m)
{
	struct glue *g = test->priv;

	hvnet_nvsp_handle(&g->nvsp, ++g->tid, m, sizeof(*m), &g->res);
	if (g->res.reply == HVNET_NVSP_DEFER_RNDIS)
		glue_rndis(test, g);
	KUNIT_EXPECT_EQ(test, g->res.trans_id, g->tid);
	return &g->res;
}

/* rndis_filter_send_request(): the message goes into send section 2. */
static void guest_rndis(struct kunit *test, const void *msg, u32 len,
			bool control)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };
	struct glue *g = test->priv;
	struct hvnet_nvsp_result *r;

	memcpy(g->send_buf + 2 * HVNET_NVSP_SEND_SECTION, msg, len);
	m.body.rndis_pkt.channel_type = control;
	m.body.rndis_pkt.send_buf_section_index = 2;
	m.body.rndis_pkt.send_buf_section_size = len;
	r = guest_nvsp(test, &m);
	/* netvsc_send_completion(): SEND_RNDIS_PKT_COMPLETE, success. */
	KUNIT_EXPECT_EQ(test, r->reply, HVNET_NVSP_REPLY_MSG);
	KUNIT_EXPECT_EQ(test, r->msg.msg_type, NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
	KUNIT_EXPECT_EQ(test, r->msg.body.rndis_pkt_complete.status,
			NVSP_STAT_SUCCESS);
}

static u32 get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* What rndis_filter_receive_response() requires of any reply. */
static void guest_check_reply(struct kunit *test, u32 type)
{
	struct glue *g = test->priv;

	KUNIT_ASSERT_GT(test, g->reply_len, 0);
	KUNIT_EXPECT_EQ(test, get32(g->reply), type);
	KUNIT_EXPECT_EQ(test, get32(g->reply + 4), g->reply_len);
	KUNIT_EXPECT_LE(test, g->reply_len, GUEST_RESP_MAX);
	KUNIT_EXPECT_GE(test, g->reply_len - 8, 4);
	KUNIT_EXPECT_EQ(test, get32(g->reply + 8), g->req_id);
}

/*
 * rndis_filter_query_device(): send a QUERY (with an input object for the
 * two OIDs that take one), then apply the guest's bounds checks.  Return 0
 * and the answer, or -1 as the guest would.
 */
static int guest_query(struct kunit *test, u32 oid, const void *in,
		       u32 in_len, void *result, u32 *result_size)
{
	struct glue *g = test->priv;
	struct rndis_oid_request q = {
		.req_id = ++g->req_id, .oid = oid, .info_buflen = in_len,
		.info_buf_offset = sizeof(q),
	};
	struct rndis_msg_hdr h = { RNDIS_MSG_QUERY, 8 + sizeof(q) + in_len };
	u32 inresult = *result_size, msg_len, ilen, ioff;
	u8 msg[256] = {};

	memcpy(msg, &h, sizeof(h));
	memcpy(msg + 8, &q, sizeof(q));
	if (in_len)
		memcpy(msg + 8 + sizeof(q), in, in_len);
	guest_rndis(test, msg, h.msg_len, true);
	guest_check_reply(test, RNDIS_MSG_QUERY_C);
	*result_size = 0;
	msg_len = get32(g->reply + 4);
	if (msg_len - 8 < sizeof(struct rndis_query_complete))
		return -1;
	ilen = get32(g->reply + 16);
	ioff = get32(g->reply + 20);
	if (ilen > inresult || ioff < 16 || msg_len - 8 < ioff ||
	    msg_len - 8 - ioff < ilen)
		return -1;
	memcpy(result, g->reply + 8 + ioff, ilen);
	*result_size = ilen;
	return 0;
}

static u32 guest_set(struct kunit *test, u32 oid, const void *info, u32 len)
{
	struct glue *g = test->priv;
	struct rndis_oid_request s = {
		.req_id = ++g->req_id, .oid = oid, .info_buflen = len,
		.info_buf_offset = sizeof(s),
	};
	struct rndis_msg_hdr h = { RNDIS_MSG_SET, 8 + sizeof(s) + len };
	u8 msg[256] = {};

	memcpy(msg, &h, sizeof(h));
	memcpy(msg + 8, &s, sizeof(s));
	if (len)
		memcpy(msg + 8 + sizeof(s), info, len);
	guest_rndis(test, msg, h.msg_len, true);
	guest_check_reply(test, RNDIS_MSG_SET_C);
	return get32(g->reply + 12);
}

/* netvsc_connect_vsp() and netvsc_init_buf(). */
static void guest_connect_vsp(struct kunit *test)
{
	struct glue *g = test->priv;
	struct nvsp_msg m = { .msg_type = NVSP_MSG_INIT };
	struct hvnet_nvsp_result *r;
	u32 sub, n;

	m.body.init.min_protocol_ver = NVSP_VERSION_61;
	m.body.init.max_protocol_ver = NVSP_VERSION_61;
	r = guest_nvsp(test, &m);
	KUNIT_ASSERT_EQ(test, r->msg.msg_type, NVSP_MSG_INIT_COMPLETE);
	KUNIT_ASSERT_EQ(test, r->msg.body.init_complete.status,
			NVSP_STAT_SUCCESS);

	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG2_SEND_NDIS_CONFIG;
	m.body.ndis_config.mtu = 1500 + ETH_HLEN;
	m.body.ndis_config.capability = NVSP_CAP_IEEE8021Q | NVSP_CAP_SRIOV |
					NVSP_CAP_TEAMING | NVSP_CAP_RSC;
	KUNIT_EXPECT_EQ(test, guest_nvsp(test, &m)->reply, HVNET_NVSP_NO_REPLY);

	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG1_SEND_NDIS_VERSION;
	m.body.ndis_version.major = 6;
	m.body.ndis_version.minor = 30;
	KUNIT_EXPECT_EQ(test, guest_nvsp(test, &m)->reply, HVNET_NVSP_NO_REPLY);

	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG1_SEND_RECV_BUF;
	m.body.send_buf.gpadl_handle = 0xe1;
	m.body.send_buf.id = NVSP_RECV_BUF_ID;
	r = guest_nvsp(test, &m);
	KUNIT_ASSERT_EQ(test, r->msg.msg_type, NVSP_MSG1_SEND_RECV_BUF_COMPLETE);
	KUNIT_ASSERT_EQ(test, r->msg.body.recv_buf_complete.status,
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->msg.body.recv_buf_complete.num_sections, 1);
	KUNIT_EXPECT_EQ(test, r->msg.body.recv_buf_complete.section.offset, 0);
	sub = r->msg.body.recv_buf_complete.section.sub_alloc_size;
	n = r->msg.body.recv_buf_complete.section.num_sub_allocs;
	KUNIT_EXPECT_GE(test, sub, 68);
	KUNIT_EXPECT_LE(test, (u64)sub * n, RECV_LEN);

	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG1_SEND_SEND_BUF;
	m.body.send_buf.gpadl_handle = 0xe2;
	m.body.send_buf.id = NVSP_SEND_BUF_ID_LINUX;
	r = guest_nvsp(test, &m);
	KUNIT_ASSERT_EQ(test, r->msg.msg_type, NVSP_MSG1_SEND_SEND_BUF_COMPLETE);
	KUNIT_ASSERT_EQ(test, r->msg.body.send_buf_complete.status,
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_GE(test, r->msg.body.send_buf_complete.section_size, 68);
	KUNIT_EXPECT_EQ(test, SEND_LEN / r->msg.body.send_buf_complete.section_size,
			SEND_SECTIONS);
	KUNIT_EXPECT_EQ(test, g->nvsp.stats.bad_msgs, 0);
}

/* rndis_filter_init_device(). */
static void guest_rndis_init(struct kunit *test)
{
	struct glue *g = test->priv;
	struct rndis_init_request req = {
		.req_id = ++g->req_id, .major_ver = 1, .minor_ver = 0,
		.max_xfer_size = 0x4000,
	};
	struct rndis_msg_hdr h = { RNDIS_MSG_INIT, 8 + sizeof(req) };
	struct rndis_init_complete c;
	u8 msg[64];

	memcpy(msg, &h, sizeof(h));
	memcpy(msg + 8, &req, sizeof(req));
	guest_rndis(test, msg, h.msg_len, true);
	guest_check_reply(test, RNDIS_MSG_INIT_C);
	memcpy(&c, g->reply + 8, sizeof(c));
	KUNIT_ASSERT_EQ(test, c.status, RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c.max_pkt_per_msg, 8);
	KUNIT_EXPECT_LT(test, c.pkt_alignment_factor, 32);
	KUNIT_EXPECT_EQ(test, 1U << c.pkt_alignment_factor, 8);
}

/* rndis_query_hwcaps() and rndis_netdev_set_hwcaps() at NVSP >= 5. */
static void guest_set_hwcaps(struct kunit *test)
{
	struct ndis_object_header in = { NDIS_OBJECT_TYPE_OFFLOAD, 3,
					 NDIS_OFFLOAD_SIZE_6_30 };
	u8 inbuf[NDIS_OFFLOAD_SIZE_6_30] = {};
	struct ndis_offload_params p = {};
	struct ndis_offload caps = {};
	u32 size = sizeof(caps);

	memcpy(inbuf, &in, sizeof(in));
	KUNIT_ASSERT_EQ(test, guest_query(test,
					  OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES,
					  inbuf, sizeof(inbuf), &caps, &size), 0);
	KUNIT_EXPECT_EQ(test, caps.header.type, NDIS_OBJECT_TYPE_OFFLOAD);
	KUNIT_EXPECT_GE(test, caps.header.revision, 1);
	KUNIT_EXPECT_LE(test, caps.header.size, size);
	KUNIT_EXPECT_GE(test, caps.header.size, NDIS_OFFLOAD_SIZE_6_0);
	/* No capabilities: the guest asks only to switch IPv4 csum off. */
	p.header.type = NDIS_OBJECT_TYPE_DEFAULT;
	p.header.revision = 3;
	p.header.size = sizeof(p);
	p.ip_v4_csum = NDIS_OFFLOAD_PARAMS_CSUM_DISABLED;
	KUNIT_EXPECT_EQ(test, guest_set(test, OID_TCP_OFFLOAD_PARAMETERS, &p,
					sizeof(p)), RNDIS_STATUS_SUCCESS);
}

/* rndis_filter_device_add() from INITIALIZE to the RSS decision. */
static void bringup_linux_6_12(struct kunit *test)
{
	struct ndis_object_header rh = { NDIS_OBJECT_TYPE_RSS_CAPABILITIES, 2,
					 18 };
	struct glue *g = test->priv;
	struct ndis_rss_caps rss = {};
	u8 buf[64], mac[ETH_ALEN];
	u32 v, size, filter;

	guest_connect_vsp(test);
	guest_rndis_init(test);

	size = sizeof(v);
	KUNIT_EXPECT_EQ(test, guest_query(test, RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE,
					  NULL, 0, &v, &size), 0);
	KUNIT_EXPECT_EQ(test, size, 4);
	KUNIT_EXPECT_EQ(test, v, 1500);

	size = ETH_ALEN;
	KUNIT_EXPECT_EQ(test, guest_query(test,
					  RNDIS_OID_802_3_PERMANENT_ADDRESS,
					  NULL, 0, mac, &size), 0);
	KUNIT_EXPECT_EQ(test, size, ETH_ALEN);
	KUNIT_EXPECT_MEMEQ(test, mac, nic_mac, ETH_ALEN);

	/* rndis_get_friendly_name(): refused, and the guest carries on. */
	size = sizeof(buf);
	KUNIT_EXPECT_EQ(test, guest_query(test, RNDIS_OID_GEN_FRIENDLY_NAME,
					  NULL, 0, buf, &size), -1);
	KUNIT_EXPECT_EQ(test, get32(g->reply + 12), RNDIS_STATUS_NOT_SUPPORTED);

	guest_set_hwcaps(test);

	size = sizeof(v);
	KUNIT_EXPECT_EQ(test, guest_query(test,
					  RNDIS_OID_GEN_MEDIA_CONNECT_STATUS,
					  NULL, 0, &v, &size), 0);
	KUNIT_EXPECT_EQ(test, v, RNDIS_MEDIA_STATE_CONNECTED);

	size = sizeof(v);
	KUNIT_EXPECT_EQ(test, guest_query(test, RNDIS_OID_GEN_LINK_SPEED,
					  NULL, 0, &v, &size), 0);
	KUNIT_EXPECT_EQ(test, v, 100000000);

	/* vRSS: one queue, so the guest stays on one channel. */
	size = sizeof(rss);
	memcpy(buf, &rh, sizeof(rh));
	memset(buf + sizeof(rh), 0, 18 - sizeof(rh));
	KUNIT_EXPECT_EQ(test, guest_query(test,
					  OID_GEN_RECEIVE_SCALE_CAPABILITIES,
					  buf, 18, &rss, &size), 0);
	KUNIT_EXPECT_EQ(test, rss.num_recv_que, 1);

	/* rndis_filter_open(): the receive filter. */
	filter = RNDIS_PACKET_TYPE_BROADCAST | RNDIS_PACKET_TYPE_ALL_MULTICAST |
		 RNDIS_PACKET_TYPE_DIRECTED;
	KUNIT_EXPECT_EQ(test, guest_set(test, RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
					&filter, 4), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, g->rndis.filter, filter);
	KUNIT_EXPECT_EQ(test, g->rndis.stats.bad_msgs, 0);
	KUNIT_EXPECT_EQ(test, g->rndis.stats.unknown_oids, 1);
	KUNIT_EXPECT_EQ(test, g->nvsp.inflight, 0);
}

/* Three frames batched in one section, then one with a bad PPI. */
static void bringup_then_frames(struct kunit *test)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };
	struct glue *g = test->priv;
	struct hvnet_nvsp_result *r;
	u8 *sec = g->send_buf + 5 * HVNET_NVSP_SEND_SECTION;
	u32 off = 0, i, len;

	guest_connect_vsp(test);
	guest_rndis_init(test);
	for (i = 0; i < 3; i++) {
		struct rndis_packet p = { .data_offset = 36, .data_len = 60 };
		struct rndis_msg_hdr h = { RNDIS_MSG_PACKET, 8 + 36 + 60 + 4 };

		memcpy(sec + off, &h, sizeof(h));
		memcpy(sec + off + 8, &p, sizeof(p));
		memset(sec + off + 44, 0x42, 60 + 4);
		off += h.msg_len;
	}
	m.body.rndis_pkt.channel_type = NVSP_RNDIS_CHANNEL_DATA;
	m.body.rndis_pkt.send_buf_section_index = 5;
	m.body.rndis_pkt.send_buf_section_size = off;
	r = guest_nvsp(test, &m);
	KUNIT_EXPECT_EQ(test, r->msg.msg_type, NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
	KUNIT_EXPECT_EQ(test, r->msg.body.rndis_pkt_complete.status,
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, g->frames, 3);
	KUNIT_EXPECT_EQ(test, g->last.data_len, 60);
	/* Break the last frame: data_len past its message. */
	len = 8 + 36 + 60 + 4;
	memset(sec + 2 * len + 12, 0xff, 4);
	r = guest_nvsp(test, &m);
	KUNIT_EXPECT_EQ(test, r->msg.body.rndis_pkt_complete.status,
			NVSP_STAT_INVALID_RNDIS_PKT);
	KUNIT_EXPECT_EQ(test, g->nvsp.inflight, 0);
}

static struct kunit_case bringup_cases[] = {
	KUNIT_CASE(bringup_linux_6_12),
	KUNIT_CASE(bringup_then_frames),
	{}
};

static struct kunit_suite bringup_suite = {
	.name = "hvhost_netvsp_bringup",
	.init = glue_init,
	.test_cases = bringup_cases,
};

kunit_test_suite(bringup_suite);
