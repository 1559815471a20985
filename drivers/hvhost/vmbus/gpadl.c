// SPDX-License-Identifier: GPL-2.0-only
/*
 * GPADLs: assembling a guest's page lists from GPADL_HEADER and GPADL_BODY
 * messages and validating them.  Mapping their pages is gpadl_map.c.
 *
 * Everything in a message is guest input.  The caller copies each message
 * out of the SynIC slot first; here every field is read once into a local
 * and checked before use.  Work per message is bounded by the message
 * size, except when a stream completes, where parsing is bounded by
 * HVHOST_GPADL_MAX_PFNS.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/math.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "partition.h"
#include "gpadl.h"

#define GPADL_WORD	sizeof(u64)

void hvhost_gpadl_table_init(struct hvhost_gpadl_table *t, u32 max_gpadls,
			     u64 max_pfns)
{
	INIT_LIST_HEAD(&t->list);
	t->nr_gpadls = 0;
	t->nr_pfns = 0;
	t->max_gpadls = max_gpadls;
	t->max_pfns = max_pfns;
}

static void gpadl_free(struct hvhost_gpadl *g)
{
	kvfree(g->pfns);
	kvfree(g->ranges);
	kfree(g);
}

void hvhost_gpadl_remove(struct hvhost_gpadl_table *t, struct hvhost_gpadl *g)
{
	WARN_ON_ONCE(g->users);
	list_del(&g->node);
	t->nr_gpadls--;
	t->nr_pfns -= g->nr_pfns;
	gpadl_free(g);
}

void hvhost_gpadl_table_destroy(struct hvhost_gpadl_table *t)
{
	struct hvhost_gpadl *g, *tmp;

	list_for_each_entry_safe(g, tmp, &t->list, node)
		hvhost_gpadl_remove(t, g);
	WARN_ON_ONCE(t->nr_gpadls || t->nr_pfns);
}

struct hvhost_gpadl *hvhost_gpadl_find(struct hvhost_gpadl_table *t, u32 id)
{
	struct hvhost_gpadl *g;

	list_for_each_entry(g, &t->list, node)
		if (g->id == id)
			return g;
	return NULL;
}

struct hvhost_gpadl *hvhost_gpadl_find_complete(struct hvhost_gpadl_table *t,
						u32 id)
{
	struct hvhost_gpadl *g = hvhost_gpadl_find(t, id);

	return g && hvhost_gpadl_complete(g) ? g : NULL;
}

/*
 * Parse one range at word @*pos of the complete stream and move its page
 * numbers down to index @*pfn of the same array.  The write index never
 * passes the read index (it trails by the number of range headers seen),
 * so the forward copy is safe.
 */
static int gpadl_parse_range(struct hvhost_gpadl *g,
			     struct hvhost_gpadl_range *r, u32 *pos, u32 *pfn)
{
	u32 left = g->buflen / GPADL_WORD - *pos;
	struct vmbus_gpa_range hdr;
	u64 nr, val;
	u32 i;

	if (!left)
		return -EINVAL;
	memcpy(&hdr, &g->pfns[*pos], sizeof(hdr));
	if (hdr.byte_offset >= HV_PAGE_SIZE || !hdr.byte_count)
		return -EINVAL;
	/* Both operands are u32, so the u64 sum cannot overflow. */
	nr = DIV_ROUND_UP((u64)hdr.byte_offset + hdr.byte_count, HV_PAGE_SIZE);
	if (nr > left - 1)
		return -EINVAL;

	for (i = 0; i < nr; i++) {
		val = g->pfns[*pos + 1 + i];
		if (val >= HVHOST_GPADL_PFN_LIMIT)
			return -EINVAL;
		g->pfns[*pfn + i] = val;
	}
	r->byte_count = hdr.byte_count;
	r->byte_offset = hdr.byte_offset;
	r->first_pfn = *pfn;
	r->nr_pfns = nr;
	*pos += 1 + nr;
	*pfn += nr;
	return 0;
}

