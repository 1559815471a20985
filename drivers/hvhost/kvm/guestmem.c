// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest memory access for the KVM transport.
 *
 * Guest physical addresses are translated through the RCU-protected memory
 * table; the bytes are then reached through the partition's backend (the
 * VMM's mm in production).  Pins are charged to the backend's accounting
 * (RLIMIT_MEMLOCK for the VMM) before any page is pinned.
 */
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "kvm/guestmem.h"
#include "kvm/kpart.h"
#include "kvm/memtable.h"

/*
 * Translate @gpa to the VMM address and the bytes left in its slot.
 * Return 0 or -EFAULT.
 */
static int hvhost_guestmem_xlate(struct hvhost_kpart *kp, u64 gpa, u64 *hva,
				 u64 *avail)
{
	const struct hvhost_memslot *s;
	int err = -EFAULT;

	rcu_read_lock();
	s = hvhost_memtable_find(rcu_dereference(kp->mem), gpa);
	if (s) {
		*hva = s->hva + (gpa - s->gpa);
		*avail = s->size - (gpa - s->gpa);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}

static int hvhost_guestmem_copy(struct hvhost_kpart *kp, u64 gpa, void *buf,
				size_t len, bool write)
{
	u64 hva, avail;
	size_t chunk;
	int err;

	if (gpa + len < gpa)
		return -EFAULT;
	while (len) {
		err = hvhost_guestmem_xlate(kp, gpa, &hva, &avail);
		if (err)
			return err;
		chunk = min_t(u64, len, avail);
		err = kp->mem_ops->access(kp, hva, buf, chunk, write);
		if (err)
			return err;
		gpa += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

int hvhost_guestmem_read(struct hvhost_partition *p, u64 gpa, void *buf,
			 size_t len)
{
	return hvhost_guestmem_copy(hvhost_kpart(p), gpa, buf, len, false);
}

int hvhost_guestmem_write(struct hvhost_partition *p, u64 gpa,
			  const void *buf, size_t len)
{
	/* The backend's access() does not write through buf when !write. */
	return hvhost_guestmem_copy(hvhost_kpart(p), gpa, (void *)buf, len,
				    true);
}

bool hvhost_guestmem_access_begin(struct hvhost_partition *p)
{
	struct hvhost_kpart *kp = hvhost_kpart(p);

	return kp->mem_ops->access_begin && kp->mem_ops->access_begin(kp);
}

void hvhost_guestmem_access_end(struct hvhost_partition *p)
{
	struct hvhost_kpart *kp = hvhost_kpart(p);

	kp->mem_ops->access_end(kp);
}

int hvhost_guestmem_check(struct hvhost_partition *p, u64 gpa, u64 len)
{
	struct hvhost_kpart *kp = hvhost_kpart(p);
	int err;

	rcu_read_lock();
	err = hvhost_memtable_check(rcu_dereference(kp->mem), gpa, len);
	rcu_read_unlock();
	return err;
}

/* Pin one guest page without accounting; the caller has charged it. */
static int hvhost_guestmem_pin_page(struct hvhost_kpart *kp, u64 gpa,
				    struct page **page)
{
	u64 hva, avail;
	int err;

	if (PAGE_SIZE != HV_PAGE_SIZE)
		return -EOPNOTSUPP;
	err = hvhost_guestmem_xlate(kp, gpa, &hva, &avail);
	if (err)
		return err;
	return kp->mem_ops->pin(kp, hva & PAGE_MASK, page);
}

/**
 * hvhost_guestmem_pin() - the transport's pin op
 * @p: partition.
 * @pfns: guest page numbers (4 KiB pages).
 * @n: entries in @pfns.
 * @pages: filled with the pinned pages.
 *
 * All or nothing: the pages are charged first, then pinned one by one; on
 * any failure the ones pinned are released and the charge is returned.
 *
 * Return: 0, -EFAULT for a page outside guest memory, -ENOMEM over quota.
 */
int hvhost_guestmem_pin(struct hvhost_partition *p, const u64 *pfns,
			unsigned int n, struct page **pages)
{
	struct hvhost_kpart *kp = hvhost_kpart(p);
	unsigned int i;
	int err;

	err = kp->mem_ops->account(kp, n, true);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		if (pfns[i] > (U64_MAX >> HV_PAGE_SHIFT)) {
			err = -EFAULT;
			goto err_unpin;
		}
		err = hvhost_guestmem_pin_page(kp, pfns[i] << HV_PAGE_SHIFT,
					       &pages[i]);
		if (err)
			goto err_unpin;
		cond_resched();
	}
	return 0;

err_unpin:
	while (i--)
		kp->mem_ops->unpin(kp, pages[i]);
	kp->mem_ops->account(kp, n, false);
	return err;
}

void hvhost_guestmem_unpin(struct hvhost_partition *p, struct page **pages,
			   unsigned int n)
{
	struct hvhost_kpart *kp = hvhost_kpart(p);
	unsigned int i;

	for (i = 0; i < n; i++)
		kp->mem_ops->unpin(kp, pages[i]);
	kp->mem_ops->account(kp, n, false);
}

/**
 * hvhost_guestmem_pin_gpa() - pin the guest page holding @gpa, charged
 * @kp: partition.
 * @gpa: any address in the page.
 * @page: the pinned page.
 *
 * Return: 0, -EFAULT or -ENOMEM.
 */
int hvhost_guestmem_pin_gpa(struct hvhost_kpart *kp, u64 gpa,
			    struct page **page)
{
	u64 pfn = gpa >> HV_PAGE_SHIFT;

	return hvhost_guestmem_pin(&kp->part, &pfn, 1, page);
}

void hvhost_guestmem_unpin_one(struct hvhost_kpart *kp, struct page *page)
{
	hvhost_guestmem_unpin(&kp->part, &page, 1);
}

/**
 * hvhost_kpart_set_mem_table() - HVHOST_SET_MEM_TABLE
 * @kp: partition.
 * @t: kernel copy of the table header and its @t->nregions regions.
 *
 * Return: 0, -ENOENT before HVHOST_SET_PARTITION, -EINVAL for non-zero
 * padding or a bad region, -E2BIG for too many regions, -ENOMEM.
 */
int hvhost_kpart_set_mem_table(struct hvhost_kpart *kp,
			       const struct hvhost_mem_table *t)
{
	struct hvhost_memtable *new, *old;
	int err;

	if (t->padding)
		return -EINVAL;
	mutex_lock(&kp->lock);
	err = -ENOENT;
	if (!kp->configured)
		goto out_unlock;
	err = hvhost_memtable_build(t->regions, t->nregions,
				    kp->limits.max_mem_regions, &new);
	if (err)
		goto out_unlock;
	old = rcu_replace_pointer(kp->mem, new, lockdep_is_held(&kp->lock));
	if (old)
		kfree_rcu(old, rcu);
out_unlock:
	mutex_unlock(&kp->lock);
	return err;
}

/* Free the table at partition teardown; nothing can look it up any more. */
void hvhost_guestmem_destroy(struct hvhost_kpart *kp)
{
	hvhost_memtable_free(rcu_dereference_protected(kp->mem, true));
	RCU_INIT_POINTER(kp->mem, NULL);
}
