/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * debugfs views of KVM-transport partitions: <debugfs>/hvhost/<id>/stats
 * and .../synic, read-only.
 */
#ifndef _HVHOST_KVM_DEBUGFS_H
#define _HVHOST_KVM_DEBUGFS_H

struct hvhost_kpart;

void hvhost_debugfs_init(void);
void hvhost_debugfs_exit(void);
void hvhost_debugfs_add(struct hvhost_kpart *kp);
void hvhost_debugfs_remove(struct hvhost_kpart *kp);

#endif /* _HVHOST_KVM_DEBUGFS_H */
