// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: VMBus channels - offers, GPADL messages, open and close, modify,
 * signalling, rescind, relid release, unload and quotas, asserted on the
 * exact bytes the guest would receive and on the VSP callbacks.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "channel.h"
#include "connection.h"
#include "test_capture.h"

/* A test VSP: counts callbacks and checks what it is handed. */
struct tvsp {
	struct kunit *test;
	int opens;
	int closes;
	int kicks;
	int rescinds;
	int open_ret;
	u8 userdata[VMBUS_MAX_USER_DEFINED_BYTES];
	u32 in_size;
	u32 out_size;
	void *in_hdr;
	void *out_hdr;
};

static int tvsp_open(struct hvhost_channel *ch, const u8 *userdata)
{
	struct tvsp *v = hvhost_channel_priv(ch);

	v->opens++;
	memcpy(v->userdata, userdata, sizeof(v->userdata));
	v->in_size = hvhost_channel_in(ch)->size;
	v->out_size = hvhost_channel_out(ch)->size;
	v->in_hdr = hvhost_channel_in(ch)->hdr;
	v->out_hdr = hvhost_channel_out(ch)->hdr;
	return v->open_ret;
}

static void tvsp_close(struct hvhost_channel *ch)
{
	struct tvsp *v = hvhost_channel_priv(ch);

	KUNIT_EXPECT_FALSE(v->test, READ_ONCE(ch->kickable));
	v->closes++;
}

static void tvsp_kick(struct hvhost_channel *ch)
{
	struct tvsp *v = hvhost_channel_priv(ch);

	v->kicks++;
}

static void tvsp_rescinded(struct hvhost_channel *ch)
{
	struct tvsp *v = hvhost_channel_priv(ch);

	KUNIT_EXPECT_NE(v->test, ch->state, HVHOST_CHAN_OPEN);
	v->rescinds++;
}

static const struct hvhost_vsp_ops tvsp_ops = {
	.open = tvsp_open,
	.close = tvsp_close,
	.kick = tvsp_kick,
	.rescinded = tvsp_rescinded,
};

/* The synthetic NIC class. */
static const guid_t chan_nic_class = GUID_INIT(0xf8615163, 0xdf3e, 0x46c5,
					       0x91, 0x3f, 0xf2, 0xd2,
					       0xf9, 0x65, 0xed, 0x0e);

/* The VSP is allocated first so that it outlives the connection. */
static struct cap *chan_setup(struct kunit *test, struct tvsp **vp)
{
	struct tvsp *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, v);
	v->test = test;
	*vp = v;
	return cap_create(test);
}

static struct hvhost_offer_desc chan_desc(u8 instance)
{
	struct hvhost_offer_desc d = {
		.class_id = chan_nic_class,
		.instance_id = GUID_INIT(0x01020300 | instance, 0x0405, 0x0607,
					 8, 9, 10, 11, 12, 13, 14, 15),
		.mmio_megabytes = 0,
		.chn_flags = VMBUS_CHANNEL_SERVER_SUPPORTS_GPADLS,
	};
	unsigned int i;

	for (i = 0; i < sizeof(d.user_def); i++)
		d.user_def[i] = i ^ instance;
	return d;
}

static struct hvhost_channel *chan_offer(struct cap *c, struct tvsp *v,
					 u8 instance)
{
	struct hvhost_offer_desc d = chan_desc(instance);
	struct hvhost_channel *ch = hvhost_vmbus_offer(c->vb, &d, &tvsp_ops, v);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(c->test, ch);
	return ch;
}

/* What the guest must see for an offer, built from the wire definition. */
static void chan_expect_offer(struct cap *c, u8 instance, u32 relid, u16 sub)
{
	struct hvhost_offer_desc d = chan_desc(instance);
	struct vmbus_msg_offer_channel m = {
		.header.msgtype = CHANNELMSG_OFFERCHANNEL,
		.offer.if_type = d.class_id,
		.offer.if_instance = d.instance_id,
		.offer.chn_flags = VMBUS_CHANNEL_SERVER_SUPPORTS_GPADLS,
		.offer.sub_channel_index = sub,
		.child_relid = relid,
		.monitorid = 0xff,
		.flags1 = 0,
		.flags2 = 1,
		.connection_id = 0x10000 + relid,
	};

	memcpy(m.offer.user_def, d.user_def, sizeof(d.user_def));
	cap_expect_msg(c, &m, sizeof(m));
}

/* Connected at 5.3 with @ch offered; the offer is consumed. */
static void chan_connect(struct cap *c, unsigned int nr_offers)
{
	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	cap_request_offers(c, nr_offers);
}

static void chan_post_open(struct cap *c, u32 relid, u32 gpadl, u32 off,
			   u32 vp)
{
	struct vmbus_msg_open_channel m = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL,
		.child_relid = relid,
		.openid = relid + 100,
		.ringbuffer_gpadl = gpadl,
		.target_vp = vp,
		.downstream_ringbuffer_pageoffset = off,
	};
	unsigned int i;

	for (i = 0; i < sizeof(m.userdata); i++)
		m.userdata[i] = 0xa0 + i;
	cap_post_ok(c, &m, sizeof(m));
}

static void chan_expect_open_result(struct cap *c, u32 relid, u32 status)
{
	struct vmbus_msg_open_result r = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL_RESULT,
		.child_relid = relid,
		.openid = relid + 100,
		.status = status,
	};

	cap_expect_msg(c, &r, sizeof(r));
}

static void chan_post_relid(struct cap *c, u32 type, u32 relid)
{
	struct vmbus_msg_close_channel m = {
		.header.msgtype = type,
		.child_relid = relid,
	};

	cap_post_ok(c, &m, sizeof(m));
}

static void chan_post_teardown(struct cap *c, u32 relid, u32 gpadl)
{
	struct vmbus_msg_gpadl_teardown m = {
		.header.msgtype = CHANNELMSG_GPADL_TEARDOWN,
		.child_relid = relid,
		.gpadl = gpadl,
	};

	cap_post_ok(c, &m, sizeof(m));
}

static void chan_expect_torndown(struct cap *c, u32 gpadl)
{
	struct vmbus_msg_gpadl_torndown m = {
		.header.msgtype = CHANNELMSG_GPADL_TORNDOWN,
		.gpadl = gpadl,
	};

	cap_expect_msg(c, &m, sizeof(m));
}

static void chan_expect_created_fail(struct cap *c, u32 relid, u32 gpadl)
{
	struct vmbus_msg_gpadl_created m = {
		.header.msgtype = CHANNELMSG_GPADL_CREATED,
		.child_relid = relid,
		.gpadl = gpadl,
		.creation_status = HVHOST_VMBUS_STATUS_FAIL,
	};

	cap_expect_msg(c, &m, sizeof(m));
}

