/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The KVM transport: one partition attached through /dev/hvhost.
 *
 * A struct hvhost_kpart is the partition (struct hvhost_partition, which the
 * VMBus host sees) plus what the transport needs to reach a guest run by a
 * userspace VMM on KVM: the VMM's memory table (memtable.h, guestmem.c), each
 * vCPU's SynIC pages and SINT eventfds (synic.h) and the eventfds of guest
 * kicks (eventfd.h).
 *
 * The ioctl handlers below take kernel copies of the UAPI structs; dev.c is
 * only the copy_from_user layer on top of them, so KUnit drives them
 * directly.
 */
#ifndef _HVHOST_KVM_KPART_H
#define _HVHOST_KVM_KPART_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <uapi/linux/hvhost.h>

#include "partition.h"

struct dentry;
struct mm_struct;
struct page;
struct task_struct;
struct hvhost_kpart;
struct hvhost_memtable;
struct hvhost_synic_vp;

/* Defaults of the module parameters (dev.c) and their ceilings. */
#define HVHOST_DEF_MAX_VPS		1024
#define HVHOST_DEF_MAX_MEM_REGIONS	64
#define HVHOST_LIM_MAX_MEM_REGIONS	512
#define HVHOST_DEF_MAX_SIGNAL_FDS	2048

/**
 * struct hvhost_kpart_limits - per-partition caps
 * @max_vps: largest nr_vps.
 * @max_mem_regions: largest memory table.
 * @max_signal_fds: most bound signal eventfds.
 */
struct hvhost_kpart_limits {
	u32 max_vps;
	u32 max_mem_regions;
	u32 max_signal_fds;
};

/**
 * struct hvhost_kmem_ops - how guest memory behind a userspace address is
 *	reached.  Production uses the VMM's mm (mm.c); KUnit uses kernel pages.
 * @access: copy @len bytes between @buf and [@hva, @hva + @len); @write
 *	copies into guest memory.  Return 0 or -EFAULT.
 * @pin: pin the page at @hva (page aligned) for a long-lived mapping.
 *	Return 0 or a negative error.
 * @unpin: release a page from @pin.
 * @account: charge (@inc) or uncharge @npages pinned pages.  Return 0 or
 *	-ENOMEM when over the limit.
 * @access_begin: optional, see struct hvhost_transport_ops.
 * @access_end: undo @access_begin.
 *
 * Context: process context, may sleep; no hvhost locks held.
 */
struct hvhost_kmem_ops {
	int (*access)(struct hvhost_kpart *kp, u64 hva, void *buf, size_t len,
		      bool write);
	int (*pin)(struct hvhost_kpart *kp, u64 hva, struct page **page);
	void (*unpin)(struct hvhost_kpart *kp, struct page *page);
	int (*account)(struct hvhost_kpart *kp, unsigned long npages,
		       bool inc);
	bool (*access_begin)(struct hvhost_kpart *kp);
	void (*access_end)(struct hvhost_kpart *kp);
};

/**
 * struct hvhost_kpart_stats - counters, shown in debugfs
 * @posts: HVHOST_POST_MESSAGE calls that reached the VMBus host.
 * @posts_refused: HVHOST_POST_MESSAGE answered without the VMBus host
 *	(bad size or type).
 * @kicks: guest signals passed to the VMBus host (eventfd or relay).
 * @msgs: messages written into a SynIC message slot.
 * @msgs_busy: messages that found the slot busy (-EAGAIN).
 * @msgs_dropped: messages refused because the SynIC could not take them.
 * @events: event flags set in a SIEFP page.
 * @eoms: EOM/ack notifications from a resample eventfd.
 *
 * Updated with atomic64 ops from any context; read without locks.
 */
struct hvhost_kpart_stats {
	atomic64_t posts;
	atomic64_t posts_refused;
	atomic64_t kicks;
	atomic64_t msgs;
	atomic64_t msgs_busy;
	atomic64_t msgs_dropped;
	atomic64_t events;
	atomic64_t eoms;
};

