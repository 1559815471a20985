/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page ranges of a GPA-direct VMBus packet, checked and cut into
 * per-page chunks.  Works on a host copy of the packet; reads no guest
 * memory.
 */
#ifndef _HVHOST_NETVSP_GPA_H
#define _HVHOST_NETVSP_GPA_H

#include <linux/types.h>

/* Page chunks accepted per packet: a 64 KiB frame plus headers, unaligned. */
#define HVNET_GPA_CHUNKS_MAX	40

/**
 * struct hvnet_gpa_chunk - bytes inside one guest page
 * @gpa: guest physical address of the first byte.
 * @len: bytes, 1..HV_PAGE_SIZE, never crossing a page boundary.
 */
struct hvnet_gpa_chunk {
	u64 gpa;
	u32 len;
};

/**
 * struct hvnet_gpa_list - a packet's ranges as page chunks, in order
 * @n: chunks in @c.
 * @total: bytes in all chunks.
 * @c: the chunks.
 */
struct hvnet_gpa_list {
	u32 n;
	u32 total;
	struct hvnet_gpa_chunk c[HVNET_GPA_CHUNKS_MAX];
};

int hvnet_gpa_parse(const u8 *pkt, u32 hdr_len, u32 max_total,
		    struct hvnet_gpa_list *l);

#endif /* _HVHOST_NETVSP_GPA_H */
