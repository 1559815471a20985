/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GPADLs: guest physical address descriptor lists.
 *
 * The guest describes a buffer (a ring pair, a receive buffer) as ranges of
 * guest page numbers, in one GPADL_HEADER message and as many GPADL_BODY
 * messages as the page list needs.  The host assembles them, validates
 * every count, offset and page, and answers GPADL_CREATED once the last
 * page has arrived.  Only then may the GPADL be used.
 *
 * Locking: a table and its GPADLs are protected by the owning VMBus
 * connection's mutex; the caller holds it for every function here except
 * the mapping helpers, which only touch a GPADL the caller holds a use of.
 */
#ifndef _HVHOST_VMBUS_GPADL_H
#define _HVHOST_VMBUS_GPADL_H

#include <linux/list.h>
#include <linux/types.h>

#include "proto.h"

struct hvhost_partition;
struct page;

/**
 * struct hvhost_gpadl_range - one range of a GPADL
 * @byte_count: bytes in the range.
 * @byte_offset: offset of the first byte into the first page.
 * @first_pfn: index of the range's first page in hvhost_gpadl.pfns.
 * @nr_pfns: pages of the range; always covers byte_offset + byte_count.
 */
struct hvhost_gpadl_range {
	u32 byte_count;
	u32 byte_offset;
	u32 first_pfn;
	u32 nr_pfns;
};

/**
 * struct hvhost_gpadl - one GPADL of a connection
 * @node: in hvhost_gpadl_table.list.
 * @id: the guest's GPADL handle, unique in the table.
 * @child_relid: the channel the guest created it for.
 * @nr_ranges: entries in @ranges.
 * @ranges: the validated ranges.
 * @nr_pfns: pages in @pfns, summed over all ranges.
 * @received: pages received so far; the GPADL is complete when it equals
 *	@nr_pfns.
 * @next_msgnumber: body message number expected next (informational;
 *	bodies are accepted in arrival order).
 * @pfns: the guest page numbers, each checked against guest memory by the
 *	caller's transport when mapped.
 * @users: uses by channels or devices (ring, receive buffer); a teardown
 *	request waits until it drops to zero.
 * @teardown_pending: the guest asked for teardown while @users was non-zero;
 *	GPADL_TORNDOWN goes out when the last use ends.
 */
struct hvhost_gpadl {
	struct list_head node;
	u32 id;
	u32 child_relid;
	u32 nr_ranges;
	struct hvhost_gpadl_range *ranges;
	u32 nr_pfns;
	u32 received;
	u32 next_msgnumber;
	u64 *pfns;
	unsigned int users;
	bool teardown_pending;
};

/**
 * struct hvhost_gpadl_table - the GPADLs of one connection
 * @list: every GPADL, complete or still being assembled.
 * @nr_gpadls: entries on @list.
 * @nr_pfns: pages over all GPADLs, charged against @max_pfns.
 * @max_gpadls: quota on @nr_gpadls.
 * @max_pfns: quota on @nr_pfns.
 */
struct hvhost_gpadl_table {
	struct list_head list;
	u32 nr_gpadls;
	u64 nr_pfns;
	u32 max_gpadls;
	u64 max_pfns;
};

static inline bool hvhost_gpadl_complete(const struct hvhost_gpadl *g)
{
	return g->received == g->nr_pfns;
}

void hvhost_gpadl_table_init(struct hvhost_gpadl_table *t, u32 max_gpadls,
			     u64 max_pfns);
void hvhost_gpadl_table_destroy(struct hvhost_gpadl_table *t);

int hvhost_gpadl_header(struct hvhost_gpadl_table *t, const void *msg,
			u32 len, struct hvhost_gpadl **out);
int hvhost_gpadl_body(struct hvhost_gpadl_table *t, const void *msg, u32 len,
		      struct hvhost_gpadl **out);
struct hvhost_gpadl *hvhost_gpadl_find(struct hvhost_gpadl_table *t, u32 id);
void hvhost_gpadl_remove(struct hvhost_gpadl_table *t, struct hvhost_gpadl *g);

/**
 * struct hvhost_gpadl_map - a GPADL's pages pinned and mapped contiguously
 * @pages: the pinned pages, @nr of them.
 * @nr: page count.
 * @vaddr: kernel virtual address of the first page.
 */
struct hvhost_gpadl_map {
	struct page **pages;
	unsigned int nr;
	void *vaddr;
};

int hvhost_gpadl_map_range(struct hvhost_partition *p,
			   const struct hvhost_gpadl *g, u32 first_pfn,
			   u32 nr_pfns, struct hvhost_gpadl_map *m);
void hvhost_gpadl_unmap(struct hvhost_partition *p, struct hvhost_gpadl_map *m);

#endif /* _HVHOST_VMBUS_GPADL_H */
