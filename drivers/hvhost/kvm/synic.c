// SPDX-License-Identifier: GPL-2.0-only
/*
 * SynIC message slots and event flags, host side of the KVM transport.
 *
 * The SIMP and SIEFP pages are guest memory the guest writes concurrently.
 * hvhost only ever writes a free message slot (message_type NONE) or sets
 * PENDING on a busy one, and sets event flag bits atomically; it reads
 * nothing else from these pages.
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/eventfd.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <uapi/linux/hvhost.h>

#include "kvm/guestmem.h"
#include "kvm/kpart.h"
#include "kvm/synic.h"

static_assert(HVHOST_SINT_COUNT == HV_SYNIC_SINT_COUNT);
static_assert(HVHOST_MESSAGE_PAYLOAD_BYTES == HV_MESSAGE_PAYLOAD_BYTES);

/**
 * hvhost_synic_write_msg() - put a message into a SynIC message slot
 * @slot: the slot, a kernel mapping of guest memory.
 * @msg: the message; its message_type must not be NONE.
 *
 * The Hyper-V protocol: if the slot is busy, set PENDING so the guest
 * writes EOM once it frees the slot, and fail.  PENDING is set before the
 * second look at message_type, and the guest clears message_type before it
 * reads PENDING, so either the guest sees PENDING or this sees the slot
 * free: a message is never stranded.  A free slot gets the payload and
 * header first and message_type last, so the guest never sees a type with
 * stale contents.
 *
 * Context: any; the caller serialises writers of this slot.
 * Return: 0, or -EAGAIN when the slot is busy.
 */
int hvhost_synic_write_msg(struct hv_message *slot,
			   const struct hv_message *msg)
{
	if (READ_ONCE(slot->header.message_type) != HV_MESSAGE_TYPE_NONE) {
		WRITE_ONCE(slot->header.message_flags,
			   HV_MESSAGE_FLAG_PENDING);
		smp_mb();	/* PENDING before the re-check; pairs with EOM */
		if (READ_ONCE(slot->header.message_type) !=
		    HV_MESSAGE_TYPE_NONE)
			return -EAGAIN;
	}
	memcpy(slot->payload, msg->payload, sizeof(slot->payload));
	WRITE_ONCE(slot->header.payload_size, msg->header.payload_size);
	WRITE_ONCE(slot->header.message_flags, 0);
	memset(slot->header.reserved, 0, sizeof(slot->header.reserved));
	WRITE_ONCE(slot->header.sender, msg->header.sender);
	smp_wmb();	/* contents before the type that publishes them */
	WRITE_ONCE(slot->header.message_type, msg->header.message_type);
	return 0;
}

/**
 * hvhost_synic_set_flag() - set an event flag of one SINT
 * @sint_flags: the SINT's 256-byte area of the SIEFP page (kernel mapping,
 *	8-byte aligned).
 * @flag: flag number, below HV_EVENT_FLAGS_COUNT.
 *
 * Context: any.
 * Return: true if the flag was clear (the SINT must be raised).
 */
bool hvhost_synic_set_flag(void *sint_flags, u32 flag)
{
	return !test_and_set_bit(flag, (unsigned long *)sint_flags);
}

/*
 * Whether @sint is to be raised.  The caller raises it with
 * hvhost_synic_fire() once it dropped @v->lock: eventfd_signal() takes the
 * irqfd's wait-queue lock, and a guest kick reaches us holding a signal
 * fd's, so @v->lock must never be held around eventfd_signal() (that would
 * deadlock on a VMM that passes one eventfd for both).  Inside an eventfd
 * wakeup (a kick whose VSP signalled back at once) eventfd_signal() must
 * not nest at all: the raise goes to the partition's raise_work.
 */
static bool hvhost_synic_raise(struct hvhost_kpart *kp,
			       struct hvhost_synic_vp *v, u8 sint)
{
	lockdep_assert_held(&v->lock);
	if (!rcu_access_pointer(v->irqfd[sint]) || (v->masked & BIT(sint)))
		return false;
	if (!eventfd_signal_allowed()) {
		v->deferred |= BIT(sint);
		schedule_work(&kp->raise_work);
		return false;
	}
	return true;
}