#define RING_GPADL	0xe1e10
#define RING_PFN	8

/* Offered, connected, ring GPADL of 4 pages at RING_PFN, opened on VP 2. */
static struct hvhost_channel *chan_open_one(struct cap *c, struct tvsp *v)
{
	struct hvhost_channel *ch = chan_offer(c, v, 1);

	chan_connect(c, 1);
	cap_gpadl(c, ch->relid, RING_GPADL, RING_PFN, 4);
	chan_post_open(c, ch->relid, RING_GPADL, 2, 2);
	chan_expect_open_result(c, ch->relid, 0);
	KUNIT_EXPECT_EQ(c->test, ch->state, HVHOST_CHAN_OPEN);
	return ch;
}

/* Offers made before contact go out on REQUESTOFFERS, exactly. */
static void chan_offer_on_request(struct kunit *test)
{
	struct vmbus_msg_header done = {
		.msgtype = CHANNELMSG_ALLOFFERS_DELIVERED,
	};
	struct vmbus_msg_header req = { .msgtype = CHANNELMSG_REQUESTOFFERS };
	struct hvhost_channel *a, *b;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	a = chan_offer(c, v, 1);
	b = chan_offer(c, v, 2);
	KUNIT_EXPECT_EQ(test, a->relid, 1);
	KUNIT_EXPECT_EQ(test, b->relid, 2);
	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	cap_expect_none(c);
	cap_post_ok(c, &req, sizeof(req));
	chan_expect_offer(c, 1, 1, 0);
	chan_expect_offer(c, 2, 2, 0);
	cap_expect_msg(c, &done, sizeof(done));
	cap_expect_none(c);
	KUNIT_EXPECT_TRUE(test, a->offered);
	/* A repeated request offers nothing again. */
	cap_post_ok(c, &req, sizeof(req));
	cap_expect_msg(c, &done, sizeof(done));
	cap_expect_none(c);
}

/* After REQUESTOFFERS a new offer goes out at once; before, it waits. */
static void chan_offer_hot_add(struct kunit *test)
{
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	cap_connect(c, VMBUS_VERSION_WIN10);
	chan_offer(c, v, 1);
	cap_expect_none(c);
	cap_request_offers(c, 1);
	chan_offer(c, v, 2);
	chan_expect_offer(c, 2, 2, 0);
	cap_expect_none(c);
}

/* Relids are unique and in [1, 2047]; connection ids follow them. */
static void chan_offer_relids(struct kunit *test)
{
	struct hvhost_channel *ch[8];
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(ch); i++)
		ch[i] = chan_offer(c, v, i);
	hvhost_vmbus_rescind(ch[3]);
	KUNIT_EXPECT_EQ(test, v->rescinds, 1);
	ch[3] = chan_offer(c, v, 3);
	for (i = 0; i < ARRAY_SIZE(ch); i++) {
		KUNIT_EXPECT_GE(test, ch[i]->relid, 1);
		KUNIT_EXPECT_LE(test, ch[i]->relid, 2047);
		KUNIT_EXPECT_EQ(test, ch[i]->conn_id, 0x10000 + ch[i]->relid);
		KUNIT_EXPECT_EQ(test, hvhost_channel_relid(ch[i]), ch[i]->relid);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, ch[i]->relid, ch[j]->relid);
	}
}

static void chan_offer_quota(struct kunit *test)
{
	struct hvhost_vmbus_limits l = HVHOST_VMBUS_DEFAULT_LIMITS;
	struct hvhost_offer_desc d = chan_desc(9);
	struct hvhost_channel *a, *x;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	l.max_channels = 2;
	hvhost_vmbus_set_limits(c->vb, &l);
	a = chan_offer(c, v, 1);
	chan_offer(c, v, 2);
	x = hvhost_vmbus_offer(c->vb, &d, &tvsp_ops, v);
	KUNIT_EXPECT_EQ(test, PTR_ERR(x), -ENOSPC);
	x = hvhost_channel_offer_sub(a, 1);
	KUNIT_EXPECT_EQ(test, PTR_ERR(x), -ENOSPC);
	KUNIT_EXPECT_EQ(test, c->vb->nr_channels, 2);
	hvhost_vmbus_rescind(a);
	chan_offer(c, v, 3);
}

static void chan_offer_invalid(struct kunit *test)
{
	static const struct hvhost_vsp_ops no_open = { .close = tvsp_close };
	struct hvhost_offer_desc d = chan_desc(1);
	struct hvhost_channel *x;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	x = hvhost_vmbus_offer(c->vb, &d, &no_open, v);
	KUNIT_EXPECT_EQ(test, PTR_ERR(x), -EINVAL);
	x = hvhost_vmbus_offer(c->vb, &d, NULL, v);
	KUNIT_EXPECT_EQ(test, PTR_ERR(x), -EINVAL);
	d.sub_channel_index = 1;
	x = hvhost_vmbus_offer(c->vb, &d, &tvsp_ops, v);
	KUNIT_EXPECT_EQ(test, PTR_ERR(x), -EINVAL);
	KUNIT_EXPECT_EQ(test, c->vb->nr_channels, 0);
}

