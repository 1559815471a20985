/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A partition is one guest as hvhost sees it: a way to reach its memory,
 * a way to reach its SynIC, and the VMBus host that serves it.
 *
 * The transport behind the ops is the KVM/VMM attachment (/dev/hvhost) in
 * production and a software test guest under KUnit; nothing above this
 * header knows which.
 */
#ifndef _HVHOST_PARTITION_H
#define _HVHOST_PARTITION_H

#include <linux/bits.h>
#include <linux/types.h>

struct page;
struct hv_message;
struct hvhost_partition;
struct hvhost_vmbus;

/* Guest pages are always 4 KiB, whatever the host's PAGE_SIZE. */
#define HV_PAGE_SHIFT	12
#define HV_PAGE_SIZE	BIT(HV_PAGE_SHIFT)

/**
 * struct hvhost_transport_ops - how a partition reaches its guest
 * @read: copy @len bytes from guest physical address @gpa into @buf.
 *	Return 0, or -EFAULT if any byte lies outside guest memory.
 * @write: copy @len bytes from @buf to guest physical address @gpa.
 *	Return 0 or -EFAULT.
 * @check: return 0 if [@gpa, @gpa + @len) lies wholly inside guest memory,
 *	else -EFAULT.  Used to validate GPADL pages when they arrive.
 * @pin: pin the guest pages @pfns[0..@n) for a long-lived mapping and
 *	return them in @pages, all or nothing.  Return 0, -EFAULT for a page
 *	outside guest memory, -ENOMEM when over the pinning quota.
 * @unpin: release pages obtained by @pin.
 * @post_msg: put @msg into the message slot of (@vp, @sint).  Return 0,
 *	-EAGAIN when the slot is busy (the transport calls
 *	hvhost_vmbus_msg_slot_free() once the guest signals EOM), or another
 *	negative error if the SynIC cannot take messages at all.
 * @signal_event: set event flag @flag of (@vp, @sint) and raise the SINT.
 *	Return 0 or a negative error.  May be called from any context that
 *	may sleep; callers do not hold spinlocks.
 * @access_begin: optional; a worker is about to make many @read/@write
 *	calls (a pass over a channel): the transport may set up what makes
 *	them cheap (the VMM's mm).  Return true if @access_end must follow,
 *	from the same task.
 * @access_end: undo @access_begin.
 *
 * Context: all ops may sleep.
 */
struct hvhost_transport_ops {
	int (*read)(struct hvhost_partition *p, u64 gpa, void *buf, size_t len);
	int (*write)(struct hvhost_partition *p, u64 gpa, const void *buf,
		     size_t len);
	int (*check)(struct hvhost_partition *p, u64 gpa, u64 len);
	int (*pin)(struct hvhost_partition *p, const u64 *pfns, unsigned int n,
		   struct page **pages);
	void (*unpin)(struct hvhost_partition *p, struct page **pages,
		      unsigned int n);
	int (*post_msg)(struct hvhost_partition *p, u32 vp, u8 sint,
			const struct hv_message *msg);
	int (*signal_event)(struct hvhost_partition *p, u32 vp, u8 sint,
			    u32 flag);
	bool (*access_begin)(struct hvhost_partition *p);
	void (*access_end)(struct hvhost_partition *p);
};

/**
 * struct hvhost_partition - one guest
 * @ops: the transport; set before hvhost_vmbus_create() and never changed.
 * @nr_vps: number of virtual processors; VP indexes from the guest are
 *	checked against it.
 * @vmbus: the VMBus host serving this guest, owned by the partition.
 * @priv: the transport's own data.
 *
 * Lifetime: the transport allocates and frees the partition; it destroys
 * @vmbus (hvhost_vmbus_destroy()) before freeing the partition and stops
 * calling into the VMBus host before that.
 */
struct hvhost_partition {
	const struct hvhost_transport_ops *ops;
	u32 nr_vps;
	struct hvhost_vmbus *vmbus;
	void *priv;
};

#endif /* _HVHOST_PARTITION_H */
