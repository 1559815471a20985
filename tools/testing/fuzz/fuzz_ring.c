// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for drivers/hvhost/vmbus/ring.c.
 *
 * The input is a ring image and a list of operations: the host side calls
 * the ring API, a hostile guest scribbles on the shared memory between
 * calls.  After every operation the target checks what the host did: the
 * return value is one of the documented ones, indexes stay sane, a packet
 * handed out is exactly the bytes of the ring, written packets are exactly
 * their iovecs, padding and trailer, the host never writes a field the
 * guest owns and never overwrites data the guest has not read yet.
 * Every ring is its own malloc() block, so ASan sees any access past it.
 *
 * Input layout (all little endian; missing bytes read as zero):
 *   u8  config: bit 0/1 in/out ring has two data pages instead of one,
 *       bit 2 then overwrite two guest-owned indexes with raw values,
 *       bit 3 first try an init with a fuzzed length
 *   u32 in.write_index, in.read_index, out.write_index, out.read_index
 *       (an index whose top byte is 0xff is taken as its low 16 bits,
 *       else it is masked to an aligned in-range value)
 *   u32 raw in.write_index and out.read_index (bit 2 only)
 *   u16 fuzzed length (bit 3 only)
 *   then up to MAX_OPS operations: u8 opcode and its arguments.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/uio.h>

#include "ring.h"

#define MAX_OPS		512
#define PAGE		4096u

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

static void in_bytes(struct input *in, void *dst, size_t len)
{
	size_t n = len < in->n ? len : in->n;

	memcpy(dst, in->p, n);
	memset((u8 *)dst + n, 0, len - n);
	in->p += n;
	in->n -= n;
}

/* One shared ring and the host's view of it. */
struct side {
	u8 *mem;
	u32 len;
	u32 size;
	struct vmbus_ring_hdr *hdr;
	u8 *data;
	struct hvhost_ring r;
};

struct state {
	struct side in;		/* guest writes, host reads */
	struct side out;	/* host writes, guest reads */
	u8 *snap;		/* copy of a data area before a host op */
};

static bool idx_ok(const struct side *s, u32 idx)
{
	return idx < s->size && !(idx & 7);
}

static u32 dist(const struct side *s, u32 from, u32 to)
{
	return to >= from ? to - from : s->size - from + to;
}

/* Compare @len bytes of the data area from @off (wrapping) with @buf. */
static bool ring_equals(const struct side *s, u32 off, const u8 *buf, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (s->data[(off + i) % s->size] != buf[i])
			return false;
	return true;
}

/* An index from the input: mostly sane, insane if the top byte is 0xff. */
static u32 guest_idx(struct input *in, const struct side *s)
{
	u32 raw = in_u32(in);

	if (raw >> 24 == 0xff)
		return raw & 0xffff;
	return raw & (s->size - 1) & ~7u;
}

static void side_alloc(struct side *s, u32 pages)
{
	s->len = PAGE * (1 + pages);
	s->size = PAGE * pages;
	s->mem = calloc(1, s->len);
	CHECK(s->mem);
	s->hdr = (struct vmbus_ring_hdr *)s->mem;
	s->data = s->mem + PAGE;
}

/* Initialise one side, first with a fuzzed length if asked to. */
static bool side_init(struct side *s, bool out, bool try_len, u16 flen)
{
	int (*init)(struct hvhost_ring *r, void *base, size_t len) =
		out ? hvhost_ring_init_out : hvhost_ring_init_in;
	bool idx_sane = idx_ok(s, s->hdr->read_index) &&
			idx_ok(s, s->hdr->write_index);
	int ret;

	if (try_len) {
		u32 len = flen % (s->len + 1);
		struct side t = *s;
		bool len_ok = len >= 2 * PAGE && !(len % PAGE);

		t.size = len - PAGE;
		ret = init(&s->r, s->mem, len);
		CHECK(ret == 0 || ret == -EINVAL);
		CHECK(!ret == (len_ok && idx_ok(&t, s->hdr->read_index) &&
			       idx_ok(&t, s->hdr->write_index)));
	}
	ret = init(&s->r, s->mem, s->len);
	CHECK(!ret == idx_sane);
	if (ret)
		return false;
	CHECK(s->r.size == s->size);
	if (out)
		CHECK(s->hdr->feature_bits == VMBUS_RING_FEAT_PENDING_SEND_SZ &&
		      !s->hdr->pending_send_sz);
	else
		CHECK(!s->hdr->interrupt_mask);
	return true;
}

