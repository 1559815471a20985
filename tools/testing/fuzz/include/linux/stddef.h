/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: offsetof() with the UAPI <linux/stddef.h>. */
#ifndef _FUZZ_LINUX_STDDEF_H
#define _FUZZ_LINUX_STDDEF_H

#include_next <linux/stddef.h>
#include <stddef.h>

#define sizeof_field(t, f)	(sizeof(((t *)0)->f))
#define offsetofend(t, f)	(offsetof(t, f) + sizeof_field(t, f))

#endif /* _FUZZ_LINUX_STDDEF_H */
