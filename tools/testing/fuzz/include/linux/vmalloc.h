/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: vmap() gives a fresh heap copy of the pages (each page
 * pointer is the page's bytes, see linux/mm.h), so ASan sees any access
 * past the mapping and any mapping never unmapped; vunmap() frees it.
 * The fuzz target counts live mappings through fuzz_vmaps.
 */
#ifndef _FUZZ_LINUX_VMALLOC_H
#define _FUZZ_LINUX_VMALLOC_H

#include <linux/mm.h>
#include <linux/slab.h>
#include <string.h>

#define VM_MAP	4

__weak long fuzz_vmaps;
/* The latest mapping, for targets that check accesses stay inside it. */
__weak void *fuzz_vmap_last;
__weak size_t fuzz_vmap_last_len;

static inline void *vmap(struct page **pages, unsigned int count,
			 unsigned long flags, int prot)
{
	unsigned int i;
	char *v;

	if (fuzz_alloc_fails())
		return NULL;
	v = malloc((size_t)count * PAGE_SIZE);
	if (!v)
		return NULL;
	for (i = 0; i < count; i++)
		memcpy(v + (size_t)i * PAGE_SIZE, pages[i], PAGE_SIZE);
	fuzz_vmaps++;
	fuzz_vmap_last = v;
	fuzz_vmap_last_len = (size_t)count * PAGE_SIZE;
	return v;
}

static inline void vunmap(const void *addr)
{
	fuzz_vmaps--;
	free((void *)addr);
}

#endif /* _FUZZ_LINUX_VMALLOC_H */