static void check_side(const struct side *s)
{
	CHECK(idx_ok(s, s->r.priv_index));
	CHECK(idx_ok(s, s->r.start_index));
}

static void op_read(struct state *st, struct input *in)
{
	struct side *s = &st->in;
	u32 buflen = in_u16(in) % (s->size + 64);
	u32 windex = s->hdr->write_index, old = s->r.priv_index, pktlen;
	u64 resyncs = s->r.resyncs;
	u32 i;
	u8 *buf = buflen ? malloc(buflen) : NULL;
	int ret;

	memcpy(st->snap, s->data, s->size);
	ret = hvhost_ring_read(&s->r, buf, buflen, &pktlen);
	CHECK(!memcmp(st->snap, s->data, s->size));
	CHECK(s->hdr->write_index == windex);
	switch (ret) {
	case 0:
	case -EMSGSIZE: {
		struct vmbus_pkt_desc d;
		u32 n = ret ? buflen : pktlen;

		CHECK(ret ? pktlen > buflen : pktlen <= buflen);
		CHECK(pktlen >= sizeof(d) && !(pktlen & 7));
		CHECK(ring_equals(s, old, buf, n));
		for (i = 0; i < sizeof(d); i++)
			((u8 *)&d)[i] = s->data[(old + i) % s->size];
		CHECK(d.len8 * 8u == pktlen);
		CHECK(d.offset8 * 8u >= sizeof(d));
		CHECK(d.offset8 * 8u <= pktlen);
		CHECK(pktlen + 8 <= dist(s, old, windex));
		CHECK(s->r.priv_index == (old + pktlen + 8) % s->size);
		CHECK(s->r.resyncs == resyncs);
		break;
	}
	case -EAGAIN:
		CHECK(!pktlen && old == windex && s->r.priv_index == old);
		CHECK(s->r.resyncs == resyncs);
		break;
	case -EBADMSG:
		CHECK(!pktlen && s->r.resyncs == resyncs + 1);
		CHECK(s->r.priv_index == (idx_ok(s, windex) ? windex : old));
		break;
	default:
		CHECK(0);
	}
	free(buf);
}

static void op_read_commit(struct state *st)
{
	struct side *s = &st->in;
	u32 windex = s->hdr->write_index, pend = s->hdr->pending_send_sz;
	bool moved = s->r.priv_index != s->r.start_index;
	u32 old_rindex = s->hdr->read_index;
	bool sig;

	sig = hvhost_ring_read_commit(&s->r);
	CHECK(s->hdr->write_index == windex && s->hdr->pending_send_sz == pend);
	CHECK(s->r.start_index == s->r.priv_index);
	CHECK(s->hdr->read_index == (moved ? s->r.priv_index : old_rindex));
	CHECK(!sig || (moved && pend && idx_ok(s, windex)));
}

static void op_interrupts(struct state *st, bool enable)
{
	struct side *s = &st->in;
	u32 windex = s->hdr->write_index;

	if (!enable) {
		hvhost_ring_in_disable_interrupts(&s->r);
		CHECK(s->hdr->interrupt_mask == 1);
		return;
	}
	CHECK(hvhost_ring_in_enable_interrupts(&s->r) ==
	      (idx_ok(s, windex) && windex != s->r.priv_index));
	CHECK(!s->hdr->interrupt_mask);
}

/* Is the guest's read index of the out ring one the host may trust? */
static bool out_rindex_ok(const struct side *s, u32 rindex)
{
	u32 ahead;

	if (!idx_ok(s, rindex))
		return false;
	ahead = dist(s, s->r.start_index, rindex);
	return !ahead || ahead > dist(s, s->r.start_index, s->r.priv_index);
}

