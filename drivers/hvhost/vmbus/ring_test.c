// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the host-side VMBus ring.
 *
 * The other end of every ring is a model of a Linux guest, written here
 * after drivers/hv/ring_buffer.c: tg_write() is hv_ringbuffer_write() with
 * hv_signal_on_write(), tg_read() and tg_read_close() are
 * hv_pkt_iter_first()/__hv_pkt_iter_next() and hv_pkt_iter_close().  The
 * tests check bytes in the shared memory, indexes and the signal decisions
 * on both sides.
 */
#include <kunit/test.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "ring.h"

#define RT_LEN		(3 * VMBUS_RING_HDR_SIZE)	/* 8 KiB of data */
#define RT_SIZE		(RT_LEN - VMBUS_RING_HDR_SIZE)
#define RT_BUF		4096

/* The guest's view of one ring, as Linux keeps it. */
struct tg_ring {
	struct vmbus_ring_hdr *hdr;
	u8 *data;
	u32 size;
	u32 priv_read;
};

/* One ring under test: its memory, the host view and the guest model. */
struct rt {
	struct vmbus_ring_hdr *hdr;
	u8 *data;
	struct hvhost_ring host;
	struct tg_ring guest;
	u8 *buf;
};

static u32 tg_copy_to(struct tg_ring *g, u32 off, const void *src, u32 len)
{
	u32 first = min(len, g->size - off);

	memcpy(g->data + off, src, first);
	memcpy(g->data, (const u8 *)src + first, len - first);
	off += len;
	return off >= g->size ? off - g->size : off;
}

static void tg_copy_from(struct tg_ring *g, u32 off, void *dst, u32 len)
{
	u32 first = min(len, g->size - off);

	memcpy(dst, g->data + off, first);
	memcpy((u8 *)dst + first, g->data, len - first);
}

static u32 tg_bytes_to_write(struct tg_ring *g)
{
	u32 rd = READ_ONCE(g->hdr->read_index);
	u32 wr = READ_ONCE(g->hdr->write_index);

	return wr >= rd ? g->size - (wr - rd) : rd - wr;
}

/* hv_ringbuffer_write() and hv_signal_on_write(); @len is a multiple of 8. */
static int tg_write(struct tg_ring *g, const void *pkt, u32 len, bool *signal)
{
	u32 old_write = READ_ONCE(g->hdr->write_index);
	u64 prev = (u64)old_write << 32;
	u32 next;

	*signal = false;
	if (tg_bytes_to_write(g) <= len + 8)
		return -EAGAIN;
	next = tg_copy_to(g, old_write, pkt, len);
	next = tg_copy_to(g, next, &prev, sizeof(prev));
	/* Data before the index (Linux: full barrier). */
	virt_mb();
	WRITE_ONCE(g->hdr->write_index, next);

	/* Index before interrupt_mask... */
	virt_mb();
	if (READ_ONCE(g->hdr->interrupt_mask))
		return 0;
	/* ...and interrupt_mask before read_index. */
	virt_rmb();
	*signal = old_write == READ_ONCE(g->hdr->read_index);
	return 0;
}

/* hv_pkt_iter_first() and __hv_pkt_iter_next(): one packet, trailer checked. */
static int tg_read(struct kunit *test, struct tg_ring *g, void *buf, u32 *len)
{
	struct vmbus_pkt_desc desc;
	u32 wr, avail;
	u64 trailer;

	/* The index before the data it publishes. */
	wr = virt_load_acquire(&g->hdr->write_index);
	avail = wr >= g->priv_read ? wr - g->priv_read :
		g->size - g->priv_read + wr;

	if (avail < sizeof(desc))
		return -EAGAIN;
	tg_copy_from(g, g->priv_read, &desc, sizeof(desc));
	*len = desc.len8 * 8;
	/* The host must never write what Linux would have to repair. */
	KUNIT_ASSERT_GE(test, *len, sizeof(desc));
	KUNIT_ASSERT_LE(test, *len + 8, avail);
	KUNIT_ASSERT_GE(test, desc.offset8 * 8, sizeof(desc));
	KUNIT_ASSERT_LE(test, desc.offset8 * 8, *len);
	tg_copy_from(g, g->priv_read, buf, *len);
	tg_copy_from(g, (g->priv_read + *len) % g->size, &trailer, 8);
	KUNIT_EXPECT_EQ(test, trailer, (u64)g->priv_read << 32);
	g->priv_read = (g->priv_read + *len + 8) % g->size;
	return 0;
}

/* hv_pkt_iter_close(): publish the read index, decide on a signal. */
static bool tg_read_close(struct tg_ring *g)
{
	u32 start, pending, curr_write_sz, bytes_read;

	/* Packet reads before read_index; read_index before pending... */
	virt_rmb();
	start = g->hdr->read_index;
	g->hdr->read_index = g->priv_read;
	if (!(g->hdr->feature_bits & VMBUS_RING_FEAT_PENDING_SEND_SZ))
		return false;
	/* The new read_index before pending_send_sz. */
	virt_mb();
	pending = READ_ONCE(g->hdr->pending_send_sz);
	if (!pending)
		return false;
	/* ...and pending_send_sz before write_index, as Linux orders them. */
	virt_rmb();
	curr_write_sz = tg_bytes_to_write(g);
	bytes_read = g->priv_read >= start ? g->priv_read - start :
		     g->size - start + g->priv_read;
	if (curr_write_sz - bytes_read > pending)
		return false;
	return curr_write_sz > pending;
}

static void rt_attach_guest(struct rt *t, size_t len)
{
	t->guest.hdr = t->hdr;
	t->guest.data = t->data;
	t->guest.size = len - VMBUS_RING_HDR_SIZE;
	t->guest.priv_read = READ_ONCE(t->hdr->read_index);
}

