// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: NVSP message handling.  Each case feeds messages as a guest would
 * (or as a hostile one might) and asserts the exact completion bytes, the
 * state and the counters.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "nvsp.h"

#define RECV_LEN	SZ_16M
#define SEND_LEN	SZ_1M
#define TID		0x1122334455667788ULL

struct fake_bufs {
	int map_err;
	u32 len[2];
	u32 gpadl[2];
	int maps[2];
	int unmaps[2];
};

static int fake_map(void *priv, enum hvnet_buf_kind kind, u32 gpadl, u32 *len)
{
	struct fake_bufs *fb = priv;

	if (fb->map_err)
		return fb->map_err;
	fb->maps[kind]++;
	fb->gpadl[kind] = gpadl;
	*len = fb->len[kind];
	return 0;
}

static void fake_unmap(void *priv, enum hvnet_buf_kind kind)
{
	struct fake_bufs *fb = priv;

	fb->unmaps[kind]++;
}

static const struct hvnet_nvsp_ops fake_ops = {
	.map_buf = fake_map,
	.unmap_buf = fake_unmap,
};

struct nvsp_ctx {
	struct hvnet_nvsp s;
	struct hvnet_nvsp_config cfg;
	struct fake_bufs fb;
	struct hvnet_nvsp_result res;
};

static int nvsp_test_init(struct kunit *test)
{
	struct nvsp_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	hvnet_nvsp_config_default(&c->cfg);
	c->fb.len[HVNET_RECV_BUF] = RECV_LEN;
	c->fb.len[HVNET_SEND_BUF] = SEND_LEN;
	KUNIT_ASSERT_EQ(test, hvnet_nvsp_init(&c->s, &c->cfg, &fake_ops,
					      &c->fb), 0);
	test->priv = c;
	return 0;
}

static struct hvnet_nvsp_result *feed(struct kunit *test,
				      const struct nvsp_msg *m, u32 len)
{
	struct nvsp_ctx *c = test->priv;

	hvnet_nvsp_handle(&c->s, TID, m, len, &c->res);
	KUNIT_EXPECT_EQ(test, c->res.trans_id, TID);
	return &c->res;
}

static struct hvnet_nvsp_result *feed_full(struct kunit *test,
					   const struct nvsp_msg *m)
{
	return feed(test, m, sizeof(*m));
}

static struct nvsp_msg msg_init(u32 lo, u32 hi)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG_INIT };

	m.body.init.min_protocol_ver = lo;
	m.body.init.max_protocol_ver = hi;
	return m;
}

static struct nvsp_msg msg_buf(u32 type, u32 gpadl, u16 id)
{
	struct nvsp_msg m = { .msg_type = type };

	m.body.send_buf.gpadl_handle = gpadl;
	m.body.send_buf.id = id;
	return m;
}

static struct nvsp_msg msg_rndis(u32 chan, u32 index, u32 size)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };

	m.body.rndis_pkt.channel_type = chan;
	m.body.rndis_pkt.send_buf_section_index = index;
	m.body.rndis_pkt.send_buf_section_size = size;
	return m;
}

static void expect_msg(struct kunit *test, const struct hvnet_nvsp_result *r,
		       const struct nvsp_msg *want)
{
	KUNIT_EXPECT_EQ(test, r->reply, HVNET_NVSP_REPLY_MSG);
	KUNIT_EXPECT_MEMEQ(test, &r->msg, want, sizeof(*want));
}

static void expect_init_complete(struct kunit *test,
				 const struct hvnet_nvsp_result *r, u32 ver,
				 u32 status)
{
	struct nvsp_msg want = { .msg_type = NVSP_MSG_INIT_COMPLETE };

	want.body.init_complete.negotiated_protocol_ver = ver;
	want.body.init_complete.status = status;
	expect_msg(test, r, &want);
}

/* Bring the state to a negotiated version with both buffers mapped. */
static void setup_buffers(struct kunit *test, u32 ver)
{
	struct nvsp_msg m = msg_init(ver, ver);

	expect_init_complete(test, feed_full(test, &m), ver, NVSP_STAT_SUCCESS);
	m = msg_buf(NVSP_MSG1_SEND_RECV_BUF, 0x100, NVSP_RECV_BUF_ID);
	KUNIT_ASSERT_EQ(test, feed_full(test, &m)->msg.body.recv_buf_complete.status,
			NVSP_STAT_SUCCESS);
	m = msg_buf(NVSP_MSG1_SEND_SEND_BUF, 0x200, NVSP_SEND_BUF_ID_LINUX);
	KUNIT_ASSERT_EQ(test, feed_full(test, &m)->msg.body.send_buf_complete.status,
			NVSP_STAT_SUCCESS);
}

static const u32 versions[] = {
	NVSP_VERSION_61, NVSP_VERSION_6, NVSP_VERSION_5,
	NVSP_VERSION_4, NVSP_VERSION_2, NVSP_VERSION_1,
};

