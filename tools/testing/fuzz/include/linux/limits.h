/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: the kernel's U*_MAX on top of the UAPI limits. */
#ifndef _FUZZ_LINUX_LIMITS_H
#define _FUZZ_LINUX_LIMITS_H

#include_next <linux/limits.h>
#include <linux/types.h>

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)
#define S32_MAX		((s32)(U32_MAX >> 1))

#endif /* _FUZZ_LINUX_LIMITS_H */
