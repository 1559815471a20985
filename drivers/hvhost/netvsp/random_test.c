// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: seeded random mutations of valid guest traffic through the NVSP,
 * RNDIS control and RNDIS data layers, under KASAN and UBSAN.  The
 * userspace fuzzer (tools/testing/fuzz, target netvsp) goes further; this
 * suite keeps a fixed, repeatable dose of hostile input in every KUnit run.
 *
 * Each iteration flips bytes and 32-bit words of a valid message and checks
 * the layers' promises: replies fit and state their length, sections stay
 * inside the mapped buffer, frames lie inside the bytes supplied.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/prandom.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nvsp.h"
#include "rndis.h"
#include "rndis_pkt.h"

#define ROUNDS		20000
#define MSG_MAX		640

static void mutate(struct rnd_state *rs, u8 *buf, u32 len)
{
	u32 i, n = 1 + prandom_u32_state(rs) % 4, at, v;

	for (i = 0; i < n; i++) {
		at = prandom_u32_state(rs) % len;
		v = prandom_u32_state(rs);
		if (v & 1 && at + 4 <= len) {
			/* A boundary value in a whole word. */
			static const u32 words[] = { 0, 1, 3, 4, 7, 8, 12, 16,
						     0x7fffffff, 0x80000000,
						     0xfffffff8, 0xffffffff };

			memcpy(buf + at, &words[(v >> 1) % ARRAY_SIZE(words)],
			       4);
		} else {
			buf[at] = v >> 8;
		}
	}
}

static u32 put_oid(u8 *m, u32 type, u32 oid, const void *info, u32 len)
{
	u32 w[7] = { type, 28 + len, 7, oid, len, 20, 0 };

	memcpy(m, w, sizeof(w));
	memcpy(m + 28, info, len);
	return 28 + len;
}

/* Valid RNDIS control requests to start each mutation from. */
static u32 rndis_seed(u32 which, u8 *m)
{
	static const u32 init[] = { RNDIS_MSG_INIT, 24, 1, 1, 0, 0x4000 };
	static const u8 cfg[72] = {
		20, 0, 0, 0, 28, 0, 0, 0, 2, 0, 0, 0, 48, 0, 0, 0, 24, 0, 0, 0,
		'N', 0, 'e', 0, 't', 0, 'w', 0, 'o', 0, 'r', 0, 'k', 0,
		'A', 0, 'd', 0, 'd', 0, 'r', 0, 'e', 0, 's', 0, 's', 0,
		'0', 0, '2', 0, 'a', 0, 'b', 0, 'c', 0, 'd', 0,
		'e', 0, 'f', 0, '0', 0, '0', 0, '0', 0, '1', 0,
	};
	u8 obj[NDIS_RSS_PARAMS_SIZE_REVISION_2 + 16 + 40] = {
		0x89, 2, 40, 0, 0, 0, 0, 0, 0x01, 0x33, 0, 0, 16, 0, 0, 0,
		40, 0, 0, 0, 40, 0, 0, 0, 56, 0, 0, 0,
	};
	u32 filter = RNDIS_PACKET_TYPE_DIRECTED;

	switch (which % 6) {
	case 0:
		memcpy(m, init, sizeof(init));
		return sizeof(init);
	case 1:
		return put_oid(m, RNDIS_MSG_QUERY,
			       OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES,
			       "\xa7\x03\x9c\x00", 4);
	case 2:
		return put_oid(m, RNDIS_MSG_SET,
			       RNDIS_OID_GEN_CURRENT_PACKET_FILTER, &filter, 4);
	case 3:
		return put_oid(m, RNDIS_MSG_SET, OID_GEN_RECEIVE_SCALE_PARAMETERS,
			       obj, sizeof(obj));
	case 4:
		return put_oid(m, RNDIS_MSG_SET,
			       RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER, cfg,
			       sizeof(cfg));
	default:
		obj[0] = 0x80;
		obj[1] = 3;
		obj[2] = 28;
		return put_oid(m, RNDIS_MSG_SET, OID_TCP_OFFLOAD_PARAMETERS, obj,
			       28);
	}
}

