/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: debug output compiles to nothing. */
#ifndef _FUZZ_LINUX_PRINTK_H
#define _FUZZ_LINUX_PRINTK_H

#define pr_debug_ratelimited(fmt, ...)	\
	do { if (0) printf(fmt, ##__VA_ARGS__); } while (0)

#define pr_debug(fmt, ...)	pr_debug_ratelimited(fmt, ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...)	pr_debug_ratelimited(fmt, ##__VA_ARGS__)

#include <stdio.h>

#endif /* _FUZZ_LINUX_PRINTK_H */
