// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: RNDIS control messages and the OID allow-list.  Requests are built
 * as a Linux 6.12 guest builds them (rndis_filter.c), then broken in every
 * way the guest-input checklist names; each case asserts the reply bytes.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/string.h>

#include "rndis.h"

#define REQ_ID		0x5a5a0001
#define MSG_MAX		2048

static const u8 test_mac[ETH_ALEN] = { 0x00, 0x15, 0x5d, 0x01, 0x02, 0x03 };

struct rndis_ctx {
	struct hvnet_rndis r;
	struct hvnet_rndis_config cfg;
	u8 msg[MSG_MAX];
	u8 reply[HVNET_RNDIS_REPLY_MAX];
	u32 reply_len;
	int ret;
};

static int rndis_test_init(struct kunit *test)
{
	struct rndis_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	ether_addr_copy(c->cfg.perm_addr, test_mac);
	c->cfg.mtu = 1500;
	c->cfg.link_speed = 100000000;	/* 10 Gbit/s in 100 bit/s */
	c->cfg.num_queues = 1;
	KUNIT_ASSERT_EQ(test, hvnet_rndis_init(&c->r, &c->cfg), 0);
	test->priv = c;
	return 0;
}

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, sizeof(v));
}

static u32 get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int run(struct kunit *test, u32 len)
{
	struct rndis_ctx *c = test->priv;

	memset(c->reply, 0xaa, sizeof(c->reply));
	c->ret = hvnet_rndis_control(&c->r, c->msg, len, c->reply,
				     &c->reply_len);
	return c->ret;
}

/* RNDIS_MSG_INIT as rndis_filter_init_device() sends it. */
static u32 build_init(u8 *m, u32 major)
{
	memset(m, 0, 24);
	put32(m, RNDIS_MSG_INIT);
	put32(m + 4, 24);
	put32(m + 8, REQ_ID);
	put32(m + 12, major);
	put32(m + 16, 0);
	put32(m + 20, 0x4000);
	return 24;
}

/* QUERY or SET with the information buffer right after the request. */
static u32 build_oid(u8 *m, u32 type, u32 oid, const void *info, u32 len)
{
	memset(m, 0, 28 + len);
	put32(m, type);
	put32(m + 4, 28 + len);
	put32(m + 8, REQ_ID);
	put32(m + 12, oid);
	put32(m + 16, len);
	put32(m + 20, 20);
	if (len)
		memcpy(m + 28, info, len);
	return 28 + len;
}

static void rndis_up(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;

	KUNIT_ASSERT_EQ(test, run(test, build_init(c->msg, 1)), 0);
	KUNIT_ASSERT_EQ(test, get32(c->reply + 12), RNDIS_STATUS_SUCCESS);
}

/*
 * QUERY @oid and check the reply the way Linux's rndis_filter_query_device()
 * does, byte for byte.  Return the status; the answer goes to @out.
 */
static u32 query(struct kunit *test, u32 oid, const void *in, u32 in_len,
		 u8 *out, u32 *out_len)
{
	struct rndis_ctx *c = test->priv;
	u32 status, ilen, ioff, len;

	len = build_oid(c->msg, RNDIS_MSG_QUERY, oid, in, in_len);
	KUNIT_EXPECT_EQ(test, run(test, len), 0);
	KUNIT_EXPECT_EQ(test, get32(c->reply), RNDIS_MSG_QUERY_C);
	KUNIT_EXPECT_EQ(test, get32(c->reply + 4), c->reply_len);
	KUNIT_EXPECT_EQ(test, get32(c->reply + 8), REQ_ID);
	status = get32(c->reply + 12);
	ilen = get32(c->reply + 16);
	ioff = get32(c->reply + 20);
	*out_len = 0;
	if (status != RNDIS_STATUS_SUCCESS) {
		KUNIT_EXPECT_EQ(test, c->reply_len, 24);
		KUNIT_EXPECT_EQ(test, ilen, 0);
		KUNIT_EXPECT_EQ(test, ioff, 0);
		return status;
	}
	KUNIT_EXPECT_EQ(test, ioff, 16);
	KUNIT_EXPECT_EQ(test, c->reply_len, 24 + ilen);
	KUNIT_ASSERT_LE(test, ilen, HVNET_RNDIS_REPLY_MAX - 24);
	memcpy(out, c->reply + 24, ilen);
	*out_len = ilen;
	return status;
}

/* SET @oid; the reply must be exactly a 16-byte SET_C. */
static u32 set(struct kunit *test, u32 oid, const void *info, u32 len)
{
	struct rndis_ctx *c = test->priv;

	KUNIT_EXPECT_EQ(test, run(test, build_oid(c->msg, RNDIS_MSG_SET, oid, info,
						  len)), 0);
	KUNIT_EXPECT_EQ(test, c->reply_len, 16);
	KUNIT_EXPECT_EQ(test, get32(c->reply), RNDIS_MSG_SET_C);
	KUNIT_EXPECT_EQ(test, get32(c->reply + 4), 16);
	KUNIT_EXPECT_EQ(test, get32(c->reply + 8), REQ_ID);
	return get32(c->reply + 12);
}

static void rndis_init_reply(struct kunit *test)
{
	static const u32 want[] = {
		RNDIS_MSG_INIT_C, 52, REQ_ID, RNDIS_STATUS_SUCCESS, 1, 0,
		RNDIS_DF_CONNECTIONLESS, RNDIS_MEDIUM_802_3, 8, 0x4000, 3, 0, 0,
	};
	struct rndis_ctx *c = test->priv;

	KUNIT_EXPECT_EQ(test, run(test, build_init(c->msg, 1)), 0);
	KUNIT_EXPECT_EQ(test, c->reply_len, sizeof(want));
	KUNIT_EXPECT_MEMEQ(test, c->reply, want, sizeof(want));
	KUNIT_EXPECT_EQ(test, c->r.state, HVNET_RNDIS_INITIALIZED);
	KUNIT_EXPECT_EQ(test, c->r.guest_max_xfer, 0x4000);
}

