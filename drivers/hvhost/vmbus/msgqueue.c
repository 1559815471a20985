// SPDX-License-Identifier: GPL-2.0-only
/*
 * The outgoing message queue of a VMBus connection.
 */
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../partition.h"
#include "msgqueue.h"
#include "proto.h"

/**
 * struct hvhost_msgq_entry - one queued message
 * @node: in hvhost_msgq.list.
 * @vp: target virtual processor; the SINT is always VMBUS_MESSAGE_SINT.
 * @msg: the SynIC message, zero-filled beyond the payload.
 */
struct hvhost_msgq_entry {
	struct list_head node;
	u32 vp;
	struct hv_message msg;
};

void hvhost_msgq_init(struct hvhost_msgq *q, u32 max)
{
	mutex_init(&q->lock);
	INIT_LIST_HEAD(&q->list);
	q->len = 0;
	q->max = max;
	q->sent = 0;
	q->dropped = 0;
}

static void hvhost_msgq_pop(struct hvhost_msgq *q, struct hvhost_msgq_entry *e)
{
	lockdep_assert_held(&q->lock);
	list_del(&e->node);
	q->len--;
	kfree(e);
}

/* Drop every queued message (guest reset, unload, destroy). */
void hvhost_msgq_purge(struct hvhost_msgq *q)
{
	struct hvhost_msgq_entry *e, *tmp;

	mutex_lock(&q->lock);
	list_for_each_entry_safe(e, tmp, &q->list, node)
		hvhost_msgq_pop(q, e);
	mutex_unlock(&q->lock);
}

u32 hvhost_msgq_len(struct hvhost_msgq *q)
{
	u32 len;

	mutex_lock(&q->lock);
	len = q->len;
	mutex_unlock(&q->lock);
	return len;
}

bool hvhost_msgq_full(struct hvhost_msgq *q)
{
	return hvhost_msgq_len(q) >= q->max;
}

/*
 * Hand queued messages to the transport, oldest first, until the queue is
 * empty or the guest's slot is busy.  A transport that cannot take
 * messages at all (SynIC off) loses them: the guest cannot see them anyway.
 */
static void __hvhost_msgq_flush(struct hvhost_msgq *q,
				struct hvhost_partition *p)
{
	struct hvhost_msgq_entry *e;
	int ret;

	lockdep_assert_held(&q->lock);
	while ((e = list_first_entry_or_null(&q->list,
					     struct hvhost_msgq_entry, node))) {
		ret = p->ops->post_msg(p, e->vp, VMBUS_MESSAGE_SINT, &e->msg);
		if (ret == -EAGAIN)
			return;
		if (ret) {
			pr_debug_ratelimited("hvhost: message to vp %u lost: %d\n",
					     e->vp, ret);
			q->dropped++;
		} else {
			q->sent++;
		}
		hvhost_msgq_pop(q, e);
	}
}

void hvhost_msgq_flush(struct hvhost_msgq *q, struct hvhost_partition *p)
{
	mutex_lock(&q->lock);
	__hvhost_msgq_flush(q, p);
	mutex_unlock(&q->lock);
}

/**
 * hvhost_msgq_send() - queue a channel message and try to deliver it
 * @q: the queue.
 * @p: the partition whose transport delivers.
 * @vp: target virtual processor.
 * @msg: the VMBus channel message.
 * @size: its size, at most HV_MESSAGE_PAYLOAD_BYTES.
 *
 * The message is copied into a zeroed SynIC message, so no padding or
 * stale bytes reach the guest.
 *
 * Context: process context; may sleep.
 */
void hvhost_msgq_send(struct hvhost_msgq *q, struct hvhost_partition *p,
		      u32 vp, const void *msg, u32 size)
{
	struct hvhost_msgq_entry *e;

	if (WARN_ON_ONCE(size > HV_MESSAGE_PAYLOAD_BYTES))
		return;

	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	mutex_lock(&q->lock);
	if (!e) {
		q->dropped++;
		mutex_unlock(&q->lock);
		pr_warn_ratelimited("hvhost: out of memory, message lost\n");
		return;
	}
	e->vp = vp;
	e->msg.header.message_type = HV_MESSAGE_TYPE_VMBUS;
	e->msg.header.payload_size = size;
	memcpy(e->msg.payload, msg, size);
	list_add_tail(&e->node, &q->list);
	q->len++;
	__hvhost_msgq_flush(q, p);
	mutex_unlock(&q->lock);
}