/**
 * struct hvhost_kpart - one partition attached through /dev/hvhost
 * @part: what the VMBus host sees; @part.priv points back here.
 * @lock: serialises configuration (every handler below) and guards
 *	@configured, @vps, @nr_simp, @signal_fds and @nr_signal_fds against
 *	changes.  Never taken by the transport ops or eventfd callbacks.
 * @configured: HVHOST_SET_PARTITION succeeded; @part.vmbus and @vps are
 *	set and stay until hvhost_kpart_destroy().  Read locklessly with
 *	smp_load_acquire() by the relay handlers.
 * @mm: the VMM's mm (mmgrab()bed), reached by @mem_ops.
 * @lock_task: the opener's thread group leader (a task reference, NULL
 *	with @mm NULL): pins are charged against its RLIMIT_MEMLOCK, also
 *	when a kworker pins.
 * @lock_cap: the opener had CAP_IPC_LOCK at open (no limit applies).
 * @mem_ops: the guest memory backend.
 * @mem_priv: the backend's data (unused by mm.c).
 * @mem: the memory table, RCU protected, replaced whole under @lock.
 * @vps: @part.nr_vps SynIC states, each with its own spinlock.
 * @nr_simp: vCPUs whose message page is enabled and pinned.
 * @signal_fds: connection id -> struct hvhost_sigfd.
 * @nr_signal_fds: entries in @signal_fds.
 * @eom_work: runs hvhost_vmbus_msg_slot_free() after a guest EOM.
 * @raise_work: raises SINTs whose irqfd could not be signalled in place.
 * @devices: devices the VMM added (struct hvhost_kdev, kvm/devices.c),
 *	under @lock; their channels belong to the VMBus host.
 * @limits: caps, copied from the module parameters at creation.
 * @stats: counters.
 * @debugfs: this partition's debugfs directory, or an error pointer.
 *
 * Lifetime: created by open(), destroyed by release() (or a test) when no
 * ioctl can run any more.  Teardown mirrors setup: eventfd waits are
 * detached and @eom_work flushed before the VMBus host is destroyed, the
 * VMBus host (which may unpin GPADL pages) before @raise_work is flushed
 * and the SynIC pages go, and those before the memory backend and @mm.
 */
struct hvhost_kpart {
	struct hvhost_partition part;
	struct mutex lock;	/* configuration, see above */
	bool configured;
	struct mm_struct *mm;
	struct task_struct *lock_task;
	bool lock_cap;
	const struct hvhost_kmem_ops *mem_ops;
	void *mem_priv;
	struct hvhost_memtable __rcu *mem;
	struct hvhost_synic_vp *vps;
	u32 nr_simp;
	struct xarray signal_fds;
	u32 nr_signal_fds;
	struct work_struct eom_work;
	struct work_struct raise_work;
	struct list_head devices;
	struct hvhost_kpart_limits limits;
	struct hvhost_kpart_stats stats;
	struct dentry *debugfs;
};

static inline struct hvhost_kpart *hvhost_kpart(struct hvhost_partition *p)
{
	return p->priv;
}

struct hvhost_kpart *hvhost_kpart_create(const struct hvhost_kmem_ops *mops,
					 void *mem_priv,
					 const struct hvhost_kpart_limits *lim);
void hvhost_kpart_destroy(struct hvhost_kpart *kp);

void hvhost_kpart_get_info(const struct hvhost_kpart *kp,
			   struct hvhost_info *info);
int hvhost_kpart_set_partition(struct hvhost_kpart *kp,
			       const struct hvhost_partition_config *cfg);
int hvhost_kpart_reset(struct hvhost_kpart *kp);
int hvhost_kpart_post_message(struct hvhost_kpart *kp,
			      const struct hvhost_post_message *m);
int hvhost_kpart_signal_event(struct hvhost_kpart *kp,
			      const struct hvhost_signal_event *e);

#endif /* _HVHOST_KVM_KPART_H */
