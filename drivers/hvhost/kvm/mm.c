// SPDX-License-Identifier: GPL-2.0-only
/*
 * The production guest memory backend: guest RAM is the VMM's anonymous or
 * file mapping, reached through the VMM's mm from any hvhost context (the
 * ioctl of another vCPU thread, a work item).
 *
 * The partition holds an mmgrab() reference to the opener's mm (none if a
 * kernel thread opened it); every access takes mmget for its duration so a
 * dying VMM simply yields -EFAULT.  Accesses always go to the opener's mm,
 * whichever process later issues the ioctls.  Long-lived pins use
 * FOLL_LONGTERM and are charged to the VMM's mm against the opener's
 * RLIMIT_MEMLOCK and CAP_IPC_LOCK, as vfio does: account_locked_vm() would
 * check the caller's, and a kworker (which pins a NIC's buffers) has
 * CAP_IPC_LOCK, so no limit would apply.
 */
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>

#include "kvm/kpart.h"
#include "kvm/mm.h"

/* Copy within one page; [hva, hva + len) does not cross a page boundary. */
static int hvhost_mm_access_page(struct mm_struct *mm, u64 hva, void *buf,
				 size_t len, bool write)
{
	unsigned int flags = write ? FOLL_WRITE : 0;
	struct page *page;
	void *va;
	long got;

	mmap_read_lock(mm);
	got = get_user_pages_remote(mm, hva, 1, flags, &page, NULL);
	mmap_read_unlock(mm);
	if (got != 1)
		return -EFAULT;
	va = kmap_local_page(page);
	if (write) {
		memcpy(va + offset_in_page(hva), buf, len);
		set_page_dirty_lock(page);
	} else {
		memcpy(buf, va + offset_in_page(hva), len);
	}
	kunmap_local(va);
	put_page(page);
	return 0;
}

/*
 * The fast way, as vhost copies: the VMM's own thread uses its mm, and a
 * kernel worker borrows it, so the MMU walks the page tables instead of a
 * page lookup per page.  -EAGAIN when neither applies.
 */
static int hvhost_mm_copy(struct mm_struct *mm, u64 hva, void *buf,
			  size_t len, bool write)
{
	bool borrow = current->mm != mm;
	unsigned long left;

	if (borrow) {
		if (!(current->flags & PF_KTHREAD) || current->mm)
			return -EAGAIN;
		kthread_use_mm(mm);
	}
	if (write)
		left = copy_to_user(u64_to_user_ptr(hva), buf, len);
	else
		left = copy_from_user(buf, u64_to_user_ptr(hva), len);
	if (borrow)
		kthread_unuse_mm(mm);
	return left ? -EFAULT : 0;
}

static int hvhost_mm_access(struct hvhost_kpart *kp, u64 hva, void *buf,
			    size_t len, bool write)
{
	struct mm_struct *mm = kp->mm;
	size_t chunk;
	int err;

	if (!mm || !mmget_not_zero(mm))
		return -EFAULT;
	err = hvhost_mm_copy(mm, hva, buf, len, write);
	if (err != -EAGAIN) {
		mmput(mm);
		return err;
	}
	err = 0;
	while (len) {
		chunk = min_t(size_t, len, PAGE_SIZE - offset_in_page(hva));
		err = hvhost_mm_access_page(mm, hva, buf, chunk, write);
		if (err)
			break;
		hva += chunk;
		buf += chunk;
		len -= chunk;
	}
	mmput(mm);
	return err;
}

static int hvhost_mm_pin(struct hvhost_kpart *kp, u64 hva, struct page **page)
{
	struct mm_struct *mm = kp->mm;
	long got;

	if (!mm || !mmget_not_zero(mm))
		return -EFAULT;
	mmap_read_lock(mm);
	got = pin_user_pages_remote(mm, hva, 1, FOLL_WRITE | FOLL_LONGTERM,
				    page, NULL);
	mmap_read_unlock(mm);
	mmput(mm);
	return got == 1 ? 0 : -EFAULT;
}

static void hvhost_mm_unpin(struct hvhost_kpart *kp, struct page *page)
{
	unpin_user_pages_dirty_lock(&page, 1, true);
}

static int hvhost_mm_account(struct hvhost_kpart *kp, unsigned long npages,
			     bool inc)
{
	struct mm_struct *mm = kp->mm;
	int ret;

	if (!mm || !npages)
		return 0;
	mmap_write_lock(mm);
	ret = __account_locked_vm(mm, npages, inc, kp->lock_task, kp->lock_cap);
	mmap_write_unlock(mm);
	return ret;
}

/*
 * A kernel worker about to copy a lot (a pass over a NIC's ring) borrows
 * the VMM's mm once for the pass, instead of once per copy: each switch
 * costs a TLB flush.
 */
static bool hvhost_mm_access_begin(struct hvhost_kpart *kp)
{
	struct mm_struct *mm = kp->mm;

	if (!mm || current->mm || !(current->flags & PF_KTHREAD) ||
	    !mmget_not_zero(mm))
		return false;
	kthread_use_mm(mm);
	return true;
}

static void hvhost_mm_access_end(struct hvhost_kpart *kp)
{
	struct mm_struct *mm = current->mm;

	kthread_unuse_mm(mm);
	mmput(mm);
}

const struct hvhost_kmem_ops hvhost_mm_ops = {
	.access_begin = hvhost_mm_access_begin,
	.access_end = hvhost_mm_access_end,
	.access = hvhost_mm_access,
	.pin = hvhost_mm_pin,
	.unpin = hvhost_mm_unpin,
	.account = hvhost_mm_account,
};
