// SPDX-License-Identifier: GPL-2.0-only
/*
 * GPADLs: pinning and mapping the pages of a complete GPADL.
 *
 * The page list is fixed once a GPADL is complete, and the caller holds a
 * use of it, so nothing here needs the connection's mutex.
 */
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "partition.h"
#include "gpadl.h"

/**
 * hvhost_gpadl_map_range - pin and map a slice of a GPADL's pages
 * @p: the partition whose memory the GPADL describes.
 * @g: a complete GPADL the caller holds a use of.
 * @first_pfn: index of the first page in @g's page list.
 * @nr_pfns: number of pages, at least one.
 * @m: filled in on success, zeroed on failure.
 *
 * The pages are pinned through @p's pin op and mapped virtually contiguous
 * in list order.  Undo with hvhost_gpadl_unmap().
 *
 * Context: may sleep.
 * Return: 0, -EINVAL for an incomplete GPADL or a slice outside its page
 * list, -ENOMEM, or the pin op's error (-EFAULT, -ENOMEM).
 */
int hvhost_gpadl_map_range(struct hvhost_partition *p,
			   const struct hvhost_gpadl *g, u32 first_pfn,
			   u32 nr_pfns, struct hvhost_gpadl_map *m)
{
	struct page **pages;
	void *vaddr;
	int ret;

	BUILD_BUG_ON(PAGE_SIZE != HV_PAGE_SIZE);
	memset(m, 0, sizeof(*m));
	if (!hvhost_gpadl_complete(g) || !nr_pfns ||
	    first_pfn > g->nr_pfns || nr_pfns > g->nr_pfns - first_pfn)
		return -EINVAL;

	pages = kvmalloc_array(nr_pfns, sizeof(*pages), GFP_KERNEL_ACCOUNT);
	if (!pages)
		return -ENOMEM;
	ret = p->ops->pin(p, &g->pfns[first_pfn], nr_pfns, pages);
	if (ret)
		goto err_free_pages;
	vaddr = vmap(pages, nr_pfns, VM_MAP, PAGE_KERNEL);
	if (!vaddr) {
		ret = -ENOMEM;
		goto err_unpin;
	}

	m->pages = pages;
	m->nr = nr_pfns;
	m->vaddr = vaddr;
	return 0;

err_unpin:
	p->ops->unpin(p, pages, nr_pfns);
err_free_pages:
	kvfree(pages);
	return ret;
}

/**
 * hvhost_gpadl_unmap - undo hvhost_gpadl_map_range()
 * @p: the partition the mapping was made for.
 * @m: the mapping; zeroed afterwards.  A zeroed mapping is left alone.
 *
 * Context: may sleep.
 */
void hvhost_gpadl_unmap(struct hvhost_partition *p, struct hvhost_gpadl_map *m)
{
	if (!m->vaddr)
		return;
	vunmap(m->vaddr);
	p->ops->unpin(p, m->pages, m->nr);
	kvfree(m->pages);
	memset(m, 0, sizeof(*m));
}