/*
 * Signal the irqfds of @sints; without @v->lock.  The caller holds an RCU
 * read lock from before it took @v->lock to decide on the raise until
 * this returns: teardown masks every SINT and then waits a grace period
 * before it puts the irqfds (hvhost_eventfd_release_all()), and that wait
 * covers a raise decided before the mask only if the decision was already
 * inside the read-side section.
 */
static void hvhost_synic_fire(struct hvhost_synic_vp *v, unsigned long sints)
{
	struct eventfd_ctx *irqfd;
	unsigned int sint;

	rcu_read_lock();
	for_each_set_bit(sint, &sints, HV_SYNIC_SINT_COUNT) {
		irqfd = rcu_dereference(v->irqfd[sint]);
		if (irqfd)
			eventfd_signal(irqfd);
	}
	rcu_read_unlock();
}

/**
 * hvhost_synic_raise_work() - raise the SINTs whose raise was deferred
 * @work: the partition's raise_work.
 *
 * Context: process context; bounded by nr_vps * HV_SYNIC_SINT_COUNT.
 */
void hvhost_synic_raise_work(struct work_struct *work)
{
	struct hvhost_kpart *kp = container_of(work, struct hvhost_kpart,
					       raise_work);
	struct hvhost_synic_vp *v;
	unsigned long pending;
	u32 i;

	for (i = 0; i < kp->part.nr_vps; i++) {
		v = &kp->vps[i];
		/* From the decision to the signal: see hvhost_synic_fire(). */
		rcu_read_lock();
		spin_lock_irq(&v->lock);
		pending = v->deferred & ~v->masked;
		v->deferred = 0;
		spin_unlock_irq(&v->lock);
		hvhost_synic_fire(v, pending);
		rcu_read_unlock();
	}
}

static bool hvhost_synic_enabled(const struct hvhost_synic_vp *v)
{
	return v->scontrol & HVHOST_SYNIC_SCONTROL_ENABLE;
}

/**
 * hvhost_synic_post_msg() - the transport's post_msg op
 * @p: partition.
 * @vp: target VP index.
 * @sint: target SINT.
 * @msg: the message.
 *
 * Context: any; takes the vCPU's spinlock with interrupts off.
 * Return: 0, -EAGAIN when the slot is busy (retried after the guest's EOM
 * through the resample eventfd), -EINVAL for a bad @vp/@sint, -ENODEV
 * when the SynIC or its message page is disabled.
 */
int hvhost_synic_post_msg(struct hvhost_partition *p, u32 vp, u8 sint,
			  const struct hv_message *msg)
{
	struct hvhost_kpart *kp = hvhost_kpart(p);
	struct hvhost_synic_vp *v;
	struct hv_message *slot;
	unsigned long flags;
	bool raise = false;
	int err;

	if (vp >= p->nr_vps || sint >= HV_SYNIC_SINT_COUNT)
		return -EINVAL;
	v = &kp->vps[vp];
	rcu_read_lock();
	spin_lock_irqsave(&v->lock, flags);
	if (!hvhost_synic_enabled(v) || !v->msg.va) {
		err = -ENODEV;
		goto out_unlock;
	}
	slot = v->msg.va + sint * HV_MESSAGE_SIZE;
	err = hvhost_synic_write_msg(slot, msg);
	if (!err)
		raise = hvhost_synic_raise(kp, v, sint);
out_unlock:
	spin_unlock_irqrestore(&v->lock, flags);
	if (raise)
		hvhost_synic_fire(v, BIT(sint));
	rcu_read_unlock();
	if (!err)
		atomic64_inc(&kp->stats.msgs);
	else if (err == -EAGAIN)
		atomic64_inc(&kp->stats.msgs_busy);
	else
		atomic64_inc(&kp->stats.msgs_dropped);
	return err;
}

/**
 * hvhost_synic_signal_event() - the transport's signal_event op
 * @p: partition.
 * @vp: target VP index.
 * @sint: target SINT.
 * @flag: event flag number (a channel's relid).
 *
 * Context: any; takes the vCPU's spinlock with interrupts off.
 * Return: 0, -EINVAL for a bad @vp/@sint/@flag, -ENODEV when the SynIC or
 * its event flags page is disabled.
 */
