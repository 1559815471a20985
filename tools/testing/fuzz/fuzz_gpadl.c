// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for drivers/hvhost/vmbus/gpadl.c.
 *
 * A hostile guest sends GPADL_HEADER and GPADL_BODY messages, raw or built
 * from a range description and split at fuzzed lengths; the host side
 * plays the VMBus caller (removes a GPADL when told to fail it, removes
 * GPADLs on request, checks pages).  A shadow model written independently
 * of gpadl.c predicts every return value and *out, and after every
 * operation the target checks the table against it: counts and quotas,
 * and for each complete GPADL its ranges and page numbers against the
 * bytes the guest sent.  Allocation failures are injected too.
 *
 * Input layout (little endian; missing bytes read as zero):
 *   u8  max_gpadls (mod 9), u16 max_pfns, u16 guest pages (for check)
 *   then up to MAX_OPS operations, u8 opcode & 3 and its arguments:
 *   0 raw header: u8 id, u8 relid, u16 range_buflen, u16 rangecount,
 *     u8 length (bit 7 of opcode: total message length, else payload
 *     bytes), u8 allocation failure, payload bytes
 *   1 raw body: u8 id, u8 length (as above), payload bytes
 *   2 built GPADL: u8 id, u8 ranges (mod 6), per range u16 byte_offset,
 *     u32 byte_count, u32 first pfn, u8 pfn stride, u8 mode (bit 7: take
 *     byte_count as is and put (mode & 63) pages, else cap byte_count and
 *     put the pages it needs); then u8 header words, u8 body words,
 *     u8 corruption (bit 7: overwrite word (c % words) with the value, bit
 *     6: send the value as rangecount), u64 value
 *   3 host: u8 id, u8 action (remove, check pages)
 * Bit 6 of the opcode keeps a failed GPADL instead of removing it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/slab.h>

#include "partition.h"
#include "gpadl.h"

#define MAX_OPS		256
#define NR_IDS		8
#define PAGE		4096u
#define HDR_LEN		sizeof(struct vmbus_msg_gpadl_header)
#define BODY_LEN	sizeof(struct vmbus_msg_gpadl_body)
#define MAX_BUILT_PAGES	600

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n",	\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

struct input {
	const u8 *p;
	size_t n;
};