/* Parse the complete stream into ranges and compacted page numbers. */
static int gpadl_parse(struct hvhost_gpadl *g)
{
	u32 pos = 0, pfn = 0, i;
	int ret;

	for (i = 0; i < g->nr_ranges; i++) {
		ret = gpadl_parse_range(g, &g->ranges[i], &pos, &pfn);
		if (ret)
			return ret;
	}
	if (pos != g->buflen / GPADL_WORD)
		return -EINVAL;
	/* pos == pfn + nr_ranges, and nr_pfns was computed the same way. */
	WARN_ON_ONCE(pfn != g->nr_pfns);
	return 0;
}

/* Return 1 if @g just completed, 0 if it waits for more, or an error. */
static int gpadl_try_complete(struct hvhost_gpadl *g)
{
	int ret;

	if (g->received < g->buflen)
		return 0;
	ret = gpadl_parse(g);
	if (ret)
		return ret;
	g->complete = true;
	return 1;
}

/*
 * Check a header's counts against each other.  @bytes is the length of
 * the stream carried in the header message itself.
 */
static int gpadl_check_header(u16 rangecount, u16 buflen, u32 bytes)
{
	if (!rangecount)
		return -EINVAL;
	if (rangecount > HVHOST_GPADL_MAX_RANGES)
		return -E2BIG;
	if (buflen % GPADL_WORD || bytes % GPADL_WORD || bytes > buflen)
		return -EINVAL;
	/* Every range needs its header word and at least one page. */
	if (buflen < rangecount * 2 * GPADL_WORD)
		return -EINVAL;
	return 0;
}

static int gpadl_charge(struct hvhost_gpadl_table *t, u32 nr_pfns)
{
	if (t->nr_gpadls >= t->max_gpadls)
		return -EDQUOT;
	if (t->nr_pfns > t->max_pfns || nr_pfns > t->max_pfns - t->nr_pfns)
		return -EDQUOT;
	return 0;
}

static struct hvhost_gpadl *gpadl_alloc(const struct vmbus_msg_gpadl_header *h)
{
	struct hvhost_gpadl *g;

	g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		return NULL;
	g->ranges = kvcalloc(h->rangecount, sizeof(*g->ranges),
			     GFP_KERNEL_ACCOUNT);
	g->pfns = kvmalloc(h->range_buflen, GFP_KERNEL_ACCOUNT);
	if (!g->ranges || !g->pfns) {
		gpadl_free(g);
		return NULL;
	}
	g->id = h->gpadl;
	g->child_relid = h->child_relid;
	g->nr_ranges = h->rangecount;
	g->buflen = h->range_buflen;
	g->nr_pfns = h->range_buflen / GPADL_WORD - h->rangecount;
	return g;
}

/**
 * hvhost_gpadl_flat - is the GPADL's byte stream exactly its pages?
 * @g: a GPADL.
 *
 * Only such a GPADL (complete, one range, at offset 0, over whole pages)
 * can be a ring or a VSP buffer: the guest counts offsets from the start
 * of its stream, the host from the start of the mapped pages.
 *
 * Return: true if @g is complete and flat.
 */
bool hvhost_gpadl_flat(const struct hvhost_gpadl *g)
{
	return hvhost_gpadl_complete(g) && g->nr_ranges == 1 &&
	       !g->ranges[0].byte_offset &&
	       g->ranges[0].byte_count == (u64)g->nr_pfns * HV_PAGE_SIZE;
}

/**
 * hvhost_gpadl_header - start a GPADL from a GPADL_HEADER message
 * @t: the connection's table.
 * @msg: the message, copied out of the guest, starting at its msgtype.
 * @len: bytes in @msg.
 * @out: the new GPADL, or NULL.
 *
 * Context: the connection's mutex held; may sleep (allocates).
 * Return: 1 (complete), 0 (bodies expected) or a negative error, as the
 * contract in gpadl.h describes.
 */
