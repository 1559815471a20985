// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest memory table: validation, lookup and range checks.
 *
 * Pure functions on kernel copies: the VMM's table is copied in once by
 * dev.c, validated here and never read from userspace again.
 */
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <uapi/linux/hvhost.h>

#include "kvm/memtable.h"

static int hvhost_memslot_from_region(const struct hvhost_mem_region *r,
				      struct hvhost_memslot *s)
{
	u64 end;

	if (r->flags || r->reserved)
		return -EINVAL;
	if (!r->memory_size || !PAGE_ALIGNED(r->memory_size) ||
	    !PAGE_ALIGNED(r->guest_phys_addr) ||
	    !PAGE_ALIGNED(r->userspace_addr))
		return -EINVAL;
	if (check_add_overflow(r->guest_phys_addr, r->memory_size, &end) ||
	    check_add_overflow(r->userspace_addr, r->memory_size, &end))
		return -EINVAL;

	s->gpa = r->guest_phys_addr;
	s->size = r->memory_size;
	s->hva = r->userspace_addr;
	return 0;
}

static int hvhost_memslot_cmp(const void *a, const void *b)
{
	const struct hvhost_memslot *x = a, *y = b;

	if (x->gpa < y->gpa)
		return -1;
	return x->gpa > y->gpa;
}

/**
 * hvhost_memtable_build() - validate regions and build a table
 * @regions: kernel copy of the VMM's regions.
 * @nr: entries in @regions.
 * @max: the partition's cap on @nr.
 * @out: the new table on success.
 *
 * Every region must have zero flags and reserved fields, a non-zero page
 * aligned size, page aligned addresses, no address overflow, and no
 * overlap with another region in guest physical space.
 *
 * Return: 0, -EINVAL for a bad table, -E2BIG above @max, -ENOMEM.
 */
int hvhost_memtable_build(const struct hvhost_mem_region *regions, u32 nr,
			  u32 max, struct hvhost_memtable **out)
{
	struct hvhost_memtable *t;
	u32 i;
	int err;

	if (nr > max)
		return -E2BIG;
	t = kzalloc(struct_size(t, slots, nr), GFP_KERNEL_ACCOUNT);
	if (!t)
		return -ENOMEM;
	t->nr = nr;
	for (i = 0; i < nr; i++) {
		err = hvhost_memslot_from_region(&regions[i], &t->slots[i]);
		if (err)
			goto err_free_table;
	}
	sort(t->slots, nr, sizeof(t->slots[0]), hvhost_memslot_cmp, NULL);
	for (i = 1; i < nr; i++) {
		if (t->slots[i - 1].gpa + t->slots[i - 1].size >
		    t->slots[i].gpa) {
			err = -EINVAL;
			goto err_free_table;
		}
	}
	*out = t;
	return 0;

err_free_table:
	kfree(t);
	return err;
}

void hvhost_memtable_free(struct hvhost_memtable *t)
{
	kfree(t);
}

/**
 * hvhost_memtable_find() - the slot holding a guest physical address
 * @t: table, or NULL for "no memory yet".
 * @gpa: the address.
 *
 * Context: caller keeps @t alive (RCU read side or the table's owner).
 * Return: the slot, or NULL.
 */
const struct hvhost_memslot *
hvhost_memtable_find(const struct hvhost_memtable *t, u64 gpa)
{
	u32 lo = 0, hi;

	if (!t)
		return NULL;
	hi = t->nr;
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct hvhost_memslot *s = &t->slots[mid];

		if (gpa < s->gpa)
			hi = mid;
		else if (gpa - s->gpa >= s->size)
			lo = mid + 1;
		else
			return s;
	}
	return NULL;
}

/**
 * hvhost_memtable_check() - is [@gpa, @gpa + @len) all guest memory?
 * @t: table or NULL.
 * @gpa: first byte.
 * @len: length; 0 checks nothing but @gpa's overflow.
 *
 * A range may span adjacent slots.  The loop runs at most once per slot.
 *
 * Return: 0 or -EFAULT.
 */
int hvhost_memtable_check(const struct hvhost_memtable *t, u64 gpa, u64 len)
{
	const struct hvhost_memslot *s;
	u64 end, avail;

	if (check_add_overflow(gpa, len, &end))
		return -EFAULT;
	while (len) {
		s = hvhost_memtable_find(t, gpa);
		if (!s)
			return -EFAULT;
		avail = s->size - (gpa - s->gpa);
		if (avail >= len)
			return 0;
		gpa += avail;
		len -= avail;
	}
	return 0;
}
