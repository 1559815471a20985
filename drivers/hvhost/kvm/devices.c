// SPDX-License-Identifier: GPL-2.0-only
/*
 * Devices of a /dev/hvhost partition: HVHOST_ADD_DEVICE offers one to the
 * guest, HVHOST_REMOVE_DEVICE rescinds it.
 *
 * hvhost.ko implements the echo device itself; other types come from the
 * modules that register them (hvhost_net for NICs), loaded on demand.
 * Those modules keep their own per-partition state and may remove their
 * devices by themselves (a NIC's `ip link del`), so hvhost only forwards
 * requests to them, without its partition lock held: a NIC's callbacks
 * take the RTNL, which ranks above every hvhost lock.
 *
 * The partition keeps a small list of what the VMM added, so that it can
 * refuse duplicates and find a device to remove.  The device itself (a
 * VSP) belongs to the VMBus host from its offer on: the VMBus host frees
 * it after a rescind or when it is destroyed, so an entry is dropped from
 * the list before its channel can go away.
 */
#include <linux/err.h>
#include <linux/kmod.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <uapi/linux/hvhost.h>

#include "devtype.h"
#include "echo/echo.h"
#include "vmbus/vmbus.h"
#include "kvm/devices.h"
#include "kvm/kpart.h"

/**
 * struct hvhost_kdev - one device the VMM added
 * @node: in hvhost_kpart.devices, under hvhost_kpart.lock.
 * @instance: its instance GUID.
 * @ch: its channel, valid while the entry is on the list.
 */
struct hvhost_kdev {
	struct list_head node;
	guid_t instance;
	struct hvhost_channel *ch;
};

/* Types other modules provide, indexed by HVHOST_DEVICE_*. */
#define HVHOST_DEVICE_TYPES	8
static const struct hvhost_device_type *hvhost_types[HVHOST_DEVICE_TYPES];
static DEFINE_MUTEX(hvhost_types_lock);

/**
 * hvhost_register_device_type() - provide a device type to partitions
 * @t: the type; it must stay valid until unregistered.
 *
 * Context: process context.
 * Return: 0, -EINVAL for a type number hvhost does not know or implements
 * itself, -EBUSY if another module provides it.
 */
int hvhost_register_device_type(const struct hvhost_device_type *t)
{
	int err = 0;

	if (t->type >= HVHOST_DEVICE_TYPES || t->type == HVHOST_DEVICE_ECHO ||
	    !t->type || !t->add || !t->remove || !t->remove_all)
		return -EINVAL;
	mutex_lock(&hvhost_types_lock);
	if (hvhost_types[t->type])
		err = -EBUSY;
	else
		hvhost_types[t->type] = t;
	mutex_unlock(&hvhost_types_lock);
	return err;
}
EXPORT_SYMBOL_GPL(hvhost_register_device_type);

/**
 * hvhost_unregister_device_type() - stop providing a device type
 * @t: a registered type.  Its module is unloading: no callback runs any
 *	more (each call holds a module reference).
 *
 * Context: process context.
 */
void hvhost_unregister_device_type(const struct hvhost_device_type *t)
{
	mutex_lock(&hvhost_types_lock);
	if (t->type < HVHOST_DEVICE_TYPES && hvhost_types[t->type] == t)
		hvhost_types[t->type] = NULL;
	mutex_unlock(&hvhost_types_lock);
}
EXPORT_SYMBOL_GPL(hvhost_unregister_device_type);

/* The provider of @type with a module reference, or NULL. */
static const struct hvhost_device_type *hvhost_type_get(u32 type)
{
	const struct hvhost_device_type *t;

	mutex_lock(&hvhost_types_lock);
	t = hvhost_types[type];
	if (t && !try_module_get(t->owner))
		t = NULL;
	mutex_unlock(&hvhost_types_lock);
	return t;
}

/* The provider of @type, loading its module if need be. */
static const struct hvhost_device_type *hvhost_type_load(u32 type)
{
	const struct hvhost_device_type *t = hvhost_type_get(type);

	if (!t && !request_module("hvhost-device-%u", type))
		t = hvhost_type_get(type);
	return t;
}

static bool hvhost_device_ok(const struct hvhost_device *d, bool add)
{
	if (d->flags || !memchr_inv(d->instance, 0, sizeof(d->instance)))
		return false;
	if (!add || d->type == HVHOST_DEVICE_ECHO)
		return !memchr_inv(d->reserved, 0, sizeof(d->reserved));
	/* Other types check their own settings. */
	return d->type && d->type < HVHOST_DEVICE_TYPES;
}

/* HVHOST_ADD_DEVICE of a type another module provides. */
static int hvhost_kpart_add_typed(struct hvhost_kpart *kp,
				  struct hvhost_device *d)
{
	const struct hvhost_device_type *t;
	struct hvhost_vmbus *vb;
	int err;

	mutex_lock(&kp->lock);
	vb = kp->configured ? kp->part.vmbus : NULL;
	mutex_unlock(&kp->lock);
	/*
	 * The VMBus host lives until the partition is unconfigured, which
	 * only release() does: no ioctl can race with it.
	 */
	if (!vb)
		return -ENOENT;
	t = hvhost_type_load(d->type);
	if (!t)
		return -EOPNOTSUPP;
	err = t->add(vb, d);
	module_put(t->owner);
	return err;
}

