// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMBus ring buffers, host side: read the guest's outbound ring, write the
 * guest's inbound ring, and decide when the guest must be signalled.
 *
 * Index rules.  Indexes are byte offsets into the data area.  A sane index
 * is 8-byte aligned and below the data size; the guest can write any value,
 * so every guest-written index is read once and checked before use.  The
 * host never reads back the index it owns (read_index of an in ring,
 * write_index of an out ring): it keeps its own copy in priv_index and
 * start_index.
 *
 * Packets.  A packet is a struct vmbus_pkt_desc, payload and padding,
 * len8 * 8 bytes in all, followed by an 8-byte trailer.  A writer keeps at
 * least one 8-byte slot free so that read == write means empty.
 *
 * This file depends only on a kernel virtual mapping of the ring and on
 * <asm/barrier.h>, <linux/compiler.h> and friends, so tools/testing/fuzz/
 * compiles it unchanged in userspace.
 */
#include <asm/barrier.h>
#include <linux/export.h>
#include <linux/align.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "ring.h"

#define RING_TRAILER	((u32)VMBUS_PKT_TRAILER_SIZE)
#define RING_DESC	((u32)sizeof(struct vmbus_pkt_desc))

static bool ring_index_ok(const struct hvhost_ring *r, u32 idx)
{
	return idx < r->size && IS_ALIGNED(idx, 8);
}

/* Bytes from @from forward to @to; both must be sane indexes. */
static u32 ring_dist(const struct hvhost_ring *r, u32 from, u32 to)
{
	return to >= from ? to - from : r->size - from + to;
}

/* @idx moved forward by @n (n <= size); @idx must be sane. */
static u32 ring_advance(const struct hvhost_ring *r, u32 idx, u32 n)
{
	idx += n;
	return idx >= r->size ? idx - r->size : idx;
}

/* Copy @len (<= size) bytes out of the data area from @off, wrapping. */
static void ring_copy_from(const struct hvhost_ring *r, u32 off, void *dst,
			   u32 len)
{
	u32 first = min(len, r->size - off);

	memcpy(dst, r->data + off, first);
	if (len > first)
		memcpy((u8 *)dst + first, r->data, len - first);
}

/* Copy @len (<= size) bytes into the data area at @off; return the end. */
static u32 ring_copy_to(struct hvhost_ring *r, u32 off, const void *src,
			u32 len)
{
	u32 first = min(len, r->size - off);

	if (!len)
		return off;
	memcpy(r->data + off, src, first);
	if (len > first)
		memcpy(r->data, (const u8 *)src + first, len - first);
	return ring_advance(r, off, len);
}

static int ring_setup(struct hvhost_ring *r, void *base, size_t len)
{
	if (!base || len < HVHOST_RING_MIN_BYTES ||
	    len > HVHOST_RING_MAX_BYTES || !IS_ALIGNED(len, VMBUS_RING_HDR_SIZE))
		return -EINVAL;
	r->hdr = base;
	r->data = (u8 *)base + VMBUS_RING_HDR_SIZE;
	r->size = len - VMBUS_RING_HDR_SIZE;
	r->resyncs = 0;
	r->bad_windex = 0;
	return 0;
}

/* Set up @r and read the guest's indexes once; both must be sane. */
static int ring_attach(struct hvhost_ring *r, void *base, size_t len,
		       u32 *rindex, u32 *windex)
{
	int ret = ring_setup(r, base, len);

	if (ret)
		return ret;
	*rindex = READ_ONCE(r->hdr->read_index);
	*windex = READ_ONCE(r->hdr->write_index);
	if (!ring_index_ok(r, *rindex) || !ring_index_ok(r, *windex))
		return -EINVAL;
	return 0;
}

/**
 * hvhost_ring_init_in() - attach to the guest's outbound ring
 * @r: the host view to fill in.
 * @base: kernel mapping of the whole ring: header page and data area.
 * @len: bytes mapped at @base; at least HVHOST_RING_MIN_BYTES, at most
 *	HVHOST_RING_MAX_BYTES, a multiple of 4 KiB.
 *
 * Reads the guest's indexes once and starts reading at its read index.
 * Clears interrupt_mask so that the guest signals its first packet.
 *
 * Context: any; no locks taken.
 * Return: 0, or -EINVAL for a bad @len or an insane index.
 */
int hvhost_ring_init_in(struct hvhost_ring *r, void *base, size_t len)
{
	u32 rindex, windex;
	int ret;

	ret = ring_attach(r, base, len, &rindex, &windex);
	if (ret)
		return ret;
	r->priv_index = rindex;
	r->start_index = rindex;
	WRITE_ONCE(r->hdr->interrupt_mask, 0);
	return 0;
}

