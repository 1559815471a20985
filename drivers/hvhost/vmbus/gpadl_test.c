// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: GPADL assembly, validation, quotas and mapping.
 *
 * The test guest builds messages the way a Linux guest does (one range,
 * up to 26 pages in the header and 28 in each body) and also splits its
 * range streams in every other way a hostile guest could choose.
 */
#include <kunit/test.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "partition.h"
#include "gpadl.h"

#define HDR_BYTES	sizeof(struct vmbus_msg_gpadl_header)
#define BODY_BYTES	sizeof(struct vmbus_msg_gpadl_body)
#define HDR_MAX_WORDS	((HV_MESSAGE_PAYLOAD_BYTES - HDR_BYTES) / 8)
#define BODY_MAX_WORDS	((HV_MESSAGE_PAYLOAD_BYTES - BODY_BYTES) / 8)
#define TG_RELID	7
#define TG_VARY		0	/* tg_send(): vary the body sizes */

/*
 * A range as the test guest describes it.  Its pages are @pfns if set,
 * else @pfn0, @pfn0 + 1, ...
 */
struct tg_range {
	u32 byte_offset;
	u32 byte_count;
	u64 pfn0;
	const u64 *pfns;
};

/* A range stream: what follows rangecount and range_buflen on the wire. */
struct tg_stream {
	u64 *w;
	u32 nr_words;
	u16 rangecount;
};

static u32 tg_pages(const struct tg_range *r)
{
	return DIV_ROUND_UP((u64)r->byte_offset + r->byte_count, HV_PAGE_SIZE);
}

static u64 tg_pfn(const struct tg_range *r, u32 i)
{
	return r->pfns ? r->pfns[i] : r->pfn0 + i;
}

static struct tg_stream *tg_stream(struct kunit *test,
				   const struct tg_range *r, u32 nr)
{
	struct tg_stream *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	u32 i, j, pos = 0;

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (i = 0; i < nr; i++)
		s->nr_words += 1 + tg_pages(&r[i]);
	s->w = kunit_kcalloc(test, s->nr_words, sizeof(u64), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s->w);
	for (i = 0; i < nr; i++) {
		struct vmbus_gpa_range hdr = {
			.byte_count = r[i].byte_count,
			.byte_offset = r[i].byte_offset,
		};

		memcpy(&s->w[pos++], &hdr, sizeof(hdr));
		for (j = 0; j < tg_pages(&r[i]); j++)
			s->w[pos++] = tg_pfn(&r[i], j);
	}
	s->rangecount = nr;
	return s;
}

/* Send a GPADL_HEADER with @bytes of stream; @bytes may be up to 236. */
static int tg_header(struct hvhost_gpadl_table *t, u32 id, u16 rangecount,
		     u16 buflen, const void *stream, u32 bytes,
		     struct hvhost_gpadl **out)
{
	struct vmbus_msg_gpadl_header h = {
		.header.msgtype = CHANNELMSG_GPADL_HEADER,
		.child_relid = TG_RELID,
		.gpadl = id,
		.range_buflen = buflen,
		.rangecount = rangecount,
	};
	u8 msg[HV_MESSAGE_SIZE] = {};

	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), stream, bytes);
	return hvhost_gpadl_header(t, msg, sizeof(h) + bytes, out);
}

/* Send a GPADL_BODY with @bytes of stream; @bytes may be up to 240. */
static int tg_body(struct hvhost_gpadl_table *t, u32 id, const void *stream,
		   u32 bytes, struct hvhost_gpadl **out)
{
	struct vmbus_msg_gpadl_body b = {
		.header.msgtype = CHANNELMSG_GPADL_BODY,
		.msgnumber = 0,
		.gpadl = id,
	};
	u8 msg[HV_MESSAGE_SIZE] = {};

	memcpy(msg, &b, sizeof(b));
	memcpy(msg + sizeof(b), stream, bytes);
	return hvhost_gpadl_body(t, msg, sizeof(b) + bytes, out);
}

/*
 * Send @s as GPADL @id: @head words in the header, then bodies of @body
 * words each (the last may be shorter; TG_VARY cycles through sizes).
 * Stop at the first message not accepted with 0; return its result (or
 * the last message's) and count the messages sent in @nr_msgs.
 */
static int tg_send(struct kunit *test, struct hvhost_gpadl_table *t, u32 id,
		   const struct tg_stream *s, u32 head, u32 body,
		   u32 *nr_msgs, struct hvhost_gpadl **out)
{
	struct hvhost_gpadl *first;
	u32 pos = min(head, s->nr_words), n;
	int ret;

	ret = tg_header(t, id, s->rangecount, s->nr_words * 8, s->w, pos * 8,
			out);
	*nr_msgs = 1;
	first = *out;
	while (!ret && pos < s->nr_words) {
		KUNIT_ASSERT_PTR_EQ(test, *out, first);
		n = body == TG_VARY ? 1 + (*nr_msgs * 11) % BODY_MAX_WORDS : body;
		n = min(n, s->nr_words - pos);
		ret = tg_body(t, id, &s->w[pos], n * 8, out);
		pos += n;
		(*nr_msgs)++;
	}
	return ret;
}

/* Linux's split: 26 pages after the range header, then 28 per body. */
static int tg_send_linux(struct kunit *test, struct hvhost_gpadl_table *t,
			 u32 id, const struct tg_stream *s, u32 *nr_msgs,
			 struct hvhost_gpadl **out)
{
	return tg_send(test, t, id, s, HDR_MAX_WORDS, BODY_MAX_WORDS, nr_msgs,
		       out);
}