static void random_rndis_control(struct kunit *test)
{
	struct hvnet_rndis_config cfg = {
		.perm_addr = { 0x00, 0x15, 0x5d, 1, 2, 3 },
		.mtu = 1500, .link_speed = 1000, .num_queues = 1,
		.allow_mac_change = true,
	};
	u8 *m = kunit_kzalloc(test, MSG_MAX, GFP_KERNEL);
	u8 reply[HVNET_RNDIS_REPLY_MAX];
	struct hvnet_rndis *r;
	struct rnd_state rs;
	u32 i, len, rlen;
	int ret;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, hvnet_rndis_init(r, &cfg), 0);
	len = rndis_seed(0, m);
	KUNIT_ASSERT_EQ(test, hvnet_rndis_control(r, m, len, reply, &rlen), 0);
	prandom_seed_state(&rs, 0x6e657476737021ULL);
	for (i = 0; i < ROUNDS; i++) {
		len = rndis_seed(1 + i % 5, m);
		mutate(&rs, m, len);
		/* Sometimes cut the message short of what it claims. */
		if (!(i % 7))
			len = prandom_u32_state(&rs) % (len + 1);
		ret = hvnet_rndis_control(r, m, len, reply, &rlen);
		KUNIT_ASSERT_LE(test, rlen, HVNET_RNDIS_REPLY_MAX);
		if (ret)
			KUNIT_ASSERT_EQ(test, rlen, 0);
		else if (rlen)
			KUNIT_ASSERT_EQ(test, ((struct rndis_msg_hdr *)reply)->msg_len,
					rlen);
	}
	KUNIT_EXPECT_LE(test, r->n_mcast, HVNET_RNDIS_MCAST_MAX);
	KUNIT_EXPECT_LE(test, r->rss.key_size, NDIS_RSS_HASH_KEY_SIZE_MAX);
	KUNIT_EXPECT_EQ(test, r->filter & ~HVNET_RNDIS_FILTER_SUPPORTED, 0);
	KUNIT_EXPECT_TRUE(test, is_valid_ether_addr(r->cur_addr));
	KUNIT_EXPECT_GT(test, r->stats.bad_msgs + r->stats.refused_sets, 0);
}

static u32 pkt_seed(u8 *m)
{
	static const u32 w[] = {
		RNDIS_MSG_PACKET, 8 + 36 + 48 + 100,
		36 + 48, 100, 0, 0, 0, 36, 48, 0, 0,
		16, RNDIS_PPI_CSUM, 12, 0x1 | 0x4 | 34 << 16,
		16, RNDIS_PPI_LSO, 12, 1448 | 34 << 20 | BIT(30),
		16, RNDIS_PPI_VLAN, 12, 5 | 100 << 4,
	};

	memcpy(m, w, sizeof(w));
	memset(m + sizeof(w), 0x5a, 100);
	return sizeof(w) + 100;
}

static int check_frame(void *ctx, const u8 *msg, u32 len)
{
	struct kunit *test = ctx;
	struct hvnet_pkt_meta meta;
	int err;

	err = hvnet_rndis_pkt_parse(msg, len, len, &meta);
	if (!err) {
		KUNIT_ASSERT_GE(test, meta.data_offset, 44);
		KUNIT_ASSERT_LE(test, meta.data_len, len - meta.data_offset);
		if (meta.flags & HVNET_PKT_LSO)
			KUNIT_ASSERT_GE(test, meta.lso_mss, HVNET_LSO_MSS_MIN);
	}
	return err;
}

static void random_rndis_packets(struct kunit *test)
{
	u8 *m = kunit_kzalloc(test, MSG_MAX, GFP_KERNEL);
	u32 i, len, ok = 0;
	struct rnd_state rs;
	u8 *exact;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, m);
	prandom_seed_state(&rs, 0x706b7421ULL);
	for (i = 0; i < ROUNDS; i++) {
		len = pkt_seed(m);
		mutate(&rs, m, len);
		if (!(i % 5))
			len = prandom_u32_state(&rs) % (len + 1);
		/* An exact-size copy, so KASAN sees any overread. */
		exact = kmalloc(len ?: 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, exact);
		memcpy(exact, m, len);
		n = hvnet_rndis_walk(exact, len, HVNET_RNDIS_MAX_PKT_PER_MSG,
				     check_frame, test);
		kfree(exact);
		ok += n > 0;
	}
	/* Some mutations leave the frame valid, most do not. */
	KUNIT_EXPECT_GT(test, ok, 0);
	KUNIT_EXPECT_LT(test, ok, ROUNDS);
}