/**
 * hvhost_ring_init_out() - attach to the guest's inbound ring
 * @r: the host view to fill in.
 * @base: kernel mapping of the whole ring: header page and data area.
 * @len: as for hvhost_ring_init_in().
 *
 * Reads the guest's indexes once and starts writing at its write index.
 * Advertises VMBUS_RING_FEAT_PENDING_SEND_SZ (the guest then signals when
 * it frees the space the host asked for) and clears pending_send_sz.
 *
 * Context: any; no locks taken.
 * Return: 0, or -EINVAL for a bad @len or an insane index.
 */
int hvhost_ring_init_out(struct hvhost_ring *r, void *base, size_t len)
{
	u32 rindex, windex;
	int ret;

	ret = ring_attach(r, base, len, &rindex, &windex);
	if (ret)
		return ret;
	r->priv_index = windex;
	r->start_index = windex;
	WRITE_ONCE(r->hdr->pending_send_sz, 0);
	WRITE_ONCE(r->hdr->feature_bits, VMBUS_RING_FEAT_PENDING_SEND_SZ);
	return 0;
}

/* Framing error: drop everything the guest published, if we can tell. */
static int ring_resync(struct hvhost_ring *r, u32 windex)
{
	r->resyncs++;
	if (ring_index_ok(r, windex))
		r->priv_index = windex;
	return -EBADMSG;
}

/* An insane write index: a framing error the first time it is seen. */
static int ring_bad_windex(struct hvhost_ring *r, u32 windex)
{
	if (windex == r->bad_windex)
		return -EAGAIN;
	r->bad_windex = windex;
	return ring_resync(r, windex);
}

/*
 * Copy the first @n bytes of the packet at priv_index to @buf: the
 * descriptor from the validated copy @desc, the rest from the ring, so
 * that no byte of guest memory is read twice.
 */
static void ring_copy_packet(const struct hvhost_ring *r,
			     const struct vmbus_pkt_desc *desc, void *buf,
			     u32 n)
{
	u32 head = min(n, RING_DESC);

	if (!n)
		return;
	memcpy(buf, desc, head);
	if (n > head)
		ring_copy_from(r, ring_advance(r, r->priv_index, RING_DESC),
			       (u8 *)buf + head, n - head);
}

/**
 * hvhost_ring_read() - copy the next packet out of the guest's ring
 * @r: an in ring.
 * @buf: where the packet goes, descriptor included, trailer excluded.
 * @buflen: bytes available at @buf.
 * @pktlen: set to the packet's length (len8 * 8), 0 if there is none.
 *
 * Advances only the private read index; hvhost_ring_read_commit()
 * publishes it.  The guest's write index is read once per call.
 *
 * A framing error (an insane write index, fewer than a descriptor and a
 * trailer available, len8 * 8 < 16, offset8 * 8 < 16 or > len8 * 8, a
 * packet and trailer longer than what is available) makes the host
 * discard everything the guest has published, counted in @r->resyncs,
 * so that later packets are read normally.
 *
 * An insane write index leaves nothing to resync to: it is reported once
 * and then reads as an empty ring until the guest changes it, so a loop
 * that drains until -EAGAIN ends.  Bound the work per pass anyway: a
 * guest can keep writing.
 *
 * Context: the caller serialises readers of @r.
 * Return: 0; -EAGAIN if the ring is empty; -EMSGSIZE if the packet is
 * longer than @buflen (the packet is consumed, its first @buflen bytes are
 * in @buf and *@pktlen is its real length); -EBADMSG on a framing error.
 */
int hvhost_ring_read(struct hvhost_ring *r, void *buf, u32 buflen, u32 *pktlen)
{
	struct vmbus_pkt_desc desc;
	u32 windex, avail, len, off;

	*pktlen = 0;
	windex = READ_ONCE(r->hdr->write_index);
	if (!ring_index_ok(r, windex))
		return ring_bad_windex(r, windex);
	r->bad_windex = 0;
	/* Read the packet only after the index that published it. */
	virt_rmb();

	avail = ring_dist(r, r->priv_index, windex);
	if (!avail)
		return -EAGAIN;
	if (avail < RING_DESC + RING_TRAILER)
		return ring_resync(r, windex);

	ring_copy_from(r, r->priv_index, &desc, sizeof(desc));
	len = (u32)desc.len8 * 8;
	off = (u32)desc.offset8 * 8;
	if (len < RING_DESC || off < RING_DESC || off > len ||
	    len + RING_TRAILER > avail)
		return ring_resync(r, windex);

	ring_copy_packet(r, &desc, buf, min(buflen, len));
	r->priv_index = ring_advance(r, r->priv_index, len + RING_TRAILER);
	*pktlen = len;
	return len > buflen ? -EMSGSIZE : 0;
}
EXPORT_SYMBOL_GPL(hvhost_ring_read);

