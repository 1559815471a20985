/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: the attributes the kernel's compiler_types.h gives every
 * translation unit (the fuzz Makefile force-includes this file, as Kbuild
 * force-includes the real one).
 */
#ifndef _FUZZ_LINUX_COMPILER_TYPES_H
#define _FUZZ_LINUX_COMPILER_TYPES_H

#define __packed		__attribute__((__packed__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __always_inline		inline __attribute__((__always_inline__))
#define __maybe_unused		__attribute__((__unused__))
#define __weak			__attribute__((__weak__))

#endif /* _FUZZ_LINUX_COMPILER_TYPES_H */