static void version_desc(const u32 *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "0x%x", *v);
}

KUNIT_ARRAY_PARAM(version, versions, version_desc);

/* Linux offers one version at a time (min == max): each is accepted. */
static void nvsp_init_each_version(struct kunit *test)
{
	const u32 *v = test->param_value;
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg m = msg_init(*v, *v);

	expect_init_complete(test, feed_full(test, &m), *v, NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->s.version, *v);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 0);
}

/* Versions the host does not speak fail, and the guest may try again. */
static void nvsp_init_unsupported(struct kunit *test)
{
	static const u32 bad[] = { 0, 1, 3, 0x30000, 0x50001, 0x60002,
				   0x70000, 0xffffffff };
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg m;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		m = msg_init(bad[i], bad[i]);
		expect_init_complete(test, feed_full(test, &m), 0,
				     NVSP_STAT_FAIL);
		KUNIT_EXPECT_EQ(test, c->s.version, 0);
	}
	m = msg_init(NVSP_VERSION_61, NVSP_VERSION_61);
	expect_init_complete(test, feed_full(test, &m), NVSP_VERSION_61,
			     NVSP_STAT_SUCCESS);
}

/* A range gets the newest supported version inside it. */
static void nvsp_init_range(struct kunit *test)
{
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg m = msg_init(NVSP_VERSION_1, 0xffffffff);

	expect_init_complete(test, feed_full(test, &m), NVSP_VERSION_61,
			     NVSP_STAT_SUCCESS);
	c->s.version = 0;
	m = msg_init(NVSP_VERSION_2, 0x4ffff);
	expect_init_complete(test, feed_full(test, &m), NVSP_VERSION_4,
			     NVSP_STAT_SUCCESS);
	c->s.version = 0;
	m = msg_init(NVSP_VERSION_5, NVSP_VERSION_4);	/* min > max */
	expect_init_complete(test, feed_full(test, &m), 0, NVSP_STAT_FAIL);
}

static void nvsp_init_twice(struct kunit *test)
{
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg m = msg_init(NVSP_VERSION_5, NVSP_VERSION_5);

	feed_full(test, &m);
	m = msg_init(NVSP_VERSION_61, NVSP_VERSION_61);
	expect_init_complete(test, feed_full(test, &m), 0, NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, c->s.version, NVSP_VERSION_5);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 1);
}

static struct nvsp_msg msg_config(u32 mtu, u64 caps)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG2_SEND_NDIS_CONFIG };

	m.body.ndis_config.mtu = mtu;
	m.body.ndis_config.capability = caps;
	return m;
}

/* NDIS_CONFIG gets no reply; the MTU range is enforced. */
static void nvsp_ndis_config(struct kunit *test)
{
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg m = msg_config(1514, NVSP_CAP_SRIOV);

	KUNIT_EXPECT_EQ(test, feed_full(test, &m)->reply, HVNET_NVSP_NO_REPLY);
	KUNIT_EXPECT_EQ(test, c->s.mtu, 0);	/* before INIT */
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 1);
	m = msg_init(NVSP_VERSION_61, NVSP_VERSION_61);
	feed_full(test, &m);
	m = msg_config(1514, NVSP_CAP_SRIOV | NVSP_CAP_IEEE8021Q | BIT_ULL(40));
	KUNIT_EXPECT_EQ(test, feed_full(test, &m)->reply, HVNET_NVSP_NO_REPLY);
	KUNIT_EXPECT_EQ(test, c->s.mtu, 1514);
	KUNIT_EXPECT_EQ(test, c->s.caps, NVSP_CAP_SRIOV | NVSP_CAP_IEEE8021Q);
	m = msg_config(HVNET_NVSP_MTU_MIN - 1, 0);
	KUNIT_EXPECT_EQ(test, feed_full(test, &m)->reply, HVNET_NVSP_NO_REPLY);
	m = msg_config(HVNET_NVSP_MTU_MAX + 1, 0);
	feed_full(test, &m);
	KUNIT_EXPECT_EQ(test, c->s.mtu, 1514);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 3);
	m = msg_config(HVNET_NVSP_MTU_MAX, 0);
	feed_full(test, &m);
	KUNIT_EXPECT_EQ(test, c->s.mtu, HVNET_NVSP_MTU_MAX);
}

static void nvsp_ndis_config_v1(struct kunit *test)
{
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg m = msg_init(NVSP_VERSION_1, NVSP_VERSION_1);

	feed_full(test, &m);
	m = msg_config(1514, 0);
	KUNIT_EXPECT_EQ(test, feed_full(test, &m)->reply, HVNET_NVSP_NO_REPLY);
	KUNIT_EXPECT_EQ(test, c->s.mtu, 0);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 1);
}