/* HVHOST_REMOVE_DEVICE of a device no echo entry matched. */
static int hvhost_kpart_remove_typed(struct hvhost_kpart *kp,
				     const guid_t *instance)
{
	const struct hvhost_device_type *t;
	struct hvhost_vmbus *vb;
	int err = -ENOENT;
	u32 type;

	mutex_lock(&kp->lock);
	vb = kp->configured ? kp->part.vmbus : NULL;
	mutex_unlock(&kp->lock);
	if (!vb)
		return -ENOENT;
	for (type = 1; type < HVHOST_DEVICE_TYPES && err == -ENOENT; type++) {
		t = hvhost_type_get(type);
		if (!t)
			continue;
		err = t->remove(vb, instance);
		module_put(t->owner);
	}
	return err;
}

/**
 * hvhost_kpart_remove_typed_all() - drop other modules' devices
 * @kp: partition being unconfigured; its VMBus host still exists.
 *
 * Context: process context, no hvhost locks held.
 */
void hvhost_kpart_remove_typed_all(struct hvhost_kpart *kp)
{
	const struct hvhost_device_type *t;
	u32 type;

	for (type = 1; type < HVHOST_DEVICE_TYPES; type++) {
		t = hvhost_type_get(type);
		if (!t)
			continue;
		t->remove_all(kp->part.vmbus);
		module_put(t->owner);
	}
}

static struct hvhost_kdev *hvhost_kdev_find(struct hvhost_kpart *kp,
					    const guid_t *instance)
{
	struct hvhost_kdev *kd;

	lockdep_assert_held(&kp->lock);
	list_for_each_entry(kd, &kp->devices, node)
		if (guid_equal(&kd->instance, instance))
			return kd;
	return NULL;
}

/**
 * hvhost_kpart_add_device() - HVHOST_ADD_DEVICE
 * @kp: partition.
 * @d: the request, copied in.
 *
 * Context: process context; takes the partition and VMBus mutexes (and,
 * for a NIC, the RTNL).
 * Return: 0, -ENOENT before SET_PARTITION, -EINVAL, -EEXIST, -EBUSY (the
 * guest has not released a removed device with this instance yet),
 * -ENOSPC, -EOPNOTSUPP (no module provides the type) or -ENOMEM.
 */
int hvhost_kpart_add_device(struct hvhost_kpart *kp, struct hvhost_device *d)
{
	struct hvhost_channel *ch;
	struct hvhost_kdev *kd;
	int err;

	if (!hvhost_device_ok(d, true))
		return -EINVAL;
	if (d->type != HVHOST_DEVICE_ECHO)
		return hvhost_kpart_add_typed(kp, d);
	kd = kzalloc(sizeof(*kd), GFP_KERNEL_ACCOUNT);
	if (!kd)
		return -ENOMEM;
	import_guid(&kd->instance, d->instance);

	mutex_lock(&kp->lock);
	err = -ENOENT;
	if (!kp->configured)
		goto err_unlock;
	err = -EEXIST;
	if (hvhost_kdev_find(kp, &kd->instance))
		goto err_unlock;
	ch = hvhost_echo_create(kp->part.vmbus, &kd->instance);
	err = PTR_ERR_OR_ZERO(ch);
	if (err)
		goto err_unlock;
	kd->ch = ch;
	list_add_tail(&kd->node, &kp->devices);
	mutex_unlock(&kp->lock);
	return 0;

err_unlock:
	mutex_unlock(&kp->lock);
	kfree(kd);
	return err;
}

/**
 * hvhost_kpart_remove_device() - HVHOST_REMOVE_DEVICE
 * @kp: partition.
 * @d: the request, copied in; only @d->instance names the device.
 *
 * Context: process context; takes the partition and VMBus mutexes.
 * Return: 0, -ENOENT (not configured, or no such device) or -EINVAL.
 */
int hvhost_kpart_remove_device(struct hvhost_kpart *kp,
			       const struct hvhost_device *d)
{
	struct hvhost_kdev *kd;
	guid_t instance;

	if (!hvhost_device_ok(d, false))
		return -EINVAL;
	import_guid(&instance, d->instance);
	mutex_lock(&kp->lock);
	kd = kp->configured ? hvhost_kdev_find(kp, &instance) : NULL;
	if (kd) {
		list_del(&kd->node);
		hvhost_vmbus_rescind(kd->ch);
	}
	mutex_unlock(&kp->lock);
	if (!kd)
		return hvhost_kpart_remove_typed(kp, &instance);
	kfree(kd);
	return 0;
}

/**
 * hvhost_kpart_forget_devices() - drop the list when the VMBus host goes
 * @kp: partition whose VMBus host was destroyed (which freed every device).
 *
 * Context: process context.
 */
void hvhost_kpart_forget_devices(struct hvhost_kpart *kp)
{
	struct hvhost_kdev *kd, *tmp;

	mutex_lock(&kp->lock);
	list_for_each_entry_safe(kd, tmp, &kp->devices, node) {
		list_del(&kd->node);
		kfree(kd);
	}
	mutex_unlock(&kp->lock);
}
