/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest memory table: where each guest physical range lives in the
 * VMM's address space.  Built from HVHOST_SET_MEM_TABLE, validated whole,
 * immutable afterwards and replaced whole (RCU).
 */
#ifndef _HVHOST_KVM_MEMTABLE_H
#define _HVHOST_KVM_MEMTABLE_H

#include <linux/rcupdate.h>
#include <linux/types.h>

struct hvhost_mem_region;

/**
 * struct hvhost_memslot - one validated region
 * @gpa: first guest physical address.
 * @size: bytes; @gpa + @size and @hva + @size do not overflow.
 * @hva: the VMM's address of @gpa.
 */
struct hvhost_memslot {
	u64 gpa;
	u64 size;
	u64 hva;
};

/**
 * struct hvhost_memtable - a validated table, sorted by @gpa, no overlaps
 * @rcu: frees the table after a grace period once replaced.
 * @nr: entries in @slots.
 * @slots: the regions.
 */
struct hvhost_memtable {
	struct rcu_head rcu;
	u32 nr;
	struct hvhost_memslot slots[] __counted_by(nr);
};

int hvhost_memtable_build(const struct hvhost_mem_region *regions, u32 nr,
			  u32 max, struct hvhost_memtable **out);
void hvhost_memtable_free(struct hvhost_memtable *t);
const struct hvhost_memslot *
hvhost_memtable_find(const struct hvhost_memtable *t, u64 gpa);
int hvhost_memtable_check(const struct hvhost_memtable *t, u64 gpa, u64 len);

#endif /* _HVHOST_KVM_MEMTABLE_H */