/*
 * Did the guest writer wait for space (pending_send_sz) and did this batch
 * of reads free enough?  Mirrors Linux's hv_pkt_iter_close(): signal only
 * on the "not enough" -> "enough" transition.
 */
static bool ring_in_space_crossed(const struct hvhost_ring *r, u32 start)
{
	u32 pending, windex, free, done, before;

	pending = READ_ONCE(r->hdr->pending_send_sz);
	if (!pending)
		return false;
	/* A guest value above what a ring can free never fires: clamp it. */
	pending = min(pending, r->size - RING_TRAILER);

	/* pending_send_sz before write_index. */
	virt_rmb();
	windex = READ_ONCE(r->hdr->write_index);
	if (!ring_index_ok(r, windex))
		return false;
	free = r->size - ring_dist(r, r->priv_index, windex);
	done = ring_dist(r, start, r->priv_index);
	before = free > done ? free - done : 0;
	return before <= pending && free > pending;
}

/**
 * hvhost_ring_read_commit() - publish the read index after a batch
 * @r: an in ring.
 *
 * Context: the caller serialises readers of @r.
 * Return: true if the guest must be signalled: it set pending_send_sz and
 * the space freed by this batch crossed it.
 */
bool hvhost_ring_read_commit(struct hvhost_ring *r)
{
	u32 start = r->start_index;

	if (r->priv_index == start)
		return false;
	/* All reads of packet data before the guest may reuse the space. */
	virt_mb();
	WRITE_ONCE(r->hdr->read_index, r->priv_index);
	r->start_index = r->priv_index;
	/* read_index before pending_send_sz, as the guest writer expects. */
	virt_mb();
	return ring_in_space_crossed(r, start);
}
EXPORT_SYMBOL_GPL(hvhost_ring_read_commit);

/**
 * hvhost_ring_in_disable_interrupts() - the host is draining the ring
 * @r: an in ring.
 *
 * Sets interrupt_mask: the guest does not signal new packets until
 * hvhost_ring_in_enable_interrupts().
 *
 * Context: the caller serialises readers of @r.
 */
void hvhost_ring_in_disable_interrupts(struct hvhost_ring *r)
{
	WRITE_ONCE(r->hdr->interrupt_mask, 1);
	/* The mask is visible before the host reads write_index again. */
	virt_mb();
}
EXPORT_SYMBOL_GPL(hvhost_ring_in_disable_interrupts);

/**
 * hvhost_ring_in_enable_interrupts() - the host stops draining
 * @r: an in ring.
 *
 * Clears interrupt_mask and then looks at the write index again: a packet
 * published before the guest saw the cleared mask brings no signal.
 *
 * Context: the caller serialises readers of @r.
 * Return: true if data is waiting (the caller must poll again).  An insane
 * write index returns false so that a hostile guest cannot make the caller
 * spin; the next signal from the guest tries again.
 */
bool hvhost_ring_in_enable_interrupts(struct hvhost_ring *r)
{
	u32 windex;

	WRITE_ONCE(r->hdr->interrupt_mask, 0);
	/* The mask store before the write_index load. */
	virt_mb();
	windex = READ_ONCE(r->hdr->write_index);
	return ring_index_ok(r, windex) && windex != r->priv_index;
}
EXPORT_SYMBOL_GPL(hvhost_ring_in_enable_interrupts);

/*
 * A sane read index of an out ring also lies outside the window the host
 * has written but not yet published: (start_index, priv_index].
 */
static bool ring_out_rindex_ok(const struct hvhost_ring *r, u32 rindex)
{
	u32 ahead;

	if (!ring_index_ok(r, rindex))
		return false;
	ahead = ring_dist(r, r->start_index, rindex);
	return !ahead || ahead > ring_dist(r, r->start_index, r->priv_index);
}

/**
 * hvhost_ring_out_avail() - room for the next packet
 * @r: an out ring.
 *
 * Context: the caller serialises writers of @r.
 * Return: the largest packet length (descriptor, payload and padding;
 * trailer excluded) that hvhost_ring_write() accepts now; 0 if none, or if
 * the guest's read index is insane.
 */
u32 hvhost_ring_out_avail(const struct hvhost_ring *r)
{
	u32 rindex, free;

	/* Acquire: the guest's reads of the space precede our writes. */
	rindex = virt_load_acquire(&r->hdr->read_index);
	if (!ring_out_rindex_ok(r, rindex))
		return 0;
	free = r->size - ring_dist(r, rindex, r->priv_index);
	/* The writer needs free > packet + trailer; all are multiples of 8. */
	return free > 2 * RING_TRAILER ? free - 2 * RING_TRAILER : 0;
}
EXPORT_SYMBOL_GPL(hvhost_ring_out_avail);

