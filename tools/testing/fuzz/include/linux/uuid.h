/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: guid_t as the kernel lays it out. */
#ifndef _FUZZ_LINUX_UUID_H
#define _FUZZ_LINUX_UUID_H

#include <linux/types.h>

#define UUID_SIZE	16

typedef struct {
	__u8 b[UUID_SIZE];
} guid_t;

static inline bool guid_equal(const guid_t *a, const guid_t *b)
{
	return !__builtin_memcmp(a, b, sizeof(*a));
}

#endif /* _FUZZ_LINUX_UUID_H */
