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
	if (!rb->gen) {
		bitmap_free(rb->busy);
		rb->busy = NULL;
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
	memset(rb, 0, sizeof(*rb));
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
	unsigned long i;

	if (rb->used >= rb->count)
		return -ENOSPC;
	i = find_next_zero_bit(rb->busy, rb->count, rb->next);
	if (i >= rb->count)
		i = find_first_zero_bit(rb->busy, rb->count);
	if (WARN_ON_ONCE(i >= rb->count))
		return -ENOSPC;
	__set_bit(i, rb->busy);
	rb->used++;
	rb->next = i + 1 < rb->count ? i + 1 : 0;
	*slot = i;
	*tid = rxbuf_tid(++rb->gen[i], i);
	return 0;
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

	if (slot >= rb->count || !test_bit(slot, rb->busy) ||
	    rxbuf_tid(rb->gen[slot], slot) != tid) {
		rb->bad_completions++;
		pr_debug_ratelimited("hvhost_net: receive completion %#llx refused\n",
				     tid);
		return -EINVAL;
	}
	__clear_bit(slot, rb->busy);
	rb->used--;
	return 0;
}