/* Subchannels: offered like the primary with their index; rescinded with it. */
static void chan_subchannels(struct kunit *test)
{
	struct vmbus_msg_rescind_offer r = {
		.header.msgtype = CHANNELMSG_RESCIND_CHANNELOFFER,
	};
	struct hvhost_channel *p, *s;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	p = chan_offer(c, v, 1);
	chan_connect(c, 1);
	s = hvhost_channel_offer_sub(p, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	chan_expect_offer(c, 1, s->relid, 1);
	KUNIT_EXPECT_EQ(test, PTR_ERR(hvhost_channel_offer_sub(p, 1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(hvhost_channel_offer_sub(p, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(hvhost_channel_offer_sub(s, 2)), -EINVAL);
	cap_expect_none(c);

	hvhost_vmbus_rescind(p);
	r.child_relid = s->relid;
	cap_expect_msg(c, &r, sizeof(r));
	r.child_relid = p->relid;
	cap_expect_msg(c, &r, sizeof(r));
	cap_expect_none(c);
	chan_post_relid(c, CHANNELMSG_RELID_RELEASED, 2);
	chan_post_relid(c, CHANNELMSG_RELID_RELEASED, 1);
	KUNIT_EXPECT_EQ(test, v->rescinds, 2);
	KUNIT_EXPECT_EQ(test, c->vb->nr_channels, 0);
}

/* GPADLs in one header and over many bodies; both answered with status 0. */
static void chan_gpadl_created(struct kunit *test)
{
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_gpadl *g;

	chan_offer(c, v, 1);
	chan_connect(c, 1);
	cap_gpadl(c, 1, 0x100, 0, 4);
	cap_gpadl(c, 1, 0x101, 0, CAP_GUEST_PAGES);
	cap_expect_none(c);
	g = hvhost_gpadl_find_complete(&c->vb->gpadls, 0x101);
	KUNIT_ASSERT_NOT_NULL(test, g);
	KUNIT_EXPECT_EQ(test, g->nr_pfns, CAP_GUEST_PAGES);
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_gpadls, 2);
}

static u32 chan_header(u8 *buf, u32 relid, u32 id, u32 pfn, u32 nr, u32 sent)
{
	struct vmbus_msg_gpadl_header *h = (void *)buf;
	struct vmbus_gpa_range *r = (void *)h->range;
	u32 i;

	memset(buf, 0, HV_MESSAGE_PAYLOAD_BYTES);
	h->header.msgtype = CHANNELMSG_GPADL_HEADER;
	h->child_relid = relid;
	h->gpadl = id;
	h->rangecount = 1;
	h->range_buflen = sizeof(*r) + nr * sizeof(u64);
	r->byte_count = nr * HV_PAGE_SIZE;
	for (i = 0; i < sent; i++)
		r->pfn_array[i] = pfn + i;
	return sizeof(*h) + sizeof(*r) + sent * sizeof(u64);
}

/* Every GPADL validation failure is answered and leaves nothing behind. */
static void chan_gpadl_refused(struct kunit *test)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES];
	struct vmbus_msg_gpadl_body *b = (void *)buf;
	struct hvhost_channel *ch;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	ch = chan_offer(c, v, 1);
	chan_offer(c, v, 2);
	/* Before the guest has the offer the relid names nothing. */
	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	cap_post_ok(c, buf, chan_header(buf, 1, 0x200, 0, 1, 1));
	chan_expect_created_fail(c, 1, 0x200);
	cap_request_offers(c, 2);

	/* Unknown relid. */
	cap_post_ok(c, buf, chan_header(buf, 9, 0x201, 0, 1, 1));
	chan_expect_created_fail(c, 9, 0x201);
	/* A page beyond guest memory, in the header. */
	cap_post_ok(c, buf, chan_header(buf, 1, 0x202, CAP_GUEST_PAGES - 1, 2, 2));
	chan_expect_created_fail(c, 1, 0x202);
	/* ... and in a body. */
	cap_post_ok(c, buf, chan_header(buf, 2, 0x203, 0, 27, 26));
	cap_expect_none(c);
	memset(buf, 0, sizeof(buf));
	b->header.msgtype = CHANNELMSG_GPADL_BODY;
	b->gpadl = 0x203;
	b->pfn[0] = 1ULL << 39;
	cap_post_ok(c, buf, sizeof(*b) + sizeof(u64));
	chan_expect_created_fail(c, 2, 0x203);
	/* A body for nothing is dropped. */
	cap_post_ok(c, buf, sizeof(*b) + sizeof(u64));
	cap_expect_none(c);
	/* A malformed header: zero ranges. */
	chan_header(buf, 1, 0x204, 0, 1, 1);
	((struct vmbus_msg_gpadl_header *)buf)->rangecount = 0;
	cap_post_ok(c, buf, sizeof(struct vmbus_msg_gpadl_header) + 16);
	chan_expect_created_fail(c, 1, 0x204);
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_gpadls, 0);
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_pfns, 0);

	/* A duplicate id is refused and the first GPADL stays. */
	cap_gpadl(c, ch->relid, 0x205, 0, 2);
	cap_post_ok(c, buf, chan_header(buf, 1, 0x205, 4, 1, 1));
	chan_expect_created_fail(c, 1, 0x205);
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_gpadls, 1);
	KUNIT_EXPECT_NOT_NULL(test,
			      hvhost_gpadl_find_complete(&c->vb->gpadls, 0x205));
}

static void chan_gpadl_quota(struct kunit *test)
{
	struct hvhost_vmbus_limits l = HVHOST_VMBUS_DEFAULT_LIMITS;
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES];
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	l.max_gpadls = 2;
	l.max_gpadl_pfns = 6;
	hvhost_vmbus_set_limits(c->vb, &l);
	chan_offer(c, v, 1);
	chan_connect(c, 1);
	/* Over the page quota. */
	cap_post_ok(c, buf, chan_header(buf, 1, 0x300, 0, 7, 7));
	chan_expect_created_fail(c, 1, 0x300);
	cap_gpadl(c, 1, 0x301, 0, 4);
	cap_post_ok(c, buf, chan_header(buf, 1, 0x302, 0, 3, 3));
	chan_expect_created_fail(c, 1, 0x302);
	cap_gpadl(c, 1, 0x303, 0, 2);
	/* Over the GPADL count. */
	cap_post_ok(c, buf, chan_header(buf, 1, 0x304, 0, 1, 1));
	chan_expect_created_fail(c, 1, 0x304);
	/* Teardown gives the quota back. */
	chan_post_teardown(c, 1, 0x301);
	chan_expect_torndown(c, 0x301);
	cap_gpadl(c, 1, 0x305, 0, 4);
	cap_expect_none(c);
}

/* GPADL_TEARDOWN is always answered: unknown, complete, half-built. */
static void chan_gpadl_teardown(struct kunit *test)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES];
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	chan_offer(c, v, 1);
	chan_connect(c, 1);
	chan_post_teardown(c, 1, 0x400);
	chan_expect_torndown(c, 0x400);
	cap_gpadl(c, 1, 0x401, 0, 4);
	chan_post_teardown(c, 1, 0x401);
	chan_expect_torndown(c, 0x401);
	cap_post_ok(c, buf, chan_header(buf, 1, 0x402, 0, 30, 26));
	chan_post_teardown(c, 1, 0x402);
	chan_expect_torndown(c, 0x402);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_gpadls, 0);
}