static void tg_expect_gpadl(struct kunit *test, const struct hvhost_gpadl *g,
			    u32 id, const struct tg_range *r, u32 nr)
{
	u32 i, j, pfn = 0;
	bool pfns_ok = true;

	KUNIT_ASSERT_NOT_NULL(test, g);
	KUNIT_EXPECT_TRUE(test, hvhost_gpadl_complete(g));
	KUNIT_EXPECT_EQ(test, g->id, id);
	KUNIT_EXPECT_EQ(test, g->child_relid, TG_RELID);
	KUNIT_EXPECT_EQ(test, g->received, g->buflen);
	KUNIT_ASSERT_EQ(test, g->nr_ranges, nr);
	for (i = 0; i < nr; i++) {
		const struct hvhost_gpadl_range *gr = &g->ranges[i];

		KUNIT_EXPECT_EQ(test, gr->byte_count, r[i].byte_count);
		KUNIT_EXPECT_EQ(test, gr->byte_offset, r[i].byte_offset);
		KUNIT_EXPECT_EQ(test, gr->first_pfn, pfn);
		KUNIT_ASSERT_EQ(test, gr->nr_pfns, tg_pages(&r[i]));
		for (j = 0; j < gr->nr_pfns; j++)
			pfns_ok &= g->pfns[pfn + j] == tg_pfn(&r[i], j);
		pfn += gr->nr_pfns;
	}
	KUNIT_EXPECT_EQ(test, g->nr_pfns, pfn);
	KUNIT_EXPECT_TRUE(test, pfns_ok);
}

static void tg_table_destroy(void *t)
{
	hvhost_gpadl_table_destroy(t);
}

static struct hvhost_gpadl_table *tg_table(struct kunit *test, u32 max_gpadls,
					   u64 max_pfns)
{
	struct hvhost_gpadl_table *t = kunit_kzalloc(test, sizeof(*t),
						     GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	hvhost_gpadl_table_init(t, max_gpadls, max_pfns);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tg_table_destroy,
							t), 0);
	return t;
}

static struct hvhost_gpadl_table *tg_big_table(struct kunit *test)
{
	return tg_table(test, 1024, 1 << 20);
}

static void tg_expect_table(struct kunit *test, struct hvhost_gpadl_table *t,
			    u32 nr_gpadls, u64 nr_pfns)
{
	KUNIT_EXPECT_EQ(test, t->nr_gpadls, nr_gpadls);
	KUNIT_EXPECT_EQ(test, t->nr_pfns, nr_pfns);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&t->list), nr_gpadls);
}

/* --- assembly ---------------------------------------------------------- */

static void gpadl_header_only(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range small = { 0, 4 * HV_PAGE_SIZE, 0x1000 };
	const struct tg_range full = { 0, 26 * HV_PAGE_SIZE, 0x2000 };
	struct hvhost_gpadl *g;
	u32 msgs;

	KUNIT_EXPECT_EQ(test, tg_send_linux(test, t, 1, tg_stream(test, &small, 1),
					    &msgs, &g), 1);
	KUNIT_EXPECT_EQ(test, msgs, 1);
	tg_expect_gpadl(test, g, 1, &small, 1);
	KUNIT_EXPECT_EQ(test, g->next_msgnumber, 0);
	KUNIT_EXPECT_PTR_EQ(test, hvhost_gpadl_find(t, 1), g);
	KUNIT_EXPECT_PTR_EQ(test, hvhost_gpadl_find_complete(t, 1), g);
	KUNIT_EXPECT_NULL(test, hvhost_gpadl_find(t, 2));

	/* The most a Linux header carries: 26 pages, 240 bytes. */
	KUNIT_EXPECT_EQ(test, tg_send_linux(test, t, 2, tg_stream(test, &full, 1),
					    &msgs, &g), 1);
	KUNIT_EXPECT_EQ(test, msgs, 1);
	tg_expect_gpadl(test, g, 2, &full, 1);
	tg_expect_table(test, t, 2, 30);
}

static void gpadl_linux_ring_pair(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range r = { 0, SZ_1M, 0x40000 };
	struct hvhost_gpadl *g;
	u32 msgs;

	KUNIT_EXPECT_EQ(test, tg_send_linux(test, t, 0xe1e10, tg_stream(test, &r, 1),
					    &msgs, &g), 1);
	/* 26 pages in the header, 230 in 9 bodies. */
	KUNIT_EXPECT_EQ(test, msgs, 10);
	tg_expect_gpadl(test, g, 0xe1e10, &r, 1);
	KUNIT_EXPECT_EQ(test, g->nr_pfns, 256);
	KUNIT_EXPECT_EQ(test, g->next_msgnumber, 9);
	tg_expect_table(test, t, 1, 256);
}

static void gpadl_linux_16mib(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range r = { 0, SZ_16M, 0x123456 };
	struct hvhost_gpadl *g;
	u32 msgs;

	KUNIT_EXPECT_EQ(test, tg_send_linux(test, t, 3, tg_stream(test, &r, 1),
					    &msgs, &g), 1);
	KUNIT_EXPECT_EQ(test, msgs, 147);
	tg_expect_gpadl(test, g, 3, &r, 1);
	KUNIT_EXPECT_EQ(test, g->nr_pfns, 4096);
	KUNIT_EXPECT_EQ(test, g->buflen, 8 + 4096 * 8);
	tg_expect_table(test, t, 1, 4096);
}

/* The longest stream a u16 range_buflen allows: 65528 bytes. */
static void gpadl_max_pages(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range r = {
		100, HVHOST_GPADL_MAX_PFNS * HV_PAGE_SIZE - 100, 0x800000
	};
	struct hvhost_gpadl *g;
	u32 msgs;

	KUNIT_EXPECT_EQ(test, tg_send_linux(test, t, 4, tg_stream(test, &r, 1),
					    &msgs, &g), 1);
	tg_expect_gpadl(test, g, 4, &r, 1);
	KUNIT_EXPECT_EQ(test, g->nr_pfns, 8190);
	KUNIT_EXPECT_EQ(test, g->buflen, 65528);
}

static const struct tg_range tg_multi[] = {
	{ 100, 5000, 0x100 },			/* 2 pages */
	{ 0, 1, 0x200 },			/* 1 page */
	{ 4095, 4097, 0x300 },			/* 2 pages */
	{ 0, 30 * HV_PAGE_SIZE, 0x400 },	/* 30 pages */
	{ 2048, 29 * HV_PAGE_SIZE, 0x500 },	/* 30 pages */
	{ 4095, 1, 0x600 },			/* 1 page */
};

