/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: the bit operations hvhost uses. */
#ifndef _FUZZ_LINUX_BITOPS_H
#define _FUZZ_LINUX_BITOPS_H

#include <linux/bits.h>

#define hweight32(w)	((unsigned int)__builtin_popcount((unsigned int)(w)))

#endif /* _FUZZ_LINUX_BITOPS_H */