static u8 in_u8(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static u16 in_u16(struct input *in)
{
	u16 lo = in_u8(in);

	return lo | (u16)in_u8(in) << 8;
}

static u32 in_u32(struct input *in)
{
	u32 lo = in_u16(in);

	return lo | (u32)in_u16(in) << 16;
}

static u64 in_u64(struct input *in)
{
	u64 lo = in_u32(in);

	return lo | (u64)in_u32(in) << 32;
}

static void in_bytes(struct input *in, void *dst, size_t len)
{
	size_t n = len < in->n ? len : in->n;

	memcpy(dst, in->p, n);
	memset((u8 *)dst + n, 0, len - n);
	in->p += n;
	in->n -= n;
}

/* --- the shadow model ------------------------------------------------------ */

enum { ABSENT, ASSEMBLING, COMPLETE };

struct shadow {
	int state;
	u32 relid;
	u32 rangecount;
	u32 buflen;
	u32 received;
	u32 nr_pfns;
	u32 bodies;
	u8 stream[65536];
};

struct model {
	u32 max_gpadls;
	u64 max_pfns;
	u64 guest_pages;
	struct shadow s[NR_IDS];
};

static u32 get32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static u64 get64(const u8 *p)
{
	return get32(p) | (u64)get32(p + 4) << 32;
}

/*
 * Parse a complete stream byte by byte; if @g is given, check that its
 * ranges and pages are exactly what the stream says.
 */
static int oracle_parse(const struct shadow *s, const struct hvhost_gpadl *g)
{
	u64 at = 0, pages, i, first = 0;
	u32 r, count, off;

	for (r = 0; r < s->rangecount; r++) {
		if (at + 8 > s->buflen)
			return -EINVAL;
		count = get32(&s->stream[at]);
		off = get32(&s->stream[at + 4]);
		at += 8;
		if (off >= PAGE || !count)
			return -EINVAL;
		pages = ((u64)off + count + PAGE - 1) / PAGE;
		if (at + pages * 8 > s->buflen)
			return -EINVAL;
		for (i = 0; i < pages; i++)
			if (get64(&s->stream[at + i * 8]) >= 1ULL << 40)
				return -EINVAL;
		if (g) {
			CHECK(g->ranges[r].byte_count == count);
			CHECK(g->ranges[r].byte_offset == off);
			CHECK(g->ranges[r].first_pfn == first);
			CHECK(g->ranges[r].nr_pfns == pages);
			for (i = 0; i < pages; i++)
				CHECK(g->pfns[first + i] ==
				      get64(&s->stream[at + i * 8]));
		}
		first += pages;
		at += pages * 8;
	}
	if (at != s->buflen)
		return -EINVAL;
	if (g)
		CHECK(g->nr_pfns == first);
	return 0;
}

static u64 model_pfns(const struct model *m)
{
	u64 sum = 0;
	int i;

	for (i = 0; i < NR_IDS; i++)
		if (m->s[i].state != ABSENT)
			sum += m->s[i].nr_pfns;
	return sum;
}

static u32 model_gpadls(const struct model *m)
{
	u32 n = 0;
	int i;

	for (i = 0; i < NR_IDS; i++)
		n += m->s[i].state != ABSENT;
	return n;
}

/* The table must hold exactly the model's GPADLs, complete ones parsed. */
static void check_table(const struct model *m, struct hvhost_gpadl_table *t)
{
	const struct shadow *s;
	struct hvhost_gpadl *g;
	u32 id;

	CHECK(t->nr_gpadls == model_gpadls(m));
	CHECK(list_count_nodes(&t->list) == t->nr_gpadls);
	CHECK(t->nr_pfns == model_pfns(m));
	CHECK(t->nr_gpadls <= t->max_gpadls && t->nr_pfns <= t->max_pfns);
	list_for_each_entry(g, &t->list, node)
		CHECK(g->id < NR_IDS && m->s[g->id].state != ABSENT);
	for (id = 0; id < NR_IDS; id++) {
		s = &m->s[id];
		g = hvhost_gpadl_find(t, id);
		CHECK(!g == (s->state == ABSENT));
		CHECK(hvhost_gpadl_find_complete(t, id) ==
		      (s->state == COMPLETE ? g : NULL));
		if (!g)
			continue;
		CHECK(g->child_relid == s->relid);
		CHECK(g->nr_ranges == s->rangecount);
		CHECK(g->buflen == s->buflen && g->received == s->received);
		CHECK(g->nr_pfns == s->nr_pfns);
		CHECK(g->next_msgnumber == s->bodies);
		CHECK(hvhost_gpadl_complete(g) == (s->state == COMPLETE));
		if (s->state == COMPLETE)
			CHECK(oracle_parse(s, g) == 0);
	}
}

/* The caller's side of a failure: fail the GPADL, i.e. remove it. */
static void fail_gpadl(struct model *m, struct hvhost_gpadl_table *t,
		       struct hvhost_gpadl *g, u32 id, bool keep)
{
	CHECK(g && g->id == id);
	if (keep)
		return;
	hvhost_gpadl_remove(t, g);
	m->s[id].state = ABSENT;
}

/* --- messages ----------------------------------------------------------------- */

static int header_oracle(const struct model *m, u32 id, u32 rc, u32 buflen,
			 u32 len)
{
	u32 bytes = len - HDR_LEN;

	if (len < HDR_LEN || len > HV_MESSAGE_PAYLOAD_BYTES)
		return -EINVAL;
	if (!rc)
		return -EINVAL;
	if (rc > HVHOST_GPADL_MAX_RANGES)
		return -E2BIG;
	if (buflen % 8 || bytes % 8 || bytes > buflen || buflen < rc * 16)
		return -EINVAL;
	if (id < NR_IDS && m->s[id].state != ABSENT)
		return -EEXIST;
	if (model_gpadls(m) >= m->max_gpadls ||
	    model_pfns(m) + buflen / 8 - rc > m->max_pfns)
		return -EDQUOT;
	return 0;
}

/* Send one GPADL_HEADER of @len bytes and check the answer. */
static int send_header(struct model *m, struct hvhost_gpadl_table *t,
		       const u8 *msg, u32 len, unsigned int fail)
{
	struct vmbus_msg_gpadl_header h;
	struct hvhost_gpadl *g = (void *)1;
	struct shadow *s;
	int want, ret;

	memset(&h, 0, sizeof(h));
	memcpy(&h, msg, len < sizeof(h) ? len : sizeof(h));
	want = header_oracle(m, h.gpadl, h.rangecount, h.range_buflen, len);
	if (!want && fail >= 1 && fail <= 3)
		want = -ENOMEM;
	fuzz_alloc_fail_in = fail;
	ret = hvhost_gpadl_header(t, msg, len, &g);
	fuzz_alloc_fail_in = 0;

	if (!want) {
		s = &m->s[h.gpadl];
		memset(s, 0, sizeof(*s) - sizeof(s->stream));
		s->relid = h.child_relid;
		s->rangecount = h.rangecount;
		s->buflen = h.range_buflen;
		s->received = len - HDR_LEN;
		s->nr_pfns = s->buflen / 8 - s->rangecount;
		memcpy(s->stream, msg + HDR_LEN, s->received);
		s->state = ASSEMBLING;
		if (s->received == s->buflen) {
			want = oracle_parse(s, NULL) ?: 1;
			s->state = want == 1 ? COMPLETE : ABSENT;
		}
	}
	CHECK(ret == want);
	CHECK(ret < 0 ? !g : g && g->id == h.gpadl);
	return ret;
}

/* Send one GPADL_BODY of @len bytes and check the answer. */
static int send_body(struct model *m, struct hvhost_gpadl_table *t,
		     const u8 *msg, u32 len, bool keep)
{
	struct vmbus_msg_gpadl_body b;
	struct hvhost_gpadl *g = (void *)1;
	struct shadow *s = NULL;
	bool fails_gpadl = false;
	int want, ret;
	u32 bytes = len - BODY_LEN;

	memset(&b, 0, sizeof(b));
	memcpy(&b, msg, len < sizeof(b) ? len : sizeof(b));
	if (len >= BODY_LEN && b.gpadl < NR_IDS)
		s = &m->s[b.gpadl];
	if (len < BODY_LEN || len > HV_MESSAGE_PAYLOAD_BYTES)
		want = -EINVAL;
	else if (!s || s->state == ABSENT)
		want = -ENOENT;
	else if (s->state == COMPLETE)
		want = -EALREADY;
	else if (!bytes || bytes % 8 || bytes > s->buflen - s->received)
		fails_gpadl = true;
	else
		want = 0;

	ret = hvhost_gpadl_body(t, msg, len, &g);
	if (fails_gpadl) {
		CHECK(ret == -EINVAL);
		fail_gpadl(m, t, g, b.gpadl, keep);
		return ret;
	}
	if (want) {
		CHECK(ret == want && !g);
		return ret;
	}

	memcpy(s->stream + s->received, msg + BODY_LEN, bytes);
	s->received += bytes;
	s->bodies++;
	if (s->received == s->buflen)
		want = oracle_parse(s, NULL) ?: 1;
	CHECK(ret == want);
	CHECK(g && g->id == b.gpadl);
	if (want == 1)
		s->state = COMPLETE;
	else if (want < 0)
		fail_gpadl(m, t, g, b.gpadl, keep);
	return ret;
}

/* --- operations ---------------------------------------------------------------- */

static void op_raw_header(struct model *m, struct hvhost_gpadl_table *t,
			  struct input *in, u8 op)
{
	struct vmbus_msg_gpadl_header h = {
		.header.msgtype = CHANNELMSG_GPADL_HEADER,
	};
	u8 msg[HV_MESSAGE_SIZE];
	u32 len, fail, n;

	h.gpadl = in_u8(in) % NR_IDS;
	h.child_relid = in_u8(in);
	h.range_buflen = in_u16(in);
	h.rangecount = in_u16(in);
	len = in_u8(in);
	fail = in_u8(in) % 8;
	if (!(op & 0x80))
		len = HDR_LEN + len % (sizeof(msg) - HDR_LEN + 1);
	len = len < sizeof(msg) ? len : sizeof(msg);
	memcpy(msg, &h, sizeof(h));
	n = len > HDR_LEN ? len - HDR_LEN : 0;
	in_bytes(in, msg + sizeof(h), n);
	memset(msg + sizeof(h) + n, 0, sizeof(msg) - sizeof(h) - n);
	send_header(m, t, msg, len, fail);
}

static void op_raw_body(struct model *m, struct hvhost_gpadl_table *t,
			struct input *in, u8 op)
{
	struct vmbus_msg_gpadl_body b = {
		.header.msgtype = CHANNELMSG_GPADL_BODY,
	};
	u8 msg[HV_MESSAGE_SIZE];
	u32 len, n;

	b.gpadl = in_u8(in) % (NR_IDS + 1);
	len = in_u8(in);
	if (!(op & 0x80))
		len = BODY_LEN + len % (sizeof(msg) - BODY_LEN + 1);
	len = len < sizeof(msg) ? len : sizeof(msg);
	memcpy(msg, &b, sizeof(b));
	n = len > BODY_LEN ? len - BODY_LEN : 0;
	in_bytes(in, msg + sizeof(b), n);
	memset(msg + sizeof(b) + n, 0, sizeof(msg) - sizeof(b) - n);
	send_body(m, t, msg, len, op & 0x40);
}

/* Build a well-formed stream (then maybe corrupt it) and send it split. */
static void op_built(struct model *m, struct hvhost_gpadl_table *t,
		     struct input *in, u8 op)
{
	static u64 w[8 * (MAX_BUILT_PAGES + 1)];
	struct vmbus_msg_gpadl_header h = {
		.header.msgtype = CHANNELMSG_GPADL_HEADER,
	};
	struct vmbus_msg_gpadl_body b = {
		.header.msgtype = CHANNELMSG_GPADL_BODY,
	};
	u32 nr_ranges, r, i, pages, words = 0, head, body, pos, n, c;
	u8 msg[HV_MESSAGE_SIZE];
	u64 pfn, stride, val;
	int ret;

	h.gpadl = in_u8(in) % NR_IDS;
	b.gpadl = h.gpadl;
	nr_ranges = in_u8(in) % 6;
	for (r = 0; r < nr_ranges; r++) {
		u32 off = in_u16(in) % (PAGE + 2);
		u32 count = in_u32(in);
		u8 mode;

		pfn = in_u32(in);
		stride = in_u8(in) % 3;
		mode = in_u8(in);
		if (mode & 0x80) {
			/* Any byte_count, and a page count of our choosing. */
			pages = mode & 0x3f;
		} else {
			count = count % (MAX_BUILT_PAGES / 5 * PAGE) + 1;
			pages = ((u64)off + count + PAGE - 1) / PAGE;
		}
		w[words++] = (u64)off << 32 | count;
		for (i = 0; i < pages; i++)
			w[words++] = pfn + i * stride;
	}
	head = in_u8(in) % 28;
	body = in_u8(in) % 28 + 1;
	c = in_u8(in);
	val = in_u64(in);
	if (c & 0x80 && words)
		w[c % words] = val;

	h.rangecount = c & 0x40 ? (u16)val : nr_ranges;
	h.range_buflen = words * 8;
	head = head < words ? head : words;
	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), w, head * 8);
	ret = send_header(m, t, msg, HDR_LEN + head * 8, 0);
	for (pos = head; !ret && pos < words; pos += n) {
		n = words - pos < body ? words - pos : body;
		memcpy(msg, &b, sizeof(b));
		memcpy(msg + sizeof(b), &w[pos], n * 8);
		ret = send_body(m, t, msg, BODY_LEN + n * 8, op & 0x40);
	}
}

