/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: DIV_ROUND_UP() as the kernel defines it. */
#ifndef _FUZZ_LINUX_MATH_H
#define _FUZZ_LINUX_MATH_H

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

#endif /* _FUZZ_LINUX_MATH_H */
