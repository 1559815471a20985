/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device types that other modules provide to /dev/hvhost partitions.
 *
 * HVHOST_ADD_DEVICE of a type hvhost.ko does not implement itself goes to
 * the module that registered it (hvhost_net for HVHOST_DEVICE_NET), which
 * is loaded on demand through the alias "hvhost-device-<type>".
 */
#ifndef _HVHOST_DEVTYPE_H
#define _HVHOST_DEVTYPE_H

#include <linux/module.h>
#include <linux/types.h>
#include <linux/uuid.h>

struct hvhost_device;
struct hvhost_vmbus;

/**
 * struct hvhost_device_type - a device type provided by a module
 * @type: its HVHOST_DEVICE_* number.
 * @owner: THIS_MODULE; held while a callback runs.
 * @add: offer a new device to @vb's guest.  @d is the VMM's request
 *	(copied in; the generic fields are checked); the callback checks its
 *	type's fields and may write outputs back into @d.  Return 0 or a
 *	negative error for the ioctl.
 * @remove: rescind the device with @instance if it is this type's;
 *	-ENOENT if not.
 * @remove_all: the partition of @vb is going away: drop every device of
 *	this type in it.  Called before the VMBus host is destroyed.
 *
 * Context: all callbacks run in process context without hvhost locks
 * held (they may take the RTNL and then VMBus locks).
 */
struct hvhost_device_type {
	u32 type;
	struct module *owner;
	int (*add)(struct hvhost_vmbus *vb, struct hvhost_device *d);
	int (*remove)(struct hvhost_vmbus *vb, const guid_t *instance);
	void (*remove_all)(struct hvhost_vmbus *vb);
};

int hvhost_register_device_type(const struct hvhost_device_type *t);
void hvhost_unregister_device_type(const struct hvhost_device_type *t);

#endif /* _HVHOST_DEVTYPE_H */