static void nvsp_ndis_version(struct kunit *test)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_NDIS_VERSION };
	struct nvsp_ctx *c = test->priv;

	m.body.ndis_version.major = 6;
	m.body.ndis_version.minor = 30;
	feed_full(test, &m);
	KUNIT_EXPECT_EQ(test, c->s.ndis_major, 0);	/* before INIT */
	setup_buffers(test, NVSP_VERSION_61);
	KUNIT_EXPECT_EQ(test, feed_full(test, &m)->reply, HVNET_NVSP_NO_REPLY);
	KUNIT_EXPECT_EQ(test, c->s.ndis_major, 6);
	KUNIT_EXPECT_EQ(test, c->s.ndis_minor, 30);
	m.body.ndis_version.major = 5;
	KUNIT_EXPECT_EQ(test, feed_full(test, &m)->reply, HVNET_NVSP_NO_REPLY);
	m.body.ndis_version.major = 6;
	m.body.ndis_version.minor = 0x10000;
	feed_full(test, &m);
	KUNIT_EXPECT_EQ(test, c->s.ndis_minor, 30);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 3);
}

/* One section at offset 0, sub-allocations of 1728 bytes. */
static void nvsp_recv_buf(struct kunit *test)
{
	struct nvsp_msg want = { .msg_type = NVSP_MSG1_SEND_RECV_BUF_COMPLETE };
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg m = msg_init(NVSP_VERSION_61, NVSP_VERSION_61);
	u32 n = RECV_LEN / HVNET_NVSP_RECV_SUB_ALLOC;

	feed_full(test, &m);
	m = msg_buf(NVSP_MSG1_SEND_RECV_BUF, 0xabc, NVSP_RECV_BUF_ID);
	want.body.recv_buf_complete.status = NVSP_STAT_SUCCESS;
	want.body.recv_buf_complete.num_sections = 1;
	want.body.recv_buf_complete.section.offset = 0;
	want.body.recv_buf_complete.section.sub_alloc_size = 1728;
	want.body.recv_buf_complete.section.num_sub_allocs = n;
	want.body.recv_buf_complete.section.end_offset = n * 1728;
	expect_msg(test, feed_full(test, &m), &want);
	KUNIT_EXPECT_EQ(test, n, 9709);
	KUNIT_EXPECT_EQ(test, c->fb.gpadl[HVNET_RECV_BUF], 0xabc);
	KUNIT_EXPECT_TRUE(test, c->s.recv.mapped);
	KUNIT_EXPECT_EQ(test, c->s.recv.count, n);
}

struct buf_case {
	const char *name;
	u32 type;
	u32 gpadl;
	u16 id;
	int map_err;
	u32 len;
	bool no_init;
	bool twice;
};

static const struct buf_case buf_cases[] = {
	{ "recv wrong id", NVSP_MSG1_SEND_RECV_BUF, 1, 0xbeef },
	{ "recv send id", NVSP_MSG1_SEND_RECV_BUF, 1, NVSP_SEND_BUF_ID },
	{ "recv gpadl 0", NVSP_MSG1_SEND_RECV_BUF, 0, NVSP_RECV_BUF_ID },
	{ "recv map fails", NVSP_MSG1_SEND_RECV_BUF, 1, NVSP_RECV_BUF_ID,
	  -ENOENT },
	{ "recv smaller than a slot", NVSP_MSG1_SEND_RECV_BUF, 1,
	  NVSP_RECV_BUF_ID, 0, 1727 },
	{ "recv empty", NVSP_MSG1_SEND_RECV_BUF, 1, NVSP_RECV_BUF_ID, 0, 0 },
	{ "recv over the cap", NVSP_MSG1_SEND_RECV_BUF, 1, NVSP_RECV_BUF_ID, 0,
	  HVNET_NVSP_BUF_MAX + 1 },
	{ "recv before INIT", NVSP_MSG1_SEND_RECV_BUF, 1, NVSP_RECV_BUF_ID, 0,
	  0, true },
	{ "recv twice", NVSP_MSG1_SEND_RECV_BUF, 1, NVSP_RECV_BUF_ID, 0, 0,
	  false, true },
	{ "send wrong id", NVSP_MSG1_SEND_SEND_BUF, 1, NVSP_RECV_BUF_ID },
	{ "send gpadl 0", NVSP_MSG1_SEND_SEND_BUF, 0, NVSP_SEND_BUF_ID },
	{ "send map fails", NVSP_MSG1_SEND_SEND_BUF, 1, NVSP_SEND_BUF_ID,
	  -ENOMEM },
	{ "send smaller than a section", NVSP_MSG1_SEND_SEND_BUF, 1,
	  NVSP_SEND_BUF_ID, 0, 6143 },
	{ "send before INIT", NVSP_MSG1_SEND_SEND_BUF, 1, NVSP_SEND_BUF_ID, 0,
	  0, true },
	{ "send twice", NVSP_MSG1_SEND_SEND_BUF, 1, NVSP_SEND_BUF_ID, 0, 0,
	  false, true },
};

