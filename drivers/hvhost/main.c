// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvhost: the Hyper-V parent partition for KVM guests, module entry.
 */
#include <linux/module.h>

#include "dev.h"

static int __init hvhost_init(void)
{
	return hvhost_dev_init();
}

static void __exit hvhost_exit(void)
{
	hvhost_dev_exit();
}

module_init(hvhost_init);
module_exit(hvhost_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hyper-V parent partition (VMBus host) for KVM guests");
