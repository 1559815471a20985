/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: the bits of <linux/kernel.h> hvhost uses. */
#ifndef _FUZZ_LINUX_KERNEL_H
#define _FUZZ_LINUX_KERNEL_H

#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/stddef.h>
#include <linux/types.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define lower_32_bits(n)	((u32)((n) & 0xffffffff))

#endif /* _FUZZ_LINUX_KERNEL_H */