static void expect_init_failed(struct kunit *test, u32 status)
{
	struct rndis_ctx *c = test->priv;
	u32 want[13] = { RNDIS_MSG_INIT_C, 52, REQ_ID, status };

	KUNIT_EXPECT_EQ(test, c->ret, 0);
	KUNIT_EXPECT_EQ(test, c->reply_len, sizeof(want));
	KUNIT_EXPECT_MEMEQ(test, c->reply, want, sizeof(want));
}

static void rndis_init_refused(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;

	run(test, build_init(c->msg, 2));
	expect_init_failed(test, RNDIS_STATUS_BAD_VERSION);
	KUNIT_EXPECT_EQ(test, c->r.state, HVNET_RNDIS_UNINITIALIZED);
	/* Twelve bytes of body: the request id is there, the rest is not. */
	build_init(c->msg, 1);
	put32(c->msg + 4, 20);
	run(test, 20);
	expect_init_failed(test, RNDIS_STATUS_INVALID_LENGTH);
	rndis_up(test);
	run(test, build_init(c->msg, 1));
	expect_init_failed(test, RNDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, c->r.stats.bad_msgs, 3);
}

struct u32_oid {
	const char *name;
	u32 oid;
	u32 want;
};

static const struct u32_oid u32_oids[] = {
	{ "max frame size", RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE, 1500 },
	{ "link speed", RNDIS_OID_GEN_LINK_SPEED, 100000000 },
	{ "media connect", RNDIS_OID_GEN_MEDIA_CONNECT_STATUS,
	  RNDIS_MEDIA_STATE_CONNECTED },
	{ "packet filter", RNDIS_OID_GEN_CURRENT_PACKET_FILTER, 0 },
	{ "multicast list size", RNDIS_OID_802_3_MAXIMUM_LIST_SIZE, 32 },
};

