/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: MAC address helpers. */
#ifndef _FUZZ_LINUX_ETHERDEVICE_H
#define _FUZZ_LINUX_ETHERDEVICE_H

#include <linux/if_ether.h>
#include <linux/types.h>
#include <string.h>

static inline void ether_addr_copy(u8 *dst, const u8 *src)
{
	memcpy(dst, src, ETH_ALEN);
}

static inline bool is_multicast_ether_addr(const u8 *addr)
{
	return addr[0] & 1;
}

static inline bool is_zero_ether_addr(const u8 *addr)
{
	static const u8 zero[ETH_ALEN];

	return !memcmp(addr, zero, ETH_ALEN);
}

static inline bool is_valid_ether_addr(const u8 *addr)
{
	return !is_multicast_ether_addr(addr) && !is_zero_ether_addr(addr);
}

#endif /* _FUZZ_LINUX_ETHERDEVICE_H */
