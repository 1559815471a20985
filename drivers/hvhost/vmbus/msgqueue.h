/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The outgoing message queue of a VMBus connection.
 *
 * Every host-to-guest channel message goes through one FIFO so that the
 * guest sees them in the order the host produced them.  A message leaves
 * the queue when the transport accepted it into the guest's message slot;
 * when the slot is busy (-EAGAIN) the head stays queued until the guest's
 * EOM makes the transport call hvhost_msgq_flush() again.
 */
#ifndef _HVHOST_VMBUS_MSGQUEUE_H
#define _HVHOST_VMBUS_MSGQUEUE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct hvhost_partition;

/**
 * struct hvhost_msgq - bounded FIFO of SynIC messages
 * @lock: protects every field below.  Nests inside the connection lock;
 *	held across the transport's post_msg (which may sleep and must not
 *	call back into the queue).
 * @list: queued struct hvhost_msgq_entry, oldest first.
 * @len: entries on @list.
 * @max: soft cap; hvhost_msgq_full() reports it.  The host never drops a
 *	reply because of it: the cap throttles the guest's requests instead.
 * @sent: messages the transport accepted.
 * @dropped: messages lost to allocation failure or a dead SynIC.
 */
struct hvhost_msgq {
	struct mutex lock; /* see kernel-doc above */
	struct list_head list;
	u32 len;
	u32 max;
	u64 sent;
	u64 dropped;
};

void hvhost_msgq_init(struct hvhost_msgq *q, u32 max);
void hvhost_msgq_purge(struct hvhost_msgq *q);
bool hvhost_msgq_full(struct hvhost_msgq *q);
u32 hvhost_msgq_len(struct hvhost_msgq *q);
void hvhost_msgq_send(struct hvhost_msgq *q, struct hvhost_partition *p,
		      u32 vp, const void *msg, u32 size);
void hvhost_msgq_flush(struct hvhost_msgq *q, struct hvhost_partition *p);

#endif /* _HVHOST_VMBUS_MSGQUEUE_H */