static void chan_open(struct kunit *test)
{
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);
	unsigned int i;

	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, v->opens, 1);
	for (i = 0; i < sizeof(v->userdata); i++)
		KUNIT_EXPECT_EQ(test, v->userdata[i], (u8)(0xa0 + i));
	KUNIT_EXPECT_EQ(test, v->in_size, HV_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, v->out_size, HV_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, c->pinned, 4);
	KUNIT_EXPECT_EQ(test, ch->target_vp, 2);
	KUNIT_EXPECT_EQ(test, ch->ring_gpadl->users, 1);
	KUNIT_EXPECT_TRUE(test, ch->kickable);
	/* The out ring advertises pending_send_sz in the guest's page. */
	KUNIT_EXPECT_EQ(test, ((struct vmbus_ring_hdr *)
			       cap_guest_page(c, RING_PFN + 2))->feature_bits &
			VMBUS_RING_FEAT_PENDING_SEND_SZ,
			VMBUS_RING_FEAT_PENDING_SEND_SZ);
}

struct chan_bad_open_case {
	const char *name;
	u32 relid;
	u32 gpadl;
	u32 off;
	u32 vp;
};

static const struct chan_bad_open_case chan_bad_open_cases[] = {
	{ "unknown-relid", 5, RING_GPADL, 2, 0 },
	{ "relid-0", 0, RING_GPADL, 2, 0 },
	{ "relid-huge", 0xffffffff, RING_GPADL, 2, 0 },
	{ "unknown-gpadl", 1, 0x999, 2, 0 },
	{ "incomplete-gpadl", 1, 0x777, 2, 0 },
	{ "offset-0", 1, RING_GPADL, 0, 0 },
	{ "offset-1", 1, RING_GPADL, 1, 0 },
	{ "offset-3", 1, RING_GPADL, 3, 0 },
	{ "offset-4", 1, RING_GPADL, 4, 0 },
	{ "offset-past-end", 1, RING_GPADL, 5, 0 },
	{ "offset-far", 1, RING_GPADL, 4096, 0 },
	{ "offset-huge", 1, RING_GPADL, 0xffffffff, 0 },
	{ "vp-out-of-range", 1, RING_GPADL, 2, CAP_NR_VPS },
	{ "vp-huge", 1, RING_GPADL, 2, 0xffffffff },
};

static void chan_bad_open_desc(const struct chan_bad_open_case *t, char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(chan_bad_open, chan_bad_open_cases, chan_bad_open_desc);

/* Every bad OPENCHANNEL gets a failure status and leaves no trace. */
static void chan_open_refused(struct kunit *test)
{
	const struct chan_bad_open_case *t = test->param_value;
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES];
	struct hvhost_channel *ch;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	ch = chan_offer(c, v, 1);
	chan_connect(c, 1);
	cap_gpadl(c, 1, RING_GPADL, RING_PFN, 4);
	cap_post_ok(c, buf, chan_header(buf, 1, 0x777, 0, 30, 26));
	chan_post_open(c, t->relid, t->gpadl, t->off, t->vp);
	chan_expect_open_result(c, t->relid, HVHOST_VMBUS_STATUS_FAIL);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, v->opens, 0);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
	KUNIT_EXPECT_EQ(test, ch->state, HVHOST_CHAN_OFFERED);
	KUNIT_EXPECT_EQ(test, hvhost_gpadl_find(&c->vb->gpadls,
						RING_GPADL)->users, 0);
}

/* A second open, or an open on a GPADL in use, fails; the first stays. */
static void chan_open_busy(struct kunit *test)
{
	struct hvhost_channel *ch, *b;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	ch = chan_open_one(c, v);
	b = chan_offer(c, v, 2);
	chan_expect_offer(c, 2, b->relid, 0);
	chan_post_open(c, ch->relid, RING_GPADL, 2, 0);
	chan_expect_open_result(c, ch->relid, HVHOST_VMBUS_STATUS_FAIL);
	chan_post_open(c, b->relid, RING_GPADL, 2, 0);
	chan_expect_open_result(c, b->relid, HVHOST_VMBUS_STATUS_FAIL);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, v->opens, 1);
	KUNIT_EXPECT_EQ(test, ch->state, HVHOST_CHAN_OPEN);
	KUNIT_EXPECT_EQ(test, ch->target_vp, 2);
	KUNIT_EXPECT_EQ(test, c->pinned, 4);
	/* A free ring GPADL, but made for another channel. */
	cap_gpadl(c, ch->relid, 0x889, 30, 4);
	chan_post_open(c, b->relid, 0x889, 2, 0);
	chan_expect_open_result(c, b->relid, HVHOST_VMBUS_STATUS_FAIL);
	KUNIT_EXPECT_EQ(test, b->state, HVHOST_CHAN_OFFERED);
	KUNIT_EXPECT_EQ(test, c->pinned, 4);
}

/* The VSP refusing: failure status, everything undone, a retry works. */
static void chan_open_vsp_refuses(struct kunit *test)
{
	struct hvhost_channel *ch;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	ch = chan_offer(c, v, 1);
	chan_connect(c, 1);
	cap_gpadl(c, 1, RING_GPADL, RING_PFN, 4);
	v->open_ret = -EIO;
	chan_post_open(c, 1, RING_GPADL, 2, 0);
	chan_expect_open_result(c, 1, HVHOST_VMBUS_STATUS_FAIL);
	KUNIT_EXPECT_EQ(test, v->opens, 1);
	KUNIT_EXPECT_EQ(test, v->closes, 0);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
	KUNIT_EXPECT_EQ(test, ch->state, HVHOST_CHAN_OFFERED);
	KUNIT_EXPECT_FALSE(test, ch->kickable);
	v->open_ret = 0;
	chan_post_open(c, 1, RING_GPADL, 2, 0);
	chan_expect_open_result(c, 1, 0);
	KUNIT_EXPECT_EQ(test, c->pinned, 4);
}

/* CLOSECHANNEL: no reply, VSP closed, rings unmapped, reopen possible. */
static void chan_close(struct kunit *test)
{
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);
	u64 bad = c->vb->bad_msgs;

	chan_post_relid(c, CHANNELMSG_CLOSECHANNEL, ch->relid);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, v->closes, 1);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
	KUNIT_EXPECT_EQ(test, ch->state, HVHOST_CHAN_OFFERED);
	KUNIT_EXPECT_EQ(test, hvhost_gpadl_find(&c->vb->gpadls,
						RING_GPADL)->users, 0);
	chan_post_relid(c, CHANNELMSG_CLOSECHANNEL, ch->relid);
	chan_post_relid(c, CHANNELMSG_CLOSECHANNEL, 77);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, v->closes, 1);
	KUNIT_EXPECT_EQ(test, c->vb->bad_msgs, bad + 2);
	chan_post_open(c, ch->relid, RING_GPADL, 2, 1);
	chan_expect_open_result(c, ch->relid, 0);
	KUNIT_EXPECT_EQ(test, v->opens, 2);
}

