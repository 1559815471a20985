/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Receive buffer slots, host side.
 *
 * The host writes each frame (or control reply) for the guest into one
 * sub-allocation ("slot") of the guest's receive buffer and sends a
 * transfer-page packet naming it.  The slot stays the guest's until it
 * completes that packet by transaction id.  The transaction id is the
 * host's own: it encodes the slot and a per-slot generation, so a stale,
 * duplicate or invented completion is recognised and ignored, never used
 * as an index or a pointer.
 */
#ifndef _HVHOST_NETVSP_RXBUF_H
#define _HVHOST_NETVSP_RXBUF_H

#include <linux/types.h>

/**
 * struct hvnet_rxbuf - slot accounting of one receive buffer
 * @count: number of slots, 1..HVNET_RXBUF_MAX_SLOTS.
 * @used: slots the guest holds.
 * @next: where the next search for a free slot starts.
 * @busy: bitmap of held slots.
 * @run: for the first slot of a held run, its length; 0 for any other.
 * @gen: per-slot generation, bumped on every hand-out.
 * @bad_completions: completions refused (unknown, stale or duplicate).
 *
 * Locking: the channel glue serialises calls (one receive path per
 * channel).
 */
struct hvnet_rxbuf {
	u32 count;
	u32 used;
	u32 next;
	unsigned long *busy;
	u8 *run;
	u32 *gen;
	u64 bad_completions;
};

/* 32 MiB of 1728-byte slots, rounded up. */
#define HVNET_RXBUF_MAX_SLOTS	20000
/* Longest run of slots under one transaction id (a coalesced frame). */
#define HVNET_RXBUF_MAX_RUN	64

int hvnet_rxbuf_init(struct hvnet_rxbuf *rb, u32 count);
void hvnet_rxbuf_destroy(struct hvnet_rxbuf *rb);
int hvnet_rxbuf_get(struct hvnet_rxbuf *rb, u32 *slot, u64 *tid);
int hvnet_rxbuf_get_run(struct hvnet_rxbuf *rb, u32 n, u32 *slot, u64 *tid);
int hvnet_rxbuf_complete(struct hvnet_rxbuf *rb, u64 tid);

#endif /* _HVHOST_NETVSP_RXBUF_H */
