// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvhost_net: the synthetic network adapter (NetVSP), module entry.
 *
 * It provides HVHOST_DEVICE_NET to /dev/hvhost partitions (loaded on
 * demand through its alias) and the "hvnet" link kind of the ports.
 */
#include <linux/module.h>
#include <net/rtnetlink.h>
#include <uapi/linux/hvhost.h>

#include "devtype.h"
#include "port.h"

static const struct hvhost_device_type hvnet_device_type = {
	.type = HVHOST_DEVICE_NET,
	.owner = THIS_MODULE,
	.add = hvnet_port_add,
	.remove = hvnet_port_remove,
	.remove_all = hvnet_port_remove_all,
};

static int __init hvhost_net_init(void)
{
	int err;

	err = hvnet_port_init();
	if (err)
		return err;
	err = hvhost_register_device_type(&hvnet_device_type);
	if (err)
		hvnet_port_exit();
	return err;
}

static void __exit hvhost_net_exit(void)
{
	hvhost_unregister_device_type(&hvnet_device_type);
	hvnet_port_exit();
}

module_init(hvhost_net_init);
module_exit(hvhost_net_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvhost synthetic network adapter (NetVSP)");
MODULE_ALIAS("hvhost-device-2");
MODULE_ALIAS_RTNL_LINK("hvnet");
