/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: module references.  Everything is linked in, so a
 * reference is always there.
 */
#ifndef _FUZZ_LINUX_MODULE_H
#define _FUZZ_LINUX_MODULE_H

#include <linux/types.h>

struct module;

#define THIS_MODULE	((struct module *)0)

static inline bool try_module_get(struct module *m)
{
	return true;
}

static inline void module_put(struct module *m)
{
}

#endif /* _FUZZ_LINUX_MODULE_H */
