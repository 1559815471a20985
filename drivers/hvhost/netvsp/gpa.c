// SPDX-License-Identifier: GPL-2.0-only
/*
 * GPA-direct packet ranges, host side.
 *
 * A GPA-direct packet carries, between its descriptor and its payload
 * (offset8), a range count and that many ranges: a byte count, a byte
 * offset into the first page and the page numbers the bytes span.  Linux's
 * hv_netvsc sends one range per page (struct hv_page_buffer); the format
 * allows more pages per range, so both are read the general way.
 */
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "partition.h"
#include "vmbus/proto.h"
#include "gpa.h"

/* Highest page number whose address fits in 64 bits. */
#define GPA_PFN_MAX	(U64_MAX >> HV_PAGE_SHIFT)

static int gpa_add(struct hvnet_gpa_list *l, u64 pfn, u32 off, u32 len)
{
	if (l->n == HVNET_GPA_CHUNKS_MAX || pfn > GPA_PFN_MAX)
		return -EINVAL;
	l->c[l->n].gpa = (pfn << HV_PAGE_SHIFT) + off;
	l->c[l->n].len = len;
	l->n++;
	return 0;
}

/* One range at @p with @avail bytes left in the header; its size or < 0. */
static int gpa_range(const u8 *p, u32 avail, u32 max_total,
		     struct hvnet_gpa_list *l)
{
	struct vmbus_gpa_range r;
	u32 left, off, chunk, i, npfn;
	u64 pfn;

	if (avail < sizeof(r))
		return -EINVAL;
	memcpy(&r, p, sizeof(r));
	if (!r.byte_count || r.byte_offset >= HV_PAGE_SIZE ||
	    r.byte_count > max_total - l->total)
		return -EINVAL;
	npfn = DIV_ROUND_UP(r.byte_offset + r.byte_count, HV_PAGE_SIZE);
	if (npfn > (avail - sizeof(r)) / sizeof(u64))
		return -EINVAL;
	left = r.byte_count;
	off = r.byte_offset;
	for (i = 0; i < npfn; i++) {
		memcpy(&pfn, p + sizeof(r) + i * sizeof(u64), sizeof(pfn));
		chunk = min_t(u32, left, HV_PAGE_SIZE - off);
		if (gpa_add(l, pfn, off, chunk))
			return -EINVAL;
		left -= chunk;
		off = 0;
	}
	l->total += r.byte_count;
	return sizeof(r) + npfn * sizeof(u64);
}

/**
 * hvnet_gpa_parse() - check a GPA-direct packet's ranges
 * @pkt: the packet, a host copy, descriptor included.
 * @hdr_len: its header length (offset8 * 8), which must hold the ranges.
 * @max_total: most bytes accepted in all ranges.
 * @l: filled with the chunks.
 *
 * Every range needs a byte count, an offset inside its first page and
 * exactly the page numbers it spans, all inside the header; the header
 * must end right after the last range (up to 8-byte padding).  No page
 * number is trusted beyond fitting a 64-bit address: the transport's read
 * checks it is guest memory.
 *
 * Return: 0, or -EINVAL.
 */
int hvnet_gpa_parse(const u8 *pkt, u32 hdr_len, u32 max_total,
		    struct hvnet_gpa_list *l)
{
	struct vmbus_gpa_direct_pkt h;
	u32 pos = sizeof(h), i;
	int n;

	memset(l, 0, sizeof(*l));
	if (hdr_len < sizeof(h))
		return -EINVAL;
	memcpy(&h, pkt, sizeof(h));
	if (!h.range_cnt || h.range_cnt > HVNET_GPA_CHUNKS_MAX)
		return -EINVAL;
	for (i = 0; i < h.range_cnt; i++) {
		n = gpa_range(pkt + pos, hdr_len - pos, max_total, l);
		if (n < 0)
			return n;
		pos += n;
	}
	return hdr_len - pos < 8 ? 0 : -EINVAL;
}
