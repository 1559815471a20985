/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: READ_ONCE(), WRITE_ONCE(), likely() and friends. */
#ifndef _FUZZ_LINUX_COMPILER_H
#define _FUZZ_LINUX_COMPILER_H

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define barrier()		__asm__ __volatile__("" : : : "memory")

/* One access of exactly the size of @x, as the kernel's versions do. */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)						\
	do {								\
		*(volatile __typeof__(x) *)&(x) = (val);		\
	} while (0)

#endif /* _FUZZ_LINUX_COMPILER_H */