/*
 * Six ranges, 72 words, sent with every header length and every body
 * length: range headers land at the end of the header message, at the
 * start and end of bodies, and alone in a body.
 */
static void gpadl_split_everywhere(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_stream *s = tg_stream(test, tg_multi,
					      ARRAY_SIZE(tg_multi));
	struct hvhost_gpadl *g;
	u32 head, body, msgs;

	KUNIT_ASSERT_EQ(test, s->nr_words, 72);
	for (head = 0; head <= HDR_MAX_WORDS; head++) {
		for (body = 1; body <= BODY_MAX_WORDS; body++) {
			KUNIT_ASSERT_EQ(test, tg_send(test, t, 9, s, head, body,
						      &msgs, &g), 1);
			KUNIT_ASSERT_EQ(test, msgs,
					1 + DIV_ROUND_UP(72 - head, body));
			tg_expect_gpadl(test, g, 9, tg_multi,
					ARRAY_SIZE(tg_multi));
			hvhost_gpadl_remove(t, g);
			tg_expect_table(test, t, 0, 0);
		}
		KUNIT_ASSERT_EQ(test, tg_send(test, t, 9, s, head, TG_VARY,
					      &msgs, &g), 1);
		tg_expect_gpadl(test, g, 9, tg_multi, ARRAY_SIZE(tg_multi));
		hvhost_gpadl_remove(t, g);
	}
}

/* Bodies go to the GPADL they name, whatever the order. */
static void gpadl_interleaved(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range ra = { 0, 60 * HV_PAGE_SIZE, 0xa000 };
	const struct tg_range rb = { 0, 60 * HV_PAGE_SIZE, 0xb000 };
	const struct tg_stream *a = tg_stream(test, &ra, 1);
	const struct tg_stream *b = tg_stream(test, &rb, 1);
	struct hvhost_gpadl *ga, *gb, *g;
	u32 i;

	KUNIT_ASSERT_EQ(test, tg_header(t, 1, 1, a->nr_words * 8, a->w, 8, &ga), 0);
	KUNIT_ASSERT_EQ(test, tg_header(t, 2, 1, b->nr_words * 8, b->w, 8, &gb), 0);
	for (i = 1; i < 61; i += 20) {
		KUNIT_ASSERT_EQ(test, tg_body(t, 2, &b->w[i], 160, &g), (int)(i == 41));
		KUNIT_EXPECT_PTR_EQ(test, g, gb);
		KUNIT_ASSERT_EQ(test, tg_body(t, 1, &a->w[i], 160, &g), (int)(i == 41));
		KUNIT_EXPECT_PTR_EQ(test, g, ga);
	}
	tg_expect_gpadl(test, ga, 1, &ra, 1);
	tg_expect_gpadl(test, gb, 2, &rb, 1);
	tg_expect_table(test, t, 2, 120);
}

/* --- header validation --------------------------------------------------- */

static void tg_expect_rejected(struct kunit *test, struct hvhost_gpadl_table *t,
			       int ret, int err, struct hvhost_gpadl *const *out)
{
	KUNIT_EXPECT_EQ(test, ret, err);
	KUNIT_EXPECT_NULL(test, *out);
	tg_expect_table(test, t, 0, 0);
}

static void gpadl_header_len(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range r = { 0, 26 * HV_PAGE_SIZE, 0x10 };
	const struct tg_stream *s = tg_stream(test, &r, 1);
	u8 msg[HV_MESSAGE_SIZE] = {};
	struct vmbus_msg_gpadl_header *h = (void *)msg;
	struct hvhost_gpadl *g = (void *)1;
	u64 zero[28] = {};

	h->header.msgtype = CHANNELMSG_GPADL_HEADER;
	h->rangecount = 1;
	h->range_buflen = 16;
	tg_expect_rejected(test, t, hvhost_gpadl_header(t, msg, 0, &g),
			   -EINVAL, &g);
	tg_expect_rejected(test, t, hvhost_gpadl_header(t, msg, HDR_BYTES - 1, &g),
			   -EINVAL, &g);
	/* 28 words fit the stream but not a SynIC message. */
	h->range_buflen = 28 * 8;
	tg_expect_rejected(test, t, hvhost_gpadl_header(t, msg, HDR_BYTES + 28 * 8,
							&g), -EINVAL, &g);
	KUNIT_EXPECT_EQ(test, tg_header(t, 1, 1, 28 * 8, zero, 28 * 8, &g),
			-EINVAL);

	/* The shortest header: no stream bytes at all. */
	KUNIT_EXPECT_EQ(test, hvhost_gpadl_header(t, msg, HDR_BYTES, &g), 0);
	KUNIT_EXPECT_NOT_NULL(test, g);
	KUNIT_EXPECT_EQ(test, g->received, 0);
	/* The longest: 240 bytes. */
	KUNIT_EXPECT_EQ(test, tg_header(t, 1, 1, 27 * 8, s->w, 27 * 8, &g), 1);
	tg_expect_gpadl(test, g, 1, &r, 1);
}

static void gpadl_header_stream_bytes(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range r = { 0, 2 * HV_PAGE_SIZE, 0x10 };
	const struct tg_stream *s = tg_stream(test, &r, 1);
	struct hvhost_gpadl *g;

	/* Stream bytes in the header must be whole words... */
	tg_expect_rejected(test, t, tg_header(t, 1, 1, 24, s->w, 4, &g),
			   -EINVAL, &g);
	tg_expect_rejected(test, t, tg_header(t, 1, 1, 24, s->w, 12, &g),
			   -EINVAL, &g);
	/* ...and no more than range_buflen. */
	tg_expect_rejected(test, t, tg_header(t, 1, 1, 16, s->w, 24, &g),
			   -EINVAL, &g);
	KUNIT_EXPECT_EQ(test, tg_header(t, 1, 1, 24, s->w, 24, &g), 1);
}