/* Sum of the iovec lengths, or 0 if it exceeds the largest packet. */
static u32 ring_iov_len(const struct kvec *iov, unsigned int niov)
{
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < niov; i++) {
		if (iov[i].iov_len > HVHOST_RING_MAX_PKT_BYTES - len)
			return 0;
		len += iov[i].iov_len;
	}
	return len;
}

/**
 * hvhost_ring_write() - append one packet to the guest's inbound ring
 * @r: an out ring.
 * @iov: the packet: a struct vmbus_pkt_desc built by the caller (len8
 *	covering the padded length) and its payload.
 * @niov: entries in @iov.
 *
 * Pads the packet with zeroes to a multiple of 8 and appends the trailer
 * ((u64)start << 32, start being where the packet begins, as Linux writes
 * it).  The packet is not visible to the guest before
 * hvhost_ring_write_commit().
 *
 * Context: the caller serialises writers of @r.
 * Return: 0; -EAGAIN if there is no room now; -EINVAL if the packet is
 * shorter than a descriptor or could never fit in this ring.
 */
int hvhost_ring_write(struct hvhost_ring *r, const struct kvec *iov,
		      unsigned int niov)
{
	static const u8 zeroes[8];
	u32 len, padded, off;
	u64 trailer;
	unsigned int i;

	len = ring_iov_len(iov, niov);
	if (len < RING_DESC)
		return -EINVAL;
	padded = ALIGN(len, 8);
	if (padded + 2 * RING_TRAILER > r->size)
		return -EINVAL;
	if (hvhost_ring_out_avail(r) < padded)
		return -EAGAIN;

	trailer = (u64)r->priv_index << 32;
	off = r->priv_index;
	for (i = 0; i < niov; i++)
		off = ring_copy_to(r, off, iov[i].iov_base, iov[i].iov_len);
	off = ring_copy_to(r, off, zeroes, padded - len);
	r->priv_index = ring_copy_to(r, off, &trailer, sizeof(trailer));
	return 0;
}
EXPORT_SYMBOL_GPL(hvhost_ring_write);

/**
 * hvhost_ring_write_commit() - publish the packets written in this batch
 * @r: an out ring.
 *
 * Mirrors Linux's hv_signal_on_write(): signal only when the guest has not
 * masked interrupts and the ring was empty when the batch began.
 *
 * Context: the caller serialises writers of @r.
 * Return: true if the guest must be signalled.
 */
bool hvhost_ring_write_commit(struct hvhost_ring *r)
{
	u32 start = r->start_index;

	if (r->priv_index == start)
		return false;
	/* Packet data before the index that publishes it. */
	virt_mb();
	WRITE_ONCE(r->hdr->write_index, r->priv_index);
	r->start_index = r->priv_index;
	/* write_index before interrupt_mask. */
	virt_mb();
	if (READ_ONCE(r->hdr->interrupt_mask))
		return false;
	/* interrupt_mask before read_index. */
	virt_rmb();
	return READ_ONCE(r->hdr->read_index) == start;
}
EXPORT_SYMBOL_GPL(hvhost_ring_write_commit);

/**
 * hvhost_ring_out_space_found() - stop asking the guest for space
 * @r: an out ring.
 *
 * A writer that waited with hvhost_ring_out_wait_space() and then found
 * the space (after the guest's signal) clears pending_send_sz, or the guest
 * would keep signalling every time its free space crosses the old value.
 *
 * Context: the caller serialises writers of @r.
 */
void hvhost_ring_out_space_found(struct hvhost_ring *r)
{
	WRITE_ONCE(r->hdr->pending_send_sz, 0);
}

/**
 * hvhost_ring_out_wait_space() - ask the guest to signal when space frees
 * @r: an out ring.
 * @bytes: the packet length the host wants to write (as for
 *	hvhost_ring_out_avail()); clamped to the largest the ring holds.
 *
 * Sets pending_send_sz; the guest reader signals once its free space
 * exceeds it, that is once a packet of @bytes fits.  Then checks the space
 * again, since the guest may have freed it before it saw pending_send_sz.
 *
 * Context: the caller serialises writers of @r.
 * Return: true if the space is there already (pending_send_sz is cleared
 * again); false if the caller must wait for the guest's signal.
 */
bool hvhost_ring_out_wait_space(struct hvhost_ring *r, u32 bytes)
{
	u32 padded = ALIGN(min(bytes, r->size - 2 * RING_TRAILER), 8);

	WRITE_ONCE(r->hdr->pending_send_sz, padded + RING_TRAILER);
	/* pending_send_sz before read_index. */
	virt_mb();
	if (hvhost_ring_out_avail(r) < padded)
		return false;
	WRITE_ONCE(r->hdr->pending_send_sz, 0);
	return true;
}
EXPORT_SYMBOL_GPL(hvhost_ring_out_wait_space);