/* A zeroed ring of @len bytes whose indexes both start at @start. */
static struct rt *rt_new(struct kunit *test, size_t len, u32 start)
{
	struct rt *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->hdr = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->hdr);
	t->buf = kunit_kzalloc(test, RT_BUF, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->buf);
	t->data = (u8 *)t->hdr + VMBUS_RING_HDR_SIZE;
	t->hdr->read_index = start;
	t->hdr->write_index = start;
	t->hdr->feature_bits = VMBUS_RING_FEAT_PENDING_SEND_SZ;
	rt_attach_guest(t, len);
	return t;
}

/* The guest's outbound ring, read by the host. */
static struct rt *rt_new_in(struct kunit *test, u32 start)
{
	struct rt *t = rt_new(test, RT_LEN, start);

	KUNIT_ASSERT_EQ(test, hvhost_ring_init_in(&t->host, t->hdr, RT_LEN), 0);
	return t;
}

/* The guest's inbound ring, written by the host. */
static struct rt *rt_new_out(struct kunit *test, u32 start)
{
	struct rt *t = rt_new(test, RT_LEN, start);

	KUNIT_ASSERT_EQ(test, hvhost_ring_init_out(&t->host, t->hdr, RT_LEN), 0);
	return t;
}

static u8 pkt_byte(u64 id, u32 i)
{
	return (u8)(id * 131 + i * 7 + 1);
}

/* An in-band packet of @len bytes (>= 16) with transaction id @id. */
static void pkt_make(u8 *buf, u32 len, u64 id)
{
	struct vmbus_pkt_desc desc = {
		.type = VM_PKT_DATA_INBAND,
		.offset8 = sizeof(desc) / 8,
		.len8 = DIV_ROUND_UP(len, 8),
		.trans_id = id,
	};
	u32 i;

	memcpy(buf, &desc, sizeof(desc));
	for (i = sizeof(desc); i < len; i++)
		buf[i] = pkt_byte(id, i);
}

/* Check a packet built by pkt_make(@len) and padded to @padded bytes. */
static void pkt_check(struct kunit *test, const u8 *buf, u32 len, u32 padded,
		      u64 id)
{
	const struct vmbus_pkt_desc *desc = (const void *)buf;
	u32 i;

	KUNIT_ASSERT_EQ(test, desc->trans_id, id);
	KUNIT_EXPECT_EQ(test, desc->len8 * 8, padded);
	for (i = sizeof(*desc); i < len; i++)
		if (buf[i] != pkt_byte(id, i))
			KUNIT_FAIL(test, "packet %llu byte %u differs", id, i);
	for (; i < padded; i++)
		if (buf[i])
			KUNIT_FAIL(test, "packet %llu pad byte %u not 0", id, i);
}

/* The guest model writes a pkt_make() packet; return its signal. */
static bool guest_send(struct kunit *test, struct rt *t, u32 len, u64 id)
{
	bool signal;

	pkt_make(t->buf, len, id);
	KUNIT_ASSERT_EQ(test, tg_write(&t->guest, t->buf, len, &signal), 0);
	return signal;
}

static int host_send(struct rt *t, u32 len, u64 id)
{
	struct kvec iov = { .iov_base = t->buf, .iov_len = len };

	pkt_make(t->buf, len, id);
	return hvhost_ring_write(&t->host, &iov, 1);
}

static void host_expect(struct kunit *test, struct rt *t, u32 len, u64 id)
{
	u32 pktlen;

	KUNIT_ASSERT_EQ(test, hvhost_ring_read(&t->host, t->buf, RT_BUF,
					       &pktlen), 0);
	KUNIT_ASSERT_EQ(test, pktlen, len);
	pkt_check(test, t->buf, len, len, id);
}

static void guest_expect(struct kunit *test, struct rt *t, u32 len, u64 id)
{
	u32 pktlen;

	KUNIT_ASSERT_EQ(test, tg_read(test, &t->guest, t->buf, &pktlen), 0);
	KUNIT_ASSERT_EQ(test, pktlen, ALIGN(len, 8));
	pkt_check(test, t->buf, len, pktlen, id);
}

/* Raw bytes into the data area at @off, wrapping: a hostile guest. */
static void raw_put(struct rt *t, u32 off, const void *src, u32 len)
{
	tg_copy_to(&t->guest, off, src, len);
}

/* xorshift32: deterministic sizes for the long runs. */
static u32 rnd_next(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void ring_hdr_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_ring_hdr), 4096);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_ring_hdr, write_index), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_ring_hdr, read_index), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_ring_hdr, interrupt_mask), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_ring_hdr, pending_send_sz), 12);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_ring_hdr, reserved1), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_ring_hdr, feature_bits), 64);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_ring_hdr, reserved2), 68);
	KUNIT_EXPECT_EQ(test, VMBUS_RING_FEAT_PENDING_SEND_SZ, 1);
	KUNIT_EXPECT_EQ(test, VMBUS_PKT_TRAILER_SIZE, 8);
}

static void ring_desc_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_pkt_desc, type), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_pkt_desc, offset8), 2);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_pkt_desc, len8), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_pkt_desc, flags), 6);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_pkt_desc, trans_id), 8);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_pkt_desc), 16);

	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_xfer_page_pkt, desc), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_xfer_page_pkt, xfer_pageset_id), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_xfer_page_pkt, sender_owns_set), 18);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_xfer_page_pkt, reserved), 19);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_xfer_page_pkt, range_cnt), 20);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_xfer_page_pkt, ranges), 24);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_xfer_page_range, byte_count), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_xfer_page_range, byte_offset), 4);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_xfer_page_range), 8);

	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_gpa_direct_pkt, desc), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_gpa_direct_pkt, reserved), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_gpa_direct_pkt, range_cnt), 20);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_gpa_direct_pkt), 24);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_gpa_range, byte_count), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_gpa_range, byte_offset), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_gpa_range, pfn_array), 8);
}