static void gpadl_header_rangecount(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const u32 nr = HVHOST_GPADL_MAX_RANGES + 1;
	struct tg_range *r = kunit_kcalloc(test, nr, sizeof(*r), GFP_KERNEL);
	const struct tg_stream *s;
	struct hvhost_gpadl *g;
	u32 i, msgs;

	KUNIT_ASSERT_NOT_NULL(test, r);
	for (i = 0; i < nr; i++)
		r[i] = (struct tg_range){ i, 1, 0x1000 + i };
	s = tg_stream(test, r, nr);

	tg_expect_rejected(test, t, tg_header(t, 1, 0, 16, s->w, 16, &g),
			   -EINVAL, &g);
	tg_expect_rejected(test, t, tg_send(test, t, 1, s, 26, 28, &msgs, &g),
			   -E2BIG, &g);
	KUNIT_EXPECT_EQ(test, msgs, 1);

	s = tg_stream(test, r, HVHOST_GPADL_MAX_RANGES);
	KUNIT_EXPECT_EQ(test, tg_send(test, t, 1, s, 26, 28, &msgs, &g), 1);
	tg_expect_gpadl(test, g, 1, r, HVHOST_GPADL_MAX_RANGES);
}

static void gpadl_header_buflen(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	struct hvhost_gpadl *g;
	u64 w[4] = {};

	/* Not whole words. */
	tg_expect_rejected(test, t, tg_header(t, 1, 1, 20, w, 0, &g),
			   -EINVAL, &g);
	tg_expect_rejected(test, t, tg_header(t, 1, 1, 17, w, 0, &g),
			   -EINVAL, &g);
	/* Too short for rangecount ranges of one page each. */
	tg_expect_rejected(test, t, tg_header(t, 1, 1, 0, w, 0, &g),
			   -EINVAL, &g);
	tg_expect_rejected(test, t, tg_header(t, 1, 1, 8, w, 0, &g),
			   -EINVAL, &g);
	tg_expect_rejected(test, t, tg_header(t, 1, 2, 24, w, 0, &g),
			   -EINVAL, &g);
	tg_expect_rejected(test, t, tg_header(t, 1, 64, 64 * 16 - 8, w, 0, &g),
			   -EINVAL, &g);
	KUNIT_EXPECT_EQ(test, tg_header(t, 1, 2, 32, w, 0, &g), 0);
	KUNIT_EXPECT_EQ(test, g->nr_pfns, 2);
	KUNIT_EXPECT_EQ(test, tg_header(t, 2, 64, 64 * 16, w, 0, &g), 0);
	KUNIT_EXPECT_EQ(test, g->nr_pfns, 64);
	tg_expect_table(test, t, 2, 66);
}

/* --- range validation, when the header or a body completes the stream ----- */

struct tg_bad_stream {
	const char *name;
	u16 rangecount;
	u32 nr_words;
	u64 w[4];
};

#define TG_RANGE_WORD(off, count)	(((u64)(off) << 32) | (u32)(count))

static const struct tg_bad_stream tg_bad_streams[] = {
	{ "byte_offset 4096", 1, 2, { TG_RANGE_WORD(4096, 1), 1 } },
	{ "byte_offset ~0", 1, 2, { TG_RANGE_WORD(U32_MAX, 1), 1 } },
	{ "byte_count 0", 1, 2, { TG_RANGE_WORD(0, 0), 1 } },
	{ "fewer pages than the range needs", 1, 3,
	  { TG_RANGE_WORD(0, 3 * 4096), 1, 2 } },
	{ "range crosses a page: one page short", 1, 2,
	  { TG_RANGE_WORD(1, 4096), 1 } },
	{ "more pages than the range needs", 1, 3,
	  { TG_RANGE_WORD(0, 4096), 1, 2 } },
	/* In u32, 4095 + 0xffffffff wraps to 4094: one page. */
	{ "byte_offset + byte_count overflows u32", 1, 2,
	  { TG_RANGE_WORD(4095, U32_MAX), 1 } },
	{ "pfn at the limit", 1, 2,
	  { TG_RANGE_WORD(0, 4096), HVHOST_GPADL_PFN_LIMIT } },
	{ "pfn ~0", 1, 3, { TG_RANGE_WORD(0, 8192), 1, U64_MAX } },
	{ "first range eats the second one's words", 2, 4,
	  { TG_RANGE_WORD(0, 3 * 4096), 1, 2, 3 } },
	{ "second range bad", 2, 4,
	  { TG_RANGE_WORD(0, 4096), 1, TG_RANGE_WORD(0, 0), 2 } },
};