/* A guest of @limit pages; checks must walk @g's pages in maximal runs. */
struct fake {
	struct hvhost_partition p;
	const struct hvhost_gpadl *g;
	u64 limit;
	u32 checked;
};

static int fake_check(struct hvhost_partition *p, u64 gpa, u64 len)
{
	struct fake *f = (struct fake *)p;
	const struct hvhost_gpadl *g = f->g;
	u64 i, n = len / PAGE;

	CHECK(gpa % PAGE == 0 && len % PAGE == 0 && n);
	CHECK(f->checked + n <= g->nr_pfns);
	for (i = 0; i < n; i++)
		CHECK(g->pfns[f->checked + i] == gpa / PAGE + i);
	/* Maximal: the next page does not continue the run. */
	CHECK(f->checked + n == g->nr_pfns ||
	      g->pfns[f->checked + n] != gpa / PAGE + n);
	f->checked += n;
	return gpa + len > f->limit * PAGE ? -EFAULT : 0;
}

static const struct hvhost_transport_ops fake_ops = { .check = fake_check };

static void op_host(struct model *m, struct hvhost_gpadl_table *t,
		    struct input *in)
{
	u32 id = in_u8(in) % (NR_IDS + 1);
	struct hvhost_gpadl *g = hvhost_gpadl_find(t, id);
	struct fake f = { .p.ops = &fake_ops, .g = g,
			  .limit = m->guest_pages };
	bool outside = false;
	u32 i;

