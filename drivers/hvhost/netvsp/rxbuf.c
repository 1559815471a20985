// SPDX-License-Identifier: GPL-2.0-only
/*
 * Receive buffer slots, host side: hand-out and guest completion by
 * transaction id.  See rxbuf.h.
 */
#include <linux/bitmap.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "rxbuf.h"

/* Transaction id: generation in the high half, slot in the low half. */
static u64 rxbuf_tid(u32 gen, u32 slot)
{
	return (u64)gen << 32 | slot;
}

/**
 * hvnet_rxbuf_init() - set up slot accounting once the buffer is mapped
 * @rb: the accounting to set up.
 * @count: slots in the buffer (hvnet_nvsp's recv.count).
 *
 * Return: 0, -EINVAL for a count of 0 or over HVNET_RXBUF_MAX_SLOTS, or
 * -ENOMEM.
 */
int hvnet_rxbuf_init(struct hvnet_rxbuf *rb, u32 count)
{
	memset(rb, 0, sizeof(*rb));
	if (!count || count > HVNET_RXBUF_MAX_SLOTS)
		return -EINVAL;
	rb->busy = bitmap_zalloc(count, GFP_KERNEL);
	if (!rb->busy)
		return -ENOMEM;
	rb->gen = kcalloc(count, sizeof(*rb->gen), GFP_KERNEL);
	rb->run = kcalloc(count, sizeof(*rb->run), GFP_KERNEL);
	if (!rb->gen || !rb->run) {
		bitmap_free(rb->busy);
		kfree(rb->gen);
		kfree(rb->run);
		memset(rb, 0, sizeof(*rb));
		return -ENOMEM;
	}
	rb->count = count;
	return 0;
}

/**
 * hvnet_rxbuf_destroy() - free the accounting
 * @rb: the accounting; the buffer is being revoked or the channel closed,
 *	so slots the guest still holds no longer matter.
 */
void hvnet_rxbuf_destroy(struct hvnet_rxbuf *rb)
{
	bitmap_free(rb->busy);
	kfree(rb->gen);
	kfree(rb->run);
	memset(rb, 0, sizeof(*rb));
}

/**
 * hvnet_rxbuf_get_run() - take @n adjacent free slots under one id
 * @rb: the accounting.
 * @n: slots, 1..HVNET_RXBUF_MAX_RUN (the fragments of a coalesced frame
 *	travel in one transfer-page packet and come back in one completion).
 * @slot: set to the first slot; the run is @slot..@slot + @n - 1.
 * @tid: set to the transaction id to send with the packet.
 *
 * Return: 0, -EINVAL for a bad @n, or -ENOSPC when no run of @n slots is
 * free (the caller waits for completions).
 */
int hvnet_rxbuf_get_run(struct hvnet_rxbuf *rb, u32 n, u32 *slot, u64 *tid)
{
	unsigned long i;

	if (!n || n > HVNET_RXBUF_MAX_RUN)
		return -EINVAL;
	if (n > rb->count - rb->used)
		return -ENOSPC;
	i = bitmap_find_next_zero_area(rb->busy, rb->count, rb->next, n, 0);
	if (i >= rb->count)
		i = bitmap_find_next_zero_area(rb->busy, rb->count, 0, n, 0);
	if (i >= rb->count)
		return -ENOSPC;
	bitmap_set(rb->busy, i, n);
	rb->run[i] = n;
	rb->used += n;
	rb->next = i + n < rb->count ? i + n : 0;
	*slot = i;
	*tid = rxbuf_tid(++rb->gen[i], i);
	return 0;
}

/**
 * hvnet_rxbuf_get() - take a free slot for a packet to the guest
 * @rb: the accounting.
 * @slot: set to the slot index, below @rb->count.
 * @tid: set to the transaction id to send with the packet.
 *
 * Return: 0, or -ENOSPC when the guest holds every slot (the caller drops
 * or waits; a guest that never completes only stalls its own receive).
 */
int hvnet_rxbuf_get(struct hvnet_rxbuf *rb, u32 *slot, u64 *tid)
{
	return hvnet_rxbuf_get_run(rb, 1, slot, tid);
}

/**
 * hvnet_rxbuf_complete() - the guest completed a transfer-page packet
 * @rb: the accounting.
 * @tid: the transaction id of the guest's completion.
 *
 * Return: 0 when @tid names a slot the guest holds under its current
 * generation (the slot is free again), or -EINVAL for anything else,
 * which changes nothing and is counted.
 */
int hvnet_rxbuf_complete(struct hvnet_rxbuf *rb, u64 tid)
{
	u32 slot = lower_32_bits(tid);

	/* Only the first slot of a held run names it, under its generation. */
	if (slot >= rb->count || !test_bit(slot, rb->busy) || !rb->run[slot] ||
	    rxbuf_tid(rb->gen[slot], slot) != tid) {
		rb->bad_completions++;
		pr_debug_ratelimited("hvhost_net: receive completion %#llx refused\n",
				     tid);
		return -EINVAL;
	}
	bitmap_clear(rb->busy, slot, rb->run[slot]);
	rb->used -= rb->run[slot];
	rb->run[slot] = 0;
	return 0;
}
