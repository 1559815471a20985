/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The devices a VMM adds to its partition with HVHOST_ADD_DEVICE.
 */
#ifndef _HVHOST_KVM_DEVICES_H
#define _HVHOST_KVM_DEVICES_H

struct hvhost_device;
struct hvhost_kpart;

int hvhost_kpart_add_device(struct hvhost_kpart *kp, struct hvhost_device *d);
int hvhost_kpart_remove_device(struct hvhost_kpart *kp,
			       const struct hvhost_device *d);
void hvhost_kpart_forget_devices(struct hvhost_kpart *kp);
void hvhost_kpart_remove_typed_all(struct hvhost_kpart *kp);

#endif /* _HVHOST_KVM_DEVICES_H */
