/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: hex_to_bin(). */
#ifndef _FUZZ_LINUX_HEX_H
#define _FUZZ_LINUX_HEX_H

static inline int hex_to_bin(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

#endif /* _FUZZ_LINUX_HEX_H */
