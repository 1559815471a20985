/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Eventfds of the KVM transport: the per-(vCPU, SINT) irqfd and resample
 * fd, and the per-connection-id signal fds of guest kicks.
 */
#ifndef _HVHOST_KVM_EVENTFD_H
#define _HVHOST_KVM_EVENTFD_H

#include <linux/poll.h>
#include <linux/types.h>
#include <linux/wait.h>

struct eventfd_ctx;
struct hvhost_kpart;
struct hvhost_signal_fd;
struct hvhost_sint_fds;

/**
 * struct hvhost_evwait - hvhost waiting on an eventfd's wait queue
 * @wait: on the eventfd's wait queue; its callback runs in the waker's
 *	context (a KVM vCPU thread, or any context the VMM arranged) with
 *	the eventfd's wait-queue lock held.
 * @pt: used once, to find the wait queue.
 * @ctx: the eventfd (a reference).
 * @kp: the partition.
 * @conn_id: for signal fds, the connection id kicked.
 *
 * Lifetime: attached and detached under the partition's lock; detaching
 * takes the wait-queue lock, so no callback runs after it returns.
 */
struct hvhost_evwait {
	wait_queue_entry_t wait;
	poll_table pt;
	struct eventfd_ctx *ctx;
	struct hvhost_kpart *kp;
	u32 conn_id;
};

int hvhost_kpart_set_sint_fds(struct hvhost_kpart *kp,
			      const struct hvhost_sint_fds *f);
int hvhost_kpart_set_signal_fd(struct hvhost_kpart *kp,
			       const struct hvhost_signal_fd *f);
void hvhost_eventfd_release_all(struct hvhost_kpart *kp);
void hvhost_eventfd_eom_work(struct work_struct *work);

#endif /* _HVHOST_KVM_EVENTFD_H */