static void buf_case_desc(const struct buf_case *bc, char *desc)
{
	strscpy(desc, bc->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(buf, buf_cases, buf_case_desc);

/* A refused buffer gets a failure completion, zero-filled, nothing leaks. */
static void nvsp_buf_refused(struct kunit *test)
{
	const struct buf_case *bc = test->param_value;
	struct nvsp_ctx *c = test->priv;
	enum hvnet_buf_kind kind = bc->type == NVSP_MSG1_SEND_RECV_BUF ?
		HVNET_RECV_BUF : HVNET_SEND_BUF;
	struct nvsp_msg want = { .msg_type = bc->type + 1 };
	struct nvsp_msg m = msg_init(NVSP_VERSION_61, NVSP_VERSION_61);
	int maps_before;

	if (!bc->no_init)
		feed_full(test, &m);
	if (bc->twice) {
		m = msg_buf(bc->type, bc->gpadl, bc->id);
		feed_full(test, &m);
	} else if (bc->len || bc->map_err || bc->gpadl) {
		c->fb.len[kind] = bc->len;
	}
	c->fb.map_err = bc->map_err;
	maps_before = c->fb.maps[kind];
	m = msg_buf(bc->type, bc->gpadl, bc->id);
	want.body.recv_buf_complete.status = NVSP_STAT_FAIL;
	expect_msg(test, feed_full(test, &m), &want);
	/* Whatever was mapped for the refused request was unmapped again. */
	KUNIT_EXPECT_EQ(test, c->fb.maps[kind] - maps_before,
			c->fb.unmaps[kind]);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 1);
	KUNIT_EXPECT_EQ(test, (c->s.recv.mapped ? 1 : 0) +
			(c->s.send.mapped ? 1 : 0), bc->twice ? 1 : 0);
}

/* Linux's send buffer id is 0, DPDK's and FreeBSD's 0xface. */
static void nvsp_send_buf(struct kunit *test)
{
	static const u16 ids[] = { NVSP_SEND_BUF_ID_LINUX, NVSP_SEND_BUF_ID };
	struct nvsp_msg want = { .msg_type = NVSP_MSG1_SEND_SEND_BUF_COMPLETE };
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg m;
	unsigned int i;

	want.body.send_buf_complete.status = NVSP_STAT_SUCCESS;
	want.body.send_buf_complete.section_size = 6144;
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		KUNIT_ASSERT_EQ(test, hvnet_nvsp_init(&c->s, &c->cfg,
						      &fake_ops, &c->fb), 0);
		m = msg_init(NVSP_VERSION_61, NVSP_VERSION_61);
		feed_full(test, &m);
		m = msg_buf(NVSP_MSG1_SEND_SEND_BUF, 7, ids[i]);
		expect_msg(test, feed_full(test, &m), &want);
		KUNIT_EXPECT_EQ(test, c->s.send.count, SEND_LEN / 6144);
		KUNIT_EXPECT_EQ(test, c->s.send.id, ids[i]);
	}
}

static void nvsp_rndis_section(struct kunit *test)
{
	struct nvsp_msg want = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE };
	struct nvsp_ctx *c = test->priv;
	struct hvnet_nvsp_result *r;
	struct nvsp_msg m;
	u32 last = SEND_LEN / 6144 - 1;

	setup_buffers(test, NVSP_VERSION_61);
	m = msg_rndis(NVSP_RNDIS_CHANNEL_DATA, last, 6144);
	r = feed_full(test, &m);
	KUNIT_EXPECT_EQ(test, r->reply, HVNET_NVSP_DEFER_RNDIS);
	KUNIT_EXPECT_FALSE(test, r->rndis.control);
	KUNIT_EXPECT_TRUE(test, r->rndis.in_section);
	KUNIT_EXPECT_EQ(test, r->rndis.offset, last * 6144);
	KUNIT_EXPECT_EQ(test, r->rndis.len, 6144);
	KUNIT_EXPECT_LE(test, r->rndis.offset + r->rndis.len, c->s.send.len);
	KUNIT_EXPECT_EQ(test, c->s.inflight, 1);
	hvnet_nvsp_rndis_done(&c->s, NVSP_STAT_SUCCESS, r);
	want.body.rndis_pkt_complete.status = NVSP_STAT_SUCCESS;
	expect_msg(test, r, &want);
	KUNIT_EXPECT_EQ(test, r->trans_id, TID);
	KUNIT_EXPECT_EQ(test, c->s.inflight, 0);
}