static void u32_oid_desc(const struct u32_oid *o, char *desc)
{
	strscpy(desc, o->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(u32_oid, u32_oids, u32_oid_desc);

static void rndis_query_u32(struct kunit *test)
{
	const struct u32_oid *o = test->param_value;
	u8 out[HVNET_RNDIS_REPLY_MAX];
	u32 len;

	rndis_up(test);
	KUNIT_EXPECT_EQ(test, query(test, o->oid, NULL, 0, out, &len),
			RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, len, 4);
	KUNIT_EXPECT_EQ(test, get32(out), o->want);
}

/* Linux queries the MAC with a 6-byte result buffer: exactly 6 back. */
static void rndis_query_addresses(struct kunit *test)
{
	static const u8 newmac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 9 };
	struct rndis_ctx *c = test->priv;
	u8 out[HVNET_RNDIS_REPLY_MAX];
	u32 len;

	rndis_up(test);
	query(test, RNDIS_OID_802_3_PERMANENT_ADDRESS, NULL, 0, out, &len);
	KUNIT_EXPECT_EQ(test, len, ETH_ALEN);
	KUNIT_EXPECT_MEMEQ(test, out, test_mac, ETH_ALEN);
	ether_addr_copy(c->r.cur_addr, newmac);
	query(test, RNDIS_OID_802_3_CURRENT_ADDRESS, NULL, 0, out, &len);
	KUNIT_EXPECT_EQ(test, len, ETH_ALEN);
	KUNIT_EXPECT_MEMEQ(test, out, newmac, ETH_ALEN);
	query(test, RNDIS_OID_802_3_PERMANENT_ADDRESS, NULL, 0, out, &len);
	KUNIT_EXPECT_MEMEQ(test, out, test_mac, ETH_ALEN);
}

static void rndis_query_counters(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;
	u8 out[HVNET_RNDIS_REPLY_MAX];
	u64 v = 0x100000005ULL, got;
	u32 len, four = 0;

	rndis_up(test);
	c->r.counters.xmit_ok = v;
	c->r.counters.rcv_no_buffer = 7;
	query(test, RNDIS_OID_GEN_XMIT_OK, NULL, 0, out, &len);
	KUNIT_EXPECT_EQ(test, len, 8);
	memcpy(&got, out, sizeof(got));
	KUNIT_EXPECT_EQ(test, got, v);
	/* A guest offering 4 bytes gets a saturated 32-bit counter. */
	query(test, RNDIS_OID_GEN_XMIT_OK, &four, 4, out, &len);
	KUNIT_EXPECT_EQ(test, len, 4);
	KUNIT_EXPECT_EQ(test, get32(out), U32_MAX);
	query(test, RNDIS_OID_GEN_RCV_NO_BUFFER, &four, 4, out, &len);
	KUNIT_EXPECT_EQ(test, get32(out), 7);
}

static void rndis_query_supported_list(struct kunit *test)
{
	u8 out[HVNET_RNDIS_REPLY_MAX];
	u32 len, i, oid;
	bool offload = false;

	rndis_up(test);
	query(test, RNDIS_OID_GEN_SUPPORTED_LIST, NULL, 0, out, &len);
	KUNIT_EXPECT_EQ(test, len % 4, 0);
	KUNIT_EXPECT_GE(test, len, 4 * 15);
	KUNIT_EXPECT_EQ(test, get32(out), RNDIS_OID_GEN_SUPPORTED_LIST);
	for (i = 0; i < len; i += 4) {
		oid = get32(out + i);
		offload |= oid == OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES;
	}
	KUNIT_EXPECT_TRUE(test, offload);
}

static u32 query_hwcaps(struct kunit *test, u8 type, u8 rev, u16 size,
			u32 in_len, u8 *out, u32 *len)
{
	u8 in[NDIS_OFFLOAD_SIZE_6_30] = {};
	struct ndis_object_header h = { type, rev, size };

	memcpy(in, &h, sizeof(h));
	return query(test, OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES, in, in_len,
		     out, len);
}

/* The object Linux validates in rndis_query_hwcaps(), per NVSP version. */
static void rndis_query_offload_caps(struct kunit *test)
{
	static const struct { u8 rev; u16 size; } revs[] = {
		{ 3, NDIS_OFFLOAD_SIZE_6_30 }, { 2, NDIS_OFFLOAD_SIZE_6_1 },
		{ 1, NDIS_OFFLOAD_SIZE_6_0 },
	};
	u8 out[HVNET_RNDIS_REPLY_MAX], zero[NDIS_OFFLOAD_SIZE_6_30] = {};
	struct ndis_offload o;
	unsigned int i;
	u32 len;

	rndis_up(test);
	for (i = 0; i < ARRAY_SIZE(revs); i++) {
		KUNIT_EXPECT_EQ(test, query_hwcaps(test, NDIS_OBJECT_TYPE_OFFLOAD,
						   revs[i].rev, revs[i].size,
						   revs[i].size, out, &len),
				RNDIS_STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, len, revs[i].size);
		memcpy(&o, out, len);
		KUNIT_EXPECT_EQ(test, o.header.type, NDIS_OBJECT_TYPE_OFFLOAD);
		KUNIT_EXPECT_EQ(test, o.header.revision, revs[i].rev);
		KUNIT_EXPECT_EQ(test, o.header.size, revs[i].size);
		/* No offloads configured: all capabilities zero. */
		KUNIT_EXPECT_MEMEQ(test, out + 4, zero, len - 4);
	}
	/* No input object: NDIS 6.0's. */
	query(test, OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES, NULL, 0, out, &len);
	KUNIT_EXPECT_EQ(test, len, NDIS_OFFLOAD_SIZE_6_0);
	KUNIT_EXPECT_EQ(test, out[1], 1);
}

static void rndis_query_offload_caps_bad(struct kunit *test)
{
	u8 out[HVNET_RNDIS_REPLY_MAX];
	u32 len;

	rndis_up(test);
	KUNIT_EXPECT_EQ(test, query_hwcaps(test, 0xa6, 3, 156, 156, out, &len),
			RNDIS_STATUS_INVALID_DATA);
	KUNIT_EXPECT_EQ(test, query_hwcaps(test, 0xa7, 3, 150, 156, out, &len),
			RNDIS_STATUS_INVALID_DATA);
	KUNIT_EXPECT_EQ(test, query_hwcaps(test, 0xa7, 3, 156, 144, out, &len),
			RNDIS_STATUS_INVALID_DATA);
	KUNIT_EXPECT_EQ(test, query_hwcaps(test, 0xa7, 3, 156, 3, out, &len),
			RNDIS_STATUS_INVALID_LENGTH);
}

static void rndis_query_offload_caps_on(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;
	u8 out[HVNET_RNDIS_REPLY_MAX];
	struct ndis_offload o;
	u32 len;

	c->cfg.offloads = HVNET_OFFLOAD_ALL;
	KUNIT_ASSERT_EQ(test, hvnet_rndis_init(&c->r, &c->cfg), 0);
	rndis_up(test);
	query_hwcaps(test, 0xa7, 3, 156, 156, out, &len);
	memcpy(&o, out, sizeof(o));
	/* What Linux's rndis_netdev_set_hwcaps() looks for. */
	KUNIT_EXPECT_EQ(test, o.csum.ip4_txcsum & 0x14, 0x14);
	KUNIT_EXPECT_TRUE(test, o.csum.ip4_txcsum & NDIS_TXCSUM_CAP_UDP4);
	KUNIT_EXPECT_EQ(test, o.csum.ip6_txcsum & 0x15, 0x15);
	KUNIT_EXPECT_EQ(test, o.lsov2.ip4_encap, NDIS_OFFLOAD_ENCAP_8023);
	KUNIT_EXPECT_EQ(test, o.lsov2.ip4_maxsz, HVNET_LSO_MAX_SIZE);
	KUNIT_EXPECT_EQ(test, o.lsov2.ip6_opts & 0x5, 0x5);
	KUNIT_EXPECT_EQ(test, o.rsc_ip4, 0);
}

static void rndis_query_rss_caps(struct kunit *test)
{
	static const u8 want[18] = {
		0x88, 2, 18, 0,  0, 0, 0, 0,  1, 0, 0, 0,  1, 0, 0, 0,
		128, 0,
	};
	struct ndis_object_header h = { 0x88, 2, 18 };
	u8 in[18] = {}, out[HVNET_RNDIS_REPLY_MAX];
	u32 len;

	rndis_up(test);
	memcpy(in, &h, sizeof(h));
	KUNIT_EXPECT_EQ(test, query(test, OID_GEN_RECEIVE_SCALE_CAPABILITIES,
				    in, sizeof(in), out, &len),
			RNDIS_STATUS_SUCCESS);
	/* Linux offers 18 bytes; more would fail its query. */
	KUNIT_EXPECT_EQ(test, len, 18);
	KUNIT_EXPECT_MEMEQ(test, out, want, sizeof(want));
	in[0] = 0x89;
	KUNIT_EXPECT_EQ(test, query(test, OID_GEN_RECEIVE_SCALE_CAPABILITIES,
				    in, sizeof(in), out, &len),
			RNDIS_STATUS_INVALID_DATA);
}

static const u32 not_queryable[] = {
	0, 0xffffffff, RNDIS_OID_GEN_FRIENDLY_NAME, RNDIS_OID_GEN_VENDOR_ID,
	RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER, RNDIS_OID_802_3_MULTICAST_LIST,
	OID_GEN_RECEIVE_SCALE_PARAMETERS, OID_TCP_OFFLOAD_PARAMETERS,
	OID_TCP_OFFLOAD_CURRENT_CONFIG, 0x00010237,
};

static const u32 not_settable[] = {
	0, 0xffffffff, RNDIS_OID_GEN_SUPPORTED_LIST,
	RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE, RNDIS_OID_802_3_PERMANENT_ADDRESS,
	RNDIS_OID_802_3_CURRENT_ADDRESS, RNDIS_OID_GEN_MEDIA_CONNECT_STATUS,
	OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES,
	OID_GEN_RECEIVE_SCALE_CAPABILITIES, RNDIS_OID_GEN_XMIT_OK, 0x00010237,
};

/* Off the allow-list: an error status, never silence, nothing applied. */
static void rndis_unknown_oids(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;
	u8 out[HVNET_RNDIS_REPLY_MAX], junk[64];
	unsigned int i;
	u32 len;

	rndis_up(test);
	memset(junk, 0x41, sizeof(junk));
	for (i = 0; i < ARRAY_SIZE(not_queryable); i++)
		KUNIT_EXPECT_EQ(test, query(test, not_queryable[i], junk,
					    sizeof(junk), out, &len),
				RNDIS_STATUS_NOT_SUPPORTED);
	for (i = 0; i < ARRAY_SIZE(not_settable); i++)
		KUNIT_EXPECT_EQ(test, set(test, not_settable[i], junk,
					  sizeof(junk)),
				RNDIS_STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, c->r.stats.unknown_oids,
			ARRAY_SIZE(not_queryable) + ARRAY_SIZE(not_settable));
	KUNIT_EXPECT_MEMEQ(test, c->r.cur_addr, test_mac, ETH_ALEN);
}

static void rndis_set_filter(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;
	u32 v = RNDIS_PACKET_TYPE_BROADCAST | RNDIS_PACKET_TYPE_ALL_MULTICAST |
		RNDIS_PACKET_TYPE_DIRECTED;
	u8 five[5] = {};

	rndis_up(test);
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
				  &v, 4), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->r.filter, v);
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
				  &v, 3), RNDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
				  five, 5), RNDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
				  NULL, 0), RNDIS_STATUS_INVALID_LENGTH);
	v = RNDIS_PACKET_TYPE_SOURCE_ROUTING;
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
				  &v, 4), RNDIS_STATUS_NOT_SUPPORTED);
	v = 0;
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
				  &v, 4), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->r.filter, 0);
	KUNIT_EXPECT_EQ(test, c->r.stats.refused_sets, 4);
}