int hvhost_gpadl_header(struct hvhost_gpadl_table *t, const void *msg,
			u32 len, struct hvhost_gpadl **out)
{
	struct vmbus_msg_gpadl_header h;
	struct hvhost_gpadl *g;
	u32 bytes;
	int ret;

	*out = NULL;
	if (len < sizeof(h) || len > HV_MESSAGE_PAYLOAD_BYTES)
		return -EINVAL;
	memcpy(&h, msg, sizeof(h));
	bytes = len - sizeof(h);
	ret = gpadl_check_header(h.rangecount, h.range_buflen, bytes);
	if (ret)
		return ret;
	if (hvhost_gpadl_find(t, h.gpadl))
		return -EEXIST;
	ret = gpadl_charge(t, h.range_buflen / GPADL_WORD - h.rangecount);
	if (ret)
		return ret;

	g = gpadl_alloc(&h);
	if (!g)
		return -ENOMEM;
	memcpy(g->pfns, msg + sizeof(h), bytes);
	g->received = bytes;
	ret = gpadl_try_complete(g);
	if (ret < 0) {
		gpadl_free(g);
		return ret;
	}

	list_add_tail(&g->node, &t->list);
	t->nr_gpadls++;
	t->nr_pfns += g->nr_pfns;
	*out = g;
	return ret;
}

/**
 * hvhost_gpadl_body - add a GPADL_BODY message to its GPADL
 * @t: the connection's table.
 * @msg: the message, copied out of the guest, starting at its msgtype.
 * @len: bytes in @msg.
 * @out: the GPADL the body went to, or NULL if it has none.
 *
 * Context: the connection's mutex held; may sleep.
 * Return: 1 (complete), 0 (more bodies expected) or a negative error, as
 * the contract in gpadl.h describes.
 */
int hvhost_gpadl_body(struct hvhost_gpadl_table *t, const void *msg, u32 len,
		      struct hvhost_gpadl **out)
{
	struct vmbus_msg_gpadl_body b;
	struct hvhost_gpadl *g;
	u32 bytes;

	*out = NULL;
	if (len < sizeof(b) || len > HV_MESSAGE_PAYLOAD_BYTES)
		return -EINVAL;
	memcpy(&b, msg, sizeof(b));
	g = hvhost_gpadl_find(t, b.gpadl);
	if (!g)
		return -ENOENT;
	if (hvhost_gpadl_complete(g))
		return -EALREADY;

	*out = g;
	bytes = len - sizeof(b);
	if (!bytes || bytes % GPADL_WORD || bytes > g->buflen - g->received)
		return -EINVAL;
	memcpy((u8 *)g->pfns + g->received, msg + sizeof(b), bytes);
	g->received += bytes;
	g->next_msgnumber++;
	return gpadl_try_complete(g);
}

/* Pages from index @i of @g's page list that follow each other in guest memory. */
static u32 gpadl_run(const struct hvhost_gpadl *g, u32 i)
{
	u32 n = 1;

	while (i + n < g->nr_pfns && g->pfns[i + n] == g->pfns[i] + n)
		n++;
	return n;
}

/**
 * hvhost_gpadl_check_pages - check that all pages of a GPADL are guest memory
 * @p: the partition whose memory the GPADL describes.
 * @g: a complete GPADL.
 *
 * Calls @p's check op once per run of contiguous page numbers.
 *
 * Context: may sleep.
 * Return: 0, -EINVAL if @g is not complete, or -EFAULT if any page lies
 * outside guest memory.
 */
int hvhost_gpadl_check_pages(struct hvhost_partition *p,
			     const struct hvhost_gpadl *g)
{
	u32 i, n;

	if (!hvhost_gpadl_complete(g))
		return -EINVAL;
	for (i = 0; i < g->nr_pfns; i += n) {
		n = gpadl_run(g, i);
		/* Page numbers are below 2^40: no shift overflows. */
		if (p->ops->check(p, g->pfns[i] << HV_PAGE_SHIFT,
				  (u64)n << HV_PAGE_SHIFT))
			return -EFAULT;
	}
	return 0;
}