static void nvsp_rndis_gpa_direct(struct kunit *test)
{
	struct nvsp_ctx *c = test->priv;
	struct hvnet_nvsp_result *r;
	struct nvsp_msg m = msg_init(NVSP_VERSION_2, NVSP_VERSION_2);

	/* No send buffer needed for GPA direct. */
	feed_full(test, &m);
	m = msg_rndis(NVSP_RNDIS_CHANNEL_CONTROL, NVSP_INVALID_SECTION_INDEX, 0);
	r = feed_full(test, &m);
	KUNIT_EXPECT_EQ(test, r->reply, HVNET_NVSP_DEFER_RNDIS);
	KUNIT_EXPECT_TRUE(test, r->rndis.control);
	KUNIT_EXPECT_FALSE(test, r->rndis.in_section);
	hvnet_nvsp_rndis_done(&c->s, NVSP_STAT_INVALID_RNDIS_PKT, r);
	KUNIT_EXPECT_EQ(test, r->msg.body.rndis_pkt_complete.status,
			NVSP_STAT_INVALID_RNDIS_PKT);
}

struct rndis_case {
	const char *name;
	u32 chan;
	u32 index;
	u32 size;
	bool no_send_buf;
	bool no_init;
};

static const struct rndis_case rndis_cases[] = {
	{ "index == count", 0, SEND_LEN / 6144, 100 },
	{ "index huge", 0, 0xfffffffe, 100 },
	{ "size 0", 0, 0, 0 },
	{ "size over section", 0, 0, 6145 },
	{ "size max", 0, 0, 0xffffffff },
	{ "channel type 2", 2, 0, 100 },
	{ "channel type ~0", 0xffffffff, NVSP_INVALID_SECTION_INDEX, 0 },
	{ "no send buffer", 0, 0, 100, true },
	{ "before INIT", 0, NVSP_INVALID_SECTION_INDEX, 0, true, true },
};

static void rndis_case_desc(const struct rndis_case *rc, char *desc)
{
	strscpy(desc, rc->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rndis, rndis_cases, rndis_case_desc);

/* A bad RNDIS request is completed at once with a failure. */
static void nvsp_rndis_refused(struct kunit *test)
{
	const struct rndis_case *rc = test->param_value;
	struct nvsp_msg want = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE };
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg m = msg_init(NVSP_VERSION_61, NVSP_VERSION_61);

	if (!rc->no_send_buf)
		setup_buffers(test, NVSP_VERSION_61);
	else if (!rc->no_init)
		feed_full(test, &m);
	m = msg_rndis(rc->chan, rc->index, rc->size);
	want.body.rndis_pkt_complete.status = NVSP_STAT_FAIL;
	expect_msg(test, feed_full(test, &m), &want);
	KUNIT_EXPECT_EQ(test, c->s.inflight, 0);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 1);
}

static void nvsp_inflight_cap(struct kunit *test)
{
	struct nvsp_ctx *c = test->priv;
	struct hvnet_nvsp_result r1;
	struct nvsp_msg m;

	c->cfg.max_inflight = 2;
	KUNIT_ASSERT_EQ(test, hvnet_nvsp_init(&c->s, &c->cfg, &fake_ops,
					      &c->fb), 0);
	setup_buffers(test, NVSP_VERSION_61);
	m = msg_rndis(0, 0, 100);
	r1 = *feed_full(test, &m);
	KUNIT_EXPECT_EQ(test, r1.reply, HVNET_NVSP_DEFER_RNDIS);
	KUNIT_EXPECT_EQ(test, feed_full(test, &m)->reply, HVNET_NVSP_DEFER_RNDIS);
	KUNIT_EXPECT_EQ(test, feed_full(test, &m)->msg.body.rndis_pkt_complete.status,
			NVSP_STAT_BUSY);
	KUNIT_EXPECT_EQ(test, c->s.stats.busy, 1);
	hvnet_nvsp_rndis_done(&c->s, NVSP_STAT_SUCCESS, &r1);
	KUNIT_EXPECT_EQ(test, feed_full(test, &m)->reply, HVNET_NVSP_DEFER_RNDIS);
}

/* No revoke while a section is in use: it waits for the completion. */
static void nvsp_revoke_send_inflight(struct kunit *test)
{
	struct nvsp_msg rv = { .msg_type = NVSP_MSG1_REVOKE_SEND_BUF };
	struct nvsp_ctx *c = test->priv;
	struct hvnet_nvsp_result r1;
	struct nvsp_msg m;

	setup_buffers(test, NVSP_VERSION_61);
	m = msg_rndis(0, 1, 64);
	r1 = *feed_full(test, &m);
	rv.body.revoke_buf.id = NVSP_SEND_BUF_ID_LINUX;
	KUNIT_EXPECT_EQ(test, feed_full(test, &rv)->reply, HVNET_NVSP_NO_REPLY);
	KUNIT_EXPECT_EQ(test, c->fb.unmaps[HVNET_SEND_BUF], 0);
	KUNIT_EXPECT_TRUE(test, c->s.send.revoke_pending);
	/* The revoked buffer takes no new requests. */
	KUNIT_EXPECT_EQ(test, feed_full(test, &m)->msg.body.rndis_pkt_complete.status,
			NVSP_STAT_FAIL);
	hvnet_nvsp_rndis_done(&c->s, NVSP_STAT_SUCCESS, &r1);
	KUNIT_EXPECT_EQ(test, c->fb.unmaps[HVNET_SEND_BUF], 1);
	KUNIT_EXPECT_FALSE(test, c->s.send.mapped);
	/* A second revoke finds nothing. */
	feed_full(test, &rv);
	KUNIT_EXPECT_EQ(test, c->fb.unmaps[HVNET_SEND_BUF], 1);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 2);
}

