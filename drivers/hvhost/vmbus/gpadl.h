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
 * The range stream.  GPADL_HEADER carries rangecount and range_buflen, the
 * byte length of a stream that holds, for each range, a u32 byte_count, a
 * u32 byte_offset and then the range's page numbers as u64s.  The header
 * carries the first bytes of the stream, each GPADL_BODY the next ones.
 * The stream is assembled as opaque 8-byte words and parsed only once all
 * range_buflen bytes have arrived, so a range may start in any message.
 *
 * Locking: a table and its GPADLs are protected by the owning VMBus
 * connection's mutex; the caller holds it for every function here except
 * hvhost_gpadl_check_pages() and the mapping helpers, which only read the
 * page list of a complete GPADL (fixed from then on) that the caller holds
 * a use of or otherwise keeps from being removed.
 */
#ifndef _HVHOST_VMBUS_GPADL_H
#define _HVHOST_VMBUS_GPADL_H

#include <linux/bits.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/types.h>

#include "proto.h"

struct hvhost_partition;
struct page;

/* Ranges one GPADL may have; Linux guests always send exactly one. */
#define HVHOST_GPADL_MAX_RANGES		64
/*
 * Guest page numbers must lie below this (2^52 bytes of guest physical
 * address space); whether a page is really guest memory is the transport's
 * check, see hvhost_gpadl_check_pages().
 */
#define HVHOST_GPADL_PFN_LIMIT		BIT_ULL(40)
/*
 * Pages one GPADL may have.  This follows from the u16 range_buflen: the
 * longest stream, 65528 bytes, holds one range header and 8190 pages.
 */
#define HVHOST_GPADL_MAX_PFNS		((U16_MAX / 8) - 1)

/**
 * struct hvhost_gpadl_range - one range of a GPADL
 * @byte_count: bytes in the range, never zero.
 * @byte_offset: offset of the first byte into the first page, below 4096.
 * @first_pfn: index of the range's first page in hvhost_gpadl.pfns.
 * @nr_pfns: pages of the range; exactly covers byte_offset + byte_count.
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
 * @child_relid: the channel the guest created it for (not validated here).
 * @nr_ranges: entries in @ranges (the header's rangecount).
 * @ranges: the validated ranges; filled in when the GPADL completes.
 * @nr_pfns: pages over all ranges.  Known exactly from the header
 *	(range_buflen / 8 - rangecount) and charged to the table then.
 * @buflen: bytes in the range stream (the header's range_buflen).
 * @received: bytes of the range stream received so far.
 * @next_msgnumber: body messages received so far (informational; Linux
 *	leaves msgnumber zero and bodies are accepted in arrival order).
 * @pfns: while assembling, the raw range stream (@buflen bytes); once
 *	complete, the @nr_pfns guest page numbers, compacted in place.
 * @complete: all of the stream arrived and parsed cleanly.  Set once and
 *	never cleared; nothing but assembly may touch an incomplete GPADL.
 * @users: uses by channels or devices (ring, receive buffer); a teardown
 *	request waits until it drops to zero.
 * @teardown_pending: the guest asked for teardown while @users was non-zero;
 *	GPADL_TORNDOWN goes out when the last use ends.
 *
 * Lifetime: created by hvhost_gpadl_header(), freed by
 * hvhost_gpadl_remove() or hvhost_gpadl_table_destroy(), both of which
 * require @users to be zero.
 */
struct hvhost_gpadl {
	struct list_head node;
	u32 id;
	u32 child_relid;
	u32 nr_ranges;
	struct hvhost_gpadl_range *ranges;
	u32 nr_pfns;
	u32 buflen;
	u32 received;
	u32 next_msgnumber;
	u64 *pfns;
	bool complete;
	unsigned int users;
	bool teardown_pending;
};