int hvhost_synic_signal_event(struct hvhost_partition *p, u32 vp, u8 sint,
			      u32 flag)
{
	struct hvhost_kpart *kp = hvhost_kpart(p);
	struct hvhost_synic_vp *v;
	unsigned long flags;
	bool raise = false;
	int err = 0;

	if (vp >= p->nr_vps || sint >= HV_SYNIC_SINT_COUNT ||
	    flag >= HV_EVENT_FLAGS_COUNT)
		return -EINVAL;
	v = &kp->vps[vp];
	rcu_read_lock();
	spin_lock_irqsave(&v->lock, flags);
	if (!hvhost_synic_enabled(v) || !v->evt.va)
		err = -ENODEV;
	else if (hvhost_synic_set_flag(v->evt.va + sint * HV_EVENT_FLAGS_BYTES,
				       flag))
		raise = hvhost_synic_raise(kp, v, sint);
	spin_unlock_irqrestore(&v->lock, flags);
	if (raise)
		hvhost_synic_fire(v, BIT(sint));
	rcu_read_unlock();
	if (!err)
		atomic64_inc(&kp->stats.events);
	return err;
}

void hvhost_synic_init(struct hvhost_synic_vp *v)
{
	spin_lock_init(&v->lock);
}

/* Pin and map the page @msr enables, or reuse @cur if it is the same. */
static int hvhost_synic_page_get(struct hvhost_kpart *kp,
				 const struct hvhost_synic_page *cur, u64 msr,
				 struct hvhost_synic_page *pg)
{
	u64 gpa = msr & HVHOST_SYNIC_PAGE_MASK;
	int err;

	memset(pg, 0, sizeof(*pg));
	if (!(msr & HVHOST_SYNIC_PAGE_ENABLE))
		return 0;
	if (cur->page && cur->gpa == gpa) {
		*pg = *cur;
		return 0;
	}
	err = hvhost_guestmem_pin_gpa(kp, gpa, &pg->page);
	if (err)
		return err;
	pg->va = vmap(&pg->page, 1, VM_MAP, PAGE_KERNEL);
	if (!pg->va) {
		hvhost_guestmem_unpin_one(kp, pg->page);
		pg->page = NULL;
		return -ENOMEM;
	}
	pg->gpa = gpa;
	return 0;
}

/*
 * Release @old unless @keep is the same pin and mapping.  Compare the
 * mappings, not the pages: two guest addresses may alias one host page,
 * and each of their pins and mappings must be released on its own.
 */
static void hvhost_synic_page_put(struct hvhost_kpart *kp,
				  const struct hvhost_synic_page *old,
				  const struct hvhost_synic_page *keep)
{
	if (!old->page || old->va == keep->va)
		return;
	vunmap(old->va);
	hvhost_guestmem_unpin_one(kp, old->page);
}

/* SINTs unmasked by this update whose slot holds a message: to raise. */
static unsigned long hvhost_synic_unmasked(struct hvhost_kpart *kp,
					   struct hvhost_synic_vp *v, u16 was)
{
	unsigned long now_clear = was & ~v->masked, raise = 0;
	struct hv_message *slot;
	unsigned int sint;

	lockdep_assert_held(&v->lock);
	if (!v->msg.va)
		return 0;
	for_each_set_bit(sint, &now_clear, HV_SYNIC_SINT_COUNT) {
		slot = v->msg.va + sint * HV_MESSAGE_SIZE;
		if (READ_ONCE(slot->header.message_type) &&
		    hvhost_synic_raise(kp, v, sint))
			raise |= BIT(sint);
	}
	return raise;
}

static int hvhost_synic_check(const struct hvhost_synic *s)
{
	if (s->flags || s->reserved[0] || s->reserved[1] || s->reserved[2] ||
	    s->reserved2[0] || s->reserved2[1])
		return -EINVAL;
	return 0;
}

/*
 * Install the new state; returns the pages it replaced in @old_msg and
 * @old_evt for the caller to release outside the spinlock.
 */