static void nvsp_revoke_recv(struct kunit *test)
{
	struct nvsp_msg rv = { .msg_type = NVSP_MSG1_REVOKE_RECV_BUF };
	struct nvsp_ctx *c = test->priv;

	setup_buffers(test, NVSP_VERSION_61);
	rv.body.revoke_buf.id = 0xcaff;
	KUNIT_EXPECT_EQ(test, feed_full(test, &rv)->reply, HVNET_NVSP_NO_REPLY);
	KUNIT_EXPECT_TRUE(test, c->s.recv.mapped);
	rv.body.revoke_buf.id = NVSP_RECV_BUF_ID;
	feed_full(test, &rv);
	KUNIT_EXPECT_FALSE(test, c->s.recv.mapped);
	KUNIT_EXPECT_EQ(test, c->fb.unmaps[HVNET_RECV_BUF], 1);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 1);
	/* A new receive buffer may follow a revoke. */
	rv = msg_buf(NVSP_MSG1_SEND_RECV_BUF, 9, NVSP_RECV_BUF_ID);
	KUNIT_EXPECT_EQ(test, feed_full(test, &rv)->msg.body.recv_buf_complete.status,
			NVSP_STAT_SUCCESS);
	hvnet_nvsp_destroy(&c->s);
	KUNIT_EXPECT_EQ(test, c->fb.maps[HVNET_RECV_BUF],
			c->fb.unmaps[HVNET_RECV_BUF]);
	KUNIT_EXPECT_EQ(test, c->fb.maps[HVNET_SEND_BUF],
			c->fb.unmaps[HVNET_SEND_BUF]);
}

static struct nvsp_msg msg_subchannel(u32 op, u32 n)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG5_SUBCHANNEL };

	m.body.subchannel_request.op = op;
	m.body.subchannel_request.num_subchannels = n;
	return m;
}

static void expect_subchannel(struct kunit *test, u32 op, u32 n, u32 status,
			      u32 granted)
{
	struct nvsp_msg want = { .msg_type = NVSP_MSG5_SUBCHANNEL };
	struct nvsp_msg m = msg_subchannel(op, n);

	want.body.subchannel_complete.status = status;
	want.body.subchannel_complete.num_subchannels = granted;
	expect_msg(test, feed_full(test, &m), &want);
}

static void nvsp_subchannel(struct kunit *test)
{
	struct nvsp_ctx *c = test->priv;

	setup_buffers(test, NVSP_VERSION_61);
	expect_subchannel(test, NVSP_SUBCHANNEL_ALLOCATE, 7, NVSP_STAT_SUCCESS, 0);
	expect_subchannel(test, NVSP_SUBCHANNEL_ALLOCATE, 64, NVSP_STAT_SUCCESS, 0);
	expect_subchannel(test, NVSP_SUBCHANNEL_ALLOCATE, 65, NVSP_STAT_FAIL, 0);
	expect_subchannel(test, NVSP_SUBCHANNEL_NONE, 1, NVSP_STAT_FAIL, 0);
	expect_subchannel(test, 2, 1, NVSP_STAT_FAIL, 0);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 3);
	/* A host with queues grants at most what it has. */
	c->s.cfg.max_subchannels = 3;
	expect_subchannel(test, NVSP_SUBCHANNEL_ALLOCATE, 7, NVSP_STAT_SUCCESS, 3);
	expect_subchannel(test, NVSP_SUBCHANNEL_ALLOCATE, 2, NVSP_STAT_SUCCESS, 2);
	KUNIT_EXPECT_EQ(test, c->s.subchannels, 2);
}

static void nvsp_subchannel_v4(struct kunit *test)
{
	setup_buffers(test, NVSP_VERSION_4);
	expect_subchannel(test, NVSP_SUBCHANNEL_ALLOCATE, 1, NVSP_STAT_FAIL, 0);
}

/* Linux waits for a payload-less completion of every switch. */
static void nvsp_switch_data_path(struct kunit *test)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG4_SWITCH_DATA_PATH };
	struct nvsp_ctx *c = test->priv;
	static const u32 dps[] = { NVSP_DATAPATH_VF, NVSP_DATAPATH_SYNTHETIC, 2,
				   0xffffffff };
	unsigned int i;

	setup_buffers(test, NVSP_VERSION_61);
	for (i = 0; i < ARRAY_SIZE(dps); i++) {
		m.body.switch_data_path.active_datapath = dps[i];
		KUNIT_EXPECT_EQ(test, feed_full(test, &m)->reply,
				HVNET_NVSP_REPLY_EMPTY);
		KUNIT_EXPECT_EQ(test, c->s.datapath, NVSP_DATAPATH_SYNTHETIC);
	}
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 2);
}