/* Teardown of the ring GPADL waits for the close. */
static void chan_teardown_deferred(struct kunit *test)
{
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);

	chan_post_teardown(c, ch->relid, RING_GPADL);
	cap_expect_none(c);
	KUNIT_EXPECT_TRUE(test, ch->ring_gpadl->teardown_pending);
	/* It cannot be reopened on meanwhile. */
	chan_post_relid(c, CHANNELMSG_CLOSECHANNEL, ch->relid);
	chan_expect_torndown(c, RING_GPADL);
	cap_expect_none(c);
	KUNIT_EXPECT_NULL(test, hvhost_gpadl_find(&c->vb->gpadls, RING_GPADL));
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
}

static void chan_post_modify(struct cap *c, u32 relid, u32 vp)
{
	struct vmbus_msg_modify_channel m = {
		.header.msgtype = CHANNELMSG_MODIFYCHANNEL,
		.child_relid = relid,
		.target_vp = vp,
	};

	cap_post_ok(c, &m, sizeof(m));
}

static void chan_expect_modified(struct cap *c, u32 relid, u32 status)
{
	struct vmbus_msg_modify_channel_response r = {
		.header.msgtype = CHANNELMSG_MODIFYCHANNEL_RESPONSE,
		.child_relid = relid,
		.status = status,
	};

	cap_expect_msg(c, &r, sizeof(r));
}

/* MODIFYCHANNEL at 5.3: answered; the new VP gets the signals. */
static void chan_modify(struct kunit *test)
{
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);

	KUNIT_EXPECT_EQ(test, hvhost_channel_signal(ch), 0);
	chan_post_modify(c, ch->relid, 3);
	chan_expect_modified(c, ch->relid, 0);
	KUNIT_EXPECT_EQ(test, hvhost_channel_signal(ch), 0);
	chan_post_modify(c, ch->relid, CAP_NR_VPS);
	chan_expect_modified(c, ch->relid, HVHOST_VMBUS_STATUS_FAIL);
	chan_post_modify(c, 9, 0);
	chan_expect_modified(c, 9, HVHOST_VMBUS_STATUS_FAIL);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, ch->target_vp, 3);
	KUNIT_ASSERT_EQ(test, c->nr_sigs, 2);
	KUNIT_EXPECT_EQ(test, c->sig_vp[0], 2);
	KUNIT_EXPECT_EQ(test, c->sig_vp[1], 3);
	KUNIT_EXPECT_EQ(test, c->sig_sint[1], VMBUS_MESSAGE_SINT);
	KUNIT_EXPECT_EQ(test, c->sig_flag[1], ch->relid);
	/* A closed channel cannot be modified. */
	chan_post_relid(c, CHANNELMSG_CLOSECHANNEL, ch->relid);
	chan_post_modify(c, ch->relid, 1);
	chan_expect_modified(c, ch->relid, HVHOST_VMBUS_STATUS_FAIL);
}

/* Before 5.3 the change applies and no response goes out. */
static void chan_modify_before_5_3(struct kunit *test)
{
	struct hvhost_channel *ch;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	ch = chan_offer(c, v, 1);
	cap_connect(c, VMBUS_VERSION_WIN10_V5_2);
	cap_request_offers(c, 1);
	cap_gpadl(c, 1, RING_GPADL, RING_PFN, 4);
	chan_post_open(c, 1, RING_GPADL, 2, 0);
	chan_expect_open_result(c, 1, 0);
	chan_post_modify(c, 1, 3);
	chan_post_modify(c, 1, 99);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, ch->target_vp, 3);
}

/* Guest kicks reach the VSP only for an open channel's connection id. */
static void chan_kicks(struct kunit *test)
{
	static const u32 bogus[] = {
		0, 1, 2, 3, 4, 0x10000, 0x10002, 0x10000 + 2048, 0xffffffff,
	};
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);
	unsigned int i;

	hvhost_vmbus_signal(c->vb, ch->conn_id);
	KUNIT_EXPECT_EQ(test, v->kicks, 1);
	for (i = 0; i < ARRAY_SIZE(bogus); i++)
		hvhost_vmbus_signal(c->vb, bogus[i]);
	KUNIT_EXPECT_EQ(test, v->kicks, 1);
	chan_post_relid(c, CHANNELMSG_CLOSECHANNEL, ch->relid);
	hvhost_vmbus_signal(c->vb, ch->conn_id);
	KUNIT_EXPECT_EQ(test, v->kicks, 1);
}

/* A channel the guest never saw is freed at once and never offered. */
static void chan_rescind_unoffered(struct kunit *test)
{
	struct hvhost_channel *ch;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	ch = chan_offer(c, v, 1);
	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	hvhost_vmbus_rescind(ch);
	KUNIT_EXPECT_EQ(test, v->rescinds, 1);
	KUNIT_EXPECT_EQ(test, c->vb->nr_channels, 0);
	cap_request_offers(c, 0);
	cap_expect_none(c);
}

/* Rescind of an open channel: closed at once, freed on RELID_RELEASED. */
static void chan_rescind_open(struct kunit *test)
{
	struct vmbus_msg_rescind_offer r = {
		.header.msgtype = CHANNELMSG_RESCIND_CHANNELOFFER,
		.child_relid = 1,
	};
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES];
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);
	u64 bad = c->vb->bad_msgs;

	hvhost_vmbus_rescind(ch);
	KUNIT_EXPECT_EQ(test, v->closes, 1);
	KUNIT_EXPECT_EQ(test, v->rescinds, 0);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
	cap_expect_msg(c, &r, sizeof(r));
	cap_expect_none(c);
	hvhost_vmbus_signal(c->vb, 0x10001);
	KUNIT_EXPECT_EQ(test, v->kicks, 0);

	/* What a Linux guest does next: close, tear down, release. */
	chan_post_relid(c, CHANNELMSG_CLOSECHANNEL, 1);
	chan_post_open(c, 1, RING_GPADL, 2, 0);
	chan_expect_open_result(c, 1, HVHOST_VMBUS_STATUS_FAIL);
	chan_post_teardown(c, 1, RING_GPADL);
	chan_expect_torndown(c, RING_GPADL);
	chan_post_modify(c, 1, 0);
	chan_expect_modified(c, 1, HVHOST_VMBUS_STATUS_FAIL);
	cap_post_ok(c, buf, chan_header(buf, 1, 0x600, 0, 1, 1));
	chan_expect_created_fail(c, 1, 0x600);
	KUNIT_EXPECT_EQ(test, c->vb->bad_msgs, bad + 3);
	chan_post_relid(c, CHANNELMSG_RELID_RELEASED, 1);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, v->rescinds, 1);
	KUNIT_EXPECT_EQ(test, v->closes, 1);
	KUNIT_EXPECT_EQ(test, c->vb->nr_channels, 0);
	/* The relid is free again. */
	ch = chan_offer(c, v, 2);
	chan_expect_offer(c, 2, 1, 0);
}