static void rndis_set_mcast(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;
	u8 list[(HVNET_RNDIS_MCAST_MAX + 1) * ETH_ALEN];
	unsigned int i;

	rndis_up(test);
	for (i = 0; i <= HVNET_RNDIS_MCAST_MAX; i++) {
		u8 a[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0, 0, i };

		memcpy(list + i * ETH_ALEN, a, ETH_ALEN);
	}
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_802_3_MULTICAST_LIST, list,
				  2 * ETH_ALEN), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->r.n_mcast, 2);
	KUNIT_EXPECT_MEMEQ(test, c->r.mcast[1], list + ETH_ALEN, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_802_3_MULTICAST_LIST, list,
				  HVNET_RNDIS_MCAST_MAX * ETH_ALEN),
			RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_802_3_MULTICAST_LIST, list,
				  sizeof(list)), RNDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_802_3_MULTICAST_LIST, list,
				  7), RNDIS_STATUS_INVALID_LENGTH);
	list[ETH_ALEN] = 0x02;	/* second entry unicast */
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_802_3_MULTICAST_LIST, list,
				  2 * ETH_ALEN), RNDIS_STATUS_INVALID_DATA);
	KUNIT_EXPECT_EQ(test, c->r.n_mcast, HVNET_RNDIS_MCAST_MAX);
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_802_3_MULTICAST_LIST, NULL,
				  0), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->r.n_mcast, 0);
}

/* OID_TCP_OFFLOAD_PARAMETERS as rndis_filter_set_offload_params() sends. */
static struct ndis_offload_params linux_offloads(u16 size)
{
	struct ndis_offload_params p = {};

	p.header.type = NDIS_OBJECT_TYPE_DEFAULT;
	p.header.revision = 3;
	p.header.size = size;
	p.ip_v4_csum = NDIS_OFFLOAD_PARAMS_CSUM_DISABLED;
	return p;
}

/* @len may exceed the struct: the tail is zero. */
static u32 set_offloads(struct kunit *test, const struct ndis_offload_params *p,
			u32 len)
{
	u8 buf[sizeof(*p) + 8] = {};

	memcpy(buf, p, sizeof(*p));
	return set(test, OID_TCP_OFFLOAD_PARAMETERS, buf, len);
}

static void rndis_set_offload_params(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;
	struct ndis_offload_params p;

	rndis_up(test);
	p = linux_offloads(28);
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28), RNDIS_STATUS_SUCCESS);
	p = linux_offloads(22);		/* NVSP <= 4 */
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 22), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 19),
			RNDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 29),
			RNDIS_STATUS_INVALID_LENGTH);
	p = linux_offloads(28);
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 24),	/* size > len */
			RNDIS_STATUS_INVALID_DATA);
	p.header.type = 0x81;
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28),
			RNDIS_STATUS_INVALID_DATA);
	p = linux_offloads(28);
	p.header.revision = 4;
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28),
			RNDIS_STATUS_INVALID_DATA);
	p = linux_offloads(28);
	p.udp_ip_v6_csum = 5;
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28),
			RNDIS_STATUS_INVALID_DATA);
	p = linux_offloads(28);
	p.flags = 2;
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28),
			RNDIS_STATUS_INVALID_DATA);
	/* Enabling what the host did not offer. */
	p = linux_offloads(28);
	p.tcp_ip_v4_csum = NDIS_OFFLOAD_PARAMS_CSUM_TX_RX;
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28),
			RNDIS_STATUS_NOT_SUPPORTED);
	p = linux_offloads(28);
	p.lso_v2_ipv4 = NDIS_OFFLOAD_PARAMS_ENABLED;
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28),
			RNDIS_STATUS_NOT_SUPPORTED);
	p = linux_offloads(28);
	p.rsc_ip_v4 = NDIS_OFFLOAD_PARAMS_ENABLED;
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28),
			RNDIS_STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_FALSE(test, c->r.offload.tx_csum4);
	KUNIT_EXPECT_FALSE(test, c->r.offload.lso4);
	KUNIT_EXPECT_EQ(test, c->r.stats.refused_sets, 10);
}