static void tg_bad_stream_desc(const struct tg_bad_stream *s, char *desc)
{
	strscpy(desc, s->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tg_bad_stream, tg_bad_streams, tg_bad_stream_desc);

/* A bad stream is refused whether the header or a body completes it. */
static void gpadl_bad_range(struct kunit *test)
{
	const struct tg_bad_stream *s = test->param_value;
	struct hvhost_gpadl_table *t = tg_big_table(test);
	struct hvhost_gpadl *g, *g0;

	tg_expect_rejected(test, t, tg_header(t, 1, s->rangecount,
					      s->nr_words * 8, s->w,
					      s->nr_words * 8, &g),
			   -EINVAL, &g);

	KUNIT_ASSERT_EQ(test, tg_header(t, 1, s->rangecount, s->nr_words * 8,
					s->w, 8, &g0), 0);
	KUNIT_EXPECT_EQ(test, tg_body(t, 1, &s->w[1], (s->nr_words - 1) * 8,
				      &g), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, g, g0);
	KUNIT_EXPECT_FALSE(test, hvhost_gpadl_complete(g0));
	KUNIT_EXPECT_NULL(test, hvhost_gpadl_find_complete(t, 1));
	/* Until the caller removes it, more bodies fail it again. */
	KUNIT_EXPECT_EQ(test, tg_body(t, 1, s->w, 8, &g), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, g, g0);
	hvhost_gpadl_remove(t, g0);
	tg_expect_table(test, t, 0, 0);
}

/* The edge cases next to the bad ones above are accepted. */
static void gpadl_range_edges(struct kunit *test)
{
	static const struct tg_range ok[] = {
		{ 4095, 1, 1 },
		{ 4095, 2, 2 },			/* 2 pages */
		{ 0, 4096, HVHOST_GPADL_PFN_LIMIT - 1 },
		{ 1, 4095, 3 },
		{ 0, 1, 0 },
	};
	struct hvhost_gpadl_table *t = tg_big_table(test);
	struct hvhost_gpadl *g;
	u32 msgs;

	KUNIT_EXPECT_EQ(test, tg_send_linux(test, t, 1,
					    tg_stream(test, ok, ARRAY_SIZE(ok)),
					    &msgs, &g), 1);
	tg_expect_gpadl(test, g, 1, ok, ARRAY_SIZE(ok));
	KUNIT_EXPECT_EQ(test, g->nr_pfns, 6);
}

/* --- body validation ----------------------------------------------------- */

static void gpadl_body_errors(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range r = { 0, 4 * HV_PAGE_SIZE, 0x10 };
	const struct tg_stream *s = tg_stream(test, &r, 1);
	struct vmbus_msg_gpadl_body b = { .gpadl = 1 };
	u8 msg[HV_MESSAGE_SIZE] = {};
	struct hvhost_gpadl *g, *g0;
	u64 junk[4] = {};

	KUNIT_ASSERT_EQ(test, tg_header(t, 1, 1, 40, s->w, 16, &g0), 0);
	memcpy(msg, &b, sizeof(b));

	/* Too short to name a GPADL, or longer than a message. */
	KUNIT_EXPECT_EQ(test, hvhost_gpadl_body(t, msg, 0, &g), -EINVAL);
	KUNIT_EXPECT_NULL(test, g);
	KUNIT_EXPECT_EQ(test, hvhost_gpadl_body(t, msg, BODY_BYTES - 1, &g),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, g);
	KUNIT_EXPECT_EQ(test, hvhost_gpadl_body(t, msg,
						HV_MESSAGE_PAYLOAD_BYTES + 8, &g),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, g);
	/* No such GPADL. */
	KUNIT_EXPECT_EQ(test, tg_body(t, 2, &s->w[2], 8, &g), -ENOENT);
	KUNIT_EXPECT_NULL(test, g);
	KUNIT_EXPECT_EQ(test, g0->received, 16);

	/* Empty, not whole words, or more than the stream has left. */
	KUNIT_EXPECT_EQ(test, tg_body(t, 1, &s->w[2], 0, &g), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, g, g0);
	KUNIT_EXPECT_EQ(test, tg_body(t, 1, junk, 12, &g), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, g, g0);
	KUNIT_EXPECT_EQ(test, tg_body(t, 1, junk, 32, &g), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, g, g0);
	KUNIT_EXPECT_EQ(test, g0->received, 16);
	KUNIT_EXPECT_EQ(test, g0->next_msgnumber, 0);

	/* The rejected bodies changed nothing: the right ones complete it. */
	KUNIT_EXPECT_EQ(test, tg_body(t, 1, &s->w[2], 8, &g), 0);
	KUNIT_EXPECT_EQ(test, tg_body(t, 1, &s->w[3], 16, &g), 1);
	tg_expect_gpadl(test, g0, 1, &r, 1);
	KUNIT_EXPECT_EQ(test, g0->next_msgnumber, 2);

	/* Already complete. */
	KUNIT_EXPECT_EQ(test, tg_body(t, 1, junk, 8, &g), -EALREADY);
	KUNIT_EXPECT_NULL(test, g);
	tg_expect_gpadl(test, g0, 1, &r, 1);
	tg_expect_table(test, t, 1, 4);
}

/* msgnumber is informational: Linux leaves it zero. */
static void gpadl_body_msgnumber_ignored(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range r = { 0, 2 * HV_PAGE_SIZE, 0x10 };
	const struct tg_stream *s = tg_stream(test, &r, 1);
	struct vmbus_msg_gpadl_body b = { .msgnumber = 0xdead, .gpadl = 1 };
	u8 msg[BODY_BYTES + 16];
	struct hvhost_gpadl *g;

	KUNIT_ASSERT_EQ(test, tg_header(t, 1, 1, 24, s->w, 8, &g), 0);
	memcpy(msg, &b, sizeof(b));
	memcpy(msg + sizeof(b), &s->w[1], 16);
	KUNIT_EXPECT_EQ(test, hvhost_gpadl_body(t, msg, sizeof(msg), &g), 1);
	tg_expect_gpadl(test, g, 1, &r, 1);
}

/* --- quotas, ids, lifetime ------------------------------------------------ */

static void gpadl_quota_gpadls(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_table(test, 2, 1000);
	u64 w[2] = { TG_RANGE_WORD(0, 4096), 1 };
	struct hvhost_gpadl *g, *g1;

	KUNIT_EXPECT_EQ(test, tg_header(t, 1, 1, 16, w, 16, &g1), 1);
	KUNIT_EXPECT_EQ(test, tg_header(t, 2, 1, 16, w, 8, &g), 0);
	KUNIT_EXPECT_EQ(test, tg_header(t, 3, 1, 16, w, 16, &g), -EDQUOT);
	KUNIT_EXPECT_NULL(test, g);
	tg_expect_table(test, t, 2, 2);
	hvhost_gpadl_remove(t, g1);
	KUNIT_EXPECT_EQ(test, tg_header(t, 3, 1, 16, w, 16, &g), 1);
	tg_expect_table(test, t, 2, 2);
}

/* Pages are charged when the header arrives, complete or not. */
static void gpadl_quota_pfns(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_table(test, 100, 100);
	const struct tg_range r = { 0, 60 * HV_PAGE_SIZE, 0x10 };
	const struct tg_stream *s = tg_stream(test, &r, 1);
	u64 bad[2] = { TG_RANGE_WORD(0, 0), 1 };
	struct hvhost_gpadl *g, *g60;

	KUNIT_EXPECT_EQ(test, tg_header(t, 1, 1, 61 * 8, s->w, 27 * 8, &g60), 0);
	tg_expect_table(test, t, 1, 60);
	KUNIT_EXPECT_EQ(test, tg_header(t, 2, 1, 42 * 8, s->w, 27 * 8, &g),
			-EDQUOT);
	KUNIT_EXPECT_NULL(test, g);
	tg_expect_table(test, t, 1, 60);
	/* A header refused for a bad range is not charged. */
	KUNIT_EXPECT_EQ(test, tg_header(t, 2, 1, 16, bad, 16, &g), -EINVAL);
	tg_expect_table(test, t, 1, 60);
	/* Exactly at the quota. */
	KUNIT_EXPECT_EQ(test, tg_header(t, 2, 1, 41 * 8, s->w, 27 * 8, &g), 0);
	tg_expect_table(test, t, 2, 100);
	KUNIT_EXPECT_EQ(test, tg_header(t, 3, 1, 16, s->w, 0, &g), -EDQUOT);
	hvhost_gpadl_remove(t, g60);
	tg_expect_table(test, t, 1, 40);
	KUNIT_EXPECT_EQ(test, tg_header(t, 3, 1, 16, s->w, 0, &g), 0);
	tg_expect_table(test, t, 2, 41);
}

static void gpadl_duplicate_id(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range ra = { 0, 2 * HV_PAGE_SIZE, 0xa0 };
	const struct tg_range rb = { 0, 40 * HV_PAGE_SIZE, 0xb0 };
	const struct tg_stream *a = tg_stream(test, &ra, 1);
	const struct tg_stream *b = tg_stream(test, &rb, 1);
	struct hvhost_gpadl *g, *ga, *gb;
	u32 msgs;

	KUNIT_ASSERT_EQ(test, tg_send_linux(test, t, 5, a, &msgs, &ga), 1);
	KUNIT_EXPECT_EQ(test, tg_send_linux(test, t, 5, b, &msgs, &g), -EEXIST);
	KUNIT_EXPECT_EQ(test, msgs, 1);
	KUNIT_EXPECT_NULL(test, g);
	tg_expect_gpadl(test, ga, 5, &ra, 1);
	tg_expect_table(test, t, 1, 2);

	/* An incomplete one is protected the same way. */
	KUNIT_ASSERT_EQ(test, tg_header(t, 6, 1, b->nr_words * 8, b->w, 8, &gb), 0);
	KUNIT_EXPECT_EQ(test, tg_header(t, 6, 1, a->nr_words * 8, a->w,
					a->nr_words * 8, &g), -EEXIST);
	KUNIT_EXPECT_NULL(test, g);
	KUNIT_EXPECT_EQ(test, tg_body(t, 6, &b->w[1], 20 * 8, &g), 0);
	KUNIT_EXPECT_EQ(test, tg_body(t, 6, &b->w[21], 20 * 8, &g), 1);
	tg_expect_gpadl(test, gb, 6, &rb, 1);
	tg_expect_table(test, t, 2, 42);
}

static const struct hvhost_transport_ops tg_no_ops;

static void gpadl_incomplete_unusable(struct kunit *test)
{
	struct hvhost_partition p = { .ops = &tg_no_ops };
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range r = { 0, 30 * HV_PAGE_SIZE, 0x10 };
	const struct tg_stream *s = tg_stream(test, &r, 1);
	struct hvhost_gpadl_map m;
	struct hvhost_gpadl *g;

	KUNIT_ASSERT_EQ(test, tg_header(t, 1, 1, 31 * 8, s->w, 27 * 8, &g), 0);
	KUNIT_EXPECT_PTR_EQ(test, hvhost_gpadl_find(t, 1), g);
	KUNIT_EXPECT_NULL(test, hvhost_gpadl_find_complete(t, 1));
	KUNIT_EXPECT_FALSE(test, hvhost_gpadl_complete(g));
	/* Neither op is reached: tg_no_ops has none. */
	KUNIT_EXPECT_EQ(test, hvhost_gpadl_check_pages(&p, g), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvhost_gpadl_map_range(&p, g, 0, 1, &m), -EINVAL);
	KUNIT_EXPECT_NULL(test, m.vaddr);

	KUNIT_EXPECT_EQ(test, tg_body(t, 1, &s->w[27], 4 * 8, &g), 1);
	KUNIT_EXPECT_PTR_EQ(test, hvhost_gpadl_find_complete(t, 1), g);
}

static void gpadl_destroy_pending(struct kunit *test)
{
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range big = { 0, SZ_16M, 0x10 };
	const struct tg_stream *s = tg_stream(test, &big, 1);
	struct hvhost_gpadl *g;
	u32 msgs;

	KUNIT_ASSERT_EQ(test, tg_send_linux(test, t, 1, s, &msgs, &g), 1);
	KUNIT_ASSERT_EQ(test, tg_header(t, 2, 1, s->nr_words * 8, s->w, 0, &g), 0);
	KUNIT_ASSERT_EQ(test, tg_header(t, 3, 1, s->nr_words * 8, s->w, 27 * 8,
					&g), 0);
	KUNIT_ASSERT_EQ(test, tg_body(t, 3, &s->w[27], 28 * 8, &g), 0);
	KUNIT_ASSERT_EQ(test, tg_header(t, 4, 64, 64 * 16, s->w, 0, &g), 0);
	tg_expect_table(test, t, 4, 3 * 4096 + 64);

	hvhost_gpadl_table_destroy(t);
	tg_expect_table(test, t, 0, 0);
	KUNIT_EXPECT_NULL(test, hvhost_gpadl_find(t, 3));
	/* The table is usable again (and destroyed again at test exit). */
	KUNIT_EXPECT_EQ(test, tg_header(t, 2, 1, s->nr_words * 8, s->w, 0, &g), 0);
}

/* --- pages: check and map --------------------------------------------------- */

#define FG_PAGES	8
#define FG_BASE		0x1000ULL	/* page number of the fake guest's page 0 */
#define FG_MAX_CHECKS	8

/* A guest of FG_PAGES pages at FG_BASE, backed by alloc_page()d pages. */
struct fake_guest {
	struct hvhost_partition p;
	struct page *pages[FG_PAGES];
	int pinned;
	u32 nr_checks;
	u64 check_gpa[FG_MAX_CHECKS];
	u64 check_len[FG_MAX_CHECKS];
};

static int fg_check(struct hvhost_partition *p, u64 gpa, u64 len)
{
	struct fake_guest *f = p->priv;
	u64 start = FG_BASE << HV_PAGE_SHIFT;
	u64 end = (FG_BASE + FG_PAGES) << HV_PAGE_SHIFT;

	if (f->nr_checks < FG_MAX_CHECKS) {
		f->check_gpa[f->nr_checks] = gpa;
		f->check_len[f->nr_checks] = len;
	}
	f->nr_checks++;
	if (gpa < start || gpa > end || len > end - gpa)
		return -EFAULT;
	return 0;
}

static int fg_pin(struct hvhost_partition *p, const u64 *pfns, unsigned int n,
		  struct page **pages)
{
	struct fake_guest *f = p->priv;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (pfns[i] < FG_BASE || pfns[i] >= FG_BASE + FG_PAGES)
			return -EFAULT;
	for (i = 0; i < n; i++) {
		pages[i] = f->pages[pfns[i] - FG_BASE];
		get_page(pages[i]);
	}
	f->pinned += n;
	return 0;
}

static void fg_unpin(struct hvhost_partition *p, struct page **pages,
		     unsigned int n)
{
	struct fake_guest *f = p->priv;
	unsigned int i;

	for (i = 0; i < n; i++)
		put_page(pages[i]);
	f->pinned -= n;
}

static const struct hvhost_transport_ops fg_ops = {
	.check = fg_check,
	.pin = fg_pin,
	.unpin = fg_unpin,
};

static void fg_free(void *data)
{
	struct fake_guest *f = data;
	unsigned int i;

	for (i = 0; i < FG_PAGES; i++)
		if (f->pages[i])
			__free_page(f->pages[i]);
}

static struct fake_guest *fake_guest(struct kunit *test)
{
	struct fake_guest *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	unsigned int i, j;
	u8 *va;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->p.ops = &fg_ops;
	f->p.priv = f;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fg_free, f), 0);
	for (i = 0; i < FG_PAGES; i++) {
		f->pages[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, f->pages[i]);
		va = page_address(f->pages[i]);
		for (j = 0; j < PAGE_SIZE; j++)
			va[j] = i * 31 + j * 7;
	}
	return f;
}

