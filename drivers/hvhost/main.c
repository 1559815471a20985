// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvhost: the Hyper-V parent partition for KVM guests, module entry.
 */
#include <linux/module.h>

static int __init hvhost_init(void)
{
	return 0;
}

static void __exit hvhost_exit(void)
{
}

module_init(hvhost_init);
module_exit(hvhost_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hyper-V parent partition (VMBus host) for KVM guests");
