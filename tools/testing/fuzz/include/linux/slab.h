/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: kernel allocations on the libc heap. */
#ifndef _FUZZ_LINUX_SLAB_H
#define _FUZZ_LINUX_SLAB_H

#include <stdlib.h>

#define GFP_KERNEL		0

static inline void *kcalloc(size_t n, size_t size, int gfp)
{
	return calloc(n, size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

#endif /* _FUZZ_LINUX_SLAB_H */
