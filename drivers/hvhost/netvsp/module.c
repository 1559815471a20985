// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvhost_net: the synthetic network adapter (NetVSP), module entry.
 */
#include <linux/module.h>

static int __init hvhost_net_init(void)
{
	return 0;
}

static void __exit hvhost_net_exit(void)
{
}

module_init(hvhost_net_init);
module_exit(hvhost_net_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvhost synthetic network adapter (NetVSP)");
