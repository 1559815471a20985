/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test guest's own ring buffer code: the guest side of a VMBus ring,
 * written after what Linux's drivers/hv/ring_buffer.c does (write with the
 * empty->non-empty signalling rule, the copy-out read iterator, and the
 * pending_send_sz rule on read completion), independently of the host's
 * vmbus/ring.c, so each checks the other.
 *
 * The ring lives in test partition memory; the header page is accessed
 * directly, the data area through the partition's copy helpers.
 *
 * Locking: none; tests drive a ring from one thread.
 */
#ifndef _HVHOST_TEST_TGUEST_RING_H
#define _HVHOST_TEST_TGUEST_RING_H

#include <linux/types.h>

struct kvec;
struct tpart;
struct vmbus_ring_hdr;

/**
 * struct tguest_ring - guest view of one ring
 * @tp: the partition whose memory holds the ring.
 * @hdr: the control header (shared with the host).
 * @data_gpa: guest physical address of the data area.
 * @size: data area bytes.
 * @priv_read_index: inbound ring: the read position not yet published.
 * @start_read_index: inbound ring: read_index when the batch began.
 * @intr_out_empty: writes that found the ring empty with interrupt_mask
 *	clear, i.e. that must signal the host.
 * @intr_in_full: read completions that freed the space the host asked for
 *	with pending_send_sz, i.e. that must signal the host.
 * @out_full: writes refused for lack of space.
 * @bad_index: operations refused because the host left an index out of
 *	range.
 */
struct tguest_ring {
	struct tpart *tp;
	struct vmbus_ring_hdr *hdr;
	u64 data_gpa;
	u32 size;
	u32 priv_read_index;
	u32 start_read_index;
	u64 intr_out_empty;
	u64 intr_in_full;
	u64 out_full;
	u64 bad_index;
};

int tguest_ring_init(struct tguest_ring *r, struct tpart *tp, u64 gpa,
		     u32 bytes);
int tguest_ring_write(struct tguest_ring *r, const struct kvec *iov,
		      unsigned int niov, bool *signal);
u32 tguest_ring_bytes_to_read(const struct tguest_ring *r);
u32 tguest_ring_bytes_to_write(const struct tguest_ring *r);
int tguest_ring_peek(struct tguest_ring *r, void *buf, u32 buflen, u32 *len);
void tguest_ring_next(struct tguest_ring *r, u32 len);
bool tguest_ring_read_close(struct tguest_ring *r);
void tguest_ring_begin_read(struct tguest_ring *r);
u32 tguest_ring_end_read(struct tguest_ring *r);
void tguest_ring_set_pending_send_sz(struct tguest_ring *r, u32 bytes);

#endif /* _HVHOST_TEST_TGUEST_RING_H */
