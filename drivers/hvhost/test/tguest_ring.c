// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test guest's ring buffers: what a Linux guest does on its side.
 */
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/uio.h>

#include "tguest_ring.h"
#include "tpart.h"
#include "vmbus/proto.h"

/**
 * tguest_ring_init() - set up a ring in guest memory, as hv_ringbuffer_init()
 * @r: the ring view to fill
 * @tp: the partition
 * @gpa: page-aligned address of the ring's header page
 * @bytes: header page plus data area, a multiple of the page size
 *
 * Zeroes the header and sets the pending-send-size feature bit.
 *
 * Return: 0 or -EINVAL.
 */
int tguest_ring_init(struct tguest_ring *r, struct tpart *tp, u64 gpa,
		     u32 bytes)
{
	memset(r, 0, sizeof(*r));
	if (bytes <= VMBUS_RING_HDR_SIZE || bytes % HV_PAGE_SIZE)
		return -EINVAL;
	r->hdr = tpart_ptr(tp, gpa, VMBUS_RING_HDR_SIZE);
	if (!r->hdr || tpart_zero(tp, gpa, bytes))
		return -EINVAL;
	r->tp = tp;
	r->data_gpa = gpa + VMBUS_RING_HDR_SIZE;
	r->size = bytes - VMBUS_RING_HDR_SIZE;
	WRITE_ONCE(r->hdr->feature_bits, VMBUS_RING_FEAT_PENDING_SEND_SZ);
	return 0;
}

static u32 tguest_ring_gap(u32 from, u32 to, u32 size)
{
	return to >= from ? to - from : size - from + to;
}

/* Copy @len bytes into the data area at @pos with wraparound; new position. */
static u32 tguest_ring_copy_to(struct tguest_ring *r, u32 pos,
			       const void *buf, u32 len)
{
	u32 first = min(len, r->size - pos);

	tpart_write(r->tp, r->data_gpa + pos, buf, first);
	tpart_write(r->tp, r->data_gpa, buf + first, len - first);
	pos += len;
	if (pos >= r->size)
		pos -= r->size;
	return pos;
}

static void tguest_ring_copy_from(struct tguest_ring *r, u32 pos, void *buf,
				  u32 len)
{
	u32 first = min(len, r->size - pos);

	tpart_read(r->tp, r->data_gpa + pos, buf, first);
	tpart_read(r->tp, r->data_gpa, buf + first, len - first);
}

/**
 * tguest_ring_write() - write one packet, as hv_ringbuffer_write()
 * @r: the guest's outbound ring
 * @iov: the packet, descriptor first, padded to 8 bytes by the caller
 * @niov: entries in @iov
 * @signal: set to whether the host must be signalled (the ring went from
 *	empty to non-empty while interrupt_mask was clear)
 *
 * Appends the 8-byte trailer (the old write index in the upper half).
 *
 * Return: 0, -EAGAIN if the packet does not fit (a ring exactly full
 * counts as no space), -EIO if the host corrupted an index.
 */
int tguest_ring_write(struct tguest_ring *r, const struct kvec *iov,
		      unsigned int niov, bool *signal)
{
	u32 total = VMBUS_PKT_TRAILER_SIZE;
	u32 read, old_write, pos, avail;
	u64 prev_indices;
	unsigned int i;

	*signal = false;
	for (i = 0; i < niov; i++)
		total += iov[i].iov_len;

	read = READ_ONCE(r->hdr->read_index);
	old_write = READ_ONCE(r->hdr->write_index);
	if (read >= r->size || old_write >= r->size) {
		r->bad_index++;
		return -EIO;
	}

	avail = r->size - tguest_ring_gap(read, old_write, r->size);
	if (avail <= total) {
		r->out_full++;
		return -EAGAIN;
	}

	pos = old_write;
	for (i = 0; i < niov; i++)
		pos = tguest_ring_copy_to(r, pos, iov[i].iov_base,
					  iov[i].iov_len);
	prev_indices = (u64)old_write << 32;
	pos = tguest_ring_copy_to(r, pos, &prev_indices, sizeof(prev_indices));

	/* Packet data before the index that publishes it. */
	virt_mb();
	WRITE_ONCE(r->hdr->write_index, pos);

	/* hv_signal_on_write(): write_index before interrupt_mask. */
	virt_mb();
	if (READ_ONCE(r->hdr->interrupt_mask))
		return 0;
	/* interrupt_mask before read_index. */
	virt_rmb();
	if (old_write == READ_ONCE(r->hdr->read_index)) {
		r->intr_out_empty++;
		*signal = true;
	}
	return 0;
}

/**
 * tguest_ring_bytes_to_read() - published bytes not yet consumed
 * @r: the ring
 *
 * Return: write_index - read_index modulo the ring size.
 */
u32 tguest_ring_bytes_to_read(const struct tguest_ring *r)
{
	return tguest_ring_gap(READ_ONCE(r->hdr->read_index),
			       READ_ONCE(r->hdr->write_index), r->size);
}