static void rndis_set_offload_params_on(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;
	struct ndis_offload_params p = linux_offloads(28);

	c->cfg.offloads = HVNET_OFFLOAD_TX_CSUM4 | HVNET_OFFLOAD_LSO4;
	KUNIT_ASSERT_EQ(test, hvnet_rndis_init(&c->r, &c->cfg), 0);
	rndis_up(test);
	p.tcp_ip_v4_csum = NDIS_OFFLOAD_PARAMS_CSUM_TX_RX;
	p.lso_v2_ipv4 = NDIS_OFFLOAD_PARAMS_ENABLED;
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, c->r.offload.tx_csum4);
	KUNIT_EXPECT_TRUE(test, c->r.offload.rx_csum4);
	KUNIT_EXPECT_TRUE(test, c->r.offload.lso4);
	/* UDP was not offered; IPv6 neither. */
	p.udp_ip_v4_csum = NDIS_OFFLOAD_PARAMS_CSUM_TX;
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28),
			RNDIS_STATUS_NOT_SUPPORTED);
	p = linux_offloads(28);
	p.tcp_ip_v6_csum = NDIS_OFFLOAD_PARAMS_CSUM_RX;
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28),
			RNDIS_STATUS_NOT_SUPPORTED);
	/* "No change" keeps settings; "disabled" clears them. */
	p = linux_offloads(28);
	p.lso_v2_ipv4 = NDIS_OFFLOAD_PARAMS_DISABLED;
	KUNIT_EXPECT_EQ(test, set_offloads(test, &p, 28), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, c->r.offload.tx_csum4);
	KUNIT_EXPECT_FALSE(test, c->r.offload.lso4);
}

/* RSS parameters as rndis_set_rss_param_msg() lays them out. */
static u32 build_rss(u8 *buf, u16 flags, u32 entries, u16 keylen)
{
	struct ndis_rss_params p = {};
	u32 i, zero = 0;

	p.header.type = NDIS_OBJECT_TYPE_RSS_PARAMETERS;
	p.header.revision = NDIS_RSS_PARAMS_REVISION_2;
	p.header.size = sizeof(p);
	p.flags = flags;
	p.hashinfo = NDIS_HASH_FUNC_TOEPLITZ | NDIS_HASH_IPV4 |
		     NDIS_HASH_TCP_IPV4 | NDIS_HASH_IPV6 | NDIS_HASH_TCP_IPV6;
	p.indirect_tabsize = 4 * entries;
	p.indirect_taboffset = sizeof(p);
	p.hashkey_size = keylen;
	p.hashkey_offset = p.indirect_taboffset + p.indirect_tabsize;
	memcpy(buf, &p, sizeof(p));
	for (i = 0; i < entries; i++)
		memcpy(buf + sizeof(p) + 4 * i, &zero, 4);
	for (i = 0; i < keylen; i++)
		buf[p.hashkey_offset + i] = i + 1;
	return p.hashkey_offset + keylen;
}

static u32 set_rss(struct kunit *test, const u8 *buf, u32 len)
{
	return set(test, OID_GEN_RECEIVE_SCALE_PARAMETERS, buf, len);
}

static void rndis_set_rss_params(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;
	u8 buf[1024];
	u32 len;

	rndis_up(test);
	len = build_rss(buf, 0, 128, 40);
	KUNIT_EXPECT_EQ(test, len, 40 + 512 + 40);
	KUNIT_EXPECT_EQ(test, set_rss(test, buf, len), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, c->r.rss.enabled);
	KUNIT_EXPECT_EQ(test, c->r.rss.n_itab, 128);
	KUNIT_EXPECT_EQ(test, c->r.rss.key_size, 40);
	KUNIT_EXPECT_EQ(test, c->r.rss.key[39], 40);
	len = build_rss(buf, NDIS_RSS_PARAM_FLAG_DISABLE_RSS, 128, 40);
	KUNIT_EXPECT_EQ(test, set_rss(test, buf, len), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, c->r.rss.enabled);
	/* Unchanged table and key may be left out. */
	len = build_rss(buf, NDIS_RSS_PARAM_FLAG_ITABLE_UNCHANGED |
			NDIS_RSS_PARAM_FLAG_HASH_KEY_UNCHANGED, 0, 0);
	KUNIT_EXPECT_EQ(test, set_rss(test, buf, len), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, c->r.rss.enabled);
}

struct rss_case {
	const char *name;
	u32 entries;
	u16 keylen;
	u16 flags;
	u32 poke_off;	/* write poke_val at this offset, if non-zero */
	u32 poke_val;
	u32 len_delta;
	u32 status;
};

static const struct rss_case rss_cases[] = {
	{ "entry >= queues", 4, 40, 0, 40 + 8, 1, 0, RNDIS_STATUS_INVALID_DATA },
	{ "empty table", 0, 40, 0, 0, 0, 0, RNDIS_STATUS_INVALID_DATA },
	{ "129 entries", 129, 40, 0, 0, 0, 0, RNDIS_STATUS_INVALID_DATA },
	{ "table size 6", 4, 40, 0, 12, 6, 0,
	  RNDIS_STATUS_INVALID_DATA },
	{ "table offset past end", 4, 40, 0, 16, 0xfffffff0, 0,
	  RNDIS_STATUS_INVALID_DATA },
	{ "key 41 bytes", 4, 41, 0, 0, 0, 0, RNDIS_STATUS_INVALID_DATA },
	{ "key 0 bytes", 4, 0, 0, 0, 0, 0, RNDIS_STATUS_INVALID_DATA },
	{ "key offset wraps", 4, 40, 0, 24, 0xffffffff, 0,
	  RNDIS_STATUS_INVALID_DATA },
	{ "key past end", 4, 40, 0, 0, 0, 1, RNDIS_STATUS_INVALID_DATA },
	{ "unknown flag", 4, 40, 0x20, 0, 0, 0, RNDIS_STATUS_INVALID_DATA },
	{ "hash function 2", 4, 40, 0, 8, 0x302, 0, RNDIS_STATUS_INVALID_DATA },
	{ "no hash types", 4, 40, 0, 8, 1, 0, RNDIS_STATUS_INVALID_DATA },
	{ "object type", 4, 40, 0, 0, 0x00280288, 0,
	  RNDIS_STATUS_INVALID_DATA },
	{ "revision 3", 4, 40, 0, 0, 0x00280389, 0, RNDIS_STATUS_INVALID_DATA },
	{ "object size 20", 4, 40, 0, 0, 0x00140289, 0,
	  RNDIS_STATUS_INVALID_LENGTH },
	{ "object size > buffer", 4, 40, 0, 0, 0xff000289, 0,
	  RNDIS_STATUS_INVALID_LENGTH },
};