static void hvhost_synic_swap(struct hvhost_kpart *kp,
			      struct hvhost_synic_vp *v,
			      const struct hvhost_synic *s,
			      struct hvhost_synic_page *msg,
			      struct hvhost_synic_page *evt)
{
	struct hvhost_synic_page tmp;
	unsigned long raise = 0;
	u16 was;

	lockdep_assert_held(&kp->lock);
	kp->nr_simp += !!msg->page - !!v->msg.page;
	spin_lock_irq(&v->lock);
	was = v->masked;
	v->scontrol = s->scontrol;
	v->simp = s->simp;
	v->siefp = s->siefp;
	v->masked = s->masked_sints;
	tmp = v->msg;
	v->msg = *msg;
	*msg = tmp;
	tmp = v->evt;
	v->evt = *evt;
	*evt = tmp;
	if (hvhost_synic_enabled(v))
		raise = hvhost_synic_unmasked(kp, v, was);
	spin_unlock_irq(&v->lock);
	hvhost_synic_fire(v, raise);
}

/**
 * hvhost_kpart_set_synic() - HVHOST_SET_SYNIC
 * @kp: partition.
 * @s: the vCPU's SynIC MSRs.  Bits 1..11 of SIMP and SIEFP (reserved to
 *	the guest) and every SCONTROL bit but enable are ignored.
 *
 * Pins newly enabled pages before anything changes, so a failure leaves
 * the old state intact.
 *
 * Return: 0, -EINVAL (non-zero reserved field, @s->vp out of range),
 * -ENOENT before HVHOST_SET_PARTITION, -EFAULT for a page outside guest
 * memory, -ENOMEM (including over RLIMIT_MEMLOCK).
 */
int hvhost_kpart_set_synic(struct hvhost_kpart *kp,
			   const struct hvhost_synic *s)
{
	struct hvhost_synic_page msg, evt, old_msg, old_evt;
	struct hvhost_synic_vp *v;
	int err;

	err = hvhost_synic_check(s);
	if (err)
		return err;
	mutex_lock(&kp->lock);
	err = -ENOENT;
	if (!kp->configured)
		goto out_unlock;
	err = -EINVAL;
	if (s->vp >= kp->part.nr_vps)
		goto out_unlock;
	v = &kp->vps[s->vp];
	err = hvhost_synic_page_get(kp, &v->msg, s->simp, &msg);
	if (err)
		goto out_unlock;
	err = hvhost_synic_page_get(kp, &v->evt, s->siefp, &evt);
	if (err)
		goto err_put_msg;
	old_msg = msg;
	old_evt = evt;
	hvhost_synic_swap(kp, v, s, &old_msg, &old_evt);
	hvhost_synic_page_put(kp, &old_msg, &msg);
	hvhost_synic_page_put(kp, &old_evt, &evt);
	mutex_unlock(&kp->lock);
	return 0;

err_put_msg:
	hvhost_synic_page_put(kp, &msg, &v->msg);
out_unlock:
	mutex_unlock(&kp->lock);
	return err;
}

/**
 * hvhost_synic_clear() - forget a vCPU's SynIC (reset, teardown)
 * @kp: partition.
 * @v: the vCPU.
 *
 * Disables delivery and releases the pinned pages.  irqfd bindings stay.
 *
 * Context: holds @kp->lock.
 */
void hvhost_synic_clear(struct hvhost_kpart *kp, struct hvhost_synic_vp *v)
{
	struct hvhost_synic_page msg, evt;

	lockdep_assert_held(&kp->lock);
	kp->nr_simp -= !!v->msg.page;
	spin_lock_irq(&v->lock);
	msg = v->msg;
	evt = v->evt;
	memset(&v->msg, 0, sizeof(v->msg));
	memset(&v->evt, 0, sizeof(v->evt));
	v->scontrol = 0;
	v->simp = 0;
	v->siefp = 0;
	v->masked = 0;
	v->deferred = 0;
	spin_unlock_irq(&v->lock);
	hvhost_synic_page_put(kp, &msg, &v->msg);
	hvhost_synic_page_put(kp, &evt, &v->evt);
}
