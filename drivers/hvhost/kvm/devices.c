// SPDX-License-Identifier: GPL-2.0-only
/*
 * Devices of a /dev/hvhost partition: HVHOST_ADD_DEVICE offers one to the
 * guest, HVHOST_REMOVE_DEVICE rescinds it.
 *
 * The partition keeps a small list of what the VMM added, so that it can
 * refuse duplicates and find a device to remove.  The device itself (a
 * VSP) belongs to the VMBus host from its offer on: the VMBus host frees
 * it after a rescind or when it is destroyed, so an entry is dropped from
 * the list before its channel can go away.
 */
#include <linux/err.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <uapi/linux/hvhost.h>

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

static bool hvhost_device_ok(const struct hvhost_device *d, bool add)
{
	if (d->flags || memchr_inv(d->reserved, 0, sizeof(d->reserved)))
		return false;
	if (!memchr_inv(d->instance, 0, sizeof(d->instance)))
		return false;
	return !add || d->type == HVHOST_DEVICE_ECHO;
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
 * Context: process context; takes the partition and VMBus mutexes.
 * Return: 0, -ENOENT before SET_PARTITION, -EINVAL, -EEXIST, -ENOSPC or
 * -ENOMEM.
 */
int hvhost_kpart_add_device(struct hvhost_kpart *kp,
			    const struct hvhost_device *d)
{
	struct hvhost_channel *ch;
	struct hvhost_kdev *kd;
	int err;

	if (!hvhost_device_ok(d, true))
		return -EINVAL;
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
		return -ENOENT;
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
