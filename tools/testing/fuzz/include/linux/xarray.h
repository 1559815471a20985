/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: the xarray operations hvhost uses, on a flat array that
 * grows as needed.  xa_alloc() gives the lowest free index in the limit,
 * as an XA_FLAGS_ALLOC array does, and fails on demand like any
 * allocation (see linux/slab.h).
 */
#ifndef _FUZZ_LINUX_XARRAY_H
#define _FUZZ_LINUX_XARRAY_H

#include <errno.h>
#include <linux/bug.h>
#include <linux/slab.h>
#include <linux/types.h>

#define XA_FLAGS_ALLOC	1u

struct xa_limit {
	u32 min;
	u32 max;
};

#define XA_LIMIT(_min, _max)	((struct xa_limit){ .min = (_min), .max = (_max) })

struct xarray {
	void **slots;
	u32 size;
	unsigned int flags;
};

static inline void xa_init_flags(struct xarray *xa, unsigned int flags)
{
	xa->slots = NULL;
	xa->size = 0;
	xa->flags = flags;
}

static inline void *xa_load(struct xarray *xa, unsigned long index)
{
	return index < xa->size ? xa->slots[index] : NULL;
}

static inline void *xa_erase(struct xarray *xa, unsigned long index)
{
	void *old = xa_load(xa, index);

	if (old)
		xa->slots[index] = NULL;
	return old;
}

static inline int xa_alloc(struct xarray *xa, u32 *id, void *entry,
			   struct xa_limit limit, unsigned int gfp)
{
	u32 i;

	WARN_ON(!(xa->flags & XA_FLAGS_ALLOC) || !entry);
	for (i = limit.min; i <= limit.max; i++) {
		if (i < xa->size && xa->slots[i])
			continue;
		if (fuzz_alloc_fails())
			return -ENOMEM;
		if (i >= xa->size) {
			u32 size = i + 16;
			void **s = realloc(xa->slots, size * sizeof(*s));

			if (!s)
				return -ENOMEM;
			memset(s + xa->size, 0,
			       (size - xa->size) * sizeof(*s));
			xa->slots = s;
			xa->size = size;
		}
		xa->slots[i] = entry;
		*id = i;
		return 0;
	}
	return -EBUSY;
}

static inline void xa_destroy(struct xarray *xa)
{
	free(xa->slots);
	xa->slots = NULL;
	xa->size = 0;
}

#endif /* _FUZZ_LINUX_XARRAY_H */
