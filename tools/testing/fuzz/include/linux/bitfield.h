/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: FIELD_GET() and FIELD_PREP() for constant masks. */
#ifndef _FUZZ_LINUX_BITFIELD_H
#define _FUZZ_LINUX_BITFIELD_H

#include <linux/bits.h>

#define FIELD_GET(mask, reg)						\
	((__typeof__(mask))(((reg) & (mask)) >> __builtin_ctzll(mask)))
#define FIELD_PREP(mask, val)						\
	((__typeof__(mask))(((__typeof__(mask))(val) <<		\
			     __builtin_ctzll(mask)) & (mask)))

#endif /* _FUZZ_LINUX_BITFIELD_H */