struct init_case {
	const char *name;
	size_t len;
	u32 rindex;
	u32 windex;
	int ret;
};

static const struct init_case init_cases[] = {
	{ "min ring", 8192, 0, 0, 0 },
	{ "indexes mid ring", 16384, 4096, 8184, 0 },
	{ "last index", 8192, 4088, 4088, 0 },
	{ "one page", 4096, 0, 0, -EINVAL },
	{ "zero", 0, 0, 0, -EINVAL },
	{ "not page multiple", 8192 + 8, 0, 0, -EINVAL },
	{ "too big", SZ_1G + 4096, 0, 0, -EINVAL },
	{ "read index unaligned", 8192, 4, 0, -EINVAL },
	{ "write index unaligned", 8192, 0, 12, -EINVAL },
	{ "read index at size", 8192, 4096, 0, -EINVAL },
	{ "write index at size", 8192, 0, 4096, -EINVAL },
	{ "write index huge", 8192, 0, 0xfffffff8, -EINVAL },
};

static void init_case_desc(const struct init_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(init, init_cases, init_case_desc);

static void ring_init(struct kunit *test)
{
	const struct init_case *c = test->param_value;
	struct vmbus_ring_hdr *hdr;
	struct hvhost_ring in, out;

	/* Both views only look at the header unless the length is sane. */
	hdr = kunit_kzalloc(test, 16384, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, hdr);
	hdr->read_index = c->rindex;
	hdr->write_index = c->windex;
	hdr->interrupt_mask = 1;
	hdr->pending_send_sz = 77;

	KUNIT_EXPECT_EQ(test, hvhost_ring_init_in(&in, hdr, c->len), c->ret);
	if (!c->ret) {
		KUNIT_EXPECT_EQ(test, in.size, c->len - 4096);
		KUNIT_EXPECT_EQ(test, in.priv_index, c->rindex);
		KUNIT_EXPECT_EQ(test, hdr->interrupt_mask, 0);
		KUNIT_EXPECT_PTR_EQ(test, in.data, (u8 *)hdr + 4096);
	}
	KUNIT_EXPECT_EQ(test, hvhost_ring_init_out(&out, hdr, c->len), c->ret);
	if (!c->ret) {
		KUNIT_EXPECT_EQ(test, out.priv_index, c->windex);
		KUNIT_EXPECT_EQ(test, hdr->feature_bits,
				VMBUS_RING_FEAT_PENDING_SEND_SZ);
		KUNIT_EXPECT_EQ(test, hdr->pending_send_sz, 0);
	}
	KUNIT_EXPECT_EQ(test, hdr->read_index, c->rindex);
	KUNIT_EXPECT_EQ(test, hdr->write_index, c->windex);
}

/* The exact bytes of two host packets, one of them wrapping. */
static void ring_write_wire_bytes(struct kunit *test)
{
	struct rt *t = rt_new_out(test, RT_SIZE - 16);
	u8 pkt[20], *d = t->data;
	struct kvec iov[2] = {
		{ .iov_base = pkt, .iov_len = 16 },
		{ .iov_base = pkt + 16, .iov_len = 4 },
	};
	u64 trailer;
	u32 i;

	memset(t->data, 0xee, RT_SIZE);
	pkt_make(pkt, sizeof(pkt), 0x1122334455667788ULL);
	KUNIT_ASSERT_EQ(test, hvhost_ring_write(&t->host, iov, 2), 0);
	/* Not visible before the commit. */
	KUNIT_EXPECT_EQ(test, t->hdr->write_index, RT_SIZE - 16);
	KUNIT_EXPECT_EQ(test, t->host.priv_index, 16);

	KUNIT_EXPECT_EQ(test, memcmp(d + RT_SIZE - 16, pkt, 16), 0);
	KUNIT_EXPECT_EQ(test, memcmp(d, pkt + 16, 4), 0);
	for (i = 4; i < 8; i++)
		KUNIT_EXPECT_EQ(test, d[i], 0);
	memcpy(&trailer, d + 8, 8);
	KUNIT_EXPECT_EQ(test, trailer, (u64)(RT_SIZE - 16) << 32);
	KUNIT_EXPECT_EQ(test, d[16], 0xee);

	/* A second packet in the same batch: its trailer names its start. */
	KUNIT_ASSERT_EQ(test, hvhost_ring_write(&t->host, iov, 1), 0);
	KUNIT_EXPECT_EQ(test, memcmp(d + 16, pkt, 16), 0);
	memcpy(&trailer, d + 32, 8);
	KUNIT_EXPECT_EQ(test, trailer, 16ULL << 32);
	KUNIT_EXPECT_EQ(test, d[40], 0xee);

	KUNIT_EXPECT_TRUE(test, hvhost_ring_write_commit(&t->host));
	KUNIT_EXPECT_EQ(test, t->hdr->write_index, 40);
	KUNIT_EXPECT_EQ(test, t->hdr->read_index, RT_SIZE - 16);
}

/* Guest packets come out whole; read_index moves only on commit. */
static void ring_read_basic(struct kunit *test)
{
	struct rt *t = rt_new_in(test, 0);
	u32 pktlen;

	KUNIT_EXPECT_EQ(test, hvhost_ring_read(&t->host, t->buf, RT_BUF,
					       &pktlen), -EAGAIN);
	KUNIT_EXPECT_EQ(test, pktlen, 0);
	guest_send(test, t, 64, 1);
	guest_send(test, t, 16, 2);
	guest_send(test, t, 1024, 3);
	host_expect(test, t, 64, 1);
	host_expect(test, t, 16, 2);
	KUNIT_EXPECT_EQ(test, t->hdr->read_index, 0);
	KUNIT_EXPECT_FALSE(test, hvhost_ring_read_commit(&t->host));
	KUNIT_EXPECT_EQ(test, t->hdr->read_index, 64 + 8 + 16 + 8);
	host_expect(test, t, 1024, 3);
	KUNIT_EXPECT_EQ(test, hvhost_ring_read(&t->host, t->buf, RT_BUF,
					       &pktlen), -EAGAIN);
	KUNIT_EXPECT_FALSE(test, hvhost_ring_read_commit(&t->host));
	KUNIT_EXPECT_EQ(test, t->hdr->read_index, t->hdr->write_index);
	/* Nothing read: nothing published. */
	t->hdr->read_index = 8;
	KUNIT_EXPECT_FALSE(test, hvhost_ring_read_commit(&t->host));
	KUNIT_EXPECT_EQ(test, t->hdr->read_index, 8);
	KUNIT_EXPECT_EQ(test, t->host.resyncs, 0);
}

static const u32 wrap_lens[] = { 16, 24, 136, 1000, 1001 };

static void wrap_len_desc(const u32 *len, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u bytes", *len);
}

KUNIT_ARRAY_PARAM(wrap_len, wrap_lens, wrap_len_desc);

/* Host reads across the end of the data area at every 8-byte offset. */
static void ring_read_wrap(struct kunit *test)
{
	u32 len = ALIGN(*(const u32 *)test->param_value, 8);
	u32 start;

	for (start = 0; start < RT_SIZE; start += 8) {
		struct rt *t = rt_new_in(test, start);

		guest_send(test, t, len, start);
		guest_send(test, t, 16, start + 1);
		host_expect(test, t, len, start);
		host_expect(test, t, 16, start + 1);
		KUNIT_EXPECT_EQ(test, t->host.priv_index,
				(start + len + 16 + 16) % RT_SIZE);
		kunit_kfree(test, t->hdr);
		kunit_kfree(test, t->buf);
		kunit_kfree(test, t);
	}
}

/* Host writes across the end of the data area at every 8-byte offset. */
static void ring_write_wrap(struct kunit *test)
{
	u32 len = *(const u32 *)test->param_value;
	u32 start;

	for (start = 0; start < RT_SIZE; start += 8) {
		struct rt *t = rt_new_out(test, start);

		KUNIT_ASSERT_EQ(test, host_send(t, len, start), 0);
		KUNIT_ASSERT_EQ(test, host_send(t, 16, start + 1), 0);
		KUNIT_EXPECT_TRUE(test, hvhost_ring_write_commit(&t->host));
		guest_expect(test, t, len, start);
		guest_expect(test, t, 16, start + 1);
		KUNIT_EXPECT_EQ(test, t->hdr->write_index,
				(start + ALIGN(len, 8) + 16 + 16) % RT_SIZE);
		kunit_kfree(test, t->hdr);
		kunit_kfree(test, t->buf);
		kunit_kfree(test, t);
	}
}

#define STRESS_PKTS	5000

/* Thousands of guest packets of varying sizes through a small ring. */
static void ring_read_stress(struct kunit *test)
{
	struct rt *t = rt_new_in(test, 0);
	u32 seed = 1, sent = 0, got = 0, rounds = 0, pktlen, i;
	u8 *gbuf = kunit_kzalloc(test, RT_BUF, GFP_KERNEL);
	u32 *lens = kunit_kcalloc(test, STRESS_PKTS, sizeof(u32), GFP_KERNEL);
	bool signal;

	KUNIT_ASSERT_NOT_NULL(test, gbuf);
	KUNIT_ASSERT_NOT_NULL(test, lens);
	for (i = 0; i < STRESS_PKTS; i++)
		lens[i] = 16 + (rnd_next(&seed) % 256) * 8;
	while (got < STRESS_PKTS) {
		for (; sent < STRESS_PKTS; sent++) {
			pkt_make(gbuf, lens[sent], sent);
			if (tg_write(&t->guest, gbuf, lens[sent], &signal))
				break;
		}
		while (!hvhost_ring_read(&t->host, t->buf, RT_BUF, &pktlen)) {
			KUNIT_ASSERT_EQ(test, pktlen, lens[got]);
			pkt_check(test, t->buf, lens[got], lens[got], got);
			got++;
		}
		hvhost_ring_read_commit(&t->host);
		KUNIT_ASSERT_EQ(test, got, sent);
		KUNIT_ASSERT_LT(test, ++rounds, STRESS_PKTS);
	}
	KUNIT_EXPECT_EQ(test, t->hdr->read_index, t->hdr->write_index);
	KUNIT_EXPECT_EQ(test, t->host.resyncs, 0);
	KUNIT_EXPECT_GT(test, rounds, 100);
}

/* Thousands of host packets (any length, split iovecs) to the guest. */
static void ring_write_stress(struct kunit *test)
{
	struct rt *t = rt_new_out(test, 0);
	u32 seed = 7, sent = 0, got = 0, rounds = 0, len = 0, pktlen;
	u8 *hbuf = kunit_kzalloc(test, RT_BUF, GFP_KERNEL);
	u32 *lens = kunit_kcalloc(test, STRESS_PKTS, sizeof(u32), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, hbuf);
	KUNIT_ASSERT_NOT_NULL(test, lens);
	while (got < STRESS_PKTS) {
		for (; sent < STRESS_PKTS; sent++) {
			struct kvec iov[3];
			u32 cut1, cut2;

			if (!len)
				len = 16 + rnd_next(&seed) % 2000;
			cut1 = rnd_next(&seed) % (len + 1);
			cut2 = cut1 + rnd_next(&seed) % (len - cut1 + 1);
			pkt_make(hbuf, len, sent);
			iov[0] = (struct kvec){ hbuf, cut1 };
			iov[1] = (struct kvec){ hbuf + cut1, cut2 - cut1 };
			iov[2] = (struct kvec){ hbuf + cut2, len - cut2 };
			if (hvhost_ring_write(&t->host, iov, 3))
				break;
			lens[sent] = len;
			len = 0;
		}
		hvhost_ring_write_commit(&t->host);
		while (!tg_read(test, &t->guest, t->buf, &pktlen)) {
			KUNIT_ASSERT_EQ(test, pktlen, ALIGN(lens[got], 8));
			pkt_check(test, t->buf, lens[got], pktlen, got);
			got++;
		}
		tg_read_close(&t->guest);
		KUNIT_ASSERT_EQ(test, got, sent);
		KUNIT_ASSERT_LT(test, ++rounds, STRESS_PKTS);
	}
	KUNIT_EXPECT_EQ(test, t->hdr->read_index, t->hdr->write_index);
	KUNIT_EXPECT_GT(test, rounds, 100);
}

/* Host writer: signal only on empty -> non-empty with the mask clear. */
static void ring_write_signal(struct kunit *test)
{
	struct rt *t = rt_new_out(test, 0);
	u32 len;

	KUNIT_EXPECT_FALSE(test, hvhost_ring_write_commit(&t->host));
	KUNIT_ASSERT_EQ(test, host_send(t, 32, 1), 0);
	KUNIT_EXPECT_TRUE(test, hvhost_ring_write_commit(&t->host));
	KUNIT_ASSERT_EQ(test, host_send(t, 32, 2), 0);
	KUNIT_EXPECT_FALSE(test, hvhost_ring_write_commit(&t->host));
	KUNIT_ASSERT_EQ(test, tg_read(test, &t->guest, t->buf, &len), 0);
	KUNIT_ASSERT_EQ(test, tg_read(test, &t->guest, t->buf, &len), 0);
	tg_read_close(&t->guest);

	/* The guest is draining (hv_begin_read): no signal. */
	t->hdr->interrupt_mask = 1;
	KUNIT_ASSERT_EQ(test, host_send(t, 32, 3), 0);
	KUNIT_EXPECT_FALSE(test, hvhost_ring_write_commit(&t->host));
	/* Unmasked but not empty: no signal. */
	t->hdr->interrupt_mask = 0;
	KUNIT_ASSERT_EQ(test, host_send(t, 32, 4), 0);
	KUNIT_EXPECT_FALSE(test, hvhost_ring_write_commit(&t->host));
	KUNIT_ASSERT_EQ(test, tg_read(test, &t->guest, t->buf, &len), 0);
	KUNIT_ASSERT_EQ(test, tg_read(test, &t->guest, t->buf, &len), 0);
	tg_read_close(&t->guest);

	/* A batch of three into an empty ring: one signal. */
	KUNIT_ASSERT_EQ(test, host_send(t, 32, 5), 0);
	KUNIT_ASSERT_EQ(test, host_send(t, 40, 6), 0);
	KUNIT_ASSERT_EQ(test, host_send(t, 48, 7), 0);
	KUNIT_EXPECT_TRUE(test, hvhost_ring_write_commit(&t->host));
	KUNIT_EXPECT_FALSE(test, hvhost_ring_write_commit(&t->host));
	guest_expect(test, t, 32, 5);
	guest_expect(test, t, 40, 6);
	guest_expect(test, t, 48, 7);
}

/* Host reader: interrupt_mask batching and the guest's signal rule. */
static void ring_read_interrupts(struct kunit *test)
{
	struct rt *t = rt_new_in(test, 0);

	KUNIT_EXPECT_FALSE(test, hvhost_ring_in_enable_interrupts(&t->host));
	KUNIT_EXPECT_TRUE(test, guest_send(test, t, 32, 1));
	KUNIT_EXPECT_FALSE(test, guest_send(test, t, 32, 2));

	hvhost_ring_in_disable_interrupts(&t->host);
	KUNIT_EXPECT_EQ(test, t->hdr->interrupt_mask, 1);
	host_expect(test, t, 32, 1);
	host_expect(test, t, 32, 2);
	hvhost_ring_read_commit(&t->host);
	/* Empty -> non-empty while masked: the guest does not signal... */
	KUNIT_EXPECT_FALSE(test, guest_send(test, t, 32, 3));
	/* ...so enabling reports the packet and the host polls again. */
	KUNIT_EXPECT_TRUE(test, hvhost_ring_in_enable_interrupts(&t->host));
	KUNIT_EXPECT_EQ(test, t->hdr->interrupt_mask, 0);
	hvhost_ring_in_disable_interrupts(&t->host);
	host_expect(test, t, 32, 3);
	hvhost_ring_read_commit(&t->host);
	KUNIT_EXPECT_FALSE(test, hvhost_ring_in_enable_interrupts(&t->host));
	KUNIT_EXPECT_TRUE(test, guest_send(test, t, 32, 4));
}

struct pend_case {
	const char *name;
	u32 pending;
	u32 reads;
	bool signal;
	bool signal2;	/* after one more packet read */
};

/*
 * The guest fills its ring with packets of 128 bytes with trailer (FILL of
 * them, leaving 128 bytes free) and waits for pending_send_sz bytes.
 */
#define FILL	(RT_SIZE / 128 - 1)

static const struct pend_case pend_cases[] = {
	{ "not waiting", 0, 1, false, false },
	{ "crossed by one packet", 128, 1, true, false },
	{ "had enough already", 127, 1, false, false },
	{ "exactly reached is not enough", 256, 1, false, true },
	{ "crossed by two packets", 256, 2, true, false },
	{ "crossed in a batch", 1000, FILL, true },
	{ "batch not enough", RT_SIZE - 92, FILL - 1, false, true },
	{ "whole ring clamped", RT_SIZE, FILL, true },
	{ "huge clamped", 0xffffffff, FILL, true },
	{ "huge not drained", 0xffffffff, FILL - 1, false, true },
};

static void pend_case_desc(const struct pend_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pend, pend_cases, pend_case_desc);

static void ring_read_pending_send_sz(struct kunit *test)
{
	const struct pend_case *c = test->param_value;
	struct rt *t = rt_new_in(test, 0);
	bool signal;
	u32 i;

	for (i = 0; i < FILL; i++)
		guest_send(test, t, 120, i);
	pkt_make(t->buf, 120, 99);
	KUNIT_ASSERT_EQ(test, tg_write(&t->guest, t->buf, 120, &signal),
			-EAGAIN);
	KUNIT_ASSERT_EQ(test, tg_bytes_to_write(&t->guest), 128);
	t->hdr->pending_send_sz = c->pending;

	for (i = 0; i < c->reads; i++)
		host_expect(test, t, 120, i);
	KUNIT_EXPECT_EQ(test, hvhost_ring_read_commit(&t->host), c->signal);
	/* Only the batch that crosses the threshold signals. */
	if (c->reads < FILL) {
		host_expect(test, t, 120, c->reads);
		KUNIT_EXPECT_EQ(test, hvhost_ring_read_commit(&t->host),
				c->signal2);
	}
}

/* Host writer waits for space: the guest model signals when it frees it. */
static void ring_write_pending_send_sz(struct kunit *test)
{
	struct rt *t = rt_new_out(test, 0);
	u32 i, len;

	for (i = 0; i < FILL; i++)
		KUNIT_ASSERT_EQ(test, host_send(t, 120, i), 0);
	KUNIT_ASSERT_EQ(test, host_send(t, 120, FILL), -EAGAIN);
	KUNIT_EXPECT_EQ(test, hvhost_ring_out_avail(&t->host), 112);
	KUNIT_EXPECT_TRUE(test, hvhost_ring_write_commit(&t->host));

	KUNIT_EXPECT_FALSE(test, hvhost_ring_out_wait_space(&t->host, 248));
	KUNIT_EXPECT_EQ(test, t->hdr->pending_send_sz, 256);
	KUNIT_ASSERT_EQ(test, tg_read(test, &t->guest, t->buf, &len), 0);
	KUNIT_EXPECT_FALSE(test, tg_read_close(&t->guest));
	KUNIT_ASSERT_EQ(test, tg_read(test, &t->guest, t->buf, &len), 0);
	KUNIT_EXPECT_TRUE(test, tg_read_close(&t->guest));
	KUNIT_EXPECT_TRUE(test, hvhost_ring_out_wait_space(&t->host, 248));
	KUNIT_EXPECT_EQ(test, t->hdr->pending_send_sz, 0);
	KUNIT_EXPECT_EQ(test, hvhost_ring_out_avail(&t->host), 368);
	KUNIT_EXPECT_EQ(test, host_send(t, 248, 40), 0);

	/* Space that is already there: nothing left pending. */
	KUNIT_EXPECT_TRUE(test, hvhost_ring_out_wait_space(&t->host, 16));
	KUNIT_EXPECT_EQ(test, t->hdr->pending_send_sz, 0);
	/* More than the ring can hold is clamped to a full ring. */
	KUNIT_EXPECT_FALSE(test, hvhost_ring_out_wait_space(&t->host, ~0U));
	KUNIT_EXPECT_EQ(test, t->hdr->pending_send_sz, RT_SIZE - 8);
}

/* A full ring refuses the packet that would leave no free slot. */
static void ring_write_full(struct kunit *test)
{
	struct rt *t = rt_new_out(test, 0);
	u32 n = 0;

	/* 48 + 8 per packet; a packet fits while free > 56. */
	while (!host_send(t, 48, n))
		n++;
	KUNIT_EXPECT_EQ(test, n, (RT_SIZE - 1) / 56);
	KUNIT_EXPECT_EQ(test, host_send(t, 48, n), -EAGAIN);
	KUNIT_EXPECT_EQ(test, t->host.priv_index, 56 * n);
	/* 16 bytes are left: a 16-byte packet and trailer would fill them. */
	KUNIT_EXPECT_EQ(test, RT_SIZE - 56 * n, 16);
	KUNIT_EXPECT_EQ(test, host_send(t, 16, n), -EAGAIN);
	KUNIT_EXPECT_EQ(test, hvhost_ring_out_avail(&t->host), 0);
	KUNIT_EXPECT_TRUE(test, hvhost_ring_write_commit(&t->host));
	KUNIT_EXPECT_EQ(test, t->hdr->write_index, 56 * n);
}

static void ring_write_bad_size(struct kunit *test)
{
	struct rt *t = rt_new_out(test, 0);
	struct kvec iov[2] = {
		{ .iov_base = t->buf, .iov_len = 8 },
		{ .iov_base = t->buf, .iov_len = SIZE_MAX - 4 },
	};

	KUNIT_EXPECT_EQ(test, hvhost_ring_write(&t->host, iov, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvhost_ring_write(&t->host, iov, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvhost_ring_write(&t->host, iov, 2), -EINVAL);
	iov[0].iov_len = RT_SIZE - 15;
	KUNIT_EXPECT_EQ(test, hvhost_ring_write(&t->host, iov, 1), -EINVAL);
	iov[0].iov_len = HVHOST_RING_MAX_PKT_BYTES + 1;
	KUNIT_EXPECT_EQ(test, hvhost_ring_write(&t->host, iov, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->host.priv_index, 0);
	/* The largest packet of this ring fits into an empty ring. */
	KUNIT_EXPECT_EQ(test, hvhost_ring_out_avail(&t->host), RT_SIZE - 16);
	t->buf = kunit_kzalloc(test, RT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->buf);
	KUNIT_EXPECT_EQ(test, host_send(t, RT_SIZE - 16, 1), 0);
	KUNIT_EXPECT_EQ(test, t->host.priv_index, RT_SIZE - 8);
}

struct frame_case {
	const char *name;
	u16 len8;
	u16 offset8;
	u32 publish;	/* bytes the guest makes available */
};

static const struct frame_case frame_cases[] = {
	{ "len8 zero", 0, 2, 24 },
	{ "len8 one", 1, 2, 24 },
	{ "offset8 zero", 4, 0, 40 },
	{ "offset8 one", 4, 1, 40 },
	{ "offset8 past len8", 4, 5, 40 },
	{ "packet past write index", 8, 2, 40 },
	{ "trailer past write index", 4, 2, 32 },
	{ "packet far past write index", 0xffff, 2, 40 },
	{ "runt of 8 bytes", 2, 2, 8 },
	{ "runt of 16 bytes", 2, 2, 16 },
};

static void frame_case_desc(const struct frame_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(frame, frame_cases, frame_case_desc);

/* Each framing error: -EBADMSG, resync, the next packet reads fine. */
static void ring_read_framing(struct kunit *test)
{
	const struct frame_case *c = test->param_value;
	static const u32 starts[] = { 0, RT_SIZE - 8, RT_SIZE - 24 };
	u32 i, pktlen;

	for (i = 0; i < ARRAY_SIZE(starts); i++) {
		struct rt *t = rt_new_in(test, starts[i]);
		struct vmbus_pkt_desc desc = {
			.type = VM_PKT_DATA_INBAND,
			.offset8 = c->offset8,
			.len8 = c->len8,
			.trans_id = 5,
		};
		u32 windex = (starts[i] + c->publish) % RT_SIZE;

		if (c->publish >= sizeof(desc))
			raw_put(t, starts[i], &desc, sizeof(desc));
		t->hdr->write_index = windex;

		KUNIT_EXPECT_EQ(test, hvhost_ring_read(&t->host, t->buf,
						       RT_BUF, &pktlen),
				-EBADMSG);
		KUNIT_EXPECT_EQ(test, pktlen, 0);
		KUNIT_EXPECT_EQ(test, t->host.resyncs, 1);
		KUNIT_EXPECT_EQ(test, t->host.priv_index, windex);
		KUNIT_EXPECT_EQ(test, hvhost_ring_read(&t->host, t->buf,
						       RT_BUF, &pktlen),
				-EAGAIN);
		KUNIT_EXPECT_FALSE(test, hvhost_ring_read_commit(&t->host));
		KUNIT_EXPECT_EQ(test, t->hdr->read_index, windex);

		guest_send(test, t, 48, 6);
		host_expect(test, t, 48, 6);
		KUNIT_EXPECT_EQ(test, t->host.resyncs, 1);
	}
}

/* Edge cases a stock guest may produce are not framing errors. */
static void ring_read_framing_edges(struct kunit *test)
{
	struct rt *t = rt_new_in(test, 0);
	struct vmbus_pkt_desc desc = {
		.type = VM_PKT_COMP, .offset8 = 2, .len8 = 2, .trans_id = 9,
	};
	u32 pktlen;

	/* A bare descriptor, offset8 == len8: no payload. */
	raw_put(t, 0, &desc, sizeof(desc));
	t->hdr->write_index = 24;
	/* offset8 == len8 with payload bytes beyond the data offset. */
	desc.len8 = 4;
	desc.offset8 = 4;
	raw_put(t, 24, &desc, sizeof(desc));
	t->hdr->write_index = 24 + 40;
	KUNIT_EXPECT_EQ(test, hvhost_ring_read(&t->host, t->buf, RT_BUF,
					       &pktlen), 0);
	KUNIT_EXPECT_EQ(test, pktlen, 16);
	KUNIT_EXPECT_EQ(test, hvhost_ring_read(&t->host, t->buf, RT_BUF,
					       &pktlen), 0);
	KUNIT_EXPECT_EQ(test, pktlen, 32);
	KUNIT_EXPECT_EQ(test, t->host.resyncs, 0);
}

static const u32 bogus_windexes[] = { 4, RT_SIZE, RT_SIZE + 8, 0xfffffff8 };

static void bogus_desc(const u32 *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "index %#x", *v);
}

KUNIT_ARRAY_PARAM(bogus_w, bogus_windexes, bogus_desc);

/* An insane write index: -EBADMSG, nothing moves, no spinning. */
static void ring_read_bogus_write_index(struct kunit *test)
{
	u32 bad = *(const u32 *)test->param_value, pktlen;
	struct rt *t = rt_new_in(test, 0);

	guest_send(test, t, 32, 1);
	host_expect(test, t, 32, 1);
	t->hdr->write_index = bad;
	KUNIT_EXPECT_EQ(test, hvhost_ring_read(&t->host, t->buf, RT_BUF,
					       &pktlen), -EBADMSG);
	KUNIT_EXPECT_EQ(test, hvhost_ring_read(&t->host, t->buf, RT_BUF,
					       &pktlen), -EBADMSG);
	KUNIT_EXPECT_EQ(test, t->host.resyncs, 2);
	KUNIT_EXPECT_EQ(test, t->host.priv_index, 40);
	KUNIT_EXPECT_FALSE(test, hvhost_ring_in_enable_interrupts(&t->host));
	/* pending_send_sz cannot be evaluated: no signal. */
	t->hdr->pending_send_sz = 8;
	KUNIT_EXPECT_FALSE(test, hvhost_ring_read_commit(&t->host));
	KUNIT_EXPECT_EQ(test, t->hdr->read_index, 40);

	t->hdr->pending_send_sz = 0;
	t->hdr->write_index = 40;
	guest_send(test, t, 24, 2);
	host_expect(test, t, 24, 2);
}

/* An insane read index on the out ring means "full": nothing written. */
static void ring_write_bogus_read_index(struct kunit *test)
{
	static const u32 bads[] = { 4, RT_SIZE, 0xfffffff8, 8, 40, 80 };
	struct rt *t = rt_new_out(test, 0);
	u32 i;

	/* 80 bytes written, not yet published: (0, 80] is off limits. */
	KUNIT_ASSERT_EQ(test, host_send(t, 32, 1), 0);
	KUNIT_ASSERT_EQ(test, host_send(t, 32, 2), 0);
	for (i = 0; i < ARRAY_SIZE(bads); i++) {
		t->hdr->read_index = bads[i];
		KUNIT_EXPECT_EQ(test, hvhost_ring_out_avail(&t->host), 0);
		KUNIT_EXPECT_EQ(test, host_send(t, 16, 3), -EAGAIN);
		KUNIT_EXPECT_FALSE(test,
				   hvhost_ring_out_wait_space(&t->host, 16));
		KUNIT_EXPECT_EQ(test, t->host.priv_index, 80);
	}
	/* Behind the batch start is sane: the guest is still reading. */
	t->hdr->read_index = 88;
	KUNIT_EXPECT_EQ(test, hvhost_ring_out_avail(&t->host), 0);
	t->hdr->read_index = 96;
	KUNIT_EXPECT_EQ(test, hvhost_ring_out_avail(&t->host), 0);
	t->hdr->read_index = 104;
	KUNIT_EXPECT_EQ(test, hvhost_ring_out_avail(&t->host), 8);
	t->hdr->read_index = 0;
	KUNIT_EXPECT_EQ(test, hvhost_ring_out_avail(&t->host), RT_SIZE - 96);
	KUNIT_EXPECT_EQ(test, host_send(t, 16, 3), 0);
	KUNIT_EXPECT_TRUE(test, hvhost_ring_write_commit(&t->host));
	guest_expect(test, t, 32, 1);
	guest_expect(test, t, 32, 2);
	guest_expect(test, t, 16, 3);
}

/* A packet larger than the buffer: consumed, head copied, length told. */
static void ring_read_emsgsize(struct kunit *test)
{
	struct rt *t = rt_new_in(test, RT_SIZE - 64);
	u32 pktlen, i;

	guest_send(test, t, 200, 1);
	guest_send(test, t, 200, 2);
	guest_send(test, t, 200, 3);
	guest_send(test, t, 32, 4);
	memset(t->buf, 0xaa, RT_BUF);
	KUNIT_EXPECT_EQ(test, hvhost_ring_read(&t->host, t->buf, 64, &pktlen),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, pktlen, 200);
	KUNIT_EXPECT_EQ(test, ((struct vmbus_pkt_desc *)t->buf)->len8, 25);
	KUNIT_EXPECT_EQ(test, ((struct vmbus_pkt_desc *)t->buf)->trans_id, 1);
	for (i = 16; i < 64; i++)
		KUNIT_EXPECT_EQ(test, t->buf[i], pkt_byte(1, i));
	for (; i < 200; i++)
		KUNIT_EXPECT_EQ(test, t->buf[i], 0xaa);
	/* Shorter than a descriptor. */
	memset(t->buf, 0xaa, RT_BUF);
	KUNIT_EXPECT_EQ(test, hvhost_ring_read(&t->host, t->buf, 8, &pktlen),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, pktlen, 200);
	KUNIT_EXPECT_EQ(test, ((struct vmbus_pkt_desc *)t->buf)->type,
			VM_PKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, t->buf[8], 0xaa);
	KUNIT_EXPECT_EQ(test, hvhost_ring_read(&t->host, NULL, 0, &pktlen),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, pktlen, 200);
	host_expect(test, t, 32, 4);
	KUNIT_EXPECT_EQ(test, t->host.resyncs, 0);
}

static struct kunit_case ring_cases[] = {
	KUNIT_CASE(ring_hdr_layout),
	KUNIT_CASE(ring_desc_layout),
	KUNIT_CASE_PARAM(ring_init, init_gen_params),
	KUNIT_CASE(ring_write_wire_bytes),
	KUNIT_CASE(ring_read_basic),
	KUNIT_CASE_PARAM(ring_read_wrap, wrap_len_gen_params),
	KUNIT_CASE_PARAM(ring_write_wrap, wrap_len_gen_params),
	KUNIT_CASE(ring_read_stress),
	KUNIT_CASE(ring_write_stress),
	KUNIT_CASE(ring_write_signal),
	KUNIT_CASE(ring_read_interrupts),
	KUNIT_CASE_PARAM(ring_read_pending_send_sz, pend_gen_params),
	KUNIT_CASE(ring_write_pending_send_sz),
	KUNIT_CASE(ring_write_full),
	KUNIT_CASE(ring_write_bad_size),
	KUNIT_CASE_PARAM(ring_read_framing, frame_gen_params),
	KUNIT_CASE(ring_read_framing_edges),
	KUNIT_CASE_PARAM(ring_read_bogus_write_index, bogus_w_gen_params),
	KUNIT_CASE(ring_write_bogus_read_index),
	KUNIT_CASE(ring_read_emsgsize),
	{}
};

static struct kunit_suite ring_suite = {
	.name = "hvhost_vmbus_ring",
	.test_cases = ring_cases,
};

kunit_test_suite(ring_suite);