/* Data the guest has not read yet ([read_index, write_index)) is intact. */
static void check_unread(const struct state *st, u32 rindex)
{
	const struct side *s = &st->out;
	u32 i, n;

	if (!out_rindex_ok(s, rindex)) {
		CHECK(!memcmp(st->snap, s->data, s->size));
		return;
	}
	n = dist(s, rindex, s->r.start_index);
	for (i = 0; i < n; i++) {
		u32 off = (rindex + i) % s->size;

		CHECK(st->snap[off] == s->data[off]);
	}
}

static void op_write(struct state *st, struct input *in)
{
	struct side *s = &st->out;
	u32 len = in_u16(in) % (s->size + 64), i, pos;
	u8 niov = in_u8(in), huge = niov & 0x80;
	u32 rindex = s->hdr->read_index, mask = s->hdr->interrupt_mask;
	u32 old = s->r.priv_index, avail, padded = (len + 7) & ~7u;
	u8 *pkt = malloc(len + 1), zero[8] = { 0 };
	struct kvec iov[4];
	u64 trailer;
	int ret;

	CHECK(pkt);
	in_bytes(in, pkt, len);
	for (i = 0, pos = 0; i < niov % 5; i++) {
		u32 cut = i == niov % 5 - 1 ? len :
			  pos + in_u16(in) % (len - pos + 1);

		iov[i].iov_base = pkt + pos;
		iov[i].iov_len = cut - pos;
		pos = cut;
	}
	niov %= 5;
	if (!niov)
		len = padded = 0;
	/* A length no packet can have; the host must not touch the iovec. */
	if (huge && niov) {
		iov[niov - 1].iov_base = NULL;
		iov[niov - 1].iov_len += SIZE_MAX / 2;
		len = padded = UINT32_MAX;
	}

	avail = hvhost_ring_out_avail(&s->r);
	CHECK(avail <= s->size - 16 && !(avail & 7));
	CHECK(out_rindex_ok(s, rindex) || !avail);
	memcpy(st->snap, s->data, s->size);
	ret = hvhost_ring_write(&s->r, iov, niov);
	CHECK(s->hdr->read_index == rindex && s->hdr->interrupt_mask == mask);
	check_unread(st, rindex);
	if (len < 16 || padded > s->size - 16) {
		CHECK(ret == -EINVAL && s->r.priv_index == old);
	} else if (avail < padded) {
		CHECK(ret == -EAGAIN && s->r.priv_index == old);
	} else {
		CHECK(ret == 0);
		CHECK(s->r.priv_index == (old + padded + 8) % s->size);
		/* Never completely full: full would read as empty. */
		CHECK(s->r.priv_index != rindex);
		CHECK(ring_equals(s, old, pkt, len));
		CHECK(ring_equals(s, old + len, zero, padded - len));
		trailer = (u64)old << 32;
		CHECK(ring_equals(s, old + padded, (u8 *)&trailer, 8));
	}
	free(pkt);
}

static void op_write_commit(struct state *st)
{
	struct side *s = &st->out;
	u32 rindex = s->hdr->read_index, mask = s->hdr->interrupt_mask;
	u32 start = s->r.start_index, old_windex = s->hdr->write_index;
	bool moved = s->r.priv_index != start, sig;

	sig = hvhost_ring_write_commit(&s->r);
	CHECK(s->hdr->read_index == rindex && s->hdr->interrupt_mask == mask);
	CHECK(s->hdr->write_index == (moved ? s->r.priv_index : old_windex));
	CHECK(s->r.start_index == s->r.priv_index);
	CHECK(sig == (moved && !mask && rindex == start));
}

static void op_wait_space(struct state *st, struct input *in)
{
	struct side *s = &st->out;
	u32 bytes = in_u32(in), rindex = s->hdr->read_index;
	bool ok;

	memcpy(st->snap, s->data, s->size);
	ok = hvhost_ring_out_wait_space(&s->r, bytes);
	CHECK(!memcmp(st->snap, s->data, s->size));
	CHECK(s->hdr->read_index == rindex);
	if (ok)
		CHECK(!s->hdr->pending_send_sz);
	else
		CHECK(s->hdr->pending_send_sz >= 16 &&
		      s->hdr->pending_send_sz <= s->size - 8 &&
		      !(s->hdr->pending_send_sz & 7));
}