	if (!g)
		return;
	if (in_u8(in) & 1) {
		hvhost_gpadl_remove(t, g);
		m->s[id].state = ABSENT;
		return;
	}
	if (!hvhost_gpadl_complete(g)) {
		CHECK(hvhost_gpadl_check_pages(&f.p, g) == -EINVAL);
		return;
	}
	for (i = 0; i < g->nr_pfns; i++)
		outside |= g->pfns[i] >= m->guest_pages;
	CHECK(hvhost_gpadl_check_pages(&f.p, g) == (outside ? -EFAULT : 0));
	if (!outside)
		CHECK(f.checked == g->nr_pfns);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct model m;
	struct input in = { data, size };
	struct hvhost_gpadl_table t;
	int i;
	u8 op;

	memset(&m, 0, sizeof(m) - sizeof(m.s));
	for (i = 0; i < NR_IDS; i++)
		m.s[i].state = ABSENT;
	m.max_gpadls = in_u8(&in) % 9;
	m.max_pfns = in_u16(&in);
	m.guest_pages = in_u16(&in);
	hvhost_gpadl_table_init(&t, m.max_gpadls, m.max_pfns);

	for (i = 0; i < MAX_OPS && in.n; i++) {
		op = in_u8(&in);
		switch (op & 3) {
		case 0:
			op_raw_header(&m, &t, &in, op);
			break;
		case 1:
			op_raw_body(&m, &t, &in, op);
			break;
		case 2:
			op_built(&m, &t, &in, op);
			break;
		case 3:
			op_host(&m, &t, &in);
			break;
		}
		check_table(&m, &t);
	}
	hvhost_gpadl_table_destroy(&t);
	CHECK(list_empty(&t.list) && !t.nr_gpadls && !t.nr_pfns);
	return 0;
}