static const u8 *fg_page(struct fake_guest *f, u64 pfn)
{
	return page_address(f->pages[pfn - FG_BASE]);
}

static const u64 fg_scrambled[] = {
	FG_BASE + 3, FG_BASE + 0, FG_BASE + 7, FG_BASE + 1, FG_BASE + 5,
};

static struct hvhost_gpadl *fg_gpadl(struct kunit *test,
				     struct hvhost_gpadl_table *t, u32 id,
				     const u64 *pfns, u32 nr)
{
	const struct tg_range r = { 0, nr * HV_PAGE_SIZE, 0, pfns };
	struct hvhost_gpadl *g;
	u32 msgs;

	KUNIT_ASSERT_EQ(test, tg_send_linux(test, t, id, tg_stream(test, &r, 1),
					    &msgs, &g), 1);
	return g;
}

static void gpadl_map_range(struct kunit *test)
{
	struct fake_guest *f = fake_guest(test);
	struct hvhost_gpadl_table *t = tg_big_table(test);
	struct hvhost_gpadl *g = fg_gpadl(test, t, 1, fg_scrambled,
					  ARRAY_SIZE(fg_scrambled));
	struct hvhost_gpadl_map m;
	u8 *va;
	u32 i;

	KUNIT_ASSERT_EQ(test, hvhost_gpadl_map_range(&f->p, g, 0, 5, &m), 0);
	KUNIT_EXPECT_EQ(test, m.nr, 5);
	KUNIT_EXPECT_EQ(test, f->pinned, 5);
	va = m.vaddr;
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_MEMEQ(test, va + i * PAGE_SIZE,
				   fg_page(f, fg_scrambled[i]), PAGE_SIZE);
	/* The mapping is the guest's memory, not a copy. */
	va[2 * PAGE_SIZE + 5] = 0x5a;
	KUNIT_EXPECT_EQ(test, fg_page(f, FG_BASE + 7)[5], 0x5a);
	hvhost_gpadl_unmap(&f->p, &m);
	KUNIT_EXPECT_EQ(test, f->pinned, 0);
	KUNIT_EXPECT_NULL(test, m.vaddr);
	KUNIT_EXPECT_NULL(test, m.pages);
	/* Unmapping a zeroed mapping does nothing. */
	hvhost_gpadl_unmap(&f->p, &m);
	KUNIT_EXPECT_EQ(test, f->pinned, 0);

	/* A slice: pages 1..3 of the list. */
	KUNIT_ASSERT_EQ(test, hvhost_gpadl_map_range(&f->p, g, 1, 3, &m), 0);
	KUNIT_EXPECT_EQ(test, f->pinned, 3);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_MEMEQ(test, (u8 *)m.vaddr + i * PAGE_SIZE,
				   fg_page(f, fg_scrambled[1 + i]), PAGE_SIZE);
	hvhost_gpadl_unmap(&f->p, &m);
	KUNIT_EXPECT_EQ(test, f->pinned, 0);
}