/* The guest appends a packet at its write index, sane or not. */
static void guest_put(struct state *st, struct input *in)
{
	struct side *s = &st->in;
	u8 mode = in_u8(in);
	u32 len = (in_u16(in) % (s->size / 8)) * 8, w = s->hdr->write_index;
	struct vmbus_pkt_desc d = {
		.type = VM_PKT_DATA_INBAND,
		.offset8 = 2,
		.len8 = len / 8,
		.trans_id = in_u32(in),
	};
	u8 byte;
	u32 i;

	if (!idx_ok(s, w))
		w = 0;
	if (mode & 1)
		d.offset8 = in_u8(in);
	if (mode & 2)
		d.len8 = in_u16(in);
	for (i = 0; i < sizeof(d) && i < len; i++)
		s->data[(w + i) % s->size] = ((u8 *)&d)[i];
	byte = in_u8(in);
	for (; i < len + 8; i++)
		s->data[(w + i) % s->size] = byte + i;
	if (!(mode & 4))
		s->hdr->write_index = (w + len + 8) % s->size;
}

static void guest_op(struct state *st, struct input *in, u8 op)
{
	struct side *s;
	u16 v;

	switch (op) {
	case 0:
		guest_put(st, in);
		break;
	case 1:
		st->in.hdr->write_index = guest_idx(in, &st->in);
		break;
	case 2:
		st->in.hdr->pending_send_sz = in_u32(in);
		break;
	case 3:	/* poke a data byte of either ring */
		s = in_u8(in) & 1 ? &st->out : &st->in;
		v = in_u16(in);
		s->data[v % s->size] = in_u8(in);
		break;
	case 4:	/* the guest reads everything published */
		st->out.hdr->read_index = st->out.hdr->write_index;
		break;
	case 5:
		st->out.hdr->read_index = guest_idx(in, &st->out);
		break;
	case 6:
		st->out.hdr->interrupt_mask = in_u8(in) & 3;
		break;
	case 7:	/* fields the host owns, scribbled on */
		st->in.hdr->read_index = in_u32(in);
		st->out.hdr->write_index = in_u32(in);
		break;
	}
}

static void host_op(struct state *st, struct input *in, u8 op)
{
	switch (op) {
	case 0:
		op_read(st, in);
		break;
	case 1:
		op_read_commit(st);
		break;
	case 2:
		op_interrupts(st, false);
		break;
	case 3:
		op_interrupts(st, true);
		break;
	case 4:
		op_write(st, in);
		break;
	case 5:
		op_write_commit(st);
		break;
	case 6:
		op_wait_space(st, in);
		break;
	case 7:
		CHECK(hvhost_ring_out_avail(&st->out.r) <= st->out.size);
		break;
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct input in = { data, size };
	struct state st;
	u8 cfg = in_u8(&in);
	u16 flen;
	int ops;

	side_alloc(&st.in, 1 + (cfg & 1));
	side_alloc(&st.out, 1 + !!(cfg & 2));
	st.snap = malloc(2 * PAGE);
	CHECK(st.snap);
	st.in.hdr->write_index = guest_idx(&in, &st.in);
	st.in.hdr->read_index = guest_idx(&in, &st.in);
	st.out.hdr->write_index = guest_idx(&in, &st.out);
	st.out.hdr->read_index = guest_idx(&in, &st.out);
	if (cfg & 4) {
		st.in.hdr->write_index = in_u32(&in);
		st.out.hdr->read_index = in_u32(&in);
	}
	flen = cfg & 8 ? in_u16(&in) : 0;

	if (!side_init(&st.in, false, cfg & 8, flen) ||
	    !side_init(&st.out, true, cfg & 8, flen))
		goto out;

	for (ops = 0; ops < MAX_OPS && in.n; ops++) {
		u8 op = in_u8(&in);

		if (op & 0x80)
			guest_op(&st, &in, op & 7);
		else
			host_op(&st, &in, op & 7);
		check_side(&st.in);
		check_side(&st.out);
	}
out:
	free(st.snap);
	free(st.in.mem);
	free(st.out.mem);
	return 0;
}