/*
 * Rescind as Linux 6.12 answers it: CLOSECHANNEL, no GPADL_TEARDOWN (the
 * guest frees the ring at once), RELID_RELEASED.  The ring GPADL goes with
 * the relid, so repeated hot-removes do not eat the GPADL quota and a new
 * channel on the same relid starts with no GPADLs.
 */
static void chan_rescind_release_drops_gpadls(struct kunit *test)
{
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);
	u64 pfns_before;

	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_gpadls, 1);
	pfns_before = c->vb->gpadls.nr_pfns;
	KUNIT_EXPECT_GT(test, pfns_before, 0);
	hvhost_vmbus_rescind(ch);
	chan_post_relid(c, CHANNELMSG_CLOSECHANNEL, 1);
	chan_post_relid(c, CHANNELMSG_RELID_RELEASED, 1);
	KUNIT_EXPECT_EQ(test, v->rescinds, 1);
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_gpadls, 0);
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_pfns, 0);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
}

/* RELID_RELEASED without a rescind: the guest dropped the device. */
static void chan_relid_released_early(struct kunit *test)
{
	struct hvhost_channel *ch;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	u64 bad;

	ch = chan_offer(c, v, 1);
	chan_connect(c, 1);
	/* A GPADL the guest leaves behind when it drops the device. */
	cap_gpadl(c, ch->relid, 0x500, RING_PFN, 4);
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_gpadls, 1);
	bad = c->vb->bad_msgs;
	chan_post_relid(c, CHANNELMSG_RELID_RELEASED, ch->relid);
	KUNIT_EXPECT_FALSE(test, ch->offered);
	KUNIT_EXPECT_EQ(test, v->rescinds, 0);
	chan_post_relid(c, CHANNELMSG_RELID_RELEASED, ch->relid);
	chan_post_relid(c, CHANNELMSG_RELID_RELEASED, 42);
	KUNIT_EXPECT_EQ(test, c->vb->bad_msgs, bad + 2);
	cap_expect_none(c);
	/* A host rescind now needs no guest round trip. */
	hvhost_vmbus_rescind(ch);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, v->rescinds, 1);
	/* The freed relid takes its GPADLs: the next channel starts clean. */
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_gpadls, 0);
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_pfns, 0);
}

/* RELID_RELEASED of an open channel closes it; the relid is dead after. */
static void chan_relid_released_open(struct kunit *test)
{
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);

	chan_post_relid(c, CHANNELMSG_RELID_RELEASED, ch->relid);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, v->closes, 1);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
	KUNIT_EXPECT_FALSE(test, ch->offered);
	KUNIT_EXPECT_EQ(test, ch->state, HVHOST_CHAN_OFFERED);
	chan_post_open(c, ch->relid, RING_GPADL, 2, 0);
	chan_expect_open_result(c, ch->relid, HVHOST_VMBUS_STATUS_FAIL);
	/* The ring GPADL is free to go. */
	chan_post_teardown(c, ch->relid, RING_GPADL);
	chan_expect_torndown(c, RING_GPADL);
	cap_expect_none(c);
}

/* UNLOAD closes everything, drops GPADLs and pending rescinds. */
static void chan_unload(struct kunit *test)
{
	struct vmbus_msg_unload m = { .header.msgtype = CHANNELMSG_UNLOAD };
	struct vmbus_msg_unload r = {
		.header.msgtype = CHANNELMSG_UNLOAD_RESPONSE,
	};
	struct hvhost_channel *gone;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);

	gone = chan_offer(c, v, 2);
	chan_expect_offer(c, 2, gone->relid, 0);
	hvhost_vmbus_rescind(gone);
	cap_next(c);
	chan_post_teardown(c, ch->relid, RING_GPADL);
	cap_post_ok(c, &m, sizeof(m));
	cap_expect_msg(c, &r, sizeof(r));
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, v->closes, 1);
	KUNIT_EXPECT_EQ(test, v->rescinds, 1);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_gpadls, 0);
	KUNIT_EXPECT_EQ(test, c->vb->nr_channels, 1);
	KUNIT_EXPECT_FALSE(test, ch->offered);
	/* The next connection is offered the live channel again. */
	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	cap_request_offers(c, 1);
	KUNIT_EXPECT_TRUE(test, ch->offered);
}

/* A VSP mapping holds its GPADL; teardown waits for the unmap or close. */
static void chan_vsp_map_gpadl(struct kunit *test)
{
	struct hvhost_gpadl_map m1, m2;
	struct hvhost_channel *other;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);

	other = chan_offer(c, v, 2);
	chan_expect_offer(c, 2, other->relid, 0);
	cap_gpadl(c, ch->relid, 0xcafe, 20, 8);
	cap_gpadl(c, other->relid, 0xface, 30, 2);
	KUNIT_EXPECT_EQ(test, hvhost_channel_map_gpadl(ch, 0xcafe, &m1), 0);
	KUNIT_EXPECT_EQ(test, m1.nr, 8);
	KUNIT_EXPECT_PTR_EQ(test, m1.pages[0], c->pages[20]);
	KUNIT_EXPECT_EQ(test, c->pinned, 12);
	KUNIT_EXPECT_EQ(test, hvhost_channel_map_gpadl(ch, 0xface, &m2),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, hvhost_channel_map_gpadl(ch, 0xbad, &m2),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, hvhost_channel_map_gpadl(other, 0xface, &m2),
			-EINVAL);

	chan_post_teardown(c, ch->relid, 0xcafe);
	cap_expect_none(c);
	hvhost_channel_unmap_gpadl(ch, 0xcafe, &m1);
	chan_expect_torndown(c, 0xcafe);
	KUNIT_EXPECT_EQ(test, c->pinned, 4);
	KUNIT_EXPECT_NULL(test, m1.vaddr);

	/* What the VSP leaves mapped is released by the close. */
	cap_gpadl(c, ch->relid, 0xcaff, 40, 3);
	KUNIT_EXPECT_EQ(test, hvhost_channel_map_gpadl(ch, 0xcaff, &m1), 0);
	chan_post_teardown(c, ch->relid, 0xcaff);
	cap_expect_none(c);
	chan_post_relid(c, CHANNELMSG_CLOSECHANNEL, ch->relid);
	chan_expect_torndown(c, 0xcaff);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
	/* A stale unmap after the close is harmless. */
	hvhost_channel_unmap_gpadl(ch, 0xcaff, &m1);
	KUNIT_EXPECT_EQ(test, hvhost_channel_map_gpadl(ch, 0xface, &m2),
			-EINVAL);
}

