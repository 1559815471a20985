/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's SynIC as the KVM transport sees it: per vCPU, the message
 * page (SIMP) and event flags page (SIEFP) the guest enabled, pinned and
 * mapped once, and per SINT the irqfd that raises the interrupt.
 *
 * Delivery works on a kernel mapping of the page, so the same code serves
 * pinned guest pages and KUnit's pages.
 */
#ifndef _HVHOST_KVM_SYNIC_H
#define _HVHOST_KVM_SYNIC_H

#include <linux/spinlock.h>
#include <linux/types.h>

#include "vmbus/proto.h"

struct eventfd_ctx;
struct hvhost_evwait;
struct hvhost_kpart;
struct hvhost_partition;
struct hvhost_synic;
struct page;
struct work_struct;

/**
 * struct hvhost_synic_page - a SynIC page the guest enabled
 * @page: the pinned guest page, or NULL when disabled.
 * @va: kernel mapping of the 4 KiB guest page.
 * @gpa: its guest physical address.
 */
struct hvhost_synic_page {
	struct page *page;
	void *va;
	u64 gpa;
};

/**
 * struct hvhost_synic_vp - one vCPU's SynIC
 * @lock: guards every field but @resample against delivery (which runs
 *	from the VMBus host, in any context, even from an eventfd wakeup).
 *	Taken with interrupts off; never held across sleeping calls.
 * @scontrol: raw SCONTROL as last reported by the VMM.
 * @simp: raw SIMP.
 * @siefp: raw SIEFP.
 * @masked: bit n set while SINTn is masked.
 * @deferred: bit n set when raising SINTn was deferred to the partition's
 *	raise_work (the raise came from inside an eventfd wakeup, where
 *	eventfd_signal() may not nest).
 * @msg: the message page.
 * @evt: the event flags page.
 * @irqfd: per SINT, the eventfd raising it (a reference), or NULL.
 *	Replaced under the partition's lock and @lock; signalled under RCU
 *	only, never under @lock.  A replaced one is put after a grace period.
 * @resample: per SINT, the wait on the resample eventfd, or NULL.  Changed
 *	only under the partition's lock; delivery does not read it.
 */
struct hvhost_synic_vp {
	spinlock_t lock;	/* delivery vs. updates, see above */
	u64 scontrol;
	u64 simp;
	u64 siefp;
	u16 masked;
	u16 deferred;
	struct hvhost_synic_page msg;
	struct hvhost_synic_page evt;
	struct eventfd_ctx __rcu *irqfd[HV_SYNIC_SINT_COUNT];
	struct hvhost_evwait *resample[HV_SYNIC_SINT_COUNT];
};

int hvhost_synic_write_msg(struct hv_message *slot,
			   const struct hv_message *msg);
bool hvhost_synic_set_flag(void *sint_flags, u32 flag);

int hvhost_synic_post_msg(struct hvhost_partition *p, u32 vp, u8 sint,
			  const struct hv_message *msg);
int hvhost_synic_signal_event(struct hvhost_partition *p, u32 vp, u8 sint,
			      u32 flag);

void hvhost_synic_init(struct hvhost_synic_vp *v);
void hvhost_synic_raise_work(struct work_struct *work);
int hvhost_kpart_set_synic(struct hvhost_kpart *kp,
			   const struct hvhost_synic *s);
void hvhost_synic_clear(struct hvhost_kpart *kp, struct hvhost_synic_vp *v);

#endif /* _HVHOST_KVM_SYNIC_H */
