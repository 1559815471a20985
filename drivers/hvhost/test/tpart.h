/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A test partition: a struct hvhost_partition whose guest memory is an
 * array of kernel pages indexed by guest page number and whose SynIC is
 * simulated in kernel memory.  Only KUnit builds link it.
 *
 * The SynIC follows Hyper-V: one message slot per (VP, SINT).  A slot is
 * busy while its message_type is not HV_MESSAGE_TYPE_NONE; a post to a
 * busy slot is refused and marks the slot PENDING.  The guest consumes a
 * message by copying it out and clearing message_type; if the slot was
 * PENDING it then writes EOM, which here calls
 * hvhost_vmbus_msg_slot_free() so the host retries.  Event flags live in a
 * simulated SIEFP: 2048 bits per (VP, SINT).
 */
#ifndef _HVHOST_TEST_TPART_H
#define _HVHOST_TEST_TPART_H

#include <linux/bitops.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "partition.h"
#include "vmbus/proto.h"

struct kunit;
struct page;

/* Guest memory used by tests unless they ask for another size. */
#define TPART_DEFAULT_MEM_BYTES	(64ULL << 20)

/**
 * struct tpart_synic - the simulated SynIC of one virtual processor
 * @simp: the message slots, one per SINT.
 * @siefp: the event flags, HV_EVENT_FLAGS_COUNT bits per SINT.
 */
struct tpart_synic {
	struct hv_message simp[HV_SYNIC_SINT_COUNT];
	unsigned long siefp[HV_SYNIC_SINT_COUNT][BITS_TO_LONGS(HV_EVENT_FLAGS_COUNT)];
};

/**
 * struct tpart_stats - what the transport saw, for tests to assert
 * @posts: messages placed in a slot.
 * @busy: posts refused because the slot was busy.
 * @eoms: EOMs the guest wrote (slot had PENDING when consumed).
 * @signals: successful signal_event calls.
 * @bad_args: ops called with an out-of-range VP, SINT, flag or address.
 * @pins: pages pinned over the partition's life.
 * @pinned: pages pinned right now.
 */
struct tpart_stats {
	u64 posts;
	u64 busy;
	u64 eoms;
	u64 signals;
	u64 bad_args;
	u64 pins;
	u64 pinned;
};

/**
 * struct tpart - a test partition
 * @part: what the VMBus host sees; part.priv points back here.
 * @pages: guest memory, one zeroed page per guest page number.
 * @nr_pfns: entries in @pages.
 * @synic: @part.nr_vps simulated SynICs.
 * @lock: protects @synic message slots and @stats.  Never held while
 *	calling into the VMBus host.
 * @stats: counters.
 * @max_pinned: pin quota in pages; pin() fails with -ENOMEM beyond it.
 * @post_error: if non-zero, post_msg fails with it (fault injection).
 *
 * Lifetime: tpart_create() .. tpart_destroy(); the VMBus host, if
 * attached, is destroyed first.
 */
struct tpart {
	struct hvhost_partition part;
	struct page **pages;
	u64 nr_pfns;
	struct tpart_synic *synic;
	spinlock_t lock;	/* see above */
	struct tpart_stats stats;
	u64 max_pinned;
	int post_error;
};

struct tpart *tpart_create(u64 mem_bytes, u32 nr_vps);
int tpart_attach_vmbus(struct tpart *tp);
void tpart_destroy(struct tpart *tp);
struct tpart *tpart_create_kunit(struct kunit *test, u64 mem_bytes,
				 u32 nr_vps);

static inline struct tpart *to_tpart(struct hvhost_partition *p)
{
	return p->priv;
}

static inline struct hvhost_vmbus *tpart_vmbus(struct tpart *tp)
{
	return tp->part.vmbus;
}

static inline u64 tpart_mem_bytes(const struct tpart *tp)
{
	return tp->nr_pfns << HV_PAGE_SHIFT;
}

int tpart_read(struct tpart *tp, u64 gpa, void *buf, size_t len);
int tpart_write(struct tpart *tp, u64 gpa, const void *buf, size_t len);
int tpart_zero(struct tpart *tp, u64 gpa, size_t len);
void *tpart_ptr(struct tpart *tp, u64 gpa, size_t len);

bool tpart_msg_take(struct tpart *tp, u32 vp, u8 sint, struct hv_message *msg);
struct hv_message *tpart_msg_slot(struct tpart *tp, u32 vp, u8 sint);
void tpart_eom(struct tpart *tp);
int tpart_event_take(struct tpart *tp, u32 vp, u8 sint);
bool tpart_event_test(struct tpart *tp, u32 vp, u8 sint, u32 flag);
struct tpart_stats tpart_stats(struct tpart *tp);

#endif /* _HVHOST_TEST_TPART_H */
