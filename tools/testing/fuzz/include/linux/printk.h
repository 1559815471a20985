/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: debug output compiles to nothing. */
#ifndef _FUZZ_LINUX_PRINTK_H
#define _FUZZ_LINUX_PRINTK_H

#define pr_debug_ratelimited(fmt, ...)	\
	do { if (0) printf(fmt, ##__VA_ARGS__); } while (0)

#include <stdio.h>

#endif /* _FUZZ_LINUX_PRINTK_H */
