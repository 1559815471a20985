/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: min()/max() that, like the kernel's, refuse operands of
 * different types (a pointer comparison warning under -Werror).
 */
#ifndef _FUZZ_LINUX_MINMAX_H
#define _FUZZ_LINUX_MINMAX_H

#define __fuzz_cmp(x, y, op)						\
	({								\
		__typeof__(x) __x = (x);				\
		__typeof__(y) __y = (y);				\
		(void)(&__x == &__y);					\
		__x op __y ? __x : __y;					\
	})
#define min(x, y)		__fuzz_cmp(x, y, <)
#define max(x, y)		__fuzz_cmp(x, y, >)
#define min_t(t, x, y)		min((t)(x), (t)(y))
#define clamp(val, lo, hi)	min(max(val, lo), hi)

#endif /* _FUZZ_LINUX_MINMAX_H */