/**
 * struct hvhost_gpadl_table - the GPADLs of one connection
 * @list: every GPADL, complete or still being assembled.
 * @nr_gpadls: entries on @list, charged against @max_gpadls.
 * @nr_pfns: pages over all GPADLs, charged against @max_pfns when a
 *	GPADL_HEADER is accepted, so incomplete GPADLs count too.
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
	return g->complete;
}

bool hvhost_gpadl_flat(const struct hvhost_gpadl *g);
void hvhost_gpadl_table_init(struct hvhost_gpadl_table *t, u32 max_gpadls,
			     u64 max_pfns);
void hvhost_gpadl_table_destroy(struct hvhost_gpadl_table *t);

/*
 * Error contract of hvhost_gpadl_header() and hvhost_gpadl_body().
 *
 * Both take a message already copied out of the guest (@msg, @len bytes,
 * starting with struct vmbus_msg_header) and return:
 *   1	the GPADL is complete and well-formed; *@out points to it.  The
 *	caller checks its pages with hvhost_gpadl_check_pages() and answers
 *	GPADL_CREATED with status 0, or with a failure status and
 *	hvhost_gpadl_remove() if a page is not guest memory.
 *   0	accepted, more bodies are expected; *@out points to the GPADL.
 *   <0	rejected.  If *@out is NULL nothing changed in the table (the
 *	header was not added, or a body had no GPADL to go to): the caller
 *	drops the message with a ratelimited debug line; for a header it may
 *	answer GPADL_CREATED with a failure status, except for -EEXIST,
 *	where the existing GPADL of that id is untouched.  If *@out is a
 *	GPADL, that GPADL can never complete: the caller answers
 *	GPADL_CREATED with a failure status and calls hvhost_gpadl_remove().
 *
 * hvhost_gpadl_header() errors, always with *@out = NULL:
 *   -EINVAL	@len below the header size or above a SynIC payload, stream
 *		bytes in the message not a multiple of 8 or beyond
 *		range_buflen, rangecount zero, range_buflen not a multiple of
 *		8 or too short for rangecount ranges of one page each; or,
 *		when the header alone completes the stream, a bad range (see
 *		below).
 *   -E2BIG	rangecount above HVHOST_GPADL_MAX_RANGES.
 *   -EEXIST	a GPADL with this id exists (complete or not).
 *   -EDQUOT	the table's GPADL or page quota would be exceeded.
 *   -ENOMEM	no memory.
 *
 * hvhost_gpadl_body() errors with *@out = NULL:
 *   -EINVAL	@len below the body header size or above a SynIC payload.
 *   -ENOENT	no GPADL with this id.
 *   -EALREADY	the GPADL is already complete.
 * and with *@out = the GPADL:
 *   -EINVAL	no page numbers, their bytes not a multiple of 8, more bytes
 *		than the stream has left, or, when the stream completes, a bad
 *		range: byte_offset >= 4096, byte_count == 0, fewer words left
 *		than the range's pages, a page number at or above
 *		HVHOST_GPADL_PFN_LIMIT, or ranges that do not consume the
 *		stream exactly.
 */
int hvhost_gpadl_header(struct hvhost_gpadl_table *t, const void *msg,
			u32 len, struct hvhost_gpadl **out);
int hvhost_gpadl_body(struct hvhost_gpadl_table *t, const void *msg, u32 len,
		      struct hvhost_gpadl **out);

/* Any GPADL of this id, complete or still being assembled, or NULL. */
struct hvhost_gpadl *hvhost_gpadl_find(struct hvhost_gpadl_table *t, u32 id);
/* The complete GPADL of this id, or NULL: the lookup for using one. */
struct hvhost_gpadl *hvhost_gpadl_find_complete(struct hvhost_gpadl_table *t,
						u32 id);
void hvhost_gpadl_remove(struct hvhost_gpadl_table *t, struct hvhost_gpadl *g);

int hvhost_gpadl_check_pages(struct hvhost_partition *p,
			     const struct hvhost_gpadl *g);

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