/*
 * The try variants never wait for the connection mutex (a VSP's close runs
 * under it and cancels the VSP's worker); otherwise they map and unmap.
 */
static void chan_vsp_try_map_gpadl(struct kunit *test)
{
	struct hvhost_gpadl_map m;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);

	cap_gpadl(c, ch->relid, 0xcafe, 20, 4);
	mutex_lock(&c->vb->lock);
	KUNIT_EXPECT_EQ(test, hvhost_channel_try_map_gpadl(ch, 0xcafe, &m),
			-EAGAIN);
	mutex_unlock(&c->vb->lock);
	KUNIT_EXPECT_EQ(test, c->pinned, 4);
	KUNIT_EXPECT_EQ(test, hvhost_channel_try_map_gpadl(ch, 0xcafe, &m), 0);
	KUNIT_EXPECT_EQ(test, m.nr, 4);
	KUNIT_EXPECT_EQ(test, c->pinned, 8);
	KUNIT_EXPECT_EQ(test, hvhost_channel_try_map_gpadl(ch, 0xbad, &m),
			-ENOENT);
	mutex_lock(&c->vb->lock);
	KUNIT_EXPECT_EQ(test, hvhost_channel_try_unmap_gpadl(ch, 0xcafe, &m),
			-EAGAIN);
	mutex_unlock(&c->vb->lock);
	KUNIT_EXPECT_EQ(test, c->pinned, 8);
	KUNIT_EXPECT_EQ(test, hvhost_channel_try_unmap_gpadl(ch, 0xcafe, &m), 0);
	KUNIT_EXPECT_EQ(test, c->pinned, 4);
	KUNIT_EXPECT_NULL(test, m.vaddr);
}

/* Destroy with an open channel: closed, rescinded, nothing pinned. */
static void chan_destroy_open(struct kunit *test)
{
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	chan_open_one(c, v);
	chan_offer(c, v, 2);
	hvhost_vmbus_destroy(c->vb);
	c->vb = NULL;
	KUNIT_EXPECT_EQ(test, v->closes, 1);
	KUNIT_EXPECT_EQ(test, v->rescinds, 2);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
}

/* Insane ring indexes in the guest's pages fail the open, undone whole. */
static void chan_open_bad_ring_index(struct kunit *test)
{
	struct vmbus_ring_hdr *in, *out;
	struct hvhost_channel *ch;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	ch = chan_offer(c, v, 1);
	chan_connect(c, 1);
	cap_gpadl(c, 1, RING_GPADL, RING_PFN, 4);
	in = cap_guest_page(c, RING_PFN);
	out = cap_guest_page(c, RING_PFN + 2);
	in->write_index = 3;
	chan_post_open(c, 1, RING_GPADL, 2, 0);
	chan_expect_open_result(c, 1, HVHOST_VMBUS_STATUS_FAIL);
	in->write_index = 0;
	out->read_index = 0xfffffff8;
	chan_post_open(c, 1, RING_GPADL, 2, 0);
	chan_expect_open_result(c, 1, HVHOST_VMBUS_STATUS_FAIL);
	KUNIT_EXPECT_EQ(test, v->opens, 0);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
	KUNIT_EXPECT_NULL(test, ch->in.hdr);
	KUNIT_EXPECT_NULL(test, ch->out.hdr);
	out->read_index = 0;
	chan_post_open(c, 1, RING_GPADL, 2, 0);
	chan_expect_open_result(c, 1, 0);
}

/*
 * A downstream offset past the end of the ring GPADL is refused before
 * anything is mapped: the guest's in-ring header stays untouched (it used
 * to be set up over a ring reaching past the mapping, and the open failed
 * only because the out ring's length wrapped past the ring size limit).
 */
static void chan_open_offset_past_ring(struct kunit *test)
{
	struct vmbus_ring_hdr *in;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	u32 off;

	chan_offer(c, v, 1);
	chan_connect(c, 1);
	cap_gpadl(c, 1, RING_GPADL, RING_PFN, 4);
	in = cap_guest_page(c, RING_PFN);
	for (off = 5; off <= 8; off++) {
		in->interrupt_mask = 1;
		chan_post_open(c, 1, RING_GPADL, off, 0);
		chan_expect_open_result(c, 1, HVHOST_VMBUS_STATUS_FAIL);
		KUNIT_EXPECT_EQ_MSG(test, in->interrupt_mask, 1, "off %u", off);
	}
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, v->opens, 0);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
}

/* Before the guest has the offer, its relid names nothing. */
static void chan_before_offers(struct kunit *test)
{
	struct hvhost_channel *ch;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	u64 bad;

	ch = chan_offer(c, v, 1);
	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	bad = c->vb->bad_msgs;
	chan_post_open(c, ch->relid, RING_GPADL, 2, 0);
	chan_expect_open_result(c, ch->relid, HVHOST_VMBUS_STATUS_FAIL);
	chan_post_modify(c, ch->relid, 0);
	chan_expect_modified(c, ch->relid, HVHOST_VMBUS_STATUS_FAIL);
	chan_post_teardown(c, ch->relid, RING_GPADL);
	chan_expect_torndown(c, RING_GPADL);
	chan_post_relid(c, CHANNELMSG_CLOSECHANNEL, ch->relid);
	chan_post_relid(c, CHANNELMSG_RELID_RELEASED, ch->relid);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->bad_msgs, bad + 5);
	KUNIT_EXPECT_EQ(test, v->opens, 0);
	KUNIT_EXPECT_EQ(test, v->rescinds, 0);
	KUNIT_EXPECT_EQ(test, ch->state, HVHOST_CHAN_OFFERED);
}

/* A ring GPADL from raw ranges: @nr ranges of (offset, count) over pfns. */
static void chan_raw_gpadl(struct cap *c, u32 id, const u32 (*rng)[2],
			   u32 nr, u32 first_pfn)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_gpadl_header *h = (void *)buf;
	struct vmbus_msg_gpadl_created ok = {
		.header.msgtype = CHANNELMSG_GPADL_CREATED,
		.child_relid = 1,
		.gpadl = id,
	};
	u8 *p = h->range;
	u32 i, j, pages, pfn = first_pfn;

	h->header.msgtype = CHANNELMSG_GPADL_HEADER;
	h->child_relid = 1;
	h->gpadl = id;
	h->rangecount = nr;
	for (i = 0; i < nr; i++) {
		struct vmbus_gpa_range *r = (void *)p;

		r->byte_offset = rng[i][0];
		r->byte_count = rng[i][1];
		pages = DIV_ROUND_UP(rng[i][0] + rng[i][1], HV_PAGE_SIZE);
		for (j = 0; j < pages; j++)
			r->pfn_array[j] = pfn++;
		p += sizeof(*r) + pages * sizeof(u64);
	}
	h->range_buflen = p - h->range;
	cap_post_ok(c, buf, p - buf);
	cap_expect_msg(c, &ok, sizeof(ok));
}

