/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: kmalloc() and kvmalloc() families on the C library's
 * allocator, where ASan sees every overflow and leak.
 *
 * A fuzz target makes allocations fail by setting fuzz_alloc_fail_in to
 * N: the Nth allocation from then on and all after it fail until the
 * target sets it back to zero.
 */
#ifndef _FUZZ_LINUX_SLAB_H
#define _FUZZ_LINUX_SLAB_H

#include <linux/errno.h>
#include <stdbool.h>
#include <stdlib.h>

#define GFP_KERNEL		0u
#define GFP_KERNEL_ACCOUNT	0u

__weak unsigned int fuzz_alloc_fail_in;

static inline bool fuzz_alloc_fails(void)
{
	if (!fuzz_alloc_fail_in)
		return false;
	if (fuzz_alloc_fail_in == 1)
		return true;
	fuzz_alloc_fail_in--;
	return false;
}

static inline void *kmalloc(size_t size, unsigned int gfp)
{
	return fuzz_alloc_fails() ? NULL : malloc(size ? size : 1);
}

static inline void *kzalloc(size_t size, unsigned int gfp)
{
	return fuzz_alloc_fails() ? NULL : calloc(1, size ? size : 1);
}

static inline void *kvmalloc_array(size_t n, size_t size, unsigned int gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kmalloc(n * size, gfp);
}

static inline void *kvcalloc(size_t n, size_t size, unsigned int gfp)
{
	if (fuzz_alloc_fails())
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

static inline void *kcalloc(size_t n, size_t size, unsigned int gfp)
{
	return kvcalloc(n, size, gfp);
}

#define kvmalloc(size, gfp)	kmalloc(size, gfp)
#define kvzalloc(size, gfp)	kzalloc(size, gfp)
#define kfree(p)		free(p)
#define kvfree(p)		free(p)

#endif /* _FUZZ_LINUX_SLAB_H */
