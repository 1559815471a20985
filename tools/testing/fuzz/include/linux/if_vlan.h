/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: the 802.1Q constants of the kernel's <linux/if_vlan.h>. */
#ifndef _FUZZ_LINUX_IF_VLAN_H
#define _FUZZ_LINUX_IF_VLAN_H

#define VLAN_HLEN		4
#define VLAN_PRIO_SHIFT		13
#define VLAN_CFI_MASK		0x1000
#define VLAN_VID_MASK		0x0fff

#endif /* _FUZZ_LINUX_IF_VLAN_H */
