// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvhost: the Hyper-V parent partition for KVM guests, module entry.
 */
#include <linux/module.h>

#include "dev.h"
#include "wq.h"

static int __init hvhost_init(void)
{
	int err;

	err = hvhost_wq_init();
	if (err)
		return err;
	err = hvhost_dev_init();
	if (err)
		hvhost_wq_exit();
	return err;
}

static void __exit hvhost_exit(void)
{
	hvhost_dev_exit();
	hvhost_wq_exit();
}

module_init(hvhost_init);
module_exit(hvhost_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hyper-V parent partition (VMBus host) for KVM guests");