static void gpadl_map_range_bounds(struct kunit *test)
{
	struct fake_guest *f = fake_guest(test);
	struct hvhost_gpadl_table *t = tg_big_table(test);
	struct hvhost_gpadl *g = fg_gpadl(test, t, 1, fg_scrambled,
					  ARRAY_SIZE(fg_scrambled));
	static const u32 bad[][2] = {
		{ 0, 0 }, { 0, 6 }, { 5, 1 }, { 4, 2 }, { 6, 1 },
		{ U32_MAX, 2 }, { 1, U32_MAX },
	};
	struct hvhost_gpadl_map m;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, hvhost_gpadl_map_range(&f->p, g, bad[i][0],
							     bad[i][1], &m),
				-EINVAL);
		KUNIT_EXPECT_NULL(test, m.vaddr);
	}
	KUNIT_EXPECT_EQ(test, f->pinned, 0);
	KUNIT_ASSERT_EQ(test, hvhost_gpadl_map_range(&f->p, g, 4, 1, &m), 0);
	KUNIT_EXPECT_MEMEQ(test, m.vaddr, fg_page(f, FG_BASE + 5), PAGE_SIZE);
	hvhost_gpadl_unmap(&f->p, &m);
}

/* A page outside guest memory: pin fails and nothing stays pinned. */
static void gpadl_map_pin_fails(struct kunit *test)
{
	static const u64 pfns[] = { FG_BASE, FG_BASE + 1, FG_BASE + FG_PAGES };
	struct fake_guest *f = fake_guest(test);
	struct hvhost_gpadl_table *t = tg_big_table(test);
	struct hvhost_gpadl *g = fg_gpadl(test, t, 1, pfns, ARRAY_SIZE(pfns));
	struct hvhost_gpadl_map m;

	KUNIT_EXPECT_EQ(test, hvhost_gpadl_map_range(&f->p, g, 0, 3, &m),
			-EFAULT);
	KUNIT_EXPECT_NULL(test, m.vaddr);
	KUNIT_EXPECT_EQ(test, f->pinned, 0);
	KUNIT_ASSERT_EQ(test, hvhost_gpadl_map_range(&f->p, g, 0, 2, &m), 0);
	KUNIT_EXPECT_EQ(test, f->pinned, 2);
	hvhost_gpadl_unmap(&f->p, &m);
	KUNIT_EXPECT_EQ(test, f->pinned, 0);
}