static int fake_map(void *priv, enum hvnet_buf_kind kind, u32 gpadl, u32 *len)
{
	if (gpadl == 0xffffffff)
		return -ENOENT;
	*len = kind == HVNET_RECV_BUF ? SZ_16M : 16 * HVNET_NVSP_SEND_SECTION;
	return 0;
}

static void fake_unmap(void *priv, enum hvnet_buf_kind kind)
{
	int *unmaps = priv;

	unmaps[kind]++;
}

static const struct hvnet_nvsp_ops fake_ops = {
	.map_buf = fake_map,
	.unmap_buf = fake_unmap,
};

static void random_nvsp(struct kunit *test)
{
	static const u32 seeds[][4] = {
		{ NVSP_MSG_INIT, NVSP_VERSION_61, NVSP_VERSION_61 },
		{ NVSP_MSG2_SEND_NDIS_CONFIG, 1514 },
		{ NVSP_MSG1_SEND_RECV_BUF, 1, NVSP_RECV_BUF_ID },
		{ NVSP_MSG1_SEND_SEND_BUF, 2, NVSP_SEND_BUF_ID },
		{ NVSP_MSG1_SEND_RNDIS_PKT, 1, 3, 100 },
		{ NVSP_MSG1_SEND_RNDIS_PKT, 0, 0xffffffff, 0 },
		{ NVSP_MSG5_SUBCHANNEL, 1, 4 },
		{ NVSP_MSG4_SWITCH_DATA_PATH, 1 },
		{ NVSP_MSG1_REVOKE_SEND_BUF, NVSP_SEND_BUF_ID },
	};
	struct hvnet_nvsp_config cfg;
	struct hvnet_nvsp_result res;
	int unmaps[2] = {};
	struct hvnet_nvsp *s;
	struct rnd_state rs;
	u8 m[NVSP_MSG_SIZE];
	u32 i, len;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	hvnet_nvsp_config_default(&cfg);
	KUNIT_ASSERT_EQ(test, hvnet_nvsp_init(s, &cfg, &fake_ops, unmaps), 0);
	prandom_seed_state(&rs, 0x6e767370ULL);
	for (i = 0; i < ROUNDS; i++) {
		memset(m, 0, sizeof(m));
		memcpy(m, seeds[i % ARRAY_SIZE(seeds)], sizeof(seeds[0]));
		if (i % 3)
			mutate(&rs, m, sizeof(m));
		len = i % 11 ? sizeof(m) : prandom_u32_state(&rs) % sizeof(m);
		hvnet_nvsp_handle(s, i, m, len, &res);
		KUNIT_ASSERT_EQ(test, res.trans_id, i);
		if (res.reply != HVNET_NVSP_DEFER_RNDIS)
			continue;
		if (res.rndis.in_section)
			KUNIT_ASSERT_LE(test, res.rndis.offset + res.rndis.len,
					s->send.len);
		hvnet_nvsp_rndis_done(s, NVSP_STAT_SUCCESS, &res);
		KUNIT_ASSERT_EQ(test, res.reply, HVNET_NVSP_REPLY_MSG);
	}
	KUNIT_EXPECT_EQ(test, s->inflight, 0);
	hvnet_nvsp_destroy(s);
	KUNIT_EXPECT_FALSE(test, s->recv.mapped || s->send.mapped);
}

static struct kunit_case random_cases[] = {
	KUNIT_CASE(random_nvsp),
	KUNIT_CASE(random_rndis_control),
	KUNIT_CASE(random_rndis_packets),
	{}
};

static struct kunit_suite random_suite = {
	.name = "hvhost_netvsp_random",
	.test_cases = random_cases,
};

kunit_test_suite(random_suite);