/* Ring GPADLs must be one range of whole pages starting at offset 0. */
static void chan_open_ring_shape(struct kunit *test)
{
	static const u32 two[][2] = { { 0, 8192 }, { 0, 8192 } };
	static const u32 offset[][2] = { { 8, 4 * 4096 - 8 } };
	static const u32 partial[][2] = { { 0, 4 * 4096 - 8 } };
	static const u32 good[][2] = { { 0, 4 * 4096 } };
	struct hvhost_channel *ch;
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);

	ch = chan_offer(c, v, 1);
	chan_connect(c, 1);
	chan_raw_gpadl(c, 0x500, two, 2, 0);
	chan_raw_gpadl(c, 0x501, offset, 1, 4);
	chan_raw_gpadl(c, 0x502, partial, 1, 8);
	chan_raw_gpadl(c, 0x503, good, 1, 12);
	chan_post_open(c, 1, 0x500, 2, 0);
	chan_expect_open_result(c, 1, HVHOST_VMBUS_STATUS_FAIL);
	chan_post_open(c, 1, 0x501, 2, 0);
	chan_expect_open_result(c, 1, HVHOST_VMBUS_STATUS_FAIL);
	chan_post_open(c, 1, 0x502, 2, 0);
	chan_expect_open_result(c, 1, HVHOST_VMBUS_STATUS_FAIL);
	KUNIT_EXPECT_EQ(test, v->opens, 0);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
	chan_post_open(c, 1, 0x503, 2, 0);
	chan_expect_open_result(c, 1, 0);
	KUNIT_EXPECT_EQ(test, ch->state, HVHOST_CHAN_OPEN);
}

/* Offers are never dropped for the queue cap; the guest is throttled. */
static void chan_offers_beyond_queue_cap(struct kunit *test)
{
	struct hvhost_vmbus_limits l = HVHOST_VMBUS_DEFAULT_LIMITS;
	struct vmbus_msg_header req = { .msgtype = CHANNELMSG_REQUESTOFFERS };
	struct vmbus_msg_header done = {
		.msgtype = CHANNELMSG_ALLOFFERS_DELIVERED,
	};
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	unsigned int i;

	l.max_queued_msgs = 2;
	hvhost_vmbus_set_limits(c->vb, &l);
	for (i = 1; i <= 4; i++)
		chan_offer(c, v, i);
	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	c->busy = true;
	cap_post_ok(c, &req, sizeof(req));
	KUNIT_EXPECT_EQ(test, hvhost_msgq_len(&c->vb->q), 5);
	KUNIT_EXPECT_EQ(test, cap_post(c, 4, &req, sizeof(req)),
			HV_STATUS_INSUFFICIENT_BUFFERS);
	/* Hot add still goes out, behind the others. */
	chan_offer(c, v, 5);
	c->busy = false;
	hvhost_vmbus_msg_slot_free(c->vb);
	for (i = 1; i <= 4; i++)
		chan_expect_offer(c, i, i, 0);
	cap_expect_msg(c, &done, sizeof(done));
	chan_expect_offer(c, 5, 5, 0);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->q.dropped, 0);
}

/* A partition reset closes open channels silently; offers stay. */
static void chan_reset_open(struct kunit *test)
{
	struct tvsp *v;
	struct cap *c = chan_setup(test, &v);
	struct hvhost_channel *ch = chan_open_one(c, v);

	hvhost_vmbus_reset(c->vb);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, v->closes, 1);
	KUNIT_EXPECT_EQ(test, v->rescinds, 0);
	KUNIT_EXPECT_EQ(test, c->pinned, 0);
	KUNIT_EXPECT_EQ(test, ch->state, HVHOST_CHAN_OFFERED);
	KUNIT_EXPECT_FALSE(test, ch->offered);
	KUNIT_EXPECT_EQ(test, c->vb->gpadls.nr_gpadls, 0);
	chan_connect(c, 1);
	KUNIT_EXPECT_TRUE(test, ch->offered);
}

static struct kunit_case chan_cases[] = {
	KUNIT_CASE(chan_offer_on_request),
	KUNIT_CASE(chan_offer_hot_add),
	KUNIT_CASE(chan_offer_relids),
	KUNIT_CASE(chan_offer_quota),
	KUNIT_CASE(chan_offer_invalid),
	KUNIT_CASE(chan_subchannels),
	KUNIT_CASE(chan_gpadl_created),
	KUNIT_CASE(chan_gpadl_refused),
	KUNIT_CASE(chan_gpadl_quota),
	KUNIT_CASE(chan_gpadl_teardown),
	KUNIT_CASE(chan_open),
	KUNIT_CASE_PARAM(chan_open_refused, chan_bad_open_gen_params),
	KUNIT_CASE(chan_open_busy),
	KUNIT_CASE(chan_open_vsp_refuses),
	KUNIT_CASE(chan_open_ring_shape),
	KUNIT_CASE(chan_open_bad_ring_index),
	KUNIT_CASE(chan_open_offset_past_ring),
	KUNIT_CASE(chan_before_offers),
	KUNIT_CASE(chan_close),
	KUNIT_CASE(chan_teardown_deferred),
	KUNIT_CASE(chan_modify),
	KUNIT_CASE(chan_modify_before_5_3),
	KUNIT_CASE(chan_kicks),
	KUNIT_CASE(chan_rescind_unoffered),
	KUNIT_CASE(chan_rescind_open),
	KUNIT_CASE(chan_rescind_release_drops_gpadls),
	KUNIT_CASE(chan_relid_released_early),
	KUNIT_CASE(chan_relid_released_open),
	KUNIT_CASE(chan_unload),
	KUNIT_CASE(chan_vsp_map_gpadl),
	KUNIT_CASE(chan_vsp_try_map_gpadl),
	KUNIT_CASE(chan_offers_beyond_queue_cap),
	KUNIT_CASE(chan_reset_open),
	KUNIT_CASE(chan_destroy_open),
	{}
};

static struct kunit_suite chan_suite = {
	.name = "hvhost_vmbus_chan",
	.test_cases = chan_cases,
};

kunit_test_suite(chan_suite);