/* One check per run of contiguous pages, across range boundaries too. */
static void gpadl_check_pages(struct kunit *test)
{
	static const u64 runs[] = {
		FG_BASE + 2, FG_BASE + 3, FG_BASE + 4, FG_BASE, FG_BASE + 6,
	};
	struct fake_guest *f = fake_guest(test);
	struct hvhost_gpadl_table *t = tg_big_table(test);
	const struct tg_range r[] = {
		{ 0, 5 * HV_PAGE_SIZE, 0, runs },
		{ 4000, 96, FG_BASE + 7 },
	};
	const struct tg_range outside = { 0, 2 * HV_PAGE_SIZE, FG_BASE + 7 };
	struct hvhost_gpadl *g;
	u32 msgs;

	KUNIT_ASSERT_EQ(test, tg_send_linux(test, t, 1, tg_stream(test, r, 2),
					    &msgs, &g), 1);
	KUNIT_EXPECT_EQ(test, hvhost_gpadl_check_pages(&f->p, g), 0);
	KUNIT_ASSERT_EQ(test, f->nr_checks, 3);
	KUNIT_EXPECT_EQ(test, f->check_gpa[0], (FG_BASE + 2) << 12);
	KUNIT_EXPECT_EQ(test, f->check_len[0], 3 * 4096);
	KUNIT_EXPECT_EQ(test, f->check_gpa[1], FG_BASE << 12);
	KUNIT_EXPECT_EQ(test, f->check_len[1], 4096);
	KUNIT_EXPECT_EQ(test, f->check_gpa[2], (FG_BASE + 6) << 12);
	KUNIT_EXPECT_EQ(test, f->check_len[2], 2 * 4096);

	/* The last page, FG_BASE + 8, lies past the guest's memory. */
	f->nr_checks = 0;
	KUNIT_ASSERT_EQ(test, tg_send_linux(test, t, 2,
					    tg_stream(test, &outside, 1),
					    &msgs, &g), 1);
	KUNIT_EXPECT_EQ(test, hvhost_gpadl_check_pages(&f->p, g), -EFAULT);
	KUNIT_EXPECT_EQ(test, f->nr_checks, 1);
}

static struct kunit_case gpadl_cases[] = {
	KUNIT_CASE(gpadl_header_only),
	KUNIT_CASE(gpadl_linux_ring_pair),
	KUNIT_CASE(gpadl_linux_16mib),
	KUNIT_CASE(gpadl_max_pages),
	KUNIT_CASE(gpadl_split_everywhere),
	KUNIT_CASE(gpadl_interleaved),
	KUNIT_CASE(gpadl_header_len),
	KUNIT_CASE(gpadl_header_stream_bytes),
	KUNIT_CASE(gpadl_header_rangecount),
	KUNIT_CASE(gpadl_header_buflen),
	KUNIT_CASE_PARAM(gpadl_bad_range, tg_bad_stream_gen_params),
	KUNIT_CASE(gpadl_range_edges),
	KUNIT_CASE(gpadl_body_errors),
	KUNIT_CASE(gpadl_body_msgnumber_ignored),
	KUNIT_CASE(gpadl_quota_gpadls),
	KUNIT_CASE(gpadl_quota_pfns),
	KUNIT_CASE(gpadl_duplicate_id),
	KUNIT_CASE(gpadl_incomplete_unusable),
	KUNIT_CASE(gpadl_destroy_pending),
	KUNIT_CASE(gpadl_map_range),
	KUNIT_CASE(gpadl_map_range_bounds),
	KUNIT_CASE(gpadl_map_pin_fails),
	KUNIT_CASE(gpadl_check_pages),
	{}
};

static struct kunit_suite gpadl_suite = {
	.name = "hvhost_vmbus_gpadl",
	.test_cases = gpadl_cases,
};

kunit_test_suite(gpadl_suite);