/**
 * tguest_ring_bytes_to_write() - free bytes as the writer computes them
 * @r: the ring
 *
 * Return: the ring size minus the bytes to read.
 */
u32 tguest_ring_bytes_to_write(const struct tguest_ring *r)
{
	return r->size - tguest_ring_bytes_to_read(r);
}

/**
 * tguest_ring_peek() - copy out the next packet, as hv_pkt_iter_first()
 * @r: the guest's inbound ring
 * @buf: destination, at least a packet descriptor long
 * @buflen: size of @buf
 * @len: set to the packet length copied (without trailer)
 *
 * Like Linux, a length or offset the host got wrong is clamped to what is
 * available rather than trusted, and the copy's descriptor is rewritten to
 * agree with what was copied.
 *
 * Return: 0, -ENODATA if no whole descriptor is available, -EIO if the
 * host corrupted write_index.
 */
int tguest_ring_peek(struct tguest_ring *r, void *buf, u32 buflen, u32 *len)
{
	struct vmbus_pkt_desc desc, *copy = buf;
	u32 write, avail, pkt_len, pkt_off;

	write = READ_ONCE(r->hdr->write_index);
	/* The index before the packet data it publishes. */
	virt_rmb();
	if (write >= r->size || r->priv_read_index >= r->size) {
		r->bad_index++;
		return -EIO;
	}
	avail = tguest_ring_gap(r->priv_read_index, write, r->size);
	if (avail < sizeof(desc) || buflen < sizeof(desc))
		return -ENODATA;
	avail = min(avail, round_down(buflen, 8));

	tguest_ring_copy_from(r, r->priv_read_index, &desc, sizeof(desc));
	pkt_len = (u32)desc.len8 << 3;
	pkt_off = (u32)desc.offset8 << 3;
	if (pkt_len < sizeof(desc) || pkt_len > avail)
		pkt_len = avail;
	if (pkt_off < sizeof(desc) || pkt_off > pkt_len)
		pkt_off = sizeof(desc);

	tguest_ring_copy_from(r, r->priv_read_index, buf, pkt_len);
	copy->len8 = pkt_len >> 3;
	copy->offset8 = pkt_off >> 3;
	*len = pkt_len;
	return 0;
}

/**
 * tguest_ring_next() - step past the packet tguest_ring_peek() returned
 * @r: the ring
 * @len: the length tguest_ring_peek() reported
 */
void tguest_ring_next(struct tguest_ring *r, u32 len)
{
	r->priv_read_index += len + VMBUS_PKT_TRAILER_SIZE;
	if (r->priv_read_index >= r->size)
		r->priv_read_index -= r->size;
}

/**
 * tguest_ring_read_close() - publish the read position, as hv_pkt_iter_close()
 * @r: the guest's inbound ring
 *
 * Return: true if the host must be signalled: it set pending_send_sz and
 * this batch moved the free space from at most pending_send_sz to more.
 */
bool tguest_ring_read_close(struct tguest_ring *r)
{
	u32 start, pending, free, bytes_read;

	/* All packet reads before the host may reuse the space. */
	virt_rmb();
	start = r->start_read_index;
	WRITE_ONCE(r->hdr->read_index, r->priv_read_index);
	r->start_read_index = r->priv_read_index;

	if (!(READ_ONCE(r->hdr->feature_bits) & VMBUS_RING_FEAT_PENDING_SEND_SZ))
		return false;
	/* read_index before pending_send_sz. */
	virt_mb();
	pending = READ_ONCE(r->hdr->pending_send_sz);
	if (!pending)
		return false;
	/* pending_send_sz before write_index. */
	virt_rmb();
	free = tguest_ring_bytes_to_write(r);
	bytes_read = tguest_ring_gap(start, r->priv_read_index, r->size);
	if (free - bytes_read > pending || free <= pending)
		return false;
	r->intr_in_full++;
	return true;
}

/**
 * tguest_ring_begin_read() - mask host interrupts, as hv_begin_read()
 * @r: the guest's inbound ring
 */
void tguest_ring_begin_read(struct tguest_ring *r)
{
	WRITE_ONCE(r->hdr->interrupt_mask, 1);
	/* The mask before any later index load. */
	virt_mb();
}

/**
 * tguest_ring_end_read() - unmask host interrupts, as hv_end_read()
 * @r: the guest's inbound ring
 *
 * Return: bytes that arrived meanwhile; non-zero means read again.
 */
u32 tguest_ring_end_read(struct tguest_ring *r)
{
	WRITE_ONCE(r->hdr->interrupt_mask, 0);
	/* The mask before the write_index load. */
	virt_mb();
	return tguest_ring_bytes_to_read(r);
}

/**
 * tguest_ring_set_pending_send_sz() - ask to be signalled when space frees
 * @r: the guest's outbound ring
 * @bytes: free bytes wanted, 0 to cancel
 */
void tguest_ring_set_pending_send_sz(struct tguest_ring *r, u32 bytes)
{
	WRITE_ONCE(r->hdr->pending_send_sz, bytes);
	/* pending_send_sz before the caller looks at read_index again. */
	virt_mb();
}
