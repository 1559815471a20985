/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: kernel allocations on the libc heap. */
#ifndef _FUZZ_LINUX_SLAB_H
#define _FUZZ_LINUX_SLAB_H

#include <stdlib.h>

#define GFP_KERNEL		0
#define kcalloc(n, size, gfp)	calloc(n, size)
#define kfree(p)		free(p)

#endif /* _FUZZ_LINUX_SLAB_H */