static void rss_case_desc(const struct rss_case *rc, char *desc)
{
	strscpy(desc, rc->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rss, rss_cases, rss_case_desc);

/* Each broken RSS object is refused and changes nothing. */
static void rndis_set_rss_refused(struct kunit *test)
{
	const struct rss_case *rc = test->param_value;
	struct rndis_ctx *c = test->priv;
	u8 buf[1024] = {};
	u32 len;

	rndis_up(test);
	len = build_rss(buf, rc->flags, rc->entries, rc->keylen);
	if (rc->poke_off)
		put32(buf + rc->poke_off, rc->poke_val);
	else if (rc->poke_val)
		put32(buf, rc->poke_val);
	KUNIT_EXPECT_EQ(test, set_rss(test, buf, len - rc->len_delta),
			rc->status);
	KUNIT_EXPECT_FALSE(test, c->r.rss.enabled);
	KUNIT_EXPECT_EQ(test, c->r.rss.n_itab, 0);
	KUNIT_EXPECT_EQ(test, c->r.rss.key_size, 0);
	KUNIT_EXPECT_EQ(test, set_rss(test, buf, 27),
			RNDIS_STATUS_INVALID_LENGTH);
}

/* RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER as rndis_filter_set_device_mac(). */
static u32 build_cfg_param(u8 *buf, const char *name, const char *value)
{
	struct rndis_config_param cp = {};
	u32 i, nlen = strlen(name), vlen = strlen(value);

	cp.name_offset = sizeof(cp);
	cp.name_length = 2 * nlen;
	cp.type = RNDIS_CONFIG_PARAM_TYPE_STRING;
	cp.value_offset = cp.name_offset + cp.name_length;
	cp.value_length = 2 * vlen;
	memcpy(buf, &cp, sizeof(cp));
	for (i = 0; i < nlen; i++) {
		buf[cp.name_offset + 2 * i] = name[i];
		buf[cp.name_offset + 2 * i + 1] = 0;
	}
	for (i = 0; i < vlen; i++) {
		buf[cp.value_offset + 2 * i] = value[i];
		buf[cp.value_offset + 2 * i + 1] = 0;
	}
	return cp.value_offset + cp.value_length;
}

static u32 set_cfg(struct kunit *test, const u8 *buf, u32 len)
{
	return set(test, RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER, buf, len);
}

static void rndis_set_mac(struct kunit *test)
{
	static const u8 want[ETH_ALEN] = { 0x02, 0xab, 0xcd, 0xef, 0x00, 0x01 };
	struct rndis_ctx *c = test->priv;
	u8 buf[256], out[HVNET_RNDIS_REPLY_MAX];
	u32 len;

	rndis_up(test);
	len = build_cfg_param(buf, "NetworkAddress", "02abcdef0001");
	KUNIT_EXPECT_EQ(test, len, 20 + 28 + 24);
	/* The admin has not allowed MAC changes: refused. */
	KUNIT_EXPECT_EQ(test, set_cfg(test, buf, len), RNDIS_STATUS_FAILURE);
	KUNIT_EXPECT_MEMEQ(test, c->r.cur_addr, test_mac, ETH_ALEN);
	c->r.cfg.allow_mac_change = true;
	KUNIT_EXPECT_EQ(test, set_cfg(test, buf, len), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, c->r.cur_addr, want, ETH_ALEN);
	query(test, RNDIS_OID_802_3_CURRENT_ADDRESS, NULL, 0, out, &len);
	KUNIT_EXPECT_MEMEQ(test, out, want, ETH_ALEN);
	len = build_cfg_param(buf, "networkaddress", "02ABCDEF0002");
	KUNIT_EXPECT_EQ(test, set_cfg(test, buf, len), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->r.cur_addr[5], 2);
}

struct cfg_case {
	const char *name;
	const char *pname;
	const char *value;
	u32 poke_off;
	u32 poke_val;
	u32 len;	/* override when non-zero */
	u32 status;
};

static const struct cfg_case cfg_cases[] = {
	{ "other name", "NetworkAddresX", "02abcdef0001", 0, 0, 0,
	  RNDIS_STATUS_NOT_SUPPORTED },
	{ "short name", "Network", "02abcdef0001", 0, 0, 0,
	  RNDIS_STATUS_NOT_SUPPORTED },
	{ "value 11 digits", "NetworkAddress", "02abcdef000", 0, 0, 0,
	  RNDIS_STATUS_INVALID_DATA },
	{ "value 13 digits", "NetworkAddress", "02abcdef00011", 0, 0, 0,
	  RNDIS_STATUS_INVALID_DATA },
	{ "not hex", "NetworkAddress", "02abcdefg001", 0, 0, 0,
	  RNDIS_STATUS_INVALID_DATA },
	{ "multicast", "NetworkAddress", "03abcdef0001", 0, 0, 0,
	  RNDIS_STATUS_INVALID_DATA },
	{ "all zero", "NetworkAddress", "000000000000", 0, 0, 0,
	  RNDIS_STATUS_INVALID_DATA },
	{ "integer type", "NetworkAddress", "02abcdef0001", 8, 0, 0,
	  RNDIS_STATUS_INVALID_DATA },
	{ "wide char", "NetworkAddress", "02abcdef0001", 48, 0x0130, 0,
	  RNDIS_STATUS_INVALID_DATA },
	{ "name past end", "NetworkAddress", "02abcdef0001", 0, 0x1000, 0,
	  RNDIS_STATUS_INVALID_LENGTH },
	{ "value offset wraps", "NetworkAddress", "02abcdef0001", 12,
	  0xfffffffe, 0, RNDIS_STATUS_INVALID_LENGTH },
	{ "value length past end", "NetworkAddress", "02abcdef0001", 16, 26, 0,
	  RNDIS_STATUS_INVALID_LENGTH },
	{ "shorter than the header", "NetworkAddress", "02abcdef0001", 0, 0,
	  19, RNDIS_STATUS_INVALID_LENGTH },
};

static void cfg_case_desc(const struct cfg_case *cc, char *desc)
{
	strscpy(desc, cc->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cfg, cfg_cases, cfg_case_desc);

static void rndis_set_mac_refused(struct kunit *test)
{
	const struct cfg_case *cc = test->param_value;
	struct rndis_ctx *c = test->priv;
	u8 buf[256] = {};
	u32 len;

	rndis_up(test);
	c->r.cfg.allow_mac_change = true;
	len = build_cfg_param(buf, cc->pname, cc->value);
	if (cc->poke_off)
		put32(buf + cc->poke_off, cc->poke_val);
	else if (cc->poke_val)
		put32(buf, cc->poke_val);
	KUNIT_EXPECT_EQ(test, set_cfg(test, buf, cc->len ?: len), cc->status);
	KUNIT_EXPECT_MEMEQ(test, c->r.cur_addr, test_mac, ETH_ALEN);
}

/* Information buffers that do not lie inside the message. */
static void rndis_info_bounds(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;
	u32 v = 0, len, st[2];

	rndis_up(test);
	len = build_oid(c->msg, RNDIS_MSG_SET,
			RNDIS_OID_GEN_CURRENT_PACKET_FILTER, &v, 4);
	put32(c->msg + 16, 5);			/* one byte past the end */
	run(test, len);
	st[0] = get32(c->reply + 12);
	put32(c->msg + 16, 4);
	put32(c->msg + 20, 16);			/* overlaps the request */
	run(test, len);
	st[1] = get32(c->reply + 12);
	KUNIT_EXPECT_EQ(test, st[0], RNDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, st[1], RNDIS_STATUS_INVALID_LENGTH);
	put32(c->msg + 20, 0xfffffffc);		/* offset + len wraps */
	run(test, len);
	KUNIT_EXPECT_EQ(test, get32(c->reply + 12), RNDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, get32(c->reply + 8), REQ_ID);
	len = build_oid(c->msg, RNDIS_MSG_QUERY, RNDIS_OID_GEN_LINK_SPEED,
			NULL, 0);
	put32(c->msg + 16, 0x10000);
	run(test, len);
	KUNIT_EXPECT_EQ(test, get32(c->reply), RNDIS_MSG_QUERY_C);
	KUNIT_EXPECT_EQ(test, get32(c->reply + 12), RNDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, c->reply_len, 24);
	KUNIT_EXPECT_EQ(test, c->r.filter, 0);
	/* A request cut short after its id still gets its completion. */
	len = build_oid(c->msg, RNDIS_MSG_QUERY, RNDIS_OID_GEN_LINK_SPEED,
			NULL, 0);
	put32(c->msg + 4, 16);
	run(test, 16);
	KUNIT_EXPECT_EQ(test, get32(c->reply + 8), REQ_ID);
	KUNIT_EXPECT_EQ(test, get32(c->reply + 12), RNDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, c->r.stats.bad_msgs, 5);
}

static void rndis_state_order(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;
	u8 out[HVNET_RNDIS_REPLY_MAX];
	u32 len, v = 1;

	KUNIT_EXPECT_EQ(test, query(test, RNDIS_OID_GEN_LINK_SPEED, NULL, 0,
				    out, &len), RNDIS_STATUS_ADAPTER_NOT_READY);
	KUNIT_EXPECT_EQ(test, set(test, RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
				  &v, 4), RNDIS_STATUS_ADAPTER_NOT_READY);
	KUNIT_EXPECT_EQ(test, c->r.filter, 0);
	rndis_up(test);
	/* HALT: no reply, and the adapter is gone until INITIALIZE. */
	put32(c->msg, RNDIS_MSG_HALT);
	put32(c->msg + 4, 12);
	put32(c->msg + 8, REQ_ID);
	KUNIT_EXPECT_EQ(test, run(test, 12), 0);
	KUNIT_EXPECT_EQ(test, c->reply_len, 0);
	KUNIT_EXPECT_EQ(test, c->r.state, HVNET_RNDIS_HALTED);
	KUNIT_EXPECT_EQ(test, query(test, RNDIS_OID_GEN_LINK_SPEED, NULL, 0,
				    out, &len), RNDIS_STATUS_ADAPTER_NOT_READY);
	rndis_up(test);
	KUNIT_EXPECT_EQ(test, query(test, RNDIS_OID_GEN_LINK_SPEED, NULL, 0,
				    out, &len), RNDIS_STATUS_SUCCESS);
}

static void rndis_keepalive_reset(struct kunit *test)
{
	static const u32 ka[] = { RNDIS_MSG_KEEPALIVE_C, 16, REQ_ID, 0 };
	static const u32 ka_down[] = { RNDIS_MSG_KEEPALIVE_C, 16, REQ_ID,
				       RNDIS_STATUS_ADAPTER_NOT_READY };
	static const u32 rst[] = { RNDIS_MSG_RESET_C, 16, 0, 0 };
	struct rndis_ctx *c = test->priv;

	put32(c->msg, RNDIS_MSG_KEEPALIVE);
	put32(c->msg + 4, 12);
	put32(c->msg + 8, REQ_ID);
	run(test, 12);
	KUNIT_EXPECT_EQ(test, c->reply_len, 16);
	KUNIT_EXPECT_MEMEQ(test, c->reply, ka_down, sizeof(ka_down));
	rndis_up(test);
	put32(c->msg, RNDIS_MSG_KEEPALIVE);
	put32(c->msg + 4, 12);
	put32(c->msg + 8, REQ_ID);
	run(test, 12);
	KUNIT_EXPECT_MEMEQ(test, c->reply, ka, sizeof(ka));
	c->r.filter = 1;
	put32(c->msg, RNDIS_MSG_RESET);
	put32(c->msg + 4, 12);
	put32(c->msg + 8, 0);
	run(test, 12);
	KUNIT_EXPECT_EQ(test, c->reply_len, 16);
	KUNIT_EXPECT_MEMEQ(test, c->reply, rst, sizeof(rst));
	KUNIT_EXPECT_EQ(test, c->r.filter, 1);
}

/* Messages too broken to answer: refused, counted, no reply bytes. */
static void rndis_framing(struct kunit *test)
{
	static const u32 types[] = {
		RNDIS_MSG_PACKET, RNDIS_MSG_INIT_C, RNDIS_MSG_QUERY_C,
		RNDIS_MSG_INDICATE, RNDIS_MSG_BUS, 0, 0x99, 0xffffffff,
	};
	struct rndis_ctx *c = test->priv;
	unsigned int i;

	rndis_up(test);
	build_init(c->msg, 1);
	KUNIT_EXPECT_EQ(test, run(test, 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, run(test, 23), -EINVAL);	/* msg_len 24 > 23 */
	put32(c->msg + 4, 7);
	KUNIT_EXPECT_EQ(test, run(test, 24), -EINVAL);
	put32(c->msg + 4, 8);
	KUNIT_EXPECT_EQ(test, run(test, 24), -EINVAL);	/* no request id */
	put32(c->msg + 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, run(test, 24), -EINVAL);
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		put32(c->msg, types[i]);
		put32(c->msg + 4, 24);
		KUNIT_EXPECT_EQ(test, run(test, 24), -EINVAL);
		KUNIT_EXPECT_EQ(test, c->reply_len, 0);
	}
	KUNIT_EXPECT_EQ(test, c->r.stats.bad_msgs, 5 + ARRAY_SIZE(types));
	KUNIT_EXPECT_EQ(test, c->r.state, HVNET_RNDIS_INITIALIZED);
}

static void rndis_link_indication(struct kunit *test)
{
	static const u32 down[] = { RNDIS_MSG_INDICATE, 20,
				    RNDIS_STATUS_MEDIA_DISCONNECT, 0, 0 };
	static const u32 up[] = { RNDIS_MSG_INDICATE, 20,
				  RNDIS_STATUS_MEDIA_CONNECT, 0, 0 };
	struct rndis_ctx *c = test->priv;
	u8 buf[HVNET_RNDIS_INDICATE_LEN], out[HVNET_RNDIS_REPLY_MAX];
	u32 len;

	/* Before INITIALIZE the guest is not told, but later asks. */
	KUNIT_EXPECT_EQ(test, hvnet_rndis_link(&c->r, false, buf), 0);
	rndis_up(test);
	query(test, RNDIS_OID_GEN_MEDIA_CONNECT_STATUS, NULL, 0, out, &len);
	KUNIT_EXPECT_EQ(test, get32(out), RNDIS_MEDIA_STATE_DISCONNECTED);
	memset(buf, 0xaa, sizeof(buf));
	KUNIT_EXPECT_EQ(test, hvnet_rndis_link(&c->r, true, buf), 20);
	KUNIT_EXPECT_MEMEQ(test, buf, up, sizeof(up));
	KUNIT_EXPECT_EQ(test, hvnet_rndis_link(&c->r, true, buf), 0);
	memset(buf, 0xaa, sizeof(buf));
	KUNIT_EXPECT_EQ(test, hvnet_rndis_link(&c->r, false, buf), 20);
	KUNIT_EXPECT_MEMEQ(test, buf, down, sizeof(down));
}

static void rndis_bad_config(struct kunit *test)
{
	struct rndis_ctx *c = test->priv;
	struct hvnet_rndis_config cfg = c->cfg;

	cfg.perm_addr[0] = 1;		/* multicast */
	KUNIT_EXPECT_EQ(test, hvnet_rndis_init(&c->r, &cfg), -EINVAL);
	cfg = c->cfg;
	cfg.mtu = 67;
	KUNIT_EXPECT_EQ(test, hvnet_rndis_init(&c->r, &cfg), -EINVAL);
	cfg = c->cfg;
	cfg.num_queues = 0;
	KUNIT_EXPECT_EQ(test, hvnet_rndis_init(&c->r, &cfg), -EINVAL);
	cfg = c->cfg;
	cfg.offloads = BIT(6);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_init(&c->r, &cfg), -EINVAL);
}

static struct kunit_case rndis_cases[] = {
	KUNIT_CASE(rndis_init_reply),
	KUNIT_CASE(rndis_init_refused),
	KUNIT_CASE_PARAM(rndis_query_u32, u32_oid_gen_params),
	KUNIT_CASE(rndis_query_addresses),
	KUNIT_CASE(rndis_query_counters),
	KUNIT_CASE(rndis_query_supported_list),
	KUNIT_CASE(rndis_query_offload_caps),
	KUNIT_CASE(rndis_query_offload_caps_bad),
	KUNIT_CASE(rndis_query_offload_caps_on),
	KUNIT_CASE(rndis_query_rss_caps),
	KUNIT_CASE(rndis_unknown_oids),
	KUNIT_CASE(rndis_set_filter),
	KUNIT_CASE(rndis_set_mcast),
	KUNIT_CASE(rndis_set_offload_params),
	KUNIT_CASE(rndis_set_offload_params_on),
	KUNIT_CASE(rndis_set_rss_params),
	KUNIT_CASE_PARAM(rndis_set_rss_refused, rss_gen_params),
	KUNIT_CASE(rndis_set_mac),
	KUNIT_CASE_PARAM(rndis_set_mac_refused, cfg_gen_params),
	KUNIT_CASE(rndis_info_bounds),
	KUNIT_CASE(rndis_state_order),
	KUNIT_CASE(rndis_keepalive_reset),
	KUNIT_CASE(rndis_framing),
	KUNIT_CASE(rndis_link_indication),
	KUNIT_CASE(rndis_bad_config),
	{}
};

static struct kunit_suite rndis_suite = {
	.name = "hvhost_netvsp_rndis",
	.init = rndis_test_init,
	.test_cases = rndis_cases,
};

kunit_test_suite(rndis_suite);