/* Types the host does not serve: an empty completion, never silence. */
static void nvsp_unknown(struct kunit *test)
{
	static const u32 types[] = {
		0, NVSP_MSG_INIT_COMPLETE, 99, NVSP_MSG1_SEND_RECV_BUF_COMPLETE,
		NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE, NVSP_MSG2_ALLOC_RXBUF,
		NVSP_MSG4_SEND_VF_ASSOCIATION, NVSP_MSG5_OID_QUERY_EX,
		NVSP_MSG5_SEND_INDIRECTION_TABLE, NVSP_MSG6_PD_API,
		NVSP_MSG6_PD_POST_BATCH, 0xffffffff,
	};
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg m = {};
	unsigned int i;

	setup_buffers(test, NVSP_VERSION_61);
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		m.msg_type = types[i];
		KUNIT_EXPECT_EQ(test, feed_full(test, &m)->reply,
				HVNET_NVSP_REPLY_EMPTY);
	}
	KUNIT_EXPECT_EQ(test, c->s.stats.unknown, ARRAY_SIZE(types));
	KUNIT_EXPECT_EQ(test, feed(test, &m, 3)->reply, HVNET_NVSP_REPLY_EMPTY);
	KUNIT_EXPECT_EQ(test, feed(test, &m, 0)->reply, HVNET_NVSP_REPLY_EMPTY);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 2);
}

struct short_case {
	u32 type;
	u32 body;
	enum hvnet_nvsp_reply reply;
	u32 reply_type;
};

static const struct short_case short_cases[] = {
	{ NVSP_MSG_INIT, 8, HVNET_NVSP_REPLY_MSG, NVSP_MSG_INIT_COMPLETE },
	{ NVSP_MSG1_SEND_NDIS_VERSION, 8, HVNET_NVSP_NO_REPLY },
	{ NVSP_MSG1_SEND_RECV_BUF, 6, HVNET_NVSP_REPLY_MSG,
	  NVSP_MSG1_SEND_RECV_BUF_COMPLETE },
	{ NVSP_MSG1_REVOKE_RECV_BUF, 2, HVNET_NVSP_NO_REPLY },
	{ NVSP_MSG1_SEND_SEND_BUF, 6, HVNET_NVSP_REPLY_MSG,
	  NVSP_MSG1_SEND_SEND_BUF_COMPLETE },
	{ NVSP_MSG1_REVOKE_SEND_BUF, 2, HVNET_NVSP_NO_REPLY },
	{ NVSP_MSG1_SEND_RNDIS_PKT, 12, HVNET_NVSP_REPLY_MSG,
	  NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE },
	{ NVSP_MSG2_SEND_NDIS_CONFIG, 16, HVNET_NVSP_NO_REPLY },
	{ NVSP_MSG4_SWITCH_DATA_PATH, 4, HVNET_NVSP_REPLY_EMPTY },
	{ NVSP_MSG5_SUBCHANNEL, 8, HVNET_NVSP_REPLY_MSG, NVSP_MSG5_SUBCHANNEL },
};

static void short_case_desc(const struct short_case *sc, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "type %u", sc->type);
}

KUNIT_ARRAY_PARAM(shortbody, short_cases, short_case_desc);

/*
 * One byte short of its body: refused, with the failure completion the
 * guest waits for (status FAIL at the same place for every type here).
 * The exact body length is accepted: short guests need not pad to 40.
 */
static void nvsp_short_body(struct kunit *test)
{
	const struct short_case *sc = test->param_value;
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg want = { .msg_type = sc->reply_type };
	struct nvsp_msg m = {};
	struct hvnet_nvsp_result *r;

	setup_buffers(test, NVSP_VERSION_61);
	memset(&m, 0xff, sizeof(m));
	m.msg_type = sc->type;
	r = feed(test, &m, NVSP_MSG_HDR_SIZE + sc->body - 1);
	KUNIT_EXPECT_EQ(test, r->reply, sc->reply);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 1);
	if (sc->reply == HVNET_NVSP_REPLY_MSG) {
		if (sc->type == NVSP_MSG_INIT)
			want.body.init_complete.status = NVSP_STAT_FAIL;
		else
			want.body.rndis_pkt_complete.status = NVSP_STAT_FAIL;
		expect_msg(test, r, &want);
	}
	/* Exactly the body: parsed (and refused for its 0xff fields). */
	feed(test, &m, NVSP_MSG_HDR_SIZE + sc->body);
	KUNIT_EXPECT_EQ(test, c->s.stats.bad_msgs, 2);
}

