/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: pages.  A struct page pointer is whatever the fuzz
 * target's pin op hands out (the address of the page in its fake guest
 * memory); nothing here looks inside one.
 */
#ifndef _FUZZ_LINUX_MM_H
#define _FUZZ_LINUX_MM_H

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_KERNEL	0

struct page;

#endif /* _FUZZ_LINUX_MM_H */
