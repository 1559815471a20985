/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMBus ring buffers, host side.
 *
 * A channel has two rings in one GPADL: the guest's outbound ring (the
 * guest writes, the host reads: the host's "in" ring) and the guest's
 * inbound ring (the host writes, the guest reads: the host's "out" ring).
 * Each is a 4 KiB struct vmbus_ring_hdr followed by the data area.
 *
 * The memory is shared with a hostile guest.  This code reads every
 * guest-written field once (READ_ONCE), validates it, and copies packets
 * out before anyone parses them.  It only needs a kernel virtual mapping of
 * the ring, so the same file runs on pinned guest pages, on kernel buffers
 * under KUnit, and in userspace fuzzers.
 *
 * Locking: a ring has one reader (in) or one writer (out) at a time; the
 * caller serialises.  The guest is the other side and is never trusted.
 */
#ifndef _HVHOST_VMBUS_RING_H
#define _HVHOST_VMBUS_RING_H

#include <linux/limits.h>
#include <linux/sizes.h>
#include <linux/types.h>

#include "proto.h"

struct kvec;

/**
 * struct hvhost_ring - host view of one ring
 * @hdr: the shared control header (guest writable).
 * @data: the shared data area, @size bytes.
 * @size: data area size in bytes, a multiple of 8.
 * @priv_index: the host's private index: for an in ring the read position
 *	not yet published, for an out ring the write position not yet
 *	published.
 * @start_index: for an out ring the published write index when the current
 *	batch began (for the empty->non-empty signalling rule); for an in
 *	ring the published read index when the batch began (for the
 *	pending_send_sz rule).
 * @resyncs: framing errors that made the host discard the rest of the ring.
 * @bad_windex: an in ring's insane write index already reported, so that
 *	it is reported once and then reads as an empty ring; 0 (a sane
 *	index) when there is none.
 */
struct hvhost_ring {
	struct vmbus_ring_hdr *hdr;
	u8 *data;
	u32 size;
	u32 priv_index;
	u32 start_index;
	u64 resyncs;
	u32 bad_windex;
};

/* Smallest ring the host accepts: the header page plus one data page. */
#define HVHOST_RING_MIN_BYTES	(2 * VMBUS_RING_HDR_SIZE)
/* Largest ring: keeps every index sum far below U32_MAX. */
#define HVHOST_RING_MAX_BYTES	SZ_1G
/* Largest packet (descriptor included, trailer excluded): len8 is a u16. */
#define HVHOST_RING_MAX_PKT_BYTES	(U16_MAX * 8U)

int hvhost_ring_init_in(struct hvhost_ring *r, void *base, size_t len);
int hvhost_ring_init_out(struct hvhost_ring *r, void *base, size_t len);

int hvhost_ring_read(struct hvhost_ring *r, void *buf, u32 buflen, u32 *pktlen);
bool hvhost_ring_read_commit(struct hvhost_ring *r);
bool hvhost_ring_in_enable_interrupts(struct hvhost_ring *r);
void hvhost_ring_in_disable_interrupts(struct hvhost_ring *r);

int hvhost_ring_write(struct hvhost_ring *r, const struct kvec *iov,
		      unsigned int niov);
bool hvhost_ring_write_commit(struct hvhost_ring *r);
u32 hvhost_ring_out_avail(const struct hvhost_ring *r);
bool hvhost_ring_out_wait_space(struct hvhost_ring *r, u32 bytes);
void hvhost_ring_out_space_found(struct hvhost_ring *r);

#endif /* _HVHOST_VMBUS_RING_H */