/* Longer than 40 bytes: the tail is ignored. */
static void nvsp_long_message(struct kunit *test)
{
	u8 buf[100] = {};
	struct nvsp_msg m = msg_init(NVSP_VERSION_61, NVSP_VERSION_61);

	memcpy(buf, &m, sizeof(m));
	memset(buf + sizeof(m), 0xee, sizeof(buf) - sizeof(m));
	expect_init_complete(test, feed(test, (void *)buf, sizeof(buf)),
			     NVSP_VERSION_61, NVSP_STAT_SUCCESS);
}

static void nvsp_vf_association(struct kunit *test)
{
	struct nvsp_msg want = { .msg_type = NVSP_MSG4_SEND_VF_ASSOCIATION };
	struct nvsp_ctx *c = test->priv;
	struct nvsp_msg m;

	KUNIT_EXPECT_EQ(test, hvnet_nvsp_build_vf_association(&c->s, true, 5, &m),
			-EOPNOTSUPP);
	setup_buffers(test, NVSP_VERSION_2);
	KUNIT_EXPECT_EQ(test, hvnet_nvsp_build_vf_association(&c->s, true, 5, &m),
			-EOPNOTSUPP);
	c->s.version = NVSP_VERSION_4;
	KUNIT_EXPECT_EQ(test, hvnet_nvsp_build_vf_association(&c->s, true, 5, &m),
			0);
	want.body.vf_association.allocated = 1;
	want.body.vf_association.serial = 5;
	KUNIT_EXPECT_MEMEQ(test, &m, &want, sizeof(m));
	hvnet_nvsp_build_vf_association(&c->s, false, 5, &m);
	want.body.vf_association.allocated = 0;
	want.body.vf_association.serial = 0;
	KUNIT_EXPECT_MEMEQ(test, &m, &want, sizeof(m));
}

static void nvsp_build_rndis_pkt(struct kunit *test)
{
	struct nvsp_msg want = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };
	struct nvsp_msg m;

	memset(&m, 0xaa, sizeof(m));
	hvnet_nvsp_build_rndis_pkt(&m, true);
	want.body.rndis_pkt.channel_type = NVSP_RNDIS_CHANNEL_CONTROL;
	want.body.rndis_pkt.send_buf_section_index = 0xffffffff;
	KUNIT_EXPECT_MEMEQ(test, &m, &want, sizeof(m));
}

static void nvsp_bad_config(struct kunit *test)
{
	struct nvsp_ctx *c = test->priv;
	struct hvnet_nvsp_config cfg = c->cfg;

	cfg.send_section_size = 67;
	KUNIT_EXPECT_EQ(test, hvnet_nvsp_init(&c->s, &cfg, &fake_ops, NULL),
			-EINVAL);
	cfg = c->cfg;
	cfg.max_subchannels = 65;
	KUNIT_EXPECT_EQ(test, hvnet_nvsp_init(&c->s, &cfg, &fake_ops, NULL),
			-EINVAL);
	cfg = c->cfg;
	cfg.max_inflight = 0;
	KUNIT_EXPECT_EQ(test, hvnet_nvsp_init(&c->s, &cfg, &fake_ops, NULL),
			-EINVAL);
}

static struct kunit_case nvsp_cases[] = {
	KUNIT_CASE_PARAM(nvsp_init_each_version, version_gen_params),
	KUNIT_CASE(nvsp_init_unsupported),
	KUNIT_CASE(nvsp_init_range),
	KUNIT_CASE(nvsp_init_twice),
	KUNIT_CASE(nvsp_ndis_config),
	KUNIT_CASE(nvsp_ndis_config_v1),
	KUNIT_CASE(nvsp_ndis_version),
	KUNIT_CASE(nvsp_recv_buf),
	KUNIT_CASE_PARAM(nvsp_buf_refused, buf_gen_params),
	KUNIT_CASE(nvsp_send_buf),
	KUNIT_CASE(nvsp_rndis_section),
	KUNIT_CASE(nvsp_rndis_gpa_direct),
	KUNIT_CASE_PARAM(nvsp_rndis_refused, rndis_gen_params),
	KUNIT_CASE(nvsp_inflight_cap),
	KUNIT_CASE(nvsp_revoke_send_inflight),
	KUNIT_CASE(nvsp_revoke_recv),
	KUNIT_CASE(nvsp_subchannel),
	KUNIT_CASE(nvsp_subchannel_v4),
	KUNIT_CASE(nvsp_switch_data_path),
	KUNIT_CASE(nvsp_unknown),
	KUNIT_CASE_PARAM(nvsp_short_body, shortbody_gen_params),
	KUNIT_CASE(nvsp_long_message),
	KUNIT_CASE(nvsp_vf_association),
	KUNIT_CASE(nvsp_build_rndis_pkt),
	KUNIT_CASE(nvsp_bad_config),
	{}
};

static struct kunit_suite nvsp_suite = {
	.name = "hvhost_netvsp_nvsp",
	.init = nvsp_test_init,
	.test_cases = nvsp_cases,
};

kunit_test_suite(nvsp_suite);
